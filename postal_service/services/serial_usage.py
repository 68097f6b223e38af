"""The daily count of each S10 range's use, which gives the rate that forecasts its end; a range 80% used is
warned of in the log each day until a new prefix is configured (the administrator's page shows it too)."""

from __future__ import annotations

import logging

from sqlmodel import select

from postal_service.context import Context
from postal_service.db.tables import SerialUsage
from postal_service.queries.serial_ranges import WARN_AT, in_use

log = logging.getLogger(__name__)


def count_usage(ctx: Context) -> list[str]:
    """Today's count for every prefix (counted again the same day, the row is updated); the prefixes at 80% or
    more, warned of."""
    warned = []
    for r in in_use(ctx):
        query = select(SerialUsage).where(SerialUsage.prefix == r.prefix, SerialUsage.day == ctx.today)
        row = ctx.session.exec(query).first() or SerialUsage(prefix=r.prefix, day=ctx.today, used=0, last_serial=0)
        row.used, row.last_serial = r.used, r.last
        ctx.session.add(row)
        if r.used >= WARN_AT * r.last:
            log.warning("S10 prefix %s has used %d of its %d serials: configure a new prefix", r.prefix, r.used, r.last)
            warned.append(r.prefix)
    ctx.session.flush()
    return warned
