"""Lateness by the legal deadline, the post's part apart from the agency's.

The post is judged by J+1/2/3 (DOMAIN.md): a dossier presented at the agency's desk, a result delivered at the
citizen's door. The agency is judged by the appointment date it gave: a result marked ready after it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import ColumnElement
from sqlmodel import col, select

from postal_service.context import Context
from postal_service.db.tables import CustodyEvent, Parcel, Procedure, ServiceRequest
from postal_service.domain.lifecycle import Action
from postal_service.domain.timeslots import LOCAL_TZ, local_days

from .views import deadline_of
from .visibility import visible_to

THE_POSTS_ARRIVALS = (Action.PRESENT_AT_AGENCY.value, Action.DELIVER.value)
THE_AGENCYS_RESULTS = (Action.MARK_RESULT_READY.value,)


@dataclass(frozen=True)
class Lateness:
    post_on_time: int = 0
    post_late: int = 0
    agency_on_time: int = 0
    agency_late: int = 0


def lateness_since(ctx: Context, since: date) -> Lateness:
    """Legs that reached their end since `since`, among the parcels the caller may see."""
    return lateness_between(ctx, since, ctx.today)


def lateness_between(ctx: Context, first: date, last: date, *where: ColumnElement[bool]) -> Lateness:
    """Legs that reached their end on the days `first` to `last`, among the parcels the caller may see (and the
    further conditions given, on the parcel, its request or procedure)."""
    start, end = local_days(first, last)
    rows = ctx.session.exec(
        select(CustodyEvent, Parcel, ServiceRequest)
        .join(Parcel, col(Parcel.id) == col(CustodyEvent.parcel_id))
        .join(ServiceRequest, col(ServiceRequest.id) == col(Parcel.request_id))
        .join(Procedure, col(Procedure.id) == col(ServiceRequest.procedure_id))
        .where(col(CustodyEvent.action).in_(THE_POSTS_ARRIVALS + THE_AGENCYS_RESULTS))
        .where(col(CustodyEvent.occurred_at) >= start, col(CustodyEvent.occurred_at) < end, visible_to(ctx.actor))
        .where(*where)
    ).all()
    post, agency = [0, 0], [0, 0]  # on time, late
    for event, parcel, request in rows:
        day = event.occurred_at.astimezone(LOCAL_TZ).date()
        if event.action in THE_AGENCYS_RESULTS:
            if request.appointment_date is not None:
                agency[day > request.appointment_date] += 1
            continue
        deadline = deadline_of(ctx, parcel, request)
        if deadline is not None:
            post[day > deadline] += 1
    return Lateness(post[0], post[1], agency[0], agency[1])
