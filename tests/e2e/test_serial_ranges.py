"""Each S10 prefix has a range of its own: a range used up answers bookings with a 503 naming the prefix and
saves nothing; a new prefix starts a fresh range; the administrator sees what is left and when it runs out."""

from __future__ import annotations

from datetime import date

from sqlalchemy import text
from sqlmodel import func, select

from postal_service import jobs
from postal_service.db.engine import new_session
from postal_service.db.tables import SerialCounter, ServiceRequest


def _tiny_range(api, prefix: str, last: int) -> None:
    """A range of `last` serials, as an operator would set one up (here: to reach its end in a test)."""
    with new_session(api.app.extensions["postal"].engine) as session:
        if session.get_bind().dialect.name == "postgresql":
            session.execute(text(f"CREATE SEQUENCE s10_serial_{prefix.lower()} MINVALUE 1 MAXVALUE {last}"))
        else:
            session.add(SerialCounter(prefix=prefix, next_serial=1, last_serial=last))
        session.commit()


def _requests(api) -> int:
    with new_session(api.app.extensions["postal"].engine) as session:
        return session.exec(select(func.count()).select_from(ServiceRequest)).one()


def _result(booked: dict) -> str:
    return next(p["tracking_number"] for p in booked["request"]["parcels"] if p["leg"] == "result")


def test_a_used_up_range_answers_503_naming_the_prefix_and_a_new_prefix_starts_a_fresh_range(api):
    settings = api.app.extensions["postal"].settings
    before = _result(api.book("receive"))
    _tiny_range(api, "RX", 2)
    settings.s10_prefix_result = "RX"
    issued = [_result(api.book("receive")) for _ in range(2)]
    assert [number[2:10] for number in issued] == ["00000001", "00000002"]
    count = _requests(api)
    refused = api.post("/requests", api.booking("receive"))
    assert refused.status_code == 503 and refused.get_json()["error"]["code"] == "exhausted"
    assert "prefix RX" in refused.get_json()["error"]["message"]
    assert _requests(api) == count  # nothing half-written
    settings.s10_prefix_result = "RY"
    fresh = _result(api.book("receive"))
    assert fresh.startswith("RY00000001")
    settings.s10_prefix_result = "RK"
    after = _result(api.book("receive"))
    assert int(after[2:10]) == int(before[2:10]) + 1  # the old prefix goes on from where it was


def test_the_administrator_sees_each_range_used_left_and_the_day_it_runs_out_at_the_current_rate(api):
    _tiny_range(api, "RX", 10)
    settings = api.app.extensions["postal"].settings
    settings.s10_prefix_result = "RX"
    api.book("receive")
    jobs.run_job("count_serial_usage", lambda found: None, settings, api.now)  # Monday: one used
    for _ in range(3):
        api.book("receive")
    api.at(date(2026, 11, 25), 8)  # two days later: three more, one and a half a day
    jobs.run_job("count_serial_usage", lambda found: None, settings, api.now)
    ranges = ranges_of(api)
    rx = ranges["RX"]
    assert (rx["used"], rx["left"], rx["per_day"], rx["warning"]) == (4, 6, 1.5, False)
    assert rx["runs_out_on"] == "2026-11-29"  # six left at one and a half a day: four days
    assert ranges["RH"]["used"] == 0 and ranges["RH"]["runs_out_on"] is None  # configured, nothing issued yet
    for _ in range(4):
        api.book("receive")
    assert ranges_of(api)["RX"]["warning"] is True  # 8 of 10
    assert api.get("/serial-ranges", as_="dispatcher").status_code == 403


def ranges_of(api) -> dict[str, dict]:
    return {r["prefix"]: r for r in api.ok(api.get("/serial-ranges", as_="admin"))}


def test_a_range_that_would_last_beyond_any_calendar_has_no_forecast_day(api):
    settings = api.app.extensions["postal"].settings
    api.book("receive")
    jobs.run_job("count_serial_usage", lambda found: None, settings, api.now)
    api.book("receive")
    api.at(date(2026, 12, 22), 8)  # one more in 29 days: 99,999,998 left would take billions of days
    rk = ranges_of(api)["RK"]
    assert (rk["used"], rk["runs_out_on"]) == (2, None) and rk["per_day"] > 0
