"""The courier's offline queue, a rejected dossier going home, and people opening pages not meant for them."""

from datetime import UTC, datetime, timedelta

from playwright.sync_api import expect
from sqlmodel import select

from postal_service.context import ANONYMOUS, Context
from postal_service.db.engine import make_engine
from postal_service.db.queries import user_by_username
from postal_service.db.tables import CustodyEvent, Parcel
from postal_service.domain.lifecycle import Action
from postal_service.services import assignment, booking
from postal_service.services.auth import actor_for_user
from postal_service.services.custody_steps import scan_and_take
from postal_service.services.schemas import BookingCreate, CourierAssignment, Pickup

from ..conftest import MONDAY_MORNING, work_session
from ..factories import CUA_NAM, DOCUMENTS, PROCEDURE


class Desk:
    """Moves parcels through the real use cases, so a browser test starts where it needs to."""

    def __init__(self, server) -> None:
        self.engine = make_engine(server.settings.database_url)
        self.settings = server.settings
        self.now = MONDAY_MORNING

    def _ctx(self, session, username=None):
        self.now += timedelta(minutes=1)
        actor = actor_for_user(user_by_username(session, username)) if username else ANONYMOUS
        return Context(session, self.settings, actor, self.now)

    def booked(self, slot: str = "2026-11-23T09:30:00+07:00") -> tuple[str, str]:
        """A pickup booked (for Monday morning unless another slot is given), waiting for a courier."""
        body = {
            "service": "send",
            "procedure_code": PROCEDURE,
            "consent": True,
            "intake": "pickup",
            "pickup_address": {
                "street": "1 Hàng Bài",
                "province_code": 1,
                "commune_code": CUA_NAM,
                "latitude": 21.0245,
                "longitude": 105.853,
            },
            "slot_start": slot,
            "contact": {"name": "Trần Thị Lan", "phone": "0987654321", "id_number": "001190654321"},
        }
        with work_session(self.engine, self.settings) as session:
            request = booking.book(self._ctx(session), BookingCreate.model_validate(body))
            dossier = session.exec(select(Parcel.tracking_number).where(Parcel.request_id == request.id)).one()
        return request.reference, dossier

    def picked_up(self) -> tuple[str, str]:
        reference, dossier = self.booked()
        with work_session(self.engine, self.settings) as session:
            assignment.assign_courier(
                self._ctx(session, "dispatcher"), dossier, CourierAssignment(courier_username="courier1")
            )
            pickup = Pickup(seal_number="NP-1", documents_present=DOCUMENTS, id_checked=True, cash_collected=33_000)
            scan_and_take(self._ctx(session, "courier1"), dossier, Action.PICK_UP, pickup)
        return reference, dossier

    def at_desk(self) -> tuple[str, str]:
        reference, dossier = self.picked_up()
        with work_session(self.engine, self.settings) as session:
            scan_and_take(self._ctx(session, "courier1"), dossier, Action.DEPART_TO_AGENCY)
            scan_and_take(self._ctx(session, "courier1"), dossier, Action.PRESENT_AT_AGENCY)
        return reference, dossier

    def last_event(self, tracking_number: str) -> CustodyEvent:
        with work_session(self.engine, self.settings) as session:
            parcel = session.exec(select(Parcel).where(Parcel.tracking_number == tracking_number)).one()
            return session.exec(
                select(CustodyEvent).where(CustodyEvent.parcel_id == parcel.id).order_by(CustodyEvent.sequence.desc())
            ).first()

    def events(self, tracking_number: str) -> list[str]:
        with work_session(self.engine, self.settings) as session:
            parcel = session.exec(select(Parcel).where(Parcel.tracking_number == tracking_number)).one()
            rows = session.exec(
                select(CustodyEvent.action).where(CustodyEvent.parcel_id == parcel.id).order_by(CustodyEvent.sequence)
            ).all()
        return list(rows)

    def close(self) -> None:
        self.engine.dispose()


def test_steps_taken_without_network_are_sent_once_when_it_returns(phones, server):
    desk = Desk(server)
    first, second = desk.picked_up()[1], desk.picked_up()[1]
    courier = phones("courier")
    started, base = datetime.now(UTC), desk.now  # the server's clock goes on from the desk's last step
    server.app.extensions["postal"].clock = lambda: base + (datetime.now(UTC) - started)
    courier.page.clock.set_system_time(base)  # and the phone's agrees with it
    courier.login("courier1")
    courier.context.set_offline(True)
    for tracking_number in (first, second):
        depart = courier.page.locator(f'.stop[data-tracking="{tracking_number}"] form[data-action="depart_to_agency"]')
        depart.get_by_role("button").click()  # not scanned: the reason is asked first
        depart.locator("select[name=unscanned_reason]").select_option("camera_failed")
        depart.get_by_role("button").click()
    expect(courier.page.locator(".queue-text")).to_have_text("Đã lưu trên máy, sẽ gửi khi có mạng: 2")
    courier.check("queued-offline")
    assert desk.events(first)[-1] == "pick_up"  # nothing reached the server yet

    with courier.page.expect_navigation():
        courier.context.set_offline(False)
        courier.page.evaluate("window.dispatchEvent(new Event('online'))")
    courier.check("back-online")
    expect(courier.page.locator(".queue")).to_be_hidden()
    for tracking_number in (first, second):
        assert desk.events(tracking_number).count("depart_to_agency") == 1
    departed = [desk.last_event(t) for t in (first, second)]
    phone_times = [datetime.fromisoformat(e.evidence["device_time"]) for e in departed]
    assert phone_times == sorted(phone_times)  # in the order taken
    for event, on_phone in zip(departed, phone_times, strict=True):
        assert on_phone <= event.occurred_at  # taken offline, received later: both kept
        assert datetime.fromisoformat(event.evidence["offline_since"]) <= on_phone
        assert "device_time_doubt" not in event.evidence
    courier.visit("/courier")  # a reload flushes nothing more
    assert desk.events(first).count("depart_to_agency") == 1
    desk.close()


def test_a_rejected_dossier_goes_back_to_the_citizen(phones, server):
    desk = Desk(server)
    _, dossier = desk.at_desk()
    clerk = phones("clerk")
    clerk.login("clerk")
    clerk.visit(f"/agency/parcel/{dossier}")
    clerk.page.fill('form[data-action="reject_dossier"] textarea', "Hồ sơ không thuộc thẩm quyền")
    clerk.submit_step("reject_dossier")
    expect(clerk.page.locator(".status").first).to_have_text("Cơ quan từ chối hồ sơ")

    courier = phones("courier")
    courier.login("courier1")
    courier.visit(f"/courier/parcel/{dossier}")
    courier.page.locator('form[data-action="collect_return"] button[type=submit]').click()  # not scanned: refused
    expect(courier.page.locator('form[data-action="collect_return"] .form-error')).to_contain_text("Quét bì")
    courier.page.select_option('form[data-action="collect_return"] select[name=unscanned_reason]', "label_damaged")
    courier.submit_step("collect_return")
    expect(courier.page.locator(".step-done")).to_contain_text("Đã ghi nhận")
    courier.page.locator('form[data-action="deliver_return"] input[name=receiver_id_number]').fill("001190654321")
    courier.sign('form[data-action="deliver_return"] canvas')
    courier.page.locator('form[data-action="deliver_return"] button[type=submit]').click()  # the reason is asked
    courier.page.select_option('form[data-action="deliver_return"] select[name=unscanned_reason]', "label_damaged")
    courier.submit_step("deliver_return")
    expect(courier.page.locator(".status").first).to_have_text("Đã trả lại người gửi")
    assert desk.events(dossier)[-3:] == ["reject_dossier", "collect_return", "deliver_return"]
    desk.close()


def test_people_are_refused_pages_of_another_role(phones, server):
    courier = phones("courier")
    courier.login("courier1")
    response = courier.page.goto(server.url + "/agency")
    assert response.status == 403
    expect(courier.page.locator("h1")).to_have_text("Bạn không có quyền mở trang này")
    courier.check("refused")
    courier.errors.clear()  # the browser logs the refused document itself; that 403 is what we expect

    stranger = phones("stranger")
    stranger.visit("/dispatch")
    expect(stranger.page).to_have_url(server.url + "/login")

    clerk = phones("clerk")
    clerk.login("otherclerk")
    _, dossier = Desk(server).at_desk()
    response = clerk.page.goto(server.url + f"/agency/parcel/{dossier}")
    assert response.status == 403
    clerk.errors.clear()


def test_booking_errors_appear_next_to_the_field_in_vietnamese(phones, server):
    citizen = phones("citizen")
    citizen.visit("/book/procedure/1.003725")
    citizen.page.get_by_role("button", name="Tiếp tục").click()
    citizen.check("details-errors")
    expect(citizen.page.locator("#pickup_address-street-error")).to_have_text("Nhập số nhà và tên đường.")
    citizen.page.select_option("#pickup_address-commune_code", str(CUA_NAM))
    citizen.page.fill("#pickup_address-street", "5 Phố Tràng Thi")
    citizen.page.get_by_role("button", name="Tiếp tục").click()
    citizen.page.locator("input[name=slot_start]").first.check()
    citizen.page.get_by_role("button", name="Tiếp tục").click()
    citizen.page.fill("#contact-phone", "12345")
    citizen.page.fill("#contact-id_number", "000090123456")
    citizen.page.get_by_role("button", name="Tiếp tục").click()
    citizen.check("contact-errors")
    expect(citizen.page.locator("#contact-phone-error")).to_contain_text("Số di động gồm 10 chữ số")
    expect(citizen.page.locator("#contact-id_number-error")).to_contain_text("12 chữ số")
    expect(citizen.page.locator("#contact-name-error")).to_be_visible()
