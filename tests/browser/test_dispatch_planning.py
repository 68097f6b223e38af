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


def test_the_dispatcher_plans_tomorrow_and_reads_each_stop_by_name_and_address_beside_a_legend(phones, server):
    desk = Desk(server)
    desk.booked(slot="2026-11-24T09:30:00+07:00")  # Tuesday: tomorrow on the server's clock
    desk.close()
    worker = start_worker(server.settings, PLANNING_SECONDS="1")
    try:
        dispatcher = phones("dispatcher")
        dispatcher.login("dispatcher")
        dispatcher.page.get_by_role("link", name="Ngày mai").click()
        expect(dispatcher.page.locator(".routes h2")).to_contain_text("24/11/2026")
        dispatcher.page.get_by_role("button", name="Lập tuyến cho ngày này").click()
        first_stop = dispatcher.page.locator(".route li").first
        expect(first_stop).to_be_visible(timeout=WAIT_MS)
        expect(first_stop).to_contain_text("Trần Thị Lan")  # who the courier meets
        expect(first_stop).to_contain_text("1 Hàng Bài")  # and where
        expect(dispatcher.page.locator(".legend li")).to_have_count(3)  # one courier, the office, done stops
        expect(dispatcher.page.locator("svg.route-map text").first).to_have_attribute("font-size", "12")
        dispatcher.page.set_viewport_size({"width": 1280, "height": 800})
        columns = dispatcher.page.evaluate("getComputedStyle(document.querySelector('.board')).gridTemplateColumns")
        assert len(columns.split()) == 2  # the desk's screen shows routes beside the lists
        dispatcher.check("tomorrow-planned")
    finally:
        stop(worker)
