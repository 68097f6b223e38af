"""Periods figures are grouped by: days, ISO weeks (from Monday) or calendar months."""

from __future__ import annotations

from datetime import date, timedelta
from enum import StrEnum

MAX_REPORT_DAYS = 366  # a year of figures at once


class Bucket(StrEnum):
    DAY = "day"
    WEEK = "week"
    MONTH = "month"


def bucket_of(day: date, bucket: Bucket) -> date:
    """The first day of the period the day falls in."""
    if bucket is Bucket.WEEK:
        return day - timedelta(days=day.weekday())
    if bucket is Bucket.MONTH:
        return day.replace(day=1)
    return day


def buckets(first: date, last: date, bucket: Bucket) -> list[date]:
    """Every period from the one holding `first` to the one holding `last`, empty ones included."""
    found: list[date] = []
    day = first
    while day <= last:
        start = bucket_of(day, bucket)
        if not found or found[-1] != start:
            found.append(start)
        day += timedelta(days=1)
    return found
