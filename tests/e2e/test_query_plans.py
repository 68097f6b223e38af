"""The daily work reads today's work through indexes, never by scanning history: every statement the board, a
courier's day, the agency's and the counter's desks, a tracking and a parcel read, an office's planning inputs
and the scheduler's sweeps run is explained by PostgreSQL with
sequential scans priced out, and none of them still has to read a history table whole (a year of finished
requests would be read every time). Small reference tables (offices, staff, agencies) may be read whole."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, timedelta
from typing import Any

import pytest
from sqlalchemy import Engine, event
from sqlmodel import select

from postal_service import jobs
from postal_service.context import Context
from postal_service.db.tables import PostOffice
from postal_service.domain.roles import Actor
from postal_service.services import planning_inputs
from postal_service.services.unit_of_work import unit_of_work

from ..factories import OFFICE
from .test_dispatch_pages import signed_in
from .test_retention import _delivered

HISTORY = {  # tables that grow with every request ever made
    "service_request", "parcel", "custody_event", "notification", "access_log", "payment", "deadline_alert",
    "route_stop", "claim", "evidence", "bag", "bag_item", "bag_event", "parcel_path", "webhook_delivery",
    "online_payment", "national_status_report", "plan_run", "idempotency_key", "evidence_use",
    "office_day_figure",
}  # fmt: skip
SWEEPS = ("watch_deadlines", "expire_holds", "warn_due_claims", "announce_arrivals", "deliver_messages",
          "reroute_missed_runs", "forget_idempotency_keys", "replan_changed", "apply_retention", "anchor_custody",
          "count_serial_usage", "roll_up_figures", "prepare_custody_months")  # fmt: skip


@contextmanager
def recorded() -> Iterator[list[tuple[str, Any]]]:
    """Every SELECT any engine runs meanwhile, with its parameters."""
    statements: list[tuple[str, Any]] = []

    def keep(conn, cursor, statement, parameters, context, executemany) -> None:
        if statement.lstrip().upper().startswith("SELECT") and not executemany:
            statements.append((statement, parameters))

    event.listen(Engine, "before_cursor_execute", keep)
    try:
        yield statements
    finally:
        event.remove(Engine, "before_cursor_execute", keep)


def whole_history_scans(engine: Engine, statements: list[tuple[str, Any]]) -> list[str]:
    """The statements whose plan reads a history table without a condition on an index: a sequential scan, or an
    index walked from end to end (what the planner does instead when sequential scans are priced out)."""
    found = []
    with engine.connect() as connection:
        # An index that can serve is then always chosen, and a join looks rows up by index from the rows it has
        # (as it does once history dwarfs today's work) instead of hashing a whole table of a few test rows.
        for setting in ("enable_seqscan", "enable_hashjoin", "enable_mergejoin"):
            connection.exec_driver_sql(f"SET {setting} = off")
        for statement, parameters in {(s, repr(p)): (s, p) for s, p in statements}.values():  # each once
            explained = connection.exec_driver_sql(f"EXPLAIN (FORMAT JSON) {statement}", parameters)
            for table in _read_whole(explained.scalar_one()[0]["Plan"]):
                where = " ".join(statement.split()).split(" FROM ", 1)[-1]
                found.append(f"{table}: ... FROM {where[:400]}")
        connection.rollback()
    return found


def _read_whole(node: dict[str, Any]) -> Iterator[str]:
    table = node.get("Relation Name")
    kind = node["Node Type"]
    if table in HISTORY and (kind == "Seq Scan" or (kind.startswith("Index") and "Index Cond" not in node)):
        yield table
    for child in node.get("Plans", []):
        yield from _read_whole(child)


@pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)
def test_the_desks_the_reads_planning_inputs_and_the_sweeps_read_no_history_table_whole(api, app, settings):
    both = api.book("both")
    api.book("receive")
    at_desk = api.dossier_to_agency_desk(api.book("send"))
    _delivered(api)  # against a signature: retention later erases it, asking whether another envelope uses it
    engine = app.extensions["postal"].engine
    with recorded() as statements:
        for person, page in (("dispatcher", "/dispatch"), ("courier1", "/courier"), ("clerk", "/agency")):
            assert signed_in(app, person).get(page).status_code == 200, page
        assert signed_in(app, "counter").get("/counter").status_code == 200
        api.ok(api.get(f"/requests/{both['request']['reference']}", as_="dispatcher"))
        api.ok(api.get(f"/parcels/{at_desk}", as_="clerk"))
        period = {"first_day": "2026-10-23", "last_day": "2026-11-22"}
        api.ok(api.get(f"/post-offices/{OFFICE}/kpis", as_="admin", **period))
        api.ok(api.get("/access-log", as_="admin", reference=both["request"]["reference"]))
        with unit_of_work(engine, settings, Actor.system(), api.now) as ctx:
            office = _office(ctx)
            planning_inputs.collect(ctx, office, date(2026, 11, 23))
        for sweep in SWEEPS:
            jobs.run_job(sweep, lambda found: None, settings, api.now)
        jobs.run_job("roll_up_figures", lambda found: None, settings, api.now + timedelta(days=2))
        api.at(api.now.date() + timedelta(days=2), 9)
        assert signed_in(app, "dispatcher").get("/dispatch").status_code == 200  # its thirty days, mostly stored
        api.ok(api.get(f"/post-offices/{OFFICE}/kpis", as_="admin", first_day="2026-10-23", last_day="2026-11-24"))
        erased = jobs.apply_retention
        with unit_of_work(engine, settings, Actor.system(), api.now + timedelta(days=800)) as ctx:
            assert any(done.endswith(":evidence") for done in erased(ctx.session, settings, ctx.now))
    assert len(statements) > 20
    scans = whole_history_scans(engine, statements)
    assert scans == [], "\n".join(scans)


def _office(ctx: Context) -> PostOffice:
    return ctx.session.exec(select(PostOffice).where(PostOffice.code == OFFICE)).one()
