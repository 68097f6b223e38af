"""Auditing the custody log: chains, seals, counts and the signed daily anchors (`postal-service verify-custody`)."""

from __future__ import annotations

from collections.abc import Mapping

from sqlmodel import Session, col, select

from postal_service.context import Context
from postal_service.db.tables import CustodyAnchor, CustodyEvent, Parcel
from postal_service.domain.custody import BrokenLink, anchor_signature, verify_chain, verify_seals

from .custody import event_fields


def verify_custody(session: Session, ring: Mapping[str, bytes]) -> tuple[int, list[BrokenLink]]:
    """Every parcel's chain, every seal, every count, and every head pinned by the newest anchor."""
    parcels = session.exec(select(Parcel.id, Parcel.tracking_number, Parcel.event_count)).all()
    broken: list[BrokenLink] = []
    events_by_parcel: dict[int, list[CustodyEvent]] = {}
    for event in session.exec(select(CustodyEvent).order_by(col(CustodyEvent.parcel_id), col(CustodyEvent.sequence))):
        events_by_parcel.setdefault(event.parcel_id, []).append(event)
    heads: dict[str, dict[int, str]] = {}
    for parcel_id, tracking, event_count in parcels:
        events = events_by_parcel.get(parcel_id or 0, [])
        heads[tracking] = {e.sequence: e.hash for e in events}
        broken.extend(
            verify_chain(tracking, [(e.sequence, event_fields(e, tracking), e.previous_hash, e.hash) for e in events])
        )
        broken.extend(verify_seals(tracking, [(e.sequence, e.hash, e.key_id, e.seal) for e in events], ring))
        if len(events) != event_count:
            problem = f"the parcel records {event_count} events, the log holds {len(events)}"
            broken.append(BrokenLink(tracking, len(events), problem))
    broken.extend(_against_anchor(session, ring, heads))
    return len(parcels), broken


def _against_anchor(session: Session, ring: Mapping[str, bytes], heads: dict[str, dict[int, str]]) -> list[BrokenLink]:
    """A head the newest anchor signed must still be in the log: a dropped tail cannot hide behind a count."""
    anchor = session.exec(select(CustodyAnchor).order_by(col(CustodyAnchor.id).desc())).first()
    if anchor is None:
        return []
    pinned = {tracking: (int(head[0]), str(head[1])) for tracking, head in anchor.heads.items()}
    key = ring.get(anchor.key_id)
    if key is None or anchor_signature(key, pinned) != anchor.signature:
        return [BrokenLink("anchor", anchor.id or 0, "the newest anchor's signature does not verify")]
    return [
        BrokenLink(tracking, sequence, "an event the newest anchor signed is missing or changed")
        for tracking, (sequence, hash_) in pinned.items()
        if heads.get(tracking, {}).get(sequence) != hash_
    ]


def write_anchor(ctx: Context) -> CustodyAnchor:
    """Daily job: sign the head of every chain; the anchors can be exported and kept outside the database."""
    rows = ctx.session.exec(
        select(Parcel.tracking_number, CustodyEvent.sequence, CustodyEvent.hash)
        .join(CustodyEvent, col(CustodyEvent.parcel_id) == col(Parcel.id))
        .where(col(CustodyEvent.sequence) == col(Parcel.event_count))
    ).all()
    heads = {tracking: (sequence, hash_) for tracking, sequence, hash_ in rows}
    key_id = next(iter(ctx.settings.custody_key_ring))
    signature = anchor_signature(ctx.settings.custody_key_ring[key_id], heads)
    anchor = CustodyAnchor(
        created_at=ctx.now, key_id=key_id, heads={t: list(h) for t, h in heads.items()}, signature=signature
    )
    ctx.session.add(anchor)
    ctx.session.flush()
    return anchor
