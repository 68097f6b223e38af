"""The dispatcher plans the day from the board: routes table, server-drawn map, couriers see their order."""

import re
import time

from ..factories import PASSWORD
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
