"""The citizen's tracking page: the booked slot, the courier's window on the day, and cancel or reschedule only
after seeing what will happen and confirming it."""

from __future__ import annotations

import re

from postal_service.context import Actor
from postal_service.db.engine import make_engine
from postal_service.db.queries import by_code
from postal_service.db.tables import PostOffice
from postal_service.services import planning
from postal_service.services.unit_of_work import unit_of_work

from ..factories import OFFICE


def _citizen(app, reference: str):
    app.config["WTF_CSRF_ENABLED"] = False
    client = app.test_client()
    with client.session_transaction() as session:
        session["citizen"] = reference
    return client


def test_the_page_shows_the_booked_slot_with_its_weekday_and_the_courier_window_once_planned(app, api):
    reference = api.book("send")["request"]["reference"]
    citizen = _citizen(app, reference)
    page = citizen.get(f"/track/{reference}").get_data(as_text=True)
    assert "Thứ Hai, 23/11/2026, 09:30-11:30" in page and "Bưu tá dự kiến đến" not in page
    settings = app.extensions["postal"].settings.model_copy(update={"planning_seconds": 1.0})
    engine = make_engine(settings.database_url)
    with unit_of_work(engine, settings, Actor.system(), api.now) as ctx:
        planning.plan_office_day(ctx, by_code(ctx.session, PostOffice, OFFICE), ctx.today)
    engine.dispose()
    page = citizen.get(f"/track/{reference}").get_data(as_text=True)
    assert "Bưu tá dự kiến đến hôm nay trong khoảng" in page


def test_cancelling_asks_first_and_only_the_confirmation_cancels(app, api):
    reference = api.book("send")["request"]["reference"]
    citizen = _citizen(app, reference)
    asked = citizen.post(f"/track/{reference}/cancel", data={"reason": "đổi ý"}).get_data(as_text=True)
    assert f"Hủy yêu cầu {reference}?" in asked and 'name="confirmed" value="yes"' in asked
    assert api.ok(api.get(f"/requests/{reference}", as_="admin"))["parcels"][0]["status"] == "booked"
    done = citizen.post(f"/track/{reference}/cancel", data={"reason": "đổi ý", "confirmed": "yes"})
    assert done.status_code == 302
    assert api.ok(api.get(f"/requests/{reference}", as_="admin"))["parcels"][0]["status"] == "cancelled"


def test_rescheduling_shows_the_old_and_new_slot_before_moving_it(app, api):
    reference = api.book("send")["request"]["reference"]
    citizen = _citizen(app, reference)
    new = "2026-11-24T09:30:00+07:00"
    asked = citizen.post(f"/track/{reference}/reschedule", data={"slot_start": new}).get_data(as_text=True)
    assert "Thứ Hai, 23/11/2026, 09:30-11:30" in asked and "Thứ Ba, 24/11/2026, 09:30-11:30" in asked
    assert api.ok(api.get(f"/requests/{reference}", as_="admin"))["slot_start"].startswith("2026-11-23")
    citizen.post(f"/track/{reference}/reschedule", data={"slot_start": new, "confirmed": "yes"})
    assert api.ok(api.get(f"/requests/{reference}", as_="admin"))["slot_start"].startswith("2026-11-24")


def _csrf_of(page: str) -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)  # type: ignore[union-attr]


def test_a_complaint_sent_from_the_page_with_its_csrf_token_is_received_and_said_so(app, api):
    booked = api.book("send")
    reference, envelope = booked["request"]["reference"], api.tracking_of(booked, "dossier")
    citizen = app.test_client()  # CSRF on, as in production: the form carries its token
    with citizen.session_transaction() as session:
        session["citizen"] = reference
    page = citizen.get(f"/track/{reference}").get_data(as_text=True)
    form = {"csrf_token": _csrf_of(page), "tracking_number": envelope, "kind": "late", "description": "Chậm quá"}
    answered = citizen.post(f"/track/{reference}/claims", data=form, follow_redirects=True).get_data(as_text=True)
    assert "Đã tiếp nhận khiếu nại" in answered and "không được dùng ở đây" not in answered
    assert len(api.ok(api.get(f"/requests/{reference}/claims", as_="admin"))) == 1


def test_text_in_the_address_never_reaches_the_notice_banner(app, api):
    reference = api.book("send")["request"]["reference"]
    citizen = _citizen(app, reference)
    page = citizen.get(f"/track/{reference}?message=G%E1%BB%8Di+0900123456+%C4%91%E1%BB%83+n%E1%BB%99p+ph%E1%BA%A1t")
    assert "0900123456" not in page.get_data(as_text=True)
    citizen.post(f"/track/{reference}/cancel", data={"confirmed": "yes"})
    shown = citizen.get(f"/track/{reference}").get_data(as_text=True)
    assert "Yêu cầu của bạn đã được hủy." in shown  # the page's own words come through the session, once
    assert "Yêu cầu của bạn đã được hủy." not in citizen.get(f"/track/{reference}").get_data(as_text=True)
