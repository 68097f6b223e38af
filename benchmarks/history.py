"""History benchmark: `python -m benchmarks.history [--requests-per-year 1000000] [--three-years] [--open 1300]`.

Does the daily work grow with today's parcels or with the past? Two PostgreSQL databases (three with
`--three-years`) are built the same way and differ only in how much finished history they hold: one week, one
year (and three years) of a large province at `--requests-per-year` (about two envelopes and twenty custody events a
request). Each is built in four steps:

1. the demo catalogue (Hà Nội's offices, agencies, staff) and the demo's requests walked through the real use
   cases on a day before the history: the templates;
2. the history, copied from the finished templates onto every past day with COPY (benchmarks/history_rows.py);
3. the last daily jobs (the custody anchors of the last two days, yesterday's retention, every finished day's
   figures), as the scheduler would have run them;
4. the same open day on top, walked through the real use cases (`--open` requests, the same seed in every database).

Every database also holds the past days whose personal data falls due for erasure on the open day (a year and
two years back, with the default periods), so the retention job has the same due work on each.

Then each figure below is timed in the same run on each database (the median of `--repeat` runs; a job's changes
are rolled back after each run, a read goes through the app as a client's would), and the table prints each
figure for each history and the ratio of the longest history to one week.
"""

from __future__ import annotations

import argparse
import re
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import delete, func, text
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from api import create_app
from postal_service import demo, jobs
from postal_service.config import Settings
from postal_service.context import Context
from postal_service.db import partitions
from postal_service.db.engine import make_engine
from postal_service.db.migrate import upgrade
from postal_service.db.tables import (
    CustodyEvent,
    FiguresRolledUp,
    OfficeDayFigure,
    Parcel,
    PostOffice,
    ServiceRequest,
    User,
)
from postal_service.demo.walks import load_catalogue, load_requests
from postal_service.domain.lifecycle import Leg, is_closed
from postal_service.domain.roles import Actor, Role
from postal_service.domain.timeslots import LOCAL_TZ
from postal_service.services import planning_inputs
from postal_service.services.custody_audit import chain_breaks

from .api import database
from .history_rows import Cloner, advance_sequences, copy_lines, made_ahead, read_templates

# Tuesday 1 December 2026, 07:30 in Hà Nội: the open day every database ends with.
TODAY = datetime(2026, 12, 1, 7, 30, tzinfo=LOCAL_TZ)
TEMPLATE_REQUESTS = 200  # the demo's mix: every state, a third of them finished


@dataclass(frozen=True)
class History:
    name: str
    days: int


@dataclass
class Built:
    history: History
    url: str
    settings: Settings
    requests: int
    events: int
    seconds: float
    stops: int = 0  # open envelopes of the office whose planning inputs are timed


def build(
    history: History, url: str, per_day: int, open_requests: int, data_dir: str, templates: int = TEMPLATE_REQUESTS
) -> Built:
    started = time.perf_counter()
    settings = Settings(database_url=url, environment="test", data_dir=data_dir, _env_file=None)  # type: ignore[call-arg]
    upgrade(url, data_dir=data_dir)
    engine = make_engine(url)
    try:
        first_day = TODAY.date() - timedelta(days=history.days)
        template_time = datetime.combine(first_day - timedelta(days=14), TODAY.timetz())
        offsets = sorted(set(range(1, history.days + 1)) | due_today(settings), reverse=True)
        with engine.begin() as connection:  # the custody log's months, as the daily job made them in their time
            oldest = min(template_time.date(), TODAY.date() - timedelta(days=offsets[0]))
            partitions.prepare_months(connection, partitions.months_between(oldest, TODAY.date()))
        with Session(engine) as session:
            load_catalogue(session, settings, template_time)
            load_requests(session, settings, template_time, templates, seed=7)
            session.commit()
        finished = read_templates(engine)
        with engine.begin() as connection:
            cloner = Cloner(connection, settings, TODAY.date())
        days = [TODAY.date() - timedelta(days=offset) for offset in offsets]
        for offset, lines in zip(offsets, made_ahead(cloner, finished, days, per_day), strict=True):
            with engine.begin() as connection:
                copy_lines(connection, lines)
            if offset % 30 == 0:
                print(f"  {offset} days to copy, {time.perf_counter() - started:.0f} s in", flush=True)
        with engine.begin() as connection:
            advance_sequences(connection)
            connection.execute(text("ANALYZE"))
        for days_ago, job in ((2, jobs.anchor_custody), (1, jobs.anchor_custody), (1, jobs.apply_retention)):
            with Session(engine) as session:  # two anchors: each one covers what moved since the one before last
                job(session, settings, TODAY - timedelta(days=days_ago))
                session.commit()
        rolled = True
        while rolled:  # every finished day's figures, a month of days a run as the hourly job catches up
            with Session(engine) as session:
                rolled = bool(jobs.roll_up_figures(session, settings, TODAY))
                session.commit()
        with Session(engine) as session:
            load_requests(session, settings, TODAY, open_requests, seed=45)
            session.commit()
        with engine.begin() as connection:
            connection.execute(text("ANALYZE"))
        with Session(engine) as session:
            requests = session.exec(select(func.count()).select_from(ServiceRequest)).one()
            events = session.exec(select(func.count()).select_from(CustodyEvent)).one()
    finally:
        engine.dispose()
    return Built(history, url, settings, int(requests), int(events), time.perf_counter() - started)


def due_today(settings: Settings) -> set[int]:
    """The past days (days ago) whose requests' personal data falls due for erasure on the open day: every
    database holds them, so the retention job does the same due work on each and its figure compares what the
    rest of history costs it."""
    return set(settings.retention.values())


class Client:
    """The app as a client meets it: an API token for the JSON reads, a signed-in browser session for pages."""

    def __init__(self, settings: Settings) -> None:
        self.app = create_app(settings)
        self.app.extensions["postal"].clock = lambda: TODAY.astimezone(UTC)
        self.api = self.app.test_client()
        self.page = self.app.test_client()

    def token(self, username: str) -> str:
        answer = self.api.post("/api/v1/auth/login", json={"username": username, "password": demo.DEMO_PASSWORD})
        assert answer.status_code == 200, answer.get_json()
        return str(answer.get_json()["token"])

    def sign_in(self, username: str) -> None:
        form = self.page.get("/login").get_data(as_text=True)
        token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', form)
        fields = {"username": username, "password": demo.DEMO_PASSWORD} | ({"csrf_token": token[1]} if token else {})
        assert self.page.post("/login", data=fields).status_code == 302

    def get(self, path: str, token: str | None = None) -> Callable[[], None]:
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        client = self.api if token else self.page

        def read() -> None:
            answer = client.get(path, headers=headers)
            assert answer.status_code == 200, (path, answer.status_code)

        return read


@contextmanager
def figures(built: Built) -> Iterator[dict[str, Callable[[], Any]]]:
    """Every figure of the issue, as a function of no arguments timed as it stands; the connections close after."""
    settings, engine = built.settings, make_engine(built.url)
    with Session(engine) as session:
        office, stops = _busiest_office(session)
        open_request = session.exec(
            _open_day().where(ServiceRequest.post_office_id == office.id).order_by(col(ServiceRequest.id))
        ).first()
        assert open_request is not None
        open_parcel = session.exec(select(Parcel.tracking_number).where(Parcel.request_id == open_request.id)).first()
        month_ago = (
            session.exec(
                select(ServiceRequest.id)
                .where(ServiceRequest.created_at < TODAY - timedelta(days=30))
                .order_by(col(ServiceRequest.id).desc())
            ).first()
            or session.exec(select(ServiceRequest.id)).first()
        )
        username = session.exec(
            select(User.username).where(User.role == Role.DISPATCHER.value, User.post_office_id == office.id)
        ).first()
    built.stops = stops
    client = Client(settings)
    client.sign_in(str(username))
    dispatcher, admin = client.token(str(username)), client.token("admin")
    last = TODAY.date().replace(day=1) - timedelta(days=1)
    first = last.replace(day=1)
    timed_figures = {
        "an office's planning inputs": _job(
            engine, settings, lambda ctx: planning_inputs.collect(ctx, office, TODAY.date())
        ),
        "dispatcher's board (page)": client.get("/dispatch"),
        "at-risk sweep": _job(engine, settings, lambda ctx: jobs.watch_deadlines(ctx.session, settings, ctx.now)),
        "hold expiry": _job(engine, settings, lambda ctx: jobs.expire_holds(ctx.session, settings, ctx.now)),
        "daily anchor": _job(engine, settings, lambda ctx: jobs.anchor_custody(ctx.session, settings, ctx.now)),
        "re-plan job": _job(engine, settings, lambda ctx: jobs.replan_changed(ctx.session, settings, ctx.now)),
        "tracking read (API)": client.get(f"/api/v1/requests/{open_request.reference}", dispatcher),
        "parcel read (API)": client.get(f"/api/v1/parcels/{open_parcel}", dispatcher),
        "one request's chain verified": _job(
            engine, settings, lambda ctx: _verify_request(ctx.session, settings, month_ago)
        ),
        "a month of the office's figures (API)": client.get(
            f"/api/v1/post-offices/{office.code}/kpis?first_day={first}&last_day={last}", dispatcher
        ),
        "access-log page (API)": client.get("/api/v1/access-log", admin),
        "retention job": _job(engine, settings, lambda ctx: jobs.apply_retention(ctx.session, settings, ctx.now)),
        "nightly figures of one day": _job(engine, settings, _roll_up_yesterday),
    }
    try:
        yield timed_figures
    finally:
        client.app.extensions["postal"].engine.dispose()
        engine.dispose()


def _open_day() -> Any:
    """The requests the open day booked through the use cases (the copies' references start with H)."""
    recent = col(ServiceRequest.created_at) > TODAY - timedelta(days=7)
    return select(ServiceRequest).where(recent, col(ServiceRequest.reference).startswith("D45-"))


def _busiest_office(session: Session) -> tuple[PostOffice, int]:
    """The office with the most open envelopes today, and how many."""
    counts: dict[int, int] = {}
    open_day = _open_day().subquery()
    rows = session.exec(
        select(open_day.c.post_office_id, Parcel.leg, Parcel.status).join(
            Parcel, col(Parcel.request_id) == open_day.c.id
        )
    )
    for office_id, leg, status in rows:
        counts[office_id] = counts.get(office_id, 0) + (not is_closed(Leg(leg), status))
    office_id = max(counts, key=lambda k: counts[k])
    office = session.get(PostOffice, office_id)
    assert office is not None
    return office, counts[office_id]


def _job(engine: Engine, settings: Settings, work: Callable[[Context], Any]) -> Callable[[], None]:
    """Run as the scheduler runs it, at the open day's time; rolled back, so every run finds the same work."""

    def run() -> None:
        with Session(engine) as session:
            work(Context(session, settings, Actor.system(), TODAY.astimezone(UTC)))
            session.rollback()

    return run


def _roll_up_yesterday(ctx: Context) -> None:
    """Yesterday's figures of every office counted and stored again, as the nightly job first did."""
    yesterday = TODAY.date() - timedelta(days=1)
    for table in (OfficeDayFigure, FiguresRolledUp):
        ctx.session.execute(delete(table).where(col(table.day) == yesterday))
    assert jobs.roll_up_figures(ctx.session, ctx.settings, ctx.now) == [yesterday]


def _verify_request(session: Session, settings: Settings, request_id: int | None) -> None:
    """One request's custody, as an auditor checks it: each envelope's chain and seals."""
    for parcel in session.exec(select(Parcel).where(Parcel.request_id == request_id)).all():
        events = session.exec(
            select(CustodyEvent).where(CustodyEvent.parcel_id == parcel.id).order_by(col(CustodyEvent.sequence))
        ).all()
        assert chain_breaks(parcel.tracking_number, events, settings.custody_key_ring) == []


def timed(work: Callable[[], Any], repeat: int) -> float:
    """The median of `repeat` runs after one to warm the caches, in milliseconds."""
    work()
    runs = []
    for _ in range(repeat):
        started = time.perf_counter()
        work()
        runs.append((time.perf_counter() - started) * 1000)
    return statistics.median(runs)


def report(built: list[Built], table: dict[str, list[float]]) -> str:
    names = [b.history.name for b in built]
    lines = [
        "| database | requests | custody events | open envelopes of the planned office | built in |",
        "|---|---|---|---|---|",
        *(
            f"| {b.history.name} | {b.requests:,} | {b.events:,} | {b.stops} | {b.seconds / 60:.1f} min |"
            for b in built
        ),
        "",
        "| figure | " + " | ".join(f"{n} (ms)" for n in names) + f" | {names[-1]} / {names[0]} |",
        "|---|" + "---|" * (len(names) + 1),
    ]
    for figure, values in table.items():
        cells = " | ".join(f"{v:,.1f}" for v in values)
        lines.append(f"| {figure} | {cells} | {values[-1] / values[0]:.2f}× |")
    return "\n".join(lines)


@contextmanager
def databases(count: int) -> Iterator[list[str]]:
    with database() as first, database() as second, database() as third:
        yield [first, second, third][:count]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--requests-per-year", type=int, default=1_000_000)
    parser.add_argument("--three-years", action="store_true")
    parser.add_argument(  # 1,300 give the busiest office about 600 open envelopes: a 600-stop day to plan
        "--open", type=int, default=1300, help="requests of the open day, through the use cases"
    )
    parser.add_argument("--repeat", type=int, default=5)
    options = parser.parse_args(argv)
    histories = [History("one week", 7), History("one year", 365)]
    if options.three_years:
        histories.append(History("three years", 3 * 365))
    per_day = max(1, round(options.requests_per_year / 365))
    built: list[Built] = []
    table: dict[str, list[float]] = {}
    with databases(len(histories)) as urls, tempfile.TemporaryDirectory(prefix="history-files-") as files:
        for history, url in zip(histories, urls, strict=True):
            print(f"building {history.name}: {per_day:,} requests a day for {history.days} days", flush=True)
            done = build(history, url, per_day, options.open, f"{files}/{history.days}")
            print(f"  {done.requests:,} requests, {done.events:,} events in {done.seconds / 60:.1f} min", flush=True)
            with figures(done) as timed_figures:
                for figure, work in timed_figures.items():
                    table.setdefault(figure, []).append(timed(work, options.repeat))
            built.append(done)
    print(report(built, table), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
