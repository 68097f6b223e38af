"""The working calendar: a year's days off by law and the days an administrator declared (the government's
yearly swaps, extra days off), declared and withdrawn here."""

from __future__ import annotations

from typing import Literal

from flask import Response
from flask_openapi3 import APIBlueprint, Tag
from pydantic import BaseModel, Field

from postal_service.public_holidays import FIRST_YEAR, LAST_YEAR
from postal_service.queries import calendar as reads
from postal_service.services import calendar_days
from postal_service.services.schemas.calendar import DayDeclaration
from postal_service.services.schemas.fields import Clean, Day

from ..requests_context import context
from .common import BEARER, ERRORS, answer

bp = APIBlueprint(
    "calendar", __name__, url_prefix="/api/v1/calendar", abp_tags=[Tag(name="calendar")], abp_responses=ERRORS
)


class YearPath(Clean):
    year: int = Field(ge=FIRST_YEAR, le=LAST_YEAR)


class YearQuery(Clean):
    language: Literal["vi", "en"] = "vi"


class DayPath(Clean):
    day: Day


class Withdrawn(BaseModel):
    withdrawn: bool = True


@bp.get("/<int:year>", responses={200: reads.YearOut}, security=BEARER)
def year(path: YearPath, query: YearQuery) -> Response:
    """Administrator: the year's days off by law (lunar Tết computed), the days declared, the count of working
    days, and whether next year's swaps are still to be declared (from October)."""
    return answer(reads.year_calendar(context(), path.year, query.language))


@bp.post("/days", responses={201: reads.DeclaredDayOut}, security=BEARER)
def declare_day(body: DayDeclaration) -> Response:
    """Administrator: a day the government announced working (a Saturday worked in a swap) or off, with the
    announcement. Declaring a day what it already is, or a day declared already, is a conflict (409)."""
    row = calendar_days.declare_day(context(), body)
    return answer(reads.DeclaredDayOut.model_validate(row, from_attributes=True), 201)


@bp.delete("/days/<day>", responses={200: Withdrawn}, security=BEARER)
def withdraw_day(path: DayPath) -> Response:
    """Administrator: a declaration made in error is withdrawn."""
    calendar_days.withdraw_day(context(), path.day)
    return answer(Withdrawn())
