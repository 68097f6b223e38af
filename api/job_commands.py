"""Commands that run one of the scheduler's jobs now, as the system: for an operator after an upgrade, a data
load or an outage, and for a copy of the anchor kept outside the database."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date

import click

from postal_service.config import Settings
from postal_service.context import Actor, Context
from postal_service.db.engine import make_engine
from postal_service.services import figure_roll_up, holds
from postal_service.services.custody_audit import write_anchor
from postal_service.services.unit_of_work import unit_of_work


@contextmanager
def system_work(settings: Settings) -> Iterator[Context]:
    """One unit of work acting as the system, whose engine is closed with it: no connection is left behind."""
    engine = make_engine(settings.database_url)
    try:
        with unit_of_work(engine, settings, Actor.system()) as ctx:
            yield ctx
    finally:
        engine.dispose()


@click.command("anchor-custody")
def anchor_custody() -> None:
    """Sign the head of every custody chain now and print the anchor as JSON (keep a copy outside the database)."""
    settings = Settings()
    with system_work(settings) as ctx:
        anchor = write_anchor(ctx)
        exported = {"created_at": anchor.created_at.isoformat(), "key_id": anchor.key_id, "heads": anchor.heads}
    click.echo(json.dumps({**exported, "signature": anchor.signature}, ensure_ascii=False))


@click.command("expire-holds")
def expire_holds() -> None:
    """Return to their agencies the results whose hold at the post office ran out."""
    settings = Settings()
    with system_work(settings) as ctx:
        returned = holds.expire_holds(ctx)
    click.echo(f"{len(returned)} held results returned to their agencies")


@click.command("roll-up-figures")
def roll_up_figures() -> None:
    """Store the figures of every finished day not yet stored (the scheduler does it hourly, 31 days a run; this
    command runs until every day is stored, after an upgrade or a data load)."""
    settings = Settings()
    stored: list[date] = []
    while True:
        with system_work(settings) as ctx:
            done = figure_roll_up.roll_up_figures(ctx)
        if not done:
            break
        stored += done
    click.echo(f"{len(stored)} days of figures stored" + (f", {stored[0]} to {stored[-1]}" if stored else ""))
