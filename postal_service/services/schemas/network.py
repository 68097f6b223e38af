"""What an administrator sends to describe the network: exchange hubs, trunk runs, a whole timetable."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import AfterValidator, Field, field_validator

from postal_service.domain import network
from postal_service.domain.timeslots import WEEKDAYS

from .fields import PlacedAddress, Strict, Text

HubCode = Annotated[str, Field(pattern=network.HUB_CODE_FORMAT, examples=["KTHN-1"])]
PointCode = Annotated[str, Field(pattern=network.POINT_CODE_FORMAT, description="an office's postcode or a hub's code")]
RunTime = Annotated[
    str,
    Field(pattern=network.RUN_TIME_FORMAT, examples=["05:10+1"], description="HH:MM, +N for N days later"),
    AfterValidator(lambda written: network.written_time(network.minutes_of(written))),
]
Weekday = Literal["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
assert set(Weekday.__args__) == set(WEEKDAYS)  # type: ignore[attr-defined]


class HubCreate(Strict):
    code: HubCode
    name: Text
    address: PlacedAddress


class RunCreate(Strict):
    """One scheduled trunk run; the rules between its fields (it arrives after it leaves, within three days, and
    goes somewhere else) are answered 422 naming the field."""

    code: str = Field(pattern=network.RUN_CODE_FORMAT, examples=["C1-DN-HN-1"])
    origin: PointCode
    destination: PointCode
    weekdays: list[Weekday] = Field(min_length=1, max_length=7)
    departs: RunTime = Field(examples=["20:00"])
    arrives: RunTime = Field(examples=["05:10+1"])
    cutoff_minutes: int = Field(30, ge=0, le=network.DAY_MINUTES, description="bags close this long before it leaves")
    level: Literal[1, 2, 3] = 1

    @field_validator("weekdays")
    @classmethod
    def _days_once(cls, days: list[Weekday]) -> list[Weekday]:
        if len(set(days)) != len(days):
            raise ValueError("name each weekday once")
        return days


class TimetableLoad(Strict):
    """A whole timetable: its hubs are added or renamed, its runs replace every run there was."""

    hubs: list[HubCreate] = Field(default_factory=list, max_length=5000)
    runs: list[RunCreate] = Field(min_length=1, max_length=200_000)
