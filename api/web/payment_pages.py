"""Paying online from the tracking page, and the embedded provider's own page (a stand-in for the bank's)."""

from __future__ import annotations

import base64
import secrets

from flask import abort, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from werkzeug.wrappers import Response

from postal_service import qr
from postal_service.domain.online_payment import IntentStatus
from postal_service.services import online_payments, vnpay_payments
from postal_service.services.online_payments import PaymentIntentOut
from postal_service.services.payment_providers import FakeBank

from ..messages import N_
from ..requests_context import context
from .citizen import bp


@bp.post("/track/<reference>/pay")
def pay(reference: str) -> Response:
    """The signed-in citizen pays what is owed: off to the provider's page."""
    if session.get("citizen") != reference.upper():
        abort(403)
    intent = online_payments.start_payment(context(), reference, request.remote_addr or "")
    return redirect(intent.pay_url)


RETURN_WORDS = {
    IntentStatus.PAID: N_("Payment received. Thank you."),
    IntentStatus.PENDING: N_("VNPAY has not confirmed the payment yet: this page shows it as soon as it does."),
    IntentStatus.FAILED: N_("The payment did not go through and nothing was taken: try again, or pay the courier."),
    IntentStatus.REFUNDED: N_("This request was already paid: VNPAY gives your transfer back."),
}


@bp.get("/pay/vnpay/return")
def vnpay_return() -> Response:
    """The citizen back from VNPAY's page: what became of the payment, on the request's own page."""
    intent = vnpay_payments.take_return(context(), request.args.to_dict())
    flash(_(RETURN_WORDS[IntentStatus(intent.status)]))
    return redirect(url_for(".track", reference=intent.reference))


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
    if ctx.settings.online_payments != FakeBank.name or ctx.settings.environment == "production":
        abort(404)
    return online_payments.read_payment(ctx, intent_ref, FakeBank.name)
