"""Pieces every custody step shares: QR evidence, cash collection, finishing with one commit."""

from __future__ import annotations

from typing import Any

from sqlmodel import col, func, select

from postal_service import qr
from postal_service.db.queries import ParcelBundle, user_by_username
from postal_service.db.tables import Parcel, Payment, User
from postal_service.domain.errors import Forbidden, ForgedToken, InvalidField, NotFound
from postal_service.domain.identifiers import mask_id_number
from postal_service.domain.lifecycle import Action
from postal_service.domain.roles import Role

from .context import Context
from .custody import Where, append_event, commit, notify
from .schemas import Delivery, Step


def scan_evidence(ctx: Context, parcel: Parcel, scanned: str | None) -> dict[str, Any]:
    """A scanned QR must be this parcel's label; a forged or foreign label stops the step."""
    if scanned is None:
        return {"scanned_qr": False}
    token = qr.verify(ctx.settings.qr_key_ring, scanned)
    if token.tracking_number != parcel.tracking_number or token.leg.value != parcel.leg:
        raise ForgedToken(f"the scanned label belongs to {token.tracking_number}, not {parcel.tracking_number}")
    return {"scanned_qr": True, "qr_key_id": token.key_id}


def finish(
    ctx: Context,
    bundle: ParcelBundle,
    action: Action,
    target: str,
    step: Step,
    evidence: dict[str, Any] | None = None,
    *,
    counterparty: str | None = None,
    message: str | None = None,
) -> Parcel:
    """Append the event, tell the citizen, commit once."""
    full = {**scan_evidence(ctx, bundle.parcel, step.scanned_qr), "note": step.note, **(evidence or {})}
    where = Where(step.latitude, step.longitude)
    append_event(ctx, bundle.parcel, action.value, target, full, counterparty=counterparty, where=where)
    if message:
        notify(ctx, bundle.request, message)
    ctx.session.add(bundle.request)
    commit(ctx.session)
    return bundle.parcel


def amount_paid(ctx: Context, request_id: int | None) -> int:
    paid = ctx.session.exec(select(func.coalesce(func.sum(Payment.amount), 0)).where(Payment.request_id == request_id))
    return int(paid.one())


def collect_cash(ctx: Context, bundle: ParcelBundle, amount: int, method: str, field: str = "cash_collected") -> None:
    """Take exactly what is still owed, split into postal charge and procedure fee (they go to different payees)."""
    request = bundle.request
    paid = amount_paid(ctx, request.id)
    due = request.postal_charge + request.procedure_fee - paid
    if amount != due:
        raise InvalidField.single(
            field,
            f"collect exactly {due} đồng (charge {request.postal_charge}, "
            f"procedure fee {request.procedure_fee}, already paid {paid})",
        )
    if amount and method == "cash_to_courier" and not ctx.actor.may_carry_cash:
        raise Forbidden("this courier is not allowed to carry cash; the citizen pays at the counter or online")
    fee_paid = min(paid, request.procedure_fee)
    postal_paid = paid - fee_paid
    for kind, owed in (
        ("procedure_fee", request.procedure_fee - fee_paid),
        ("postal_charge", request.postal_charge - postal_paid),
    ):
        if owed > 0:
            ctx.session.add(
                Payment(
                    request_id=request.id or 0,
                    kind=kind,
                    amount=owed,
                    method=method,
                    collected_by=ctx.actor.principal,
                    collected_at=ctx.now,
                )
            )


def unforwarded_fees(ctx: Context, request_id: int | None) -> list[Payment]:
    query = select(Payment).where(
        Payment.request_id == request_id, Payment.kind == "procedure_fee", col(Payment.forwarded_at).is_(None)
    )
    return list(ctx.session.exec(query))


def courier_named(ctx: Context, username: str, field: str, post_office_id: int | None = None) -> User:
    try:
        user = user_by_username(ctx.session, username)
    except NotFound:
        raise InvalidField.single(field, "no such courier") from None
    if user.role != Role.COURIER.value or not user.active:
        raise InvalidField.single(field, f"{username} is not an active courier")
    if post_office_id is not None and user.post_office_id != post_office_id:
        raise InvalidField.single(field, f"{username} works for another post office")
    return user


def principal_of(ctx: Context, user_id: int | None) -> str | None:
    user = ctx.session.get(User, user_id) if user_id is not None else None
    return f"user:{user.username}" if user else None


def receiver_evidence(bundle: ParcelBundle, data: Delivery) -> dict[str, Any]:
    """A handover to the person who booked, or to a proxy who shows an authorisation; the ID is kept masked."""
    proxy = data.receiver_id_number != bundle.request.contact_id_number
    if proxy and not data.proxy_authorisation_ref:
        raise InvalidField.single(
            "receiver_id_number", "this is not the ID of the person who booked; a proxy must show an authorisation"
        )
    return {
        "receiver_is_proxy": proxy,
        "receiver_name": data.receiver_name,
        "receiver_id": mask_id_number(data.receiver_id_number),
        "proxy_authorisation_ref": data.proxy_authorisation_ref,
        "signature_ref": data.signature_ref,
        "photo_ref": data.photo_ref,
        "cash_collected": data.cash_collected,
    }
