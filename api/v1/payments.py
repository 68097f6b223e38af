"""Online payment: the citizen (or the counter for them) starts a payment of what is owed; the provider confirms
it by a signed callback, which may come more than once."""

from __future__ import annotations

from flask import Response, request
from flask_openapi3 import APIBlueprint, Tag

from postal_service.services import online_payments, vnpay_payments
from postal_service.services.online_payments import PaymentIntentOut
from postal_service.services.payment_providers import SIGNATURE_HEADER
from postal_service.services.schemas.fields import Clean

from ..requests_context import context
from .common import BEARER, ERRORS, ReferencePath, answer

bp = APIBlueprint("payments", __name__, url_prefix="/api/v1", abp_tags=[Tag(name="money")], abp_responses=ERRORS)


class ProviderPath(Clean):
    provider: str


@bp.post("/requests/<reference>/online-payments", responses={201: PaymentIntentOut}, security=BEARER)
def start(path: ReferencePath) -> Response:
    """Pay everything still owed online: the answer says where (`pay_url`) and carries a VietQR transfer with the
    booking's reference; asked again while pending, the same payment. 409 when nothing is owed."""
    return answer(online_payments.start_payment(context(), path.reference, request.remote_addr or ""), 201)


@bp.get("/payments/vnpay/ipn", responses={200: vnpay_payments.IpnAnswer})
def vnpay_ipn() -> Response:
    """VNPAY's server-to-server notice (IPN): the `vnp_` parameters signed with the merchant's secret, answered
    with the protocol's `RspCode`: 00 taken (paid, failed, or refunded when the request was paid otherwise),
    01 unknown payment, 02 already taken, 04 another amount, 97 bad signature, 99 try again later."""
    return answer(vnpay_payments.take_notice(context(), request.args.to_dict()))


@bp.post("/payments/<provider>/callback", responses={200: PaymentIntentOut})
def callback(path: ProviderPath) -> Response:
    """The provider's confirmation, signed with the shared secret in `X-Payment-Signature` (sha256=<HMAC of the
    body>): `{"intent_ref", "transaction_id", "amount", "status": "paid"}`. Recorded once; the same transaction
    again answers the same; another transaction for a paid payment is a 409; an unsigned callback a 403."""
    signature = request.headers.get(SIGNATURE_HEADER)
    return answer(online_payments.confirm_payment(context(), path.provider, request.get_data(), signature))
