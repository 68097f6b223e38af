"""The dispatcher plans the day from the board: routes table, server-drawn map, couriers see their order."""

import re

from ..factories import PASSWORD


def signed_in(app, username):
    app.config["WTF_CSRF_ENABLED"] = False  # the browser tests cover CSRF; here only the pages' content
    client = app.test_client()
    assert client.post("/login", data={"username": username, "password": PASSWORD}).status_code == 302
    return client


def test_the_dispatcher_plans_the_day_and_sees_routes_on_a_map(app, api):
    app.extensions["postal"].settings = app.extensions["postal"].settings.model_copy(update={"planning_seconds": 1.0})
    api.book("send")
    api.book("both", slot_start="2026-11-23T13:30:00+07:00")
    dispatcher = signed_in(app, "dispatcher")
    assert "polyline" not in dispatcher.get("/dispatch").get_data(as_text=True)
    response = dispatcher.post("/dispatch/plan")
    assert response.status_code == 302
    page = dispatcher.get(response.headers["Location"]).get_data(as_text=True)
    assert "<svg" in page and "polyline" in page
    assert len(re.findall(r"RH\d{9}VN", page)) >= 2

    courier_name = re.search(r'data-courier="(courier\d)"', page).group(1)
    route = signed_in(app, courier_name).get("/courier").get_data(as_text=True)
    assert "Dự kiến đến" in route
