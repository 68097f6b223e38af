"""Every status change of a parcel goes through `append_event`, which appends one hash-chained custody event."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlmodel import col, select

from postal_service import qr
from postal_service.context import Context
from postal_service.db.queries import chain_of
from postal_service.db.tables import CustodyEvent, Parcel
from postal_service.domain.custody import GENESIS_HASH, event_hash, seal, stored_refs
from postal_service.domain.device_clock import doubt
from postal_service.domain.errors import ForgedToken
from postal_service.domain.holders import HOLDER_AFTER

from . import webhooks
from .evidence import record_uses


def event_fields(event: CustodyEvent, tracking_number: str) -> dict[str, Any]:
    """The fields the hash covers; the same function writes and verifies, so the two cannot drift."""
    return {
        "tracking_number": tracking_number,
        "sequence": event.sequence,
        "action": event.action,
        "from": event.from_status,
        "to": event.to_status,
        "actor": event.actor,
        "role": event.actor_role,
        "counterparty": event.counterparty,
        "occurred_at": event.occurred_at.isoformat(),
        "latitude": event.latitude,
        "longitude": event.longitude,
        "evidence": event.evidence,
    }


@dataclass(frozen=True)
class Where:
    latitude: float | None = None
    longitude: float | None = None


def append_event(
    ctx: Context,
    parcel: Parcel,
    action: str,
    target: str,
    evidence: dict[str, Any],
    *,
    counterparty: str | None = None,
    where: Where = Where(),
) -> CustodyEvent:
    """Chain a new event onto the parcel and move it; the caller's commit writes both."""
    previous = (
        ctx.session.exec(
            select(CustodyEvent.hash).where(chain_of(parcel)).order_by(col(CustodyEvent.sequence).desc())
        ).first()
        if parcel.event_count
        else None  # a parcel's first event opens its chain: nothing to look up
    )
    assert parcel.id is not None
    event = CustodyEvent(
        parcel_id=parcel.id,
        sequence=parcel.event_count + 1,
        action=action,
        from_status=parcel.status,
        to_status=target,
        actor=ctx.actor.principal,
        actor_role=ctx.actor.role.value,
        counterparty=counterparty,
        occurred_at=ctx.now,
        latitude=where.latitude,
        longitude=where.longitude,
        evidence={k: v for k, v in evidence.items() if v is not None},
        previous_hash=previous or GENESIS_HASH,
        hash="",
        chain_month=parcel.chain_month,
    )
    event.hash = event_hash(event_fields(event, parcel.tracking_number), event.previous_hash)
    event.key_id = next(iter(ctx.settings.custody_key_ring))
    event.seal = seal(ctx.settings.custody_key_ring[event.key_id], event.hash)
    parcel.status = target
    parcel.holder = HOLDER_AFTER[target].value
    parcel.event_count = event.sequence
    parcel.updated_at = ctx.now
    ctx.session.add(event)
    ctx.session.add(parcel)
    record_uses(ctx, parcel.id, stored_refs(event.evidence))
    if event.to_status != event.from_status:
        webhooks.announce(ctx, parcel, event)
    return event


def scan_evidence(ctx: Context, parcel: Parcel, scanned: str | None) -> dict[str, Any]:
    """A scanned QR must be this parcel's label; a forged or foreign label stops the step."""
    if scanned is None:
        return {"scanned_qr": False}
    token = qr.verify(ctx.settings.qr_key_ring, scanned)
    if token.tracking_number != parcel.tracking_number or token.leg.value != parcel.leg:
        raise ForgedToken(f"the scanned label belongs to {token.tracking_number}, not {parcel.tracking_number}")
    return {"scanned_qr": True, "qr_key_id": token.key_id}


def device_evidence(
    ctx: Context, parcel: Parcel, on_phone: datetime | None, offline_since: datetime | None
) -> dict[str, Any]:
    """The phone's time of a step beside the server's (the event's `occurred_at`), and why it is doubtful if it is
    (domain.device_clock), measured against the envelope's previous step as the phone or the server timed it."""
    if on_phone is None:
        return {}
    last = ctx.session.exec(
        select(CustodyEvent).where(chain_of(parcel), CustodyEvent.sequence == parcel.event_count)
    ).first()
    previous = None
    if last is not None:  # the previous step's phone time, unless it was itself doubted: then the server's
        phone = last.evidence.get("device_time")
        believed = isinstance(phone, str) and "device_time_doubt" not in last.evidence
        previous = datetime.fromisoformat(str(phone)) if believed else last.occurred_at
    found = doubt(on_phone, ctx.now, previous, offline_since)
    kept: dict[str, Any] = {"device_time": on_phone.isoformat()}
    if offline_since is not None:
        kept["offline_since"] = offline_since.isoformat()
    if found is not None:
        kept["device_time_doubt"] = found.value
    return kept
