"""A bag's own custody chain: each step appends one event, hashed onto the one before and sealed under the custody
key, as an envelope's events are; `verify_bags` checks every chain for `postal-service verify-custody`."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlmodel import Session, col, select

from postal_service.context import Context
from postal_service.db.tables import Bag, BagEvent
from postal_service.domain.bags import BagChange
from postal_service.domain.custody import GENESIS_HASH, BrokenLink, event_hash, seal, verify_chain, verify_seals


def bag_event_fields(event: BagEvent, code: str) -> dict[str, Any]:
    """What the hash covers; the same function writes and verifies."""
    return {
        "bag": code,
        "sequence": event.sequence,
        "action": event.action,
        "from": event.from_status,
        "to": event.to_status,
        "actor": event.actor,
        "role": event.actor_role,
        "counterparty": event.counterparty,
        "occurred_at": event.occurred_at.isoformat(),
        "evidence": event.evidence,
    }


def append_bag_event(ctx: Context, bag: Bag, change: BagChange) -> BagEvent:
    previous = ctx.session.exec(
        select(BagEvent.hash).where(BagEvent.bag_id == bag.id).order_by(col(BagEvent.sequence).desc()).limit(1)
    ).first()
    event = BagEvent(
        bag_id=bag.id or 0,
        sequence=bag.event_count + 1,
        action=change.action.value,
        from_status=change.from_status.value,
        to_status=change.to_status.value,
        actor=ctx.actor.principal,
        actor_role=ctx.actor.role.value,
        counterparty=change.counterparty,
        occurred_at=ctx.now,
        evidence={k: v for k, v in change.evidence.items() if v is not None},
        previous_hash=previous or GENESIS_HASH,
        hash="",
    )
    event.hash = event_hash(bag_event_fields(event, bag.code), event.previous_hash)
    event.key_id = next(iter(ctx.settings.custody_key_ring))
    event.seal = seal(ctx.settings.custody_key_ring[event.key_id], event.hash)
    bag.event_count = event.sequence
    ctx.session.add(event)
    ctx.session.add(bag)
    return event


def verify_bags(session: Session, ring: Mapping[str, bytes]) -> tuple[int, list[BrokenLink]]:
    """Every bag's chain, every seal, every count."""
    bags = session.exec(select(Bag.id, Bag.code, Bag.event_count)).all()
    events: dict[int, list[BagEvent]] = {}
    for event in session.exec(select(BagEvent).order_by(col(BagEvent.bag_id), col(BagEvent.sequence))):
        events.setdefault(event.bag_id, []).append(event)
    broken: list[BrokenLink] = []
    for bag_id, code, count in bags:
        chain = events.get(bag_id or 0, [])
        broken.extend(
            verify_chain(code, [(e.sequence, bag_event_fields(e, code), e.previous_hash, e.hash) for e in chain])
        )
        broken.extend(verify_seals(code, [(e.sequence, e.hash, e.key_id, e.seal) for e in chain], ring))
        if len(chain) != count:
            broken.append(BrokenLink(code, len(chain), f"the bag records {count} events, the log holds {len(chain)}"))
    return len(bags), broken
