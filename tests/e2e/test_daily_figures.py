"""Finished days' figures are stored once a night and read from there: a report of stored days says exactly
what counting the steps said, the board's thirty days too, and two jobs running at once store each day once."""

from __future__ import annotations

import threading
from datetime import date, datetime, time

import pytest
from click.testing import CliRunner
from sqlmodel import func, select

from api.cli import main
from postal_service import jobs
from postal_service.db.engine import make_engine, new_session
from postal_service.db.tables import FiguresRolledUp, OfficeDayFigure
from postal_service.domain.timeslots import LOCAL_TZ

from .test_dispatch_pages import signed_in
from .test_kpis import KPIS, MON_TUE, _two_days

WEDNESDAY = datetime.combine(date(2026, 11, 25), time(1), LOCAL_TZ)


def _roll_up(settings, now: datetime) -> list[date]:
    engine = make_engine(settings.database_url)
    try:
        with new_session(engine) as session:
            done = jobs.roll_up_figures(session, settings, now)
            session.commit()
        return done
    finally:
        engine.dispose()


def _stored(settings) -> tuple[int, int]:
    engine = make_engine(settings.database_url)
    try:
        with new_session(engine) as session:
            days = session.exec(select(func.count()).select_from(FiguresRolledUp)).one()
            counts = session.exec(select(func.count()).select_from(OfficeDayFigure)).one()
        return days, counts
    finally:
        engine.dispose()


def _lateness_on_the_board(app) -> str:
    board = signed_in(app, "dispatcher").get("/dispatch?lang=en").get_data(as_text=True)
    return board[board.index('id="lateness"') : board.index("</ul>", board.index('id="lateness"'))]


def test_the_figures_of_stored_days_are_those_counted_from_the_steps(app, api, settings):
    _two_days(api)
    api.at(date(2026, 11, 25), 9)
    counted = api.ok(api.get(KPIS, as_="manager", **MON_TUE))
    board = _lateness_on_the_board(app)
    assert _roll_up(settings, WEDNESDAY) == [date(2026, 11, 23), date(2026, 11, 24)]  # from the first booking
    assert _stored(settings)[1] > 10
    assert api.ok(api.get(KPIS, as_="manager", **MON_TUE)) == counted
    assert _lateness_on_the_board(app) == board and "1 late" in board
    assert _roll_up(settings, WEDNESDAY) == []  # each day once


def test_today_is_counted_from_the_steps_beside_the_stored_days(app, api, settings):
    _two_days(api)
    api.at(date(2026, 11, 24), 18)
    assert _roll_up(settings, api.now) == [date(2026, 11, 23)]  # Tuesday is not over
    both_days = api.ok(api.get(KPIS, as_="manager", **MON_TUE))
    assert (both_days["requests"], both_days["deliveries"], both_days["failed_attempts"]) == (4, 1, 1)
    assert (both_days["agency_on_time"], both_days["agency_late"], both_days["post_on_time"]) == (0, 1, 3)


@pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)
def test_two_roll_ups_at_once_store_each_day_once(api, settings):
    _two_days(api)
    alone = _stored_by_one_job(api, settings)
    start = threading.Barrier(2)
    done: list[list[date]] = []

    def roll() -> None:
        start.wait()
        done.append(_roll_up(settings, WEDNESDAY))

    threads = [threading.Thread(target=roll) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(day for days in done for day in days) == [date(2026, 11, 23), date(2026, 11, 24)]
    assert _stored(settings) == alone


def _stored_by_one_job(api, settings) -> tuple[int, int]:
    """What one job stores for the two days, then forgotten again so that the racing jobs start from nothing."""
    _roll_up(settings, WEDNESDAY)
    stored = _stored(settings)
    engine = make_engine(settings.database_url)
    try:
        with engine.begin() as connection:
            connection.exec_driver_sql("DELETE FROM office_day_figure")
            connection.exec_driver_sql("DELETE FROM figures_rolled_up")
    finally:
        engine.dispose()
    return stored


def test_the_command_stores_every_finished_day_until_none_is_left(api, settings, monkeypatch):
    _two_days(api)
    monkeypatch.setenv("DATABASE_URL", settings.database_url)
    ran = CliRunner().invoke(main, ["roll-up-figures"])
    assert ran.exit_code == 0, ran.output
    # the command runs on the real clock: every day from the first booking (the test's Monday) to yesterday
    days = (datetime.now(LOCAL_TZ).date() - date(2026, 11, 23)).days
    assert ran.output.startswith(f"{days} days of figures stored, 2026-11-23 to")
    assert CliRunner().invoke(main, ["roll-up-figures"]).output == "0 days of figures stored\n"
