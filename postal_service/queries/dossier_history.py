"""Where the dossier stands in the agency's words, and whose time it has been: shown beside the postal steps."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import BaseModel
from sqlmodel import col, select

from postal_service.context import Context
from postal_service.db.tables import NationalStatusReport
from postal_service.domain.holders import HOLDER_AFTER
from postal_service.domain.national_status import NationalStatus
from postal_service.domain.waiting import time_at_points, time_held


class NationalStatusOut(BaseModel):
    """One status an agency system reported, in words in both languages."""

    code: int
    label_vi: str
    label_en: str
    note: str
    reported_at: datetime


def national_history(ctx: Context, request_id: int | None) -> list[NationalStatusOut]:
    query = select(NationalStatusReport).where(NationalStatusReport.request_id == request_id)
    reports = ctx.session.exec(query.order_by(col(NationalStatusReport.id)))
    return [
        NationalStatusOut(
            code=r.code,
            label_vi=NationalStatus(r.code).label("vi"),
            label_en=NationalStatus(r.code).label("en"),
            note=r.note,
            reported_at=r.reported_at,
        )
        for r in reports
    ]


def hours_held(ctx: Context, moves: list[tuple[datetime, str]]) -> dict[str, float]:
    """Hours with each party, from (when, status reached) of every custody move of both legs."""
    holders = [(at, HOLDER_AFTER[status].value) for at, status in moves if status in HOLDER_AFTER]
    return {party: round(held.total_seconds() / 3600, 1) for party, held in time_held(holders, ctx.now).items()}


def hours_at_points(
    ctx: Context, parcels: list[tuple[str, list[tuple[datetime, str, str, dict[str, Any]]]]]
) -> dict[str, float]:
    """The post's hours on the request by office, hub and trunk run: (the office that took it, its events as
    (when, action, status reached, evidence)) for each envelope."""
    held: dict[str, float] = {}
    for start, events in parcels:
        moves = [
            (at, action, HOLDER_AFTER[status].value, evidence)
            for at, action, status, evidence in events
            if status in HOLDER_AFTER
        ]
        for point, time in time_at_points(moves, start, ctx.now).items():
            held[point] = round(held.get(point, 0) + time.total_seconds() / 3600, 1)
    return held
