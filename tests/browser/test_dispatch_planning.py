"""The dispatcher plans the day from the board in a real browser; a real worker process solves it."""

from playwright.sync_api import expect

from postal_service.db.engine import make_engine
from postal_service.services import booking
from postal_service.services.context import ANONYMOUS, Context
from postal_service.services.schemas import BookingCreate

from ..conftest import MONDAY_MORNING, work_session
from ..e2e.servers import start_worker, stop
from ..factories import CUA_NAM, PROCEDURE

WAIT_MS = 180_000  # a bound on waiting, not a speed: the worker starts and solves at the machine's pace


def _book_a_pickup(server) -> None:
    body = {
        "service": "send",
        "procedure_code": PROCEDURE,
        "consent": True,
        "intake": "pickup",
        "pickup_address": {"street": "1 Hàng Bài", "province_code": 1, "commune_code": CUA_NAM},
        "slot_start": "2026-11-23T09:30:00+07:00",
        "contact": {"name": "Trần Thị Lan", "phone": "0987654321", "id_number": "001190654321"},
    }
    engine = make_engine(server.settings.database_url)
    with work_session(engine, server.settings) as session:
        booking.book(Context(session, server.settings, ANONYMOUS, MONDAY_MORNING), BookingCreate.model_validate(body))
    engine.dispose()


def test_the_board_follows_a_plan_made_by_a_worker_until_the_routes_appear(phones, server):
    _book_a_pickup(server)
    worker = start_worker(server.settings, PLANNING_SECONDS="1")
    try:
        dispatcher = phones("dispatcher")
        dispatcher.login("dispatcher")
        dispatcher.page.get_by_role("button", name="Lập tuyến ngay").click()
        expect(dispatcher.page.locator(".route li").first).to_be_visible(timeout=WAIT_MS)  # reloaded by itself
        expect(dispatcher.page.locator("svg polyline").first).to_be_attached()
        expect(dispatcher.page.locator(".plan-pending")).to_have_count(0)
        dispatcher.check("planned")
        assert dispatcher.errors == []
    finally:
        stop(worker)
