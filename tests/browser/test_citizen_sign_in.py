"""A citizen signs in with the code an SMS gateway (a real local HTTP server) received from a real worker."""

from __future__ import annotations

import re
import time

from playwright.sync_api import expect

from ..e2e.servers import start_worker, stop
from ..peers import sms_gateway
from .test_offline_rejection_roles import Desk

PHONE = "0987654321"  # Desk.booked's contact
ATTEMPTS = 900  # a bound on waiting, not a speed: the worker starts and delivers at the machine's pace


def _code(gateway) -> str:
    for _ in range(ATTEMPTS):
        texts = [text for text in gateway.codes_for(PHONE) if "Ma xac thuc" in text]
        if texts:
            return re.search(r": (\d{6})\.", texts[-1]).group(1)
        time.sleep(0.2)
    raise AssertionError("no sign-in code reached the gateway")


def test_a_citizen_asks_for_a_code_reads_it_from_the_sms_and_sees_the_request(phones, server):
    desk = Desk(server)
    reference, _ = desk.booked()
    desk.close()
    with sms_gateway() as gateway:
        worker = start_worker(server.settings, SMS_GATEWAY_URL=gateway.url)
        try:
            citizen = phones("citizen")
            citizen.visit("/track")
            citizen.page.fill("#reference", reference)
            citizen.page.fill("#phone", PHONE)
            citizen.page.get_by_role("button", name="Gửi mã cho tôi").click()
            code = _code(gateway)
            resend = citizen.page.get_by_role("button", name="Gửi lại mã")
            expect(resend).to_be_disabled()  # for the minute the throttle allows between two codes
            expect(citizen.page.locator(".resend .notice")).to_contain_text("60 giây")
            citizen.check("resend-cooldown")
            citizen.page.fill("#code", code)
            citizen.page.get_by_role("button", name="Xem yêu cầu").click()
            expect(citizen.page.locator("ol.timeline li").first).to_be_visible()
            citizen.check("signed-in-by-sms")
            assert citizen.errors == []
        finally:
            stop(worker)
    assert len([t for t in gateway.codes_for(PHONE) if "Ma xac thuc" in t]) == 1
