"""The dispatcher plans the day from the board in a real browser; a real worker process solves it."""

from playwright.sync_api import expect

from ..e2e.servers import start_worker, stop
from .test_offline_rejection_roles import Desk

WAIT_MS = 180_000  # a bound on waiting, not a speed: the worker starts and solves at the machine's pace


def test_the_board_follows_a_plan_made_by_a_worker_until_the_routes_appear(phones, server):
    desk = Desk(server)
    desk.booked()
    desk.close()
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
