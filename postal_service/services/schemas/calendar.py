"""What an administrator sends to declare a day the government announced off or working."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

from .fields import Day, Flag, Strict

Announcement = Annotated[str, Field(min_length=3, max_length=200, examples=["Thông báo 6150/TB-BLĐTBXH"])]


class DayDeclaration(Strict):
    """One day of an announced swap (the Saturday worked, or the weekday off) or an extra day off."""

    day: Day
    working: Flag = Field(description="true: a working day (a Saturday worked in a swap); false: a day off")
    reference: Announcement = Field(description="the announcement the day comes from")
    note: str | None = Field(None, min_length=1, max_length=500)
