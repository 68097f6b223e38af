"""The administrator declares the government's announced days (a swap's two halves, an extra day off) with their
announcement; slots, deadlines and holds count working days on the calendar they make with the law's."""

from __future__ import annotations

import json
import threading
from datetime import date, datetime

from postal_service.domain.timeslots import LOCAL_TZ

from .crowd import post_at_once


def _declare(api, day: str, working: bool, as_: str = "admin", **more):
    body = {"day": day, "working": working, "reference": "Thông báo 6150/TB-BLĐTBXH", **more}
    return api.post("/calendar/days", body, as_=as_)


def _withdraw(api, day: str, as_: str = "admin"):
    return api.client.delete(f"/api/v1/calendar/days/{day}", headers=api._headers(as_, None, None))


def _fields(response) -> set[str]:
    return {e["field"] for e in response.get_json()["error"]["fields"]}


def test_a_year_lists_its_days_off_by_law_with_their_names_and_the_days_declared(api):
    year = api.ok(api.get("/calendar/2030", as_="admin"))
    names = {h["day"]: h["name"] for h in year["holidays"]}
    assert names["2030-02-02"] == "Tết Nguyên Đán" and names["2030-11-24"] == "Ngày Văn hóa Việt Nam"
    assert api.ok(api.get("/calendar/2030", as_="admin", language="en"))["holidays"][0]["name"] == "New Year's Day"
    assert year["declared"] == [] and 240 <= year["working_days"] <= 250
    declared = api.ok(api.get("/calendar/2026", as_="admin"))["declared"]
    assert [(d["day"], d["working"]) for d in declared] == [("2026-11-24", True)]  # the suite's week (factories)


def test_a_declared_day_off_closes_the_days_slots_and_withdrawing_it_opens_them_again(api):
    wednesday = "2026-11-25"
    assert api.ok(api.get("/post-offices/100000/slots", date=wednesday)) != []
    row = api.ok(_declare(api, wednesday, False, note="nghỉ bù"), 201)
    assert (row["day"], row["working"], row["declared_by"]) == (wednesday, False, "user:admin")
    assert api.ok(api.get("/post-offices/100000/slots", date=wednesday)) == []
    slot = datetime(2026, 11, 25, 9, 30, tzinfo=LOCAL_TZ).isoformat()
    refused = api.post("/requests", api.booking("send", slot_start=slot))
    assert refused.status_code == 422 and "slot_start" in _fields(refused)
    assert api.ok(_withdraw(api, wednesday)) == {"withdrawn": True}
    assert api.ok(api.get("/post-offices/100000/slots", date=wednesday)) != []
    api.ok(api.post("/requests", api.booking("send", slot_start=slot)), 201)


def test_a_declaration_that_changes_nothing_is_twice_or_is_not_the_administrators_is_refused(api):
    tuesday = api.post("/calendar/days", {"day": "2026-12-01", "working": True, "reference": "TB"}, as_="admin")
    assert tuesday.status_code == 422 and _fields(tuesday) == {"reference"}  # three letters at least
    assert _declare(api, "2026-12-01", True).status_code == 409  # already a working day: it would change nothing
    assert _declare(api, "2026-12-06", False).status_code == 409  # a Sunday is off already
    assert _fields(_declare(api, "06/12/2026", False)) == {"day"}
    assert _fields(
        api.post("/calendar/days", {"day": "2026-12-05", "working": "yes", "reference": "TB 1"}, as_="admin")
    ) == {"working"}
    api.ok(_declare(api, "2026-12-05", True), 201)  # a Saturday worked
    assert _declare(api, "2026-12-05", True).status_code == 409
    assert _declare(api, "2026-12-12", True, as_="dispatcher").status_code == 403
    assert _declare(api, "2026-12-12", True, as_=None).status_code == 401
    assert _withdraw(api, "2026-12-19").status_code == 404
    assert _withdraw(api, "2026-12-05", as_="manager").status_code == 403


def test_from_october_the_administrator_is_warned_until_a_day_of_next_year_is_declared(api):
    api.at(date(2026, 9, 30), 9)
    assert api.ok(api.get("/calendar/2026", as_="admin"))["next_year_undeclared"] is False
    api.at(date(2026, 10, 1), 9)
    assert api.ok(api.get("/calendar/2026", as_="admin"))["next_year_undeclared"] is True
    api.ok(_declare(api, "2027-02-13", True), 201)  # a Saturday worked for a day of Tết
    assert api.ok(api.get("/calendar/2026", as_="admin"))["next_year_undeclared"] is False


def test_two_administrators_declaring_one_day_at_once_make_one_declaration_and_one_conflict(api, app):
    headers = {**api._headers("admin", None, None), "Content-Type": "application/json"}
    body = json.dumps({"day": "2026-12-12", "working": True, "reference": "Thông báo 1/TB"}).encode()
    answers = post_at_once(app, [("/api/v1/calendar/days", body, headers)] * 6)
    assert sorted(a.status for a in answers) == [201] + [409] * 5
    declared = api.ok(api.get("/calendar/2026", as_="admin"))["declared"]
    assert [d["day"] for d in declared].count("2026-12-12") == 1


def test_two_administrators_withdrawing_one_day_at_once_withdraw_it_once(api, app):
    api.ok(_declare(api, "2026-12-12", True), 201)
    headers = api._headers("admin", None, None)
    barrier, answers = threading.Barrier(4), []

    def withdraw() -> None:
        client = app.test_client()
        barrier.wait()
        answers.append(client.delete("/api/v1/calendar/days/2026-12-12", headers=headers).status_code)

    crowd = [threading.Thread(target=withdraw) for _ in range(4)]
    for thread in crowd:
        thread.start()
    for thread in crowd:
        thread.join(timeout=120)
    assert sorted(answers) == [200, 404, 404, 404]
