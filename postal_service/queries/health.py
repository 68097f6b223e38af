"""Readiness: the database answers and its schema is the one this code expects."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import text

from postal_service.context import Context
from postal_service.db.migrate import current_revision, head_revision


@dataclass(frozen=True)
class Readiness:
    ready: bool
    database: str
    schema: str


def readiness(ctx: Context) -> Readiness:
    try:
        ctx.session.execute(text("SELECT 1"))
        current = current_revision(ctx.session.connection())
    except Exception as error:  # any failure to reach the database means "not ready", never a 500
        return Readiness(False, f"unreachable: {type(error).__name__}", "unknown")
    head = head_revision()
    schema = "current" if current == head else f"at {current or 'nothing'}, code expects {head}"
    return Readiness(current == head, "reachable", schema)
