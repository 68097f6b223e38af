"""A failed delivery at 360×740: every reason readable in full and one tap to choose, the one chosen recorded."""

from sqlmodel import select

from postal_service.db.tables import CustodyEvent, Parcel
from postal_service.domain.lifecycle import Action
from postal_service.services import booking
from postal_service.services.custody_steps import scan_and_take
from postal_service.services.schemas import BookingCreate, ResultOffer

from ..conftest import work_session
from ..factories import CUA_NAM, PROCEDURE
from .test_offline_rejection_roles import Desk


def _result_out_for_delivery(desk: Desk) -> str:
    body = {
        "service": "receive",
        "procedure_code": PROCEDURE,
        "consent": True,
        "dossier_code": "000.00.15.G02-261120-0007",
        "delivery_address": {"street": "3 Hàng Khay", "province_code": 1, "commune_code": CUA_NAM},
        "contact": {"name": "Trần Thị Lan", "phone": "0987654321", "id_number": "001190654321"},
    }
    with work_session(desk.engine, desk.settings) as session:
        request = booking.book(desk._ctx(session), BookingCreate.model_validate(body))
        result = session.exec(select(Parcel.tracking_number).where(Parcel.request_id == request.id)).one()
        scan_and_take(desk._ctx(session, "clerk"), result, Action.MARK_RESULT_READY)
        offer = ResultOffer(courier_username="courier1")
        scan_and_take(desk._ctx(session, "clerk"), result, Action.OFFER_RESULT, offer)
        scan_and_take(desk._ctx(session, "courier1"), result, Action.CONFIRM_RESULT_COLLECTION)
        scan_and_take(desk._ctx(session, "courier1"), result, Action.START_DELIVERY)
    return result


def test_the_courier_sees_every_failure_reason_in_full_and_the_one_tapped_is_recorded(phones, server):
    desk = Desk(server)
    result = _result_out_for_delivery(desk)
    courier = phones("courier")
    courier.login("courier1")
    courier.visit(f"/courier/parcel/{result}")
    form = courier.page.locator('form[data-action="record_failed_attempt"]')
    reasons = form.locator("input[name=reason]")
    assert reasons.count() >= 3
    for label in form.locator("fieldset.reasons label").all():  # each reason's words fit the phone's width
        assert label.evaluate("el => el.scrollWidth <= el.clientWidth + 1")
    form.get_by_label("Không liên lạc được", exact=False).check()
    form.locator("select[name=unscanned_reason]").evaluate("el => el.closest('[data-unscanned]').hidden = false")
    form.locator("select[name=unscanned_reason]").select_option("camera_failed")
    courier.submit_step("record_failed_attempt")
    with work_session(desk.engine, desk.settings) as session:
        parcel = session.exec(select(Parcel).where(Parcel.tracking_number == result)).one()
        last = session.exec(
            select(CustodyEvent).where(CustodyEvent.parcel_id == parcel.id).order_by(CustodyEvent.sequence.desc())
        ).first()
    assert last.action == "record_failed_attempt" and last.evidence["reason"] == "unreachable_by_phone"
    desk.close()
