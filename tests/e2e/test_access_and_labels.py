"""Who may do what, forged labels, and repeated requests."""

import pytest
from sqlmodel import func, select

from postal_service.db.engine import make_engine, new_session
from postal_service.db.tables import CustodyEvent, ServiceRequest
from postal_service.domain.lifecycle import Leg

from ..factories import AGENCY_CODE


def count(api, table):
    engine = make_engine(api.app.extensions["postal"].settings.database_url)
    with new_session(engine) as session:
        total = session.exec(select(func.count()).select_from(table)).one()
    engine.dispose()
    return total


def test_a_forged_or_altered_label_is_refused_with_a_clear_message(api):
    booked = api.book("send")
    tracking = api.tracking_of(booked, "dossier")
    genuine = api.label(tracking, Leg.DOSSIER)
    forged = genuine[:-4] + ("AAAA" if not genuine.endswith("AAAA") else "BBBB")
    response = api.post("/scan", {"payload": forged}, as_="dispatcher")
    assert response.status_code == 400
    assert response.get_json()["error"]["code"] == "forged_label"
    assert "forged or altered" in response.get_json()["error"]["message"]


def test_a_step_that_scans_another_parcels_label_is_refused(api):
    first, second = api.book("send"), api.book("send")
    tracking, other = api.tracking_of(first, "dossier"), api.tracking_of(second, "dossier")
    api.ok(api.post(f"/parcels/{tracking}/assignment", {"courier_username": "courier1"}, as_="dispatcher"))
    body = api.pickup_body(tracking, 33_000, scanned_qr=api.label(other, Leg.DOSSIER))
    response = api.post(f"/parcels/{tracking}/pickup", body, as_="courier1")
    assert response.status_code == 400
    assert api.ok(api.get(f"/parcels/{tracking}", as_="courier1"))["status"] == "booked"


def test_a_courier_cannot_confirm_the_agency_receipt(api):
    dossier = api.dossier_to_agency_desk(api.book("send"))
    body = {"dossier_code": f"{AGENCY_CODE}-261123-0001", "appointment_date": "2026-12-07"}
    response = api.post(f"/parcels/{dossier}/agency-receipt", body, as_="courier1")
    assert response.status_code == 403


def test_another_agency_cannot_see_or_touch_the_parcel(api):
    dossier = api.dossier_to_agency_desk(api.book("send"))
    body = {"dossier_code": f"{AGENCY_CODE}-261123-0001", "appointment_date": "2026-12-07"}
    assert api.post(f"/parcels/{dossier}/agency-receipt", body, as_="otherclerk").status_code == 403
    assert api.get(f"/parcels/{dossier}", as_="otherclerk").status_code == 403
    assert api.ok(api.get("/parcels", as_="otherclerk")) == []


def test_a_courier_touches_only_parcels_on_its_route_or_in_its_hands(api):
    booked = api.book("send")
    tracking = api.tracking_of(booked, "dossier")
    api.ok(api.post(f"/parcels/{tracking}/assignment", {"courier_username": "courier1"}, as_="dispatcher"))
    stranger = api.post(f"/parcels/{tracking}/pickup", api.pickup_body(tracking, 33_000), as_="courier2")
    assert stranger.status_code == 403
    assert api.get(f"/parcels/{tracking}", as_="courier2").status_code == 403
    assert [row["tracking_number"] for row in api.ok(api.get("/parcels", as_="courier1"))] == [tracking]


def test_couriers_see_the_citizens_id_number_masked(api):
    booked = api.book("send")
    tracking = api.tracking_of(booked, "dossier")
    api.ok(api.post(f"/parcels/{tracking}/assignment", {"courier_username": "courier1"}, as_="dispatcher"))
    seen = api.ok(api.get(f"/requests/{booked['request']['reference']}", as_="courier1"))
    assert seen["contact_id_number"] == "********3456"


def test_citizens_see_only_their_own_request(api):
    mine, theirs = api.book("send"), api.book("send")
    token = f"token:{mine['citizen_token']}"
    assert api.get(f"/requests/{mine['request']['reference']}", as_=token).status_code == 200
    assert api.get(f"/requests/{theirs['request']['reference']}", as_=token).status_code == 403
    assert api.get(f"/requests/{theirs['request']['reference']}").status_code == 401  # no credentials at all


def test_a_wrong_citizen_code_gives_no_token(api):
    reference = api.book("send")["request"]["reference"]
    api.ok(api.post("/auth/citizen/code", {"reference": reference, "phone": "0912345678"}), 202)
    response = api.post("/auth/citizen/token", {"reference": reference, "phone": "0912345678", "code": "000000"})
    assert response.status_code == 401


def test_bad_credentials_are_401_and_catalogue_changes_need_an_administrator(api):
    assert api.get("/parcels", headers={"Authorization": "Bearer forged"}).status_code == 401
    assert api.get("/parcels", headers={"X-API-Key": "nope.nope"}).status_code == 401
    assert api.post("/auth/login", {"username": "clerk", "password": "wrong-password"}).status_code == 401
    body = {"username": "intruder", "password": "long-enough-1", "role": "admin", "full_name": "X"}
    assert api.post("/staff", body, as_="clerk").status_code == 403
    assert api.post("/staff", body).status_code == 401  # no credentials at all


def test_an_agency_system_works_with_its_api_key_on_its_own_parcels_only(api):
    key = api.ok(api.post("/api-keys", {"agency_code": AGENCY_CODE, "label": "one-stop system"}, as_="admin"), 201)
    headers = {"X-API-Key": key["api_key"]}
    dossier = api.dossier_to_agency_desk(api.book("send"))
    receipt = {"dossier_code": f"{AGENCY_CODE}-261123-0003", "appointment_date": "2026-12-07"}
    parcel = api.ok(api.post(f"/parcels/{dossier}/agency-receipt", receipt, headers=headers))
    assert parcel["events"][-1]["actor"].startswith("apikey:")
    reference = api.ok(api.get("/parcels", headers=headers))[0]["reference"]
    status = api.ok(api.post(f"/requests/{reference}/national-status", {"code": 4}, headers=headers))
    assert status["national_status"] == 4


def test_the_same_booking_sent_twice_with_one_key_books_once(api):
    body = api.booking("send")
    first = api.post("/requests", body, key="booking-42")
    second = api.post("/requests", body, key="booking-42")
    assert first.status_code == second.status_code == 201
    assert first.get_json() == second.get_json()
    assert second.headers["Idempotent-Replayed"] == "true"
    assert count(api, ServiceRequest) == 1
    other = api.post("/requests", api.booking("both"), key="booking-42")
    assert other.status_code == 409
    assert count(api, ServiceRequest) == 1


def test_a_repeated_step_with_one_key_is_taken_once(api):
    booked = api.book("send")
    tracking = api.tracking_of(booked, "dossier")
    api.ok(api.post(f"/parcels/{tracking}/assignment", {"courier_username": "courier1"}, as_="dispatcher"))
    events_before = count(api, CustodyEvent)
    body = api.pickup_body(tracking, 33_000)
    first = api.post(f"/parcels/{tracking}/pickup", body, as_="courier1", key="pickup-1")
    again = api.post(f"/parcels/{tracking}/pickup", body, as_="courier1", key="pickup-1")
    assert first.status_code == again.status_code == 200
    assert count(api, CustodyEvent) == events_before + 1


@pytest.mark.parametrize(
    ("path", "kind"), [("qr.png", "image/png"), ("qr.svg", "image/svg+xml"), ("label", "text/html")]
)
def test_labels_print_with_the_signed_qr(api, path, kind):
    booked = api.book("send")
    tracking = api.tracking_of(booked, "dossier")
    response = api.get(f"/parcels/{tracking}/{path}", as_="dispatcher")
    assert response.status_code == 200 and response.mimetype == kind
    if path == "label":
        html = response.get_data(as_text=True)
        assert tracking in html and "Tờ khai theo mẫu" in html and "<svg" in html


def test_the_qr_url_opens_a_public_status_without_personal_data(api):
    booked = api.book("send")
    tracking = api.tracking_of(booked, "dossier")
    page = api.client.get(f"/t/{api.label(tracking, Leg.DOSSIER)}")
    text = page.get_data(as_text=True)
    assert page.status_code == 200 and tracking in text and "Đã đặt lịch" in text
    assert "Nguyễn Văn An" not in text and "0912345678" not in text
    assert api.client.get("/t/RH000000014VN.D.dev1.forged").status_code == 400


def test_two_simultaneous_requests_for_the_same_step_give_one_success_and_one_conflict(api):
    import threading

    booked = api.book("send")
    tracking = api.tracking_of(booked, "dossier")
    api.ok(api.post(f"/parcels/{tracking}/assignment", {"courier_username": "courier1"}, as_="dispatcher"))
    headers = api.login("courier1")
    body = api.pickup_body(tracking, 33_000)
    barrier = threading.Barrier(2)
    statuses: list[int] = []

    def pick_up():
        client = api.app.test_client()
        barrier.wait()
        statuses.append(client.post(f"/api/v1/parcels/{tracking}/pickup", json=body, headers=headers).status_code)

    threads = [threading.Thread(target=pick_up) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(statuses) == [200, 409]
    events = api.ok(api.get(f"/parcels/{tracking}", as_="courier1"))["events"]
    assert [e["action"] for e in events].count("pick_up") == 1
