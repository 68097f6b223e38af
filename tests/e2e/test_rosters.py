"""Couriers' rosters through the API: the dispatcher sets weeks and changes, every plan follows them."""

import json
import re
from datetime import date, datetime

from sqlmodel import select

from postal_service.context import Actor
from postal_service.db.engine import make_engine
from postal_service.db.queries import by_code
from postal_service.db.tables import PostOffice, RouteStop, User
from postal_service.domain.timeslots import LOCAL_TZ
from postal_service.services import planning
from postal_service.services.unit_of_work import unit_of_work

from ..factories import CAU_GIAY, OFFICE, PASSWORD
from .crowd import post_at_once
from .test_dispatch_pages import signed_in

ROSTERS = "/rosters"
MONDAY, SATURDAY = date(2026, 11, 23), date(2026, 11, 28)
WEEKDAYS_ONLY = {d: ["07:30", "17:30"] for d in ("mon", "tue", "wed", "thu", "fri")}
LUNCH = {d: ["11:30", "13:45"] for d in WEEKDAYS_ONLY}


def courier_id(api, username: str) -> int:
    roster = api.ok(api.get(ROSTERS, as_="dispatcher"))
    return next(c["courier_id"] for c in roster["couriers"] if c["username"] == username)


def fields(response) -> dict[str, str]:
    assert response.status_code == 422, response.get_json()
    return {f["field"]: f["message"] for f in response.get_json()["error"]["fields"]}


def plan(app, api, day: date) -> dict[str, list[datetime]]:
    """The plan a worker would make (the worker's own tests cover the queue): each courier's stops' times."""
    settings = app.extensions["postal"].settings.model_copy(update={"planning_seconds": 1.0})
    engine = make_engine(settings.database_url)
    with unit_of_work(engine, settings, Actor.system(), api.now) as ctx:
        run = planning.plan_office_day(ctx, by_code(ctx.session, PostOffice, OFFICE), day)
        stops = ctx.session.exec(select(RouteStop).where(RouteStop.plan_run_id == run.id)).all()
        routes: dict[str, list[datetime]] = {}
        for stop in stops:
            name = ctx.session.get_one(User, stop.courier_id).username
            routes.setdefault(name, []).append(stop.eta.astimezone(LOCAL_TZ))
    engine.dispose()
    return routes


def test_a_courier_on_leave_is_not_planned_and_the_board_says_who_is_off(app, api):
    api.book("send")
    api.book("send", slot_start="2026-11-23T13:30:00+07:00")
    for name in ("courier1", "nocash"):
        leave = {"kind": "leave", "first_day": "2026-11-23", "last_day": "2026-11-27", "note": "nghỉ phép năm"}
        api.ok(api.post(f"{ROSTERS}/{courier_id(api, name)}/changes", leave, as_="dispatcher"), 201)
    waiting = signed_in(app, "dispatcher").get("/dispatch?lang=en").get_data(as_text=True)
    assert '<option value="courier1">Courier1 (off)</option>' in waiting  # assigned by hand, knowingly
    assert '<option value="courier2">Courier2</option>' in waiting
    assert set(plan(app, api, MONDAY)) == {"courier2"}
    roster = api.ok(api.get(ROSTERS, as_="dispatcher", days=7))
    courier1 = next(c for c in roster["couriers"] if c["username"] == "courier1")
    assert [(d["day"], d["works"], d["because"]) for d in courier1["days"]][:6] == [
        *((f"2026-11-{n}", False, "leave") for n in range(23, 28)),
        ("2026-11-28", True, None),
    ]
    board = signed_in(app, "dispatcher").get("/dispatch?lang=en").get_data(as_text=True)
    away = re.search(r'<p id="away">(.*?)</p>', board, re.S).group(1)
    assert "Courier1 (leave)" in away and "Nocash (leave)" in away and "Courier2" not in away

    page = signed_in(app, "dispatcher").get("/dispatch/roster?lang=en").get_data(as_text=True)
    row = re.search(r'<tr data-courier="courier1">(.*?)</tr>', page, re.S).group(1)
    assert row.count("<strong>leave</strong>") == 5 and "nghỉ phép năm" in page


def test_a_half_day_ends_the_route_by_noon(app, api):
    for slot in ("2026-11-23T09:30:00+07:00", "2026-11-23T09:30:00+07:00", "2026-11-23T13:30:00+07:00"):
        api.book("send", slot_start=slot)
    for name in ("courier2", "nocash"):
        api.ok(
            api.post(
                f"{ROSTERS}/{courier_id(api, name)}/changes",
                {"kind": "sick", "first_day": "2026-11-23"},
                as_="dispatcher",
            ),
            201,
        )
    half = api.ok(
        api.post(
            f"{ROSTERS}/{courier_id(api, 'courier1')}/changes",
            {"kind": "half_day", "first_day": "2026-11-23"},
            as_="dispatcher",
        ),
        201,
    )
    assert half["hours"] is None  # the morning, the default
    routes = plan(app, api, MONDAY)
    assert set(routes) == {"courier1"} and routes["courier1"]
    assert max(routes["courier1"]).time() <= datetime(2026, 11, 23, 12, 0).time()


def test_a_swap_moves_a_courier_from_a_weekday_to_the_saturday_their_week_leaves_off(app, api):
    for name in ("courier1", "courier2", "nocash"):
        week = {"shifts": WEEKDAYS_ONLY, "lunch": LUNCH, "lunch_minutes": 45}
        assert api.ok(api.put(f"{ROSTERS}/{courier_id(api, name)}/week", week, as_="dispatcher"))["usual"] is False
    courier2 = courier_id(api, "courier2")
    swap = {"kind": "swap", "first_day": "2026-11-23", "works_on": "2026-11-28"}
    assert "works_on" in fields(api.post(f"{ROSTERS}/{courier2}/changes", swap, as_="dispatcher"))  # closes 11:30
    api.ok(api.post(f"{ROSTERS}/{courier2}/changes", swap | {"hours": ["07:30", "11:30"]}, as_="dispatcher"), 201)
    api.book("send", slot_start="2026-11-28T09:30:00+07:00")
    assert set(plan(app, api, SATURDAY)) == {"courier2"}
    roster = api.ok(api.get(ROSTERS, as_="manager", first_day="2026-11-23", days=6))
    days = next(c for c in roster["couriers"] if c["courier_id"] == courier2)["days"]
    assert (days[0]["works"], days[0]["because"]) == (False, "swap")
    assert (days[5]["works"], days[5]["hours"], days[5]["because"]) == (True, ["07:30", "11:30"], "swap")


def test_bad_weeks_and_changes_are_refused_naming_every_field(api):
    courier1 = courier_id(api, "courier1")
    url = f"{ROSTERS}/{courier1}/week"
    assert "shifts" in fields(api.put(url, {"shifts": {"mon": ["17:00", "08:00"]}}, as_="dispatcher"))
    bad = {"shifts": {"mon": ["07:30", "12:00"], "sun": ["08:00", "11:00"]}, "lunch": {"mon": ["12:30", "13:30"]}}
    assert set(fields(api.put(url, bad, as_="dispatcher"))) == {"shifts.sun", "lunch.mon"}
    short = {"shifts": {"mon": ["07:30", "17:30"]}, "lunch": {"mon": ["12:00", "12:30"]}, "lunch_minutes": 45}
    assert set(fields(api.put(url, short, as_="dispatcher"))) == {"lunch.mon"}
    changes = f"{ROSTERS}/{courier1}/changes"
    backwards = {"kind": "leave", "first_day": "2026-11-25", "last_day": "2026-11-24"}
    assert set(fields(api.post(changes, backwards, as_="dispatcher"))) == {"last_day"}
    past = {"kind": "sick", "first_day": "2026-11-20"}
    assert set(fields(api.post(changes, past, as_="dispatcher"))) == {"first_day"}
    api.ok(
        api.post(changes, {"kind": "leave", "first_day": "2026-11-24", "last_day": "2026-11-26"}, as_="dispatcher"), 201
    )
    overlapping = {"kind": "half_day", "first_day": "2026-11-26"}
    assert set(fields(api.post(changes, overlapping, as_="dispatcher"))) == {"first_day"}
    hours_off = {"kind": "half_day", "first_day": "2026-11-27", "hours": ["06:00", "10:00"]}
    assert set(fields(api.post(changes, hours_off, as_="dispatcher"))) == {"hours"}
    onto_a_working_day = {"kind": "swap", "first_day": "2026-11-27", "works_on": "2026-11-30"}
    assert set(fields(api.post(changes, onto_a_working_day, as_="dispatcher"))) == {"works_on"}
    assert set(fields(api.post(changes, {"kind": "holiday", "first_day": "2026-11-27"}, as_="dispatcher"))) == {"kind"}


def test_a_week_that_would_break_a_swap_already_made_is_refused_until_the_swap_is_withdrawn(api):
    courier1 = courier_id(api, "courier1")
    week = {"shifts": WEEKDAYS_ONLY}
    api.ok(api.put(f"{ROSTERS}/{courier1}/week", week, as_="dispatcher"))
    swap = {"kind": "swap", "first_day": "2026-11-27", "works_on": "2026-11-28", "hours": ["07:30", "11:30"]}
    made = api.ok(api.post(f"{ROSTERS}/{courier1}/changes", swap, as_="dispatcher"), 201)
    with_saturday = {"shifts": WEEKDAYS_ONLY | {"sat": ["07:30", "11:30"]}}
    assert set(fields(api.put(f"{ROSTERS}/{courier1}/week", with_saturday, as_="dispatcher"))) == {"shifts.sat"}
    api.ok(api.delete(f"{ROSTERS}/{courier1}/changes/{made['id']}", as_="dispatcher"))
    api.ok(api.put(f"{ROSTERS}/{courier1}/week", with_saturday, as_="dispatcher"))
    assert api.delete(f"{ROSTERS}/{courier1}/changes/{made['id']}", as_="dispatcher").status_code == 404


def test_only_the_offices_own_dispatchers_and_managers_keep_its_rosters(api):
    courier1 = courier_id(api, "courier1")
    leave = {"kind": "leave", "first_day": "2026-11-24"}
    for outsider in ("courier1", "clerk", "counter"):
        assert api.get(ROSTERS, as_=outsider).status_code == 403
        assert api.post(f"{ROSTERS}/{courier1}/changes", leave, as_=outsider).status_code == 403
    office = {
        "code": "122000", "name": "Bưu cục Cầu Giấy", "communes_served": [CAU_GIAY],
        "address": {"street": "1 Trần Thái Tông", "province_code": 1, "commune_code": CAU_GIAY,
                    "latitude": 21.03, "longitude": 105.79},
        "opening_hours": {"mon": ["07:30", "17:30"]},
    }  # fmt: skip
    api.ok(api.post("/post-offices", office, as_="admin"), 201)
    other = {"username": "dispatcher2", "password": PASSWORD, "role": "dispatcher", "full_name": "Điều phối 2",
             "post_office_code": "122000"}  # fmt: skip
    api.ok(api.post("/staff", other, as_="admin"), 201)
    assert api.post(f"{ROSTERS}/{courier1}/changes", leave, as_="dispatcher2").status_code == 403
    assert api.ok(api.get(ROSTERS, as_="dispatcher2"))["couriers"] == []
    assert api.get(ROSTERS, as_="dispatcher2", office=OFFICE).status_code == 403
    assert api.ok(api.get(ROSTERS, as_="admin", office=OFFICE))["office_code"] == OFFICE
    assert api.ok(api.get(ROSTERS, as_="admin"))["office_code"] == OFFICE  # the first office by default
    api.ok(api.post(f"{ROSTERS}/{courier1}/changes", leave, as_="manager"), 201)
    assert api.post(f"{ROSTERS}/999999/changes", leave, as_="dispatcher").status_code == 404


def test_ten_overlapping_changes_sent_at_once_for_one_courier_keep_exactly_one(api):
    courier1 = courier_id(api, "courier1")
    headers = api.login("dispatcher")
    calls = [
        (
            f"/api/v1{ROSTERS}/{courier1}/changes",
            json.dumps({"kind": "leave", "first_day": f"2026-11-{24 + n % 3}", "last_day": "2026-11-27"}).encode(),
            headers,
        )
        for n in range(10)
    ]
    answers = post_at_once(api.app, calls)
    assert sorted(a.status for a in answers) == [201] + [422] * 9
    couriers = api.ok(api.get(ROSTERS, as_="dispatcher"))["couriers"]
    assert len(next(c for c in couriers if c["username"] == "courier1")["changes"]) == 1


def test_a_courier_reads_their_own_coming_week_on_the_route_page(app, api):
    courier1 = courier_id(api, "courier1")
    half = {"kind": "half_day", "first_day": "2026-11-24", "hours": ["13:30", "17:30"]}
    api.ok(api.post(f"{ROSTERS}/{courier1}/changes", half, as_="dispatcher"), 201)
    api.ok(
        api.post(f"{ROSTERS}/{courier1}/changes", {"kind": "sick", "first_day": "2026-11-25"}, as_="dispatcher"), 201
    )
    page = signed_in(app, "courier1").get("/courier?lang=en").get_data(as_text=True)
    days = re.findall(
        r"<li><strong>(.*?)</strong>:\s*(.*?)</li>",
        re.search(r'id="my-days">(.*?)</details>', page, re.S).group(1),
        re.S,
    )
    said = [" ".join(text.split()) for _, text in days]
    assert said[:4] == [
        "07:30–17:30 · lunch between 11:30 and 13:45",
        "13:30–17:30 (half day)",
        "sick",
        "07:30–17:30 · lunch between 11:30 and 13:45",
    ]
    assert said[6] == "off" and len(said) == 7  # the office is closed on Sundays
    other = signed_in(app, "courier2").get("/courier?lang=en").get_data(as_text=True)
    assert "sick" not in other
