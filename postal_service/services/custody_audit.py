"""Auditing the custody log: chains, seals, counts and the signed daily anchors (`postal-service verify-custody`)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from itertools import groupby

from sqlalchemy import and_
from sqlmodel import Session, col, func, select

from postal_service.context import Context
from postal_service.db.queries import CHAIN_JOIN
from postal_service.db.tables import CustodyAnchor, CustodyEvent, Parcel
from postal_service.domain.custody import BrokenLink, anchor_signature, verify_chain, verify_seals

from .custody import event_fields

ANCHOR_BATCH = 5_000  # chains looked up at a time (the first anchor signs every chain there is)
STREAM_ROWS = 2_000  # events read at a time: verification holds one chain and the anchored heads, never the log
MISSING_HEAD = "an event the newest anchor signed is missing or changed"  # the newest that pinned this chain


def verify_custody(session: Session, ring: Mapping[str, bytes]) -> tuple[int, list[BrokenLink]]:
    """Every parcel's chain, every seal, every count, and every head as last anchored; the log is read as a stream
    in chain order, one parcel at a time."""
    pinned, broken = _anchored_heads(session, ring)
    rows = session.exec(
        select(Parcel.id, Parcel.tracking_number, Parcel.event_count, CustodyEvent)
        .outerjoin(CustodyEvent, CHAIN_JOIN)
        .order_by(col(Parcel.id), col(CustodyEvent.sequence))
        .execution_options(yield_per=STREAM_ROWS)
    )
    checked = 0
    for (_, tracking, event_count), group in groupby(rows, key=lambda row: (row[0], row[1], row[2])):
        events = [row[3] for row in group if row[3] is not None]
        checked += 1
        broken.extend(chain_breaks(tracking, events, ring))
        if len(events) != event_count:
            problem = f"the parcel records {event_count} events, the log holds {len(events)}"
            broken.append(BrokenLink(tracking, len(events), problem))
        head = pinned.pop(tracking, None)
        if head is not None and not any((e.sequence, e.hash) == head for e in events):
            broken.append(BrokenLink(tracking, head[0], MISSING_HEAD))
    broken.extend(BrokenLink(tracking, sequence, MISSING_HEAD) for tracking, (sequence, _) in pinned.items())
    return checked, broken


def chain_breaks(tracking: str, events: Sequence[CustodyEvent], ring: Mapping[str, bytes]) -> list[BrokenLink]:
    """One envelope's chain (its events in sequence order) and their seals, checked as stored."""
    chain = [(e.sequence, event_fields(e, tracking), e.previous_hash, e.hash) for e in events]
    seals = [(e.sequence, e.hash, e.key_id, e.seal) for e in events]
    return verify_chain(tracking, chain) + verify_seals(tracking, seals, ring)


def _anchored_heads(session: Session, ring: Mapping[str, bytes]) -> tuple[dict[str, tuple[int, str]], list[BrokenLink]]:
    """Every chain's head as last anchored (a dropped tail cannot hide behind a count): the anchors read one at a
    time, oldest first, each one's signature checked, a newer pin replacing an older one."""
    pinned: dict[str, tuple[int, str]] = {}
    broken: list[BrokenLink] = []
    for anchor in session.exec(select(CustodyAnchor).order_by(col(CustodyAnchor.id)).execution_options(yield_per=1)):
        heads = {tracking: (int(head[0]), str(head[1])) for tracking, head in anchor.heads.items()}
        key = ring.get(anchor.key_id)
        if key is None or anchor_signature(key, heads) != anchor.signature:
            broken.append(BrokenLink("anchor", anchor.id or 0, "an anchor's signature does not verify"))
            continue
        pinned |= heads
    return pinned, broken


def write_anchor(ctx: Context) -> CustodyAnchor:
    """Daily job: sign the head of every chain that moved since the anchor before the last one (two anchors back,
    so that a step still being committed while the last one was written is covered by this one); the first
    anchor signs every chain. The work grows with the chains that moved, not with the log."""
    through = ctx.session.exec(select(func.max(CustodyEvent.id))).one() or 0
    recent = ctx.session.exec(select(CustodyAnchor.through_event_id).order_by(col(CustodyAnchor.id).desc()).limit(2))
    earlier = list(recent)
    since = earlier[-1] if len(earlier) == 2 and earlier[-1] is not None else 0
    # Each chain once, counted here as the rows stream in: PostgreSQL's DISTINCT over the first anchor's range
    # (a year of events, 1.5 million chains) spilled its hash table to disk batch after batch for over ten
    # minutes. Plain rows, not the ORM's: the first anchor reads millions (42 s through the ORM, 13 s so).
    connection = ctx.session.connection()
    steps = select(col(CustodyEvent.chain_month), col(CustodyEvent.parcel_id)).where(
        col(CustodyEvent.id) > since, col(CustodyEvent.id) <= through
    )
    moved = {(month, parcel_id) for month, parcel_id in connection.execute(steps.execution_options(yield_per=50_000))}
    heads: dict[str, tuple[int, str]] = {}
    for month, group in groupby(sorted(moved), key=lambda row: row[0]):
        ids = [parcel_id for _, parcel_id in group]
        for start in range(0, len(ids), ANCHOR_BATCH):  # each month's heads in its own partition, named
            rows = connection.execute(
                select(Parcel.tracking_number, CustodyEvent.sequence, CustodyEvent.hash)
                .join(CustodyEvent, and_(CHAIN_JOIN, col(CustodyEvent.sequence) == col(Parcel.event_count)))
                .where(col(CustodyEvent.chain_month) == month, col(Parcel.id).in_(ids[start : start + ANCHOR_BATCH]))
            )
            heads |= {tracking: (sequence, hash_) for tracking, sequence, hash_ in rows}
    key_id = next(iter(ctx.settings.custody_key_ring))
    signature = anchor_signature(ctx.settings.custody_key_ring[key_id], heads)
    anchor = CustodyAnchor(
        created_at=ctx.now,
        key_id=key_id,
        heads={t: list(h) for t, h in heads.items()},
        signature=signature,
        through_event_id=through,
    )
    ctx.session.add(anchor)
    ctx.session.flush()
    return anchor
