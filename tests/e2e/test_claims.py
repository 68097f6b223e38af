"""Claims through the API: filed within six months, the answer date by the legal clock, handed to someone,
answered once by a manager with compensation from the tariff, the citizen told at each step, the office warned
before the answer date passes."""

from __future__ import annotations

import json
from datetime import date, datetime, time, timedelta

from sqlmodel import select

from postal_service import jobs
from postal_service.db.engine import make_engine, new_session
from postal_service.db.queries import user_by_username
from postal_service.db.tables import Notification, ServiceRequest
from postal_service.domain.timeslots import LOCAL_TZ

from .crowd import post_at_once
from .test_dispatch_pages import signed_in
from .test_tracking_page import _citizen


def _filed(api, kind: str = "lost", as_: str = "counter") -> tuple[dict, dict]:
    booked = api.book("send")
    tracking = api.dossier_to_agency_desk(booked)  # Monday: picked up, taken to the desk, never confirmed
    body = {"tracking_number": tracking, "kind": kind, "description": "Hồ sơ không đến cơ quan"}
    claim = api.ok(api.post(f"/requests/{booked['request']['reference']}/claims", body, as_=as_), 201)
    return booked, claim


def _topics(api, reference: str) -> list[str]:
    """The messages written to the citizen of the request (the outbox, as the worker finds it)."""
    with new_session(api.app.extensions["postal"].engine) as session:
        request = session.exec(select(ServiceRequest).where(ServiceRequest.reference == reference)).one()
        rows = session.exec(select(Notification).where(Notification.request_id == request.id)).all()
        return [row.topic for row in rows]


def test_a_claim_is_numbered_linked_to_the_envelopes_steps_and_due_in_five_working_days(api):
    booked, claim = _filed(api)
    assert claim["number"].startswith("KN2026") and claim["status"] == "open"
    assert claim["resolve_by"] == "2026-11-30"  # within one province: Monday + 5 working days
    assert claim["working_days_left"] == 5
    assert [e["action"] for e in claim["events"]][-1] == "present_at_agency"
    assert "claim_filed" in _topics(api, booked["request"]["reference"])
    listed = api.ok(api.get("/post-offices/100000/claims", as_="counter"))
    assert [c["number"] for c in listed] == [claim["number"]]


def test_a_claim_is_handed_to_office_staff_then_answered_once_with_compensation(api):
    booked, claim = _filed(api)
    path = f"/claims/{claim['id']}"
    answer = {"verdict": "upheld", "resolution": "Bồi thường theo quy định"}
    assert api.post(f"{path}/resolution", answer, as_="dispatcher").status_code == 409  # nobody looked into it yet
    refused = api.post(f"{path}/assignment", {"assignee_username": "courier1"}, as_="counter")
    assert refused.status_code == 422 and "assignee_username" in refused.get_data(as_text=True)
    assigned = api.ok(api.post(f"{path}/assignment", {"assignee_username": "counter"}, as_="counter"))
    assert assigned["status"] == "assigned" and assigned["assignee"] == "counter"
    assert api.post(f"{path}/resolution", answer, as_="counter").status_code == 403  # a manager answers
    resolved = api.ok(api.post(f"{path}/resolution", answer, as_="dispatcher"))
    assert (
        resolved["status"] == "resolved" and resolved["compensation"] == 4 * booked["request"]["quote"]["postal_charge"]
    )
    assert api.post(f"{path}/resolution", answer, as_="admin").status_code == 409
    assert _topics(api, booked["request"]["reference"])[-3:] == ["claim_filed", "claim_assigned", "claim_upheld"]
    assert api.ok(api.get("/post-offices/100000/claims", as_="counter")) == []  # answered: off the open list


def test_the_one_who_filed_a_claim_does_not_answer_it(api):
    _, claim = _filed(api, as_="dispatcher")
    api.ok(api.post(f"/claims/{claim['id']}/assignment", {"assignee_username": "dispatcher"}, as_="dispatcher"))
    answer = {"verdict": "not_upheld", "resolution": "Hồ sơ đã được giao"}
    assert api.post(f"/claims/{claim['id']}/resolution", answer, as_="dispatcher").status_code == 403
    assert api.ok(api.post(f"/claims/{claim['id']}/resolution", answer, as_="admin"))["compensation"] == 0


def test_two_managers_answering_at_once_answer_once(api):
    _, claim = _filed(api)
    api.ok(api.post(f"/claims/{claim['id']}/assignment", {"assignee_username": "counter"}, as_="counter"))
    body = json.dumps({"verdict": "upheld", "resolution": "Đồng ý"}).encode()
    path = f"/api/v1/claims/{claim['id']}/resolution"
    answers = post_at_once(api.app, [(path, body, api.login(name)) for name in ("dispatcher", "admin")])
    assert sorted(a.status for a in answers) == [200, 409]


def test_a_claim_after_six_months_is_refused_and_strangers_cannot_file(api):
    booked = api.book("send")
    tracking = api.dossier_to_agency_desk(booked)
    reference = booked["request"]["reference"]
    body = {"tracking_number": tracking, "kind": "late", "description": "Chậm"}
    assert api.post(f"/requests/{reference}/claims", body, as_="courier2").status_code == 403
    wrong = api.post(f"/requests/{reference}/claims", body | {"tracking_number": "RH000000099VN"}, as_="counter")
    assert wrong.status_code == 422
    api.at(date(2027, 5, 24), 9)
    late = api.post(f"/requests/{reference}/claims", body, as_="counter")
    assert late.status_code == 422 and "tracking_number" in late.get_data(as_text=True)


def test_the_office_is_texted_the_working_day_before_an_answer_is_due_and_only_once(api, settings):
    _, claim = _filed(api)
    engine = make_engine(settings.database_url)
    try:
        with new_session(engine) as session:
            user_by_username(session, "dispatcher").phone = "0912000111"
            session.commit()
        friday = datetime.combine(date(2026, 11, 27), time(9), LOCAL_TZ)
        with new_session(engine) as session:
            assert jobs.warn_due_claims(session, settings, friday - timedelta(days=1)) == []
            assert jobs.warn_due_claims(session, settings, friday) == [claim["number"]]
            assert jobs.warn_due_claims(session, settings, friday) == []
            session.commit()
        with new_session(engine) as session:
            texts = session.exec(select(Notification).where(Notification.topic == "claim_due")).all()
            assert [t.recipient for t in texts] == ["0912000111"] and claim["number"] in texts[0].body
    finally:
        engine.dispose()


def test_the_citizen_files_from_the_tracking_page_and_the_office_answers_on_its_claims_page(app, api):
    booked = api.book("send")
    tracking = api.dossier_to_agency_desk(booked)
    reference = booked["request"]["reference"]
    citizen = _citizen(app, reference)
    page = citizen.get(f"/track/{reference}?lang=vi").get_data(as_text=True)
    assert "Khiếu nại" in page
    form = {"tracking_number": tracking, "kind": "late", "description": "Chưa thấy cơ quan nhận"}
    filed = citizen.post(f"/track/{reference}/claims", data=form)
    assert filed.status_code == 302
    after = citizen.get(f"/track/{reference}?lang=vi").get_data(as_text=True)
    assert "KN2026" in after and "30/11/2026" in after
    office = signed_in(app, "dispatcher").get("/dispatch/claims?lang=vi").get_data(as_text=True)
    assert "KN2026" in office and tracking in office and "/api/v1/claims/" in office
    assert signed_in(app, "courier1").get("/dispatch/claims").status_code == 403
