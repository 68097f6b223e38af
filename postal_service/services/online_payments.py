"""Paying online: start a payment of what is owed, and record it when the provider's signed word confirms it,
once, however often and however concurrently the provider repeats it (VNPAY's notices: vnpay_payments.py)."""

from __future__ import annotations

import secrets
from datetime import datetime

from pydantic import BaseModel
from sqlmodel import col, select

from postal_service.context import Context
from postal_service.db.queries import request_by_reference
from postal_service.db.repository import Loaded, load_request
from postal_service.db.tables import OnlinePayment, ServiceRequest
from postal_service.domain.errors import Conflict, InvalidField, InvalidTransition, NotFound
from postal_service.domain.online_payment import IntentStatus
from postal_service.domain.request import Moment
from postal_service.domain.roles import Actor, Role
from postal_service.queries.access import require_request

from .custody import Where
from .custody_steps import record
from .payment_providers import FakeBank, Intent, Provider
from .vnpay import Vnpay

PROVIDERS: dict[str, Provider] = {FakeBank.name: FakeBank(), Vnpay.name: Vnpay()}


def provider_named(name: str) -> Provider:
    found = PROVIDERS.get(name)
    if found is None:
        raise NotFound(f"no payment provider {name}")
    return found


def intent_of(row: OnlinePayment) -> Intent:
    return Intent(row.intent_ref, row.amount, row.created_at, row.client_ip or "127.0.0.1")


class PaymentIntentOut(BaseModel):
    intent_ref: str
    reference: str
    provider: str
    amount: int
    status: str
    pay_url: str
    qr_payload: str  # what a phone scans to pay: a VietQR transfer (the stand-in), the payment page (VNPAY)
    created_at: datetime
    paid_at: datetime | None


def _out(ctx: Context, row: OnlinePayment, reference: str) -> PaymentIntentOut:
    checkout = provider_named(row.provider).checkout(ctx.settings, intent_of(row), reference)
    return PaymentIntentOut(
        intent_ref=row.intent_ref,
        reference=reference,
        provider=row.provider,
        amount=row.amount,
        status=row.status,
        pay_url=checkout.pay_url,
        qr_payload=checkout.qr_payload,
        created_at=row.created_at,
        paid_at=row.paid_at,
    )


def read_payment(ctx: Context, intent_ref: str, provider: str) -> PaymentIntentOut:
    """A payment as its provider's page shows it: the intent is the capability (only its payer was given it)."""
    row = ctx.session.exec(
        select(OnlinePayment, ServiceRequest.reference)
        .join(ServiceRequest, col(ServiceRequest.id) == col(OnlinePayment.request_id))
        .where(OnlinePayment.intent_ref == intent_ref, OnlinePayment.provider == provider)
    ).first()
    if row is None:
        raise NotFound(f"no payment {intent_ref} with {provider}")
    return _out(ctx, row[0], row[1])


def start_payment(ctx: Context, reference: str, client_ip: str) -> PaymentIntentOut:
    """Everything still owed, paid in one transfer; asking again while it is pending gives the same payment."""
    provider = ctx.settings.online_payments
    if provider is None:
        raise InvalidTransition("online payment is not offered: pay the courier or at the post office counter")
    loaded = load_request(ctx.session, request_by_reference(ctx.session, reference).id or 0)
    require_request(ctx, loaded.request, loaded.procedure, list(loaded.parcels.values()), "pay_online")
    owed = loaded.aggregate.owed().total
    if owed == 0:
        raise InvalidTransition(f"nothing is owed on {loaded.request.reference}")
    pending = ctx.session.exec(
        select(OnlinePayment)
        .where(OnlinePayment.request_id == loaded.request.id, OnlinePayment.status == IntentStatus.PENDING.value)
        .order_by(col(OnlinePayment.id).desc())
    ).first()
    if pending is None or pending.amount != owed or pending.provider != provider:
        pending = OnlinePayment(
            request_id=loaded.request.id or 0,
            intent_ref="TT" + secrets.token_hex(5).upper(),
            provider=provider,
            amount=owed,
            created_at=ctx.now,
            client_ip=client_ip[:45],
        )
        ctx.session.add(pending)
        ctx.session.flush()
    return _out(ctx, pending, loaded.request.reference)


def confirm_payment(ctx: Context, provider: str, body: bytes, signature: str | None) -> PaymentIntentOut:
    """The embedded provider's callback, proved by its signature: the payment is recorded with the request locked,
    so a repeated callback (the same transaction) finds it paid and changes nothing."""
    if provider != FakeBank.name:
        raise NotFound(f"no payment provider {provider} takes callbacks here")
    callback = FakeBank().read_callback(ctx.settings, body, signature)
    found = ctx.session.exec(select(OnlinePayment).where(OnlinePayment.intent_ref == callback.intent_ref)).first()
    if found is None or found.provider != FakeBank.name:
        raise NotFound(f"no payment {callback.intent_ref} with {FakeBank.name}")
    loaded = load_request(ctx.session, found.request_id)
    intent = ctx.session.get(OnlinePayment, found.id, populate_existing=True)
    assert intent is not None
    if intent.status == IntentStatus.PAID.value:
        if intent.provider_txn != callback.transaction_id:
            raise Conflict(f"{intent.intent_ref} was paid by another transaction ({intent.provider_txn})")
        return _out(ctx, intent, loaded.request.reference)
    if callback.amount != intent.amount:
        raise InvalidField.single("amount", f"{intent.intent_ref} is a payment of {intent.amount} đồng")
    record_paid(ctx, loaded, intent, callback.transaction_id)
    return _out(ctx, intent, loaded.request.reference)


def record_paid(ctx: Context, loaded: Loaded, intent: OnlinePayment, transaction_id: str) -> None:
    """The transfer pays what the request owes (the request is locked by the caller); 409 when it no longer owes
    that amount (paid otherwise meanwhile): the transfer is to be given back."""
    provider_actor = Actor(Role.SYSTEM, f"provider:{intent.provider}")
    at = Moment(provider_actor, ctx.now, ctx.today, ctx.moment.rules)
    try:
        outcome = loaded.aggregate.pay_online(at, intent.amount)
    except InvalidField:
        raise Conflict(f"{loaded.request.reference} no longer owes {intent.amount} đồng: refund the transfer") from None
    record(ctx, loaded, outcome, {}, Where(), tracking="")
    intent.status, intent.provider_txn, intent.paid_at = IntentStatus.PAID.value, transaction_id, ctx.now
