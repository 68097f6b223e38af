"""VNPAY's word on a payment, taken once however often it comes: the IPN (server to server, answered with the
protocol's response codes) and the citizen's return to the post's page, which asks VNPAY itself (`querydr`) when
the IPN has not come. A transfer that comes after the request was paid otherwise (in cash at the door) is given
back through VNPAY's refund call, and the IPN still answered as taken."""

from __future__ import annotations

from collections.abc import Mapping
from contextlib import suppress

from pydantic import BaseModel
from sqlmodel import select

from postal_service.context import Context
from postal_service.db.repository import load_request
from postal_service.db.tables import OnlinePayment
from postal_service.domain.errors import Conflict, Forbidden, InvalidField, NotFound
from postal_service.domain.online_payment import IntentStatus

from .online_payments import PaymentIntentOut, intent_of, read_payment, record_paid
from .vnpay import Notice, ProviderError, Vnpay

ANSWERS = {  # the IPN's RspCode, as the protocol names them
    "00": "Confirm Success",
    "01": "Order not found",
    "02": "Order already confirmed",
    "04": "Invalid amount",
    "97": "Invalid signature",
    "99": "Unknown error",  # VNPAY sends the IPN again later
}
REFUNDED_BY = "postal-service"  # vnp_CreateBy of a refund the service makes itself


class IpnAnswer(BaseModel):
    RspCode: str
    Message: str


def _answer(code: str) -> IpnAnswer:
    return IpnAnswer(RspCode=code, Message=ANSWERS[code])


def _intent(ctx: Context, txn_ref: str) -> OnlinePayment | None:
    return ctx.session.exec(
        select(OnlinePayment).where(OnlinePayment.intent_ref == txn_ref, OnlinePayment.provider == Vnpay.name)
    ).first()


def take_notice(ctx: Context, params: Mapping[str, str]) -> IpnAnswer:
    """The IPN: every outcome is an answer VNPAY understands, never an error page."""
    try:
        notice = Vnpay().read_notice(ctx.settings, params)
    except Forbidden:
        return _answer("97")
    except (InvalidField, ProviderError):
        return _answer("99")
    found = _intent(ctx, notice.txn_ref)
    return _answer(_apply(ctx, found, notice)) if found is not None else _answer("01")


def take_return(ctx: Context, params: Mapping[str, str]) -> PaymentIntentOut:
    """The citizen back from VNPAY's page (403 when the parameters are not VNPAY's): a payment VNPAY says went
    through while no IPN has come is confirmed by asking VNPAY, never by the browser's word."""
    notice = Vnpay().read_notice(ctx.settings, params)
    found = _intent(ctx, notice.txn_ref)
    if found is None:
        raise NotFound(f"no payment {notice.txn_ref} with VNPAY")
    if found.status == IntentStatus.PENDING.value and notice.paid:
        with suppress(ProviderError):  # VNPAY unreachable: still pending; the IPN, or the next return, confirms it
            _apply(ctx, found, Vnpay().query(ctx.settings, intent_of(found)))
    return read_payment(ctx, found.intent_ref, Vnpay.name)


def _apply(ctx: Context, found: OnlinePayment, notice: Notice) -> str:
    """One notice, with the request locked (a concurrent repeat waits, then finds it taken)."""
    loaded = load_request(ctx.session, found.request_id)
    intent = ctx.session.get(OnlinePayment, found.id, populate_existing=True)
    assert intent is not None
    if intent.status != IntentStatus.PENDING.value:
        return "02"
    if notice.amount != intent.amount:
        return "04"
    if not notice.paid:
        intent.status = IntentStatus.FAILED.value
        return "00"
    try:
        record_paid(ctx, loaded, intent, notice.transaction_no)
    except Conflict:  # paid otherwise meanwhile: the transfer goes back through VNPAY
        try:
            Vnpay().refund(ctx.settings, intent_of(intent), notice.transaction_no, REFUNDED_BY)
        except ProviderError:
            return "99"
        intent.status, intent.provider_txn, intent.refunded_at = (
            IntentStatus.REFUNDED.value,
            notice.transaction_no,
            ctx.now,
        )
    return "00"
