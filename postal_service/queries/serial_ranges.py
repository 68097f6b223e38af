"""The S10 ranges as an administrator watches them: per prefix, how many serials are used and left, the rate of
the last 30 days (from the daily counts) and the day the range runs out at that rate; 80% used is a warning."""

from __future__ import annotations

import math
from datetime import date, timedelta

from pydantic import BaseModel
from sqlmodel import col, select

from postal_service.context import Context
from postal_service.db.serials import S10_LAST, Range, ranges
from postal_service.db.tables import SerialUsage
from postal_service.domain.access import Capability, require

WARN_AT = 0.8  # of a range used
RATE_DAYS = 30  # the rate is measured over at most this many days


class RangeOut(BaseModel):
    prefix: str
    used: int
    last: int
    left: int
    share_used: float  # 0..1
    per_day: float | None  # serials issued a day, over the last 30 days counted (None: not yet counted)
    runs_out_on: date | None  # at that rate
    warning: bool  # 80% used or more


def in_use(ctx: Context) -> list[Range]:
    """The ranges that issued serials, and the configured S10 prefixes that have not issued any yet."""
    issued = {r.prefix: r for r in ranges(ctx.session)}
    configured = (ctx.settings.s10_prefix_dossier, ctx.settings.s10_prefix_result)
    return sorted(issued.values(), key=lambda r: r.prefix) + [
        Range(p, 0, S10_LAST) for p in dict.fromkeys(configured) if p not in issued
    ]


def serial_ranges(ctx: Context) -> list[RangeOut]:
    require(ctx.actor, Capability.MANAGE_CATALOGUE)
    return watched_ranges(ctx)


def watched_ranges(ctx: Context) -> list[RangeOut]:
    """Each range in use, how much of it is left and when it runs out (for the administrator and the metrics)."""
    return [_watched(ctx, r) for r in in_use(ctx)]


def _watched(ctx: Context, r: Range) -> RangeOut:
    since = ctx.today - timedelta(days=RATE_DAYS)
    earliest = ctx.session.exec(
        select(SerialUsage)
        .where(SerialUsage.prefix == r.prefix, col(SerialUsage.day) >= since, col(SerialUsage.day) < ctx.today)
        .order_by(col(SerialUsage.day))
        .limit(1)
    ).first()
    left = max(r.last - r.used, 0)
    per_day = (r.used - earliest.used) / (ctx.today - earliest.day).days if earliest else None
    days_left = math.ceil(left / per_day) if per_day and per_day > 0 else None
    last_day_known = (date.max - ctx.today).days  # a slower rate outlasts any calendar: no day to name
    runs_out_on = (
        ctx.today + timedelta(days=days_left) if days_left is not None and days_left <= last_day_known else None
    )
    share = r.used / r.last
    return RangeOut(
        prefix=r.prefix,
        used=r.used,
        last=r.last,
        left=left,
        share_used=round(share, 4),
        per_day=per_day,
        runs_out_on=runs_out_on,
        warning=share >= WARN_AT,
    )
