"""In production with no payment provider set, no page offers online payment: the citizen is told to pay the
courier or at the counter, never sent to a payment page that does not exist."""

from __future__ import annotations

from playwright.sync_api import expect

from .conftest import Phone, Server
from .test_whole_story import book_both

STRONG = "s" * 40
PRODUCTION = {
    "environment": "production",
    "secret_key": STRONG,
    "qr_keys": f"k1:{STRONG}",
    "custody_keys": f"c1:{STRONG}",
    "payment_callback_secret": STRONG,
    "throttling": False,
}


def test_production_without_a_payment_provider_shows_no_pay_online_button(browser, tmp_path, request):
    server = Server(tmp_path, **PRODUCTION)
    try:
        assert server.settings.online_payments is None
        citizen = Phone(browser, server, "citizen", request.node.name)
        reference, _, _ = book_both(citizen)
        citizen.visit(f"/track/{reference}")
        expect(citizen.page.locator("h1")).to_contain_text(reference)
        expect(citizen.page.locator(".owed")).to_contain_text("66.000 ₫")  # owed, and where to pay it instead
        expect(citizen.page.get_by_role("button", name="Thanh toán trực tuyến")).to_have_count(0)
        expect(citizen.page.locator("form.pay-online")).to_have_count(0)
        errors = citizen.errors
        citizen.context.close()
        assert errors == []
    finally:
        server.close()
