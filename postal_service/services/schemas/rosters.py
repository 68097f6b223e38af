"""What a dispatcher sends to set a courier's weekly pattern or change some of its days."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

from postal_service.domain.rosters import USUAL_LUNCH_MINUTES, ChangeKind
from postal_service.domain.timeslots import CLOCK_TIME_FORMAT

from .fields import Day, Hours, Strict

Clock = Annotated[str, Field(pattern=CLOCK_TIME_FORMAT, examples=["07:30"])]
ClockSpan = Annotated[list[Clock], Field(min_length=2, max_length=2, examples=[["07:30", "12:00"]])]


class WeekIn(Strict):
    """The days worked and their hours; a day left out of `shifts` is off."""

    shifts: Hours = Field(examples=[{"mon": ["07:30", "17:00"], "sat": ["07:30", "11:30"]}])
    lunch: Hours = Field(
        default_factory=dict,
        description="per day worked, the window the lunch falls in; a day left out has no lunch on the route",
        examples=[{"mon": ["11:30", "13:45"]}],
    )
    lunch_minutes: int = Field(USUAL_LUNCH_MINUTES, ge=15, le=120)


class ChangeIn(Strict):
    """Leave or sick days (a span), a half day (the morning unless `hours` says otherwise), or a swap: the day
    `first_day` given up for `works_on`, worked with the given-up day's hours unless `hours` says otherwise."""

    kind: ChangeKind
    first_day: Day
    last_day: Day | None = Field(None, description="the last day of leave or sickness; first_day when left out")
    works_on: Day | None = Field(None, description="a swap: the day worked instead")
    hours: ClockSpan | None = None
    note: str | None = Field(None, min_length=1, max_length=500)
