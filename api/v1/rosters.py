"""Couriers' rosters: an office's couriers over the coming days, each one's weekly pattern, and the changes a
dispatcher makes (leave, sick days, half days, swaps). Every plan made after reads them."""

from __future__ import annotations

from flask import Response
from flask_openapi3 import APIBlueprint, Tag
from pydantic import BaseModel, Field

from postal_service.domain.errors import NotFound
from postal_service.queries import catalogue
from postal_service.queries import rosters as reads
from postal_service.services import rosters
from postal_service.services.schemas.fields import POST_OFFICE_CODE, Clean, Day
from postal_service.services.schemas.rosters import ChangeIn, WeekIn

from ..requests_context import context
from .common import BEARER, ERRORS, answer

bp = APIBlueprint(
    "rosters", __name__, url_prefix="/api/v1/rosters", abp_tags=[Tag(name="rosters")], abp_responses=ERRORS
)
LONGEST_VIEW_DAYS = 62


class RosterQuery(Clean):
    office: str | None = Field(
        None, pattern=POST_OFFICE_CODE, description="an administrator's choice of office (the first by default)"
    )
    first_day: Day | None = Field(None, description="today when left out")
    days: int = Field(14, ge=1, le=LONGEST_VIEW_DAYS)


ID = Field(ge=1, le=2_147_483_647)


class CourierPath(Clean):
    courier_id: int = ID


class ChangePath(Clean):
    courier_id: int = ID
    change_id: int = ID


class Withdrawn(BaseModel):
    withdrawn: bool = True


@bp.get("", responses={200: reads.RosterOut}, security=BEARER)
def office_roster(query: RosterQuery) -> Response:
    """Dispatcher or manager: the office's couriers over the coming days (what each works, and why when it is
    not the weekly pattern), their weeks and their changes not yet over."""
    ctx = context()
    if query.office is not None:
        office = catalogue.post_office(ctx, query.office)
    elif ctx.actor.post_office_id is not None:
        office = catalogue.post_office_by_id(ctx, ctx.actor.post_office_id)
    else:  # an administrator who names none reads the first office, as on the board
        offices = catalogue.list_post_offices(ctx)
        if not offices:
            raise NotFound("no post office yet")
        office = offices[0]
    return answer(reads.office_roster(ctx, office, query.first_day or ctx.today, query.days))


@bp.put("/<int:courier_id>/week", responses={200: reads.WeekOut}, security=BEARER)
def set_week(path: CourierPath, body: WeekIn) -> Response:
    """Dispatcher or manager of the courier's office: the weekly pattern (shifts, lunch windows)."""
    row = rosters.set_week(context(), path.courier_id, body)
    return answer(reads.WeekOut(shifts=row.shifts, lunch=row.lunch, lunch_minutes=row.lunch_minutes, usual=False))


@bp.post("/<int:courier_id>/changes", responses={201: reads.ChangeOut}, security=BEARER)
def add_change(path: CourierPath, body: ChangeIn) -> Response:
    """Dispatcher or manager of the courier's office: leave, a sick day, a half day or a swap. A change that
    shares a day with another of the courier's is refused (422 naming first_day): withdraw that one first."""
    return answer(reads.change_out(rosters.add_change(context(), path.courier_id, body)), 201)


@bp.delete("/<int:courier_id>/changes/<int:change_id>", responses={200: Withdrawn}, security=BEARER)
def withdraw_change(path: ChangePath) -> Response:
    """Dispatcher or manager of the courier's office: a change not yet over is withdrawn."""
    rosters.withdraw_change(context(), path.courier_id, path.change_id)
    return answer(Withdrawn())
