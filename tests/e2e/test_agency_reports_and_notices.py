"""Agency systems move the result and the appointment by API; the citizen hears of it in their language."""

from __future__ import annotations

from sqlmodel import select

from postal_service.db.engine import make_engine, new_session
from postal_service.db.tables import Notification

from ..factories import AGENCY_CODE
from .test_failure_paths import fields


def _notices(api, reference: str) -> list[Notification]:
    engine = make_engine(api.app.extensions["postal"].settings.database_url)
    with new_session(engine) as session:
        rows = session.exec(select(Notification).where(Notification.body.contains(reference))).all()
    engine.dispose()
    return sorted(rows, key=lambda n: n.id)


def _system(api) -> dict[str, str]:
    key = api.ok(api.post("/api-keys", {"agency_code": AGENCY_CODE, "label": "one-stop system"}, as_="admin"), 201)
    return {"X-API-Key": key["api_key"]}


def test_an_agency_system_reporting_processing_completed_makes_the_result_ready_for_the_courier(api):
    booked = api.book("receive")
    reference, result = booked["request"]["reference"], api.tracking_of(booked, "result")
    system = _system(api)
    api.ok(api.post(f"/requests/{reference}/national-status", {"code": 9, "note": "Đã ký"}, headers=system))
    parcel = api.ok(api.get(f"/parcels/{result}", as_="clerk"))
    assert parcel["status"] == "ready_at_agency" and parcel["events"][-1]["actor"].startswith("apikey:")
    assert _notices(api, reference)[-1].topic == "result_ready"
    again = api.post(f"/requests/{reference}/national-status", {"code": 9}, headers=system)
    assert api.ok(again)["national_status"] == 9  # reported twice: the result is not moved twice
    assert api.ok(api.get(f"/parcels/{result}", as_="clerk"))["events"][-1]["action"] == "mark_result_ready"


def test_a_new_appointment_date_from_the_agency_system_is_kept_and_texted(api):
    booked = api.book("receive")
    reference = booked["request"]["reference"]
    report = {"code": 4, "appointment_date": "2026-12-10", "note": "Hẹn lại do cần xác minh"}
    request = api.ok(api.post(f"/requests/{reference}/national-status", report, headers=_system(api)))
    assert request["appointment_date"] == "2026-12-10"
    notice = _notices(api, reference)[-1]
    assert notice.topic == "appointment_changed" and notice.body.endswith("10/12/2026.")
    assert notice.body.startswith("Cơ quan hẹn lại ngày trả kết quả hồ sơ")


def test_a_report_dated_in_the_future_or_an_appointment_in_the_past_is_refused_with_the_field_named(api):
    reference = api.book("receive")["request"]["reference"]
    future = {"code": 4, "reported_at": "2026-11-30T09:00:00+07:00"}
    answer = api.post(f"/requests/{reference}/national-status", future, as_="clerk")
    assert answer.status_code == 422 and "reported_at" in fields(answer)
    past = {"code": 4, "appointment_date": "2026-11-01"}
    answer = api.post(f"/requests/{reference}/national-status", past, as_="clerk")
    assert answer.status_code == 422 and "appointment_date" in fields(answer)
    history = api.ok(api.get(f"/requests/{reference}", as_="clerk"))["national_history"]
    assert [r["code"] for r in history] == [4]  # nothing half written


def test_a_citizen_who_books_in_english_with_an_e_mail_gets_every_notice_in_english_by_sms_and_e_mail(api):
    contact = {"name": "Jane Doe", "phone": "0912345678", "id_number": "001090123456", "email": "jane@example.vn"}
    booked = api.book("send", contact=contact, language="en")
    reference = booked["request"]["reference"]
    notices = _notices(api, reference)
    assert sorted((n.channel, n.recipient) for n in notices) == [("email", "jane@example.vn"), ("sms", "0912345678")]
    assert all(n.body.startswith(f"Public postal service {reference} booked") for n in notices)
    assert all(n.subject == f"Booking confirmed - {reference}" and n.topic == "booked" for n in notices)
    assert f"/track/{reference}" in notices[0].body


def test_a_malformed_e_mail_address_is_named_in_the_422(api):
    contact = {"name": "An", "phone": "0912345678", "id_number": "001090123456", "email": "not-an-address"}
    answer = api.post("/requests", api.booking("send", contact=contact), key=None)
    assert answer.status_code == 422 and "contact.email" in fields(answer)


def test_an_old_9_digit_id_card_is_refused_with_the_reason(api):
    contact = {"name": "An", "phone": "0912345678", "id_number": "012345678"}
    answer = api.post("/requests", api.booking("send", contact=contact), key=None)
    assert answer.status_code == 422 and fields(answer) == {"contact.id_number"}
    assert "no longer valid since 1 January 2025" in answer.get_json()["error"]["fields"][0]["message"]
