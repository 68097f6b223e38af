"""Paying online from the tracking page, and the embedded provider's own page (a stand-in for the bank's)."""

from __future__ import annotations

import base64
import secrets

from flask import abort, flash, redirect, render_template, session, url_for
from flask_babel import gettext as _
from werkzeug.wrappers import Response

from postal_service import qr
from postal_service.services import online_payments
from postal_service.services.online_payments import PaymentIntentOut
from postal_service.services.payment_providers import FakeBank

from ..requests_context import context
from .citizen import bp


@bp.post("/track/<reference>/pay")
def pay(reference: str) -> Response:
    """The signed-in citizen pays what is owed: off to the provider's page."""
    if session.get("citizen") != reference.upper():
        abort(403)
    intent = online_payments.start_payment(context(), reference)
    return redirect(intent.pay_url)


@bp.get("/pay/fake/<intent_ref>")
def fake_bank(intent_ref: str) -> str:
    """The embedded provider's payment page: the VietQR a banking app would scan, and the bank's confirm button."""
    intent = _intent(intent_ref)
    picture = base64.b64encode(qr.render_png(intent.qr_payload, box_size=5)).decode()
    return render_template("citizen/fake_bank.html", intent=intent, qr_png=picture)


@bp.post("/pay/fake/<intent_ref>")
def fake_bank_pay(intent_ref: str) -> Response:
    """The bank confirms the transfer: it signs its callback, and we read it the way we read any provider's."""
    ctx = context()
    intent = _intent(intent_ref)
    body, signature = FakeBank().settle(ctx.settings, intent.intent_ref, intent.amount, "FAKE-" + secrets.token_hex(6))
    online_payments.confirm_payment(ctx, FakeBank.name, body, signature)
    flash(_("Payment received. Thank you."))
    return redirect(url_for(".track", reference=intent.reference))


def _intent(intent_ref: str) -> PaymentIntentOut:
    """Only where the embedded provider is in use, and never in production: it would take no money."""
    ctx = context()
    if ctx.settings.payment_provider != FakeBank.name or ctx.settings.environment == "production":
        abort(404)
    return online_payments.read_payment(ctx, intent_ref, FakeBank.name)
