"""The custody log's coming months, made ready before their first event (db/partitions.py): this month's
partition and the next three, every day, so a missed night is noticed a quarter before it matters."""

from __future__ import annotations

import logging

from postal_service.context import Context
from postal_service.db import partitions

log = logging.getLogger(__name__)


def prepare_coming_months(ctx: Context) -> list[str]:
    """The months whose partitions were made now (none on SQLite, none once they exist). A month whose events
    already went to the default partition is warned of each day: an owner moves them before the month is made."""
    made, stranded = partitions.prepare_months(ctx.session.connection(), partitions.coming_months(ctx.today))
    for month in stranded:
        log.warning(
            "custody events of %s sit in %s: move them, then the month's partition can be made",
            month.strftime("%Y-%m"),
            partitions.DEFAULT,
        )
    return [month.strftime("%Y-%m") for month in made]
