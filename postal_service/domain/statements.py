"""Fee statements: the procedure fees a post office collected for an agency, by period (DOMAIN.md, "Money":
who paid whom, how, and when it was forwarded). A statement covers days that are over, so its totals are final."""

from __future__ import annotations

from datetime import date

from .errors import InvalidField

MAX_PERIOD_DAYS = 92  # a quarter: the longest period an agency settles at once


def check_period(start: date, end: date, today: date, *, closing: bool, max_days: int = MAX_PERIOD_DAYS) -> None:
    """Any period up to today can be read; only one of days that are over can be closed."""
    errors: dict[str, str] = {}
    if end < start:
        errors["period_end"] = "the period ends before it starts"
    elif end > today or (closing and end == today):
        errors["period_end"] = "a statement is closed on days that are over: end it before today"
    elif (end - start).days + 1 > max_days:
        errors["period_start"] = f"a period of at most {max_days} days"
    if errors:
        raise InvalidField(errors)
