"""Couriers' rosters: each one's weekly pattern and the dispatcher's changes to it (domain/rosters.py)."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Index
from sqlmodel import Field, SQLModel

from .columns import json_column, utc


class CourierWeek(SQLModel, table=True):
    """A courier's weekly pattern; a courier without one works the office's opening hours."""

    __tablename__ = "courier_week"
    courier_id: int = Field(foreign_key="app_user.id", primary_key=True)
    shifts: dict[str, list[str]] = json_column()  # {"mon": ["07:30", "17:00"]}; a day left out is off
    lunch: dict[str, list[str]] = json_column()  # the window lunch falls in, per day worked
    lunch_minutes: int
    set_by: str = Field(max_length=128)
    set_at: datetime = utc()


class RosterChange(SQLModel, table=True):
    """Leave, a sick day, a half day or a swap of one courier; a courier's changes never share a day."""

    __tablename__ = "roster_change"
    __table_args__ = (Index("ix_roster_change_courier_until", "courier_id", "until"),)
    id: int | None = Field(default=None, primary_key=True)
    courier_id: int = Field(foreign_key="app_user.id")
    kind: str = Field(max_length=16)
    first_day: date
    last_day: date
    works_on: date | None = None  # a swap: the day worked instead of first_day
    until: date  # the last day the change decides, so that a plan reads only changes not yet over
    starts: str | None = Field(default=None, max_length=5)  # a half day's or a swapped day's hours, "HH:MM"
    ends: str | None = Field(default=None, max_length=5)
    note: str | None = Field(default=None, max_length=500)
    made_by: str = Field(max_length=128)
    made_at: datetime = utc()
