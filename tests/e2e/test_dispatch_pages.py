"""The dispatcher plans the day from the board: routes table, server-drawn map, couriers see their order."""

import re
import time
from datetime import date

from postal_service.context import Actor
from postal_service.db.engine import make_engine
from postal_service.db.queries import by_code
from postal_service.db.tables import PostOffice
from postal_service.services import planning
from postal_service.services.unit_of_work import unit_of_work

from ..factories import OFFICE, PASSWORD
from .servers import start_worker, stop


def signed_in(app, username):
    app.config["WTF_CSRF_ENABLED"] = False  # the browser tests cover CSRF; here only the pages' content
    client = app.test_client()
    assert client.post("/login", data={"username": username, "password": PASSWORD}).status_code == 302
    return client


def test_the_dispatcher_plans_the_day_on_a_worker_and_sees_routes_on_a_map(app, api, settings):
    app.extensions["postal"].settings = app.extensions["postal"].settings.model_copy(update={"planning_seconds": 1.0})
    api.book("send")
    api.book("both", slot_start="2026-11-23T13:30:00+07:00")
    dispatcher = signed_in(app, "dispatcher")
    assert "polyline" not in dispatcher.get("/dispatch").get_data(as_text=True)
    worker = start_worker(settings, PLANNING_SECONDS="1")
    try:
        response = dispatcher.post("/dispatch/plan")  # the page only asks; a worker process solves
        assert response.status_code == 302
        plan = dispatcher.get(response.headers["Location"]).get_data(as_text=True)
        assert "plan-pending" in plan or "Planned" in plan or "Đã lập" in plan
        plan_id = int(re.search(r"plan=(\d+)", response.headers["Location"]).group(1))
        for _ in range(600):  # bounded by attempts: a busy machine only makes the worker slower
            status = dispatcher.get(f"/api/v1/plans/{plan_id}").get_json()["status"]
            if status not in ("queued", "running"):
                break
            time.sleep(0.2)
        assert status == "done", dispatcher.get(f"/api/v1/plans/{plan_id}").get_json().get("note")
    finally:
        stop(worker)
    page = dispatcher.get(response.headers["Location"]).get_data(as_text=True)
    assert "<svg" in page and "polyline" in page
    assert len(re.findall(r"RH\d{9}VN", page)) >= 2

    courier_name = re.search(r'data-courier="(courier\d)"', page).group(1)
    route = signed_in(app, courier_name).get("/courier").get_data(as_text=True)
    assert "Dự kiến đến" in route


def test_the_api_queues_a_plan_and_answers_at_once_without_solving(api):
    api.book("send")
    queued = api.ok(api.post("/post-offices/100000/plans", {}, as_="dispatcher"), 202)
    assert queued["status"] == "queued" and queued["post_office_code"] == "100000"  # no worker runs in this test
    assert api.ok(api.get(f"/plans/{queued['id']}", as_="dispatcher"))["status"] == "queued"
    assert api.get(f"/plans/{queued['id']}", as_="courier1").status_code == 403
    assert api.post("/post-offices/100000/plans", {"day": "23/11/2026"}, as_="dispatcher").status_code == 422
    assert api.get("/plans/999999", as_="dispatcher").status_code == 404


def test_the_header_counts_open_deadline_alerts_for_dispatchers_only(app, api):
    dispatcher = signed_in(app, "dispatcher").get("/dispatch?lang=vi").get_data(as_text=True)
    assert "Cảnh báo hạn: 0" in dispatcher and 'id="at-risk"' in dispatcher
    courier = signed_in(app, "courier1").get("/courier").get_data(as_text=True)
    assert "Cảnh báo hạn" not in courier and "Deadline alerts" not in courier


def test_an_error_page_for_a_dispatcher_leaves_no_database_connection_checked_out(app):
    dispatcher = signed_in(app, "dispatcher")
    assert dispatcher.get("/admin/access-log").status_code == 403  # the header is drawn after the unit of work
    assert app.extensions["postal"].engine.pool.checkedout() == 0


SUNDAY = "2026-11-29"  # the test office is closed on Sundays


def test_a_plan_for_a_closed_day_is_refused_at_once_naming_the_day_in_the_callers_language(api):
    refused = api.post(
        "/post-offices/100000/plans", {"day": SUNDAY}, as_="dispatcher", headers={"Accept-Language": "vi"}
    )
    assert refused.status_code == 422
    assert [(f["field"], "đóng cửa" in f["message"]) for f in refused.get_json()["error"]["fields"]] == [("day", True)]


def test_the_board_offers_no_plan_for_a_closed_day_and_says_why_when_one_is_asked_for(app, api):
    dispatcher = signed_in(app, "dispatcher")
    board = dispatcher.get(f"/dispatch?day={SUNDAY}").get_data(as_text=True)
    assert "Bưu cục nghỉ ngày này" in board and 'class="plan-form"' not in board
    answered = dispatcher.post("/dispatch/plan", data={"day": SUNDAY}, follow_redirects=True).get_data(as_text=True)
    assert 'role="alert"' in answered and "đóng cửa" in answered and "NotFound" not in answered


def test_the_waiting_banner_names_the_day_being_planned(app, api):
    dispatcher = signed_in(app, "dispatcher")
    asked = dispatcher.post("/dispatch/plan", data={"day": "2026-11-24"}, follow_redirects=True).get_data(as_text=True)
    assert "Đang lập lộ trình ngày Thứ Ba, 24/11/2026" in asked and "hôm nay" not in asked


def test_a_booking_made_after_the_plan_is_pointed_out_on_the_board(app, api):
    api.book("send")
    dispatcher = signed_in(app, "dispatcher")
    plan_now(app, api)
    assert "plan again" not in dispatcher.get("/dispatch?lang=en").get_data(as_text=True)
    api.book("send", slot_start="2026-11-23T13:30:00+07:00")
    assert "Bookings changed since this plan" in dispatcher.get("/dispatch?lang=en").get_data(as_text=True)
    assert "Lịch hẹn đã thay đổi" in dispatcher.get("/dispatch?lang=vi").get_data(as_text=True)


def plan_now(app, api) -> None:
    """The plan a worker would make, made here (the worker's own tests cover the queue)."""
    settings = app.extensions["postal"].settings.model_copy(update={"planning_seconds": 1.0})
    engine = make_engine(settings.database_url)
    with unit_of_work(engine, settings, Actor.system(), api.now) as ctx:
        planning.plan_office_day(ctx, by_code(ctx.session, PostOffice, OFFICE), ctx.today)
    engine.dispose()


def test_the_couriers_count_of_stops_done_moves_with_each_stop_finished_even_without_a_plan(app, api):
    booked = api.book("send")
    tracking = api.tracking_of(booked, "dossier")
    api.ok(api.post(f"/parcels/{tracking}/assignment", {"courier_username": "courier1"}, as_="dispatcher"))
    courier = signed_in(app, "courier1")
    assert re.search(r'id="done-count">0 / 1<', courier.get("/courier").get_data(as_text=True))
    due = booked["request"]["quote"]["total"]
    api.ok(api.post(f"/parcels/{tracking}/pickup", api.pickup_body(tracking, due), as_="courier1"))
    assert re.search(r'id="done-count">1 / 2<', courier.get("/courier").get_data(as_text=True))  # now to the agency


def test_an_envelope_past_its_deadline_is_counted_late_beside_the_finished_legs_not_only_listed(app, api):
    booked = api.book("send")
    api.dossier_to_agency_desk(booked)
    api.at(date(2026, 12, 14), 9, 0)  # three weeks on, still at the desk: the post's J+ deadline has passed
    board = signed_in(app, "dispatcher").get("/dispatch?lang=en").get_data(as_text=True)
    assert re.search(r'id="overdue-count">1<', board)
    assert "Not finished yet and already past the deadline: 1" in board


def test_a_fresh_booking_shows_no_hours_held_of_zero(app, api):
    reference = api.book("send")["request"]["reference"]
    citizen = app.test_client()
    with citizen.session_transaction() as session:
        session["citizen"] = reference
    page = citizen.get(f"/track/{reference}").get_data(as_text=True)
    assert "0 giờ" not in page and "Thời gian đến nay" not in page
    api.later(hours=5)
    assert "5 giờ" in citizen.get(f"/track/{reference}").get_data(as_text=True)


def test_every_member_of_staff_finds_each_page_they_may_use_in_the_header(app, api):
    manager = signed_in(app, "manager").get("/dispatch/kpis").get_data(as_text=True)
    nav = manager[manager.index('class="staff-nav"') :]
    nav = nav[: nav.index("</nav>")]
    for page in ("/dispatch/cash", "/dispatch/fee-statements", "/dispatch/claims", "/dispatch/kpis"):
        assert f'href="{page}"' in nav, page
    assert 'href="/dispatch"' not in nav  # the board is the dispatchers' (a manager is refused it)
    courier = signed_in(app, "courier1").get("/courier").get_data(as_text=True)
    assert 'href="/courier" aria-current="page"' in courier and "/dispatch/cash" not in courier


def test_a_courier_opening_an_envelope_not_given_to_them_is_told_what_to_do(app, api):
    tracking = api.tracking_of(api.book("send"), "dossier")
    answered = signed_in(app, "courier1").get(f"/courier/parcel/{tracking}")
    page = answered.get_data(as_text=True)
    assert answered.status_code == 403 and "hãy đề nghị điều phối viên giao" in page
    assert 'href="/courier">' in page  # back to the day, not to the public start page


def test_a_long_waiting_list_is_shown_a_page_at_a_time_keeping_the_day_and_the_whole_count(app, api, monkeypatch):
    monkeypatch.setattr("api.web.paging.PAGE_SIZE", 2)
    slots = ("09:30", "09:30", "09:30", "13:30", "13:30")  # three bookings a slot
    booked = [api.book("send", slot_start=f"2026-11-23T{at}:00+07:00") for at in slots]
    waiting = [api.tracking_of(b, "dossier") for b in booked]
    dispatcher = signed_in(app, "dispatcher")
    first = dispatcher.get("/dispatch?lang=en&day=2026-11-23").get_data(as_text=True)
    assert "Waiting for a courier (5)" in first and "1–2 of 5" in first
    shown = [t for t in waiting if f'data-tracking="{t}"' in first]
    assert len(shown) == 2 and "Previous" not in first.split('id="needs"')[0]
    following = re.search(r'href="([^"]*waiting=2[^"]*)"', first)
    assert following and "day=2026-11-23" in following[1] and following[1].endswith("#waiting")
    second = dispatcher.get(following[1].replace("&amp;", "&")).get_data(as_text=True)
    assert "3–4 of 5" in second and not any(f'data-tracking="{t}"' in second for t in shown)
    last = dispatcher.get("/dispatch?lang=en&waiting=4").get_data(as_text=True)
    assert "5–5 of 5" in last and "Next" not in last.split('id="needs"')[0]
    assert "1–2 of 5" in dispatcher.get("/dispatch?lang=en&waiting=99").get_data(as_text=True)  # out of range
