"""Only post office staff book at the counter; a refused form keeps nothing."""

from __future__ import annotations

from sqlmodel import func, select

from postal_service.db.engine import make_engine, new_session
from postal_service.db.tables import ServiceRequest

from ..factories import CUA_NAM, PROCEDURE
from .test_dispatch_pages import signed_in


def _requests(app) -> int:
    engine = make_engine(app.extensions["postal"].settings.database_url)
    with new_session(engine) as session:
        count = session.exec(select(func.count()).select_from(ServiceRequest)).one()
    engine.dispose()
    return count


def test_a_courier_or_a_clerk_may_not_book_at_the_counter_and_a_visitor_is_sent_to_sign_in(app):
    assert signed_in(app, "courier1").get("/counter/book").status_code == 403
    assert signed_in(app, "clerk").get("/counter/book").status_code == 403
    assert app.test_client().get("/counter/book").status_code == 302


def test_a_counter_booking_without_a_signature_or_with_bad_fields_keeps_nothing(app):
    staff = signed_in(app, "dispatcher")
    form = {"procedure_code": PROCEDURE, "service": "both", "commune_code": str(CUA_NAM), "street": "8 Hàng Khay",
            "name": "Cường", "phone": "12", "id_number": "123456789", "consent": "yes"}  # fmt: skip
    page = staff.post("/counter/book", data=form)
    text = page.get_data(as_text=True)
    assert page.status_code == 200 and 'id="phone-error"' in text and 'id="id_number-error"' in text
    unsigned = staff.post("/counter/book", data=form | {"phone": "0903123456", "id_number": "001090123456"})
    assert "ký trên màn hình" in unsigned.get_data(as_text=True)
    assert _requests(app) == 0


def test_the_counter_lists_the_dossiers_citizens_bring_and_only_post_office_staff_open_it(app, api):
    brought = api.book(
        "send", intake="drop_off", pickup_address=None, slot_start=None, drop_off_post_office_code="100000"
    )
    picked = api.book("send")  # a courier collects this one: not for the counter
    counter = signed_in(app, "counter")
    page = counter.get("/counter").get_data(as_text=True)
    assert api.tracking_of(brought, "dossier") in page and api.tracking_of(picked, "dossier") not in page
    assert counter.get(f"/counter/parcel/{api.tracking_of(brought, 'dossier')}").status_code == 200
    assert counter.get("/dispatch").status_code == 403  # the counter does not plan routes
    assert 'href="/counter"' in signed_in(app, "dispatcher").get("/dispatch").get_data(as_text=True)
    assert signed_in(app, "courier1").get("/counter").status_code == 403
    assert signed_in(app, "clerk").get("/counter").status_code == 403


def test_a_search_by_reference_opens_the_envelope_waiting_at_the_counter_not_the_result_behind_it(app, api):
    home = api.booking("send")["pickup_address"]
    brought = api.book(
        "both",
        intake="drop_off",
        pickup_address=None,
        slot_start=None,
        drop_off_post_office_code="100000",
        delivery_address=home,
    )
    counter = signed_in(app, "counter")
    found = counter.get(f"/counter?q={brought['request']['reference']}")
    assert found.status_code == 302
    assert found.headers["Location"].endswith(f"/counter/parcel/{api.tracking_of(brought, 'dossier')}")


SIGNATURE = (  # a one-pixel PNG, as the page's signature pad sends it
    "data:image/png;base64,"
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="
)


def test_the_counter_names_each_procedures_agency_and_books_a_declared_exemption(app, api):
    staff = signed_in(app, "counter")
    page = staff.get("/counter/book").get_data(as_text=True)
    assert "Cục Xuất bản, In và Phát hành" in page and 'name="exemption"' in page
    form = {"procedure_code": PROCEDURE, "service": "both", "commune_code": str(CUA_NAM), "street": "8 Hàng Khay",
            "name": "Cường", "phone": "0903123456", "id_number": "001090123456", "consent": "yes",
            "exemption": "half", "signature": SIGNATURE}  # fmt: skip
    booked = staff.post("/counter/book", data=form)
    assert booked.status_code == 302, booked.get_data(as_text=True)[:2000]
    reference = booked.headers["Location"].rsplit("/", 1)[-1]
    assert api.ok(api.get(f"/requests/{reference}", as_="admin"))["quote"]["exemption"] == "half"
