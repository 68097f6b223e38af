"""The hash chain of custody events: each event carries the hash of the previous one of its parcel.

Why a chain: an edited, removed or reordered event changes every hash after it, so an audit can name
the first broken link without trusting the database.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from .identifiers import EVIDENCE_PREFIX
from .timeslots import LOCAL_TZ

GENESIS_HASH = "0" * 64


def chain_month(opened_at: datetime) -> date:
    """The month an envelope's chain opened (Vietnam's calendar), the first day standing for it. Every event of
    the chain carries it: on PostgreSQL the custody log is partitioned by it, so a chain lives whole in one
    month's partition and a month of chains can be archived whole."""
    return opened_at.astimezone(LOCAL_TZ).date().replace(day=1)


def event_hash(fields: Mapping[str, Any], previous_hash: str) -> str:
    """SHA-256 over the canonical JSON of the event's fields and the previous hash."""
    canonical = json.dumps(
        {"fields": dict(fields), "previous": previous_hash},
        sort_keys=True,
        separators=(",", ":"),
        ensure_ascii=False,
        default=str,
    )
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class BrokenLink:
    parcel: str
    sequence: int
    problem: str


def verify_chain(parcel: str, events: Iterable[tuple[int, Mapping[str, Any], str, str]]) -> list[BrokenLink]:
    """Check (sequence, fields, stored previous hash, stored hash) rows in order; return every broken link."""
    broken: list[BrokenLink] = []
    expected_previous = GENESIS_HASH
    expected_sequence = 1
    for sequence, fields, previous, stored in events:
        if sequence != expected_sequence:
            broken.append(BrokenLink(parcel, sequence, f"expected event number {expected_sequence}"))
        if previous != expected_previous:
            broken.append(BrokenLink(parcel, sequence, "previous-hash does not match the event before"))
        if event_hash(fields, previous) != stored:
            broken.append(BrokenLink(parcel, sequence, "content does not match its hash (edited?)"))
        expected_previous, expected_sequence = stored, sequence + 1
    return broken


def seal(key: bytes, hash_: str) -> str:
    """HMAC-SHA256 of an event's hash under the custody key: recomputing plain hashes cannot forge it."""
    return hmac.new(key, hash_.encode("ascii"), hashlib.sha256).hexdigest()


def verify_seals(
    parcel: str, events: Iterable[tuple[int, str, str, str]], ring: Mapping[str, bytes]
) -> list[BrokenLink]:
    """Check (sequence, hash, key id, seal) rows against the custody key ring."""
    broken = []
    for sequence, hash_, key_id, stored in events:
        key = ring.get(key_id)
        if key is None:
            broken.append(BrokenLink(parcel, sequence, f"sealed with an unknown custody key {key_id!r}"))
        elif not hmac.compare_digest(seal(key, hash_), stored):
            broken.append(BrokenLink(parcel, sequence, "seal does not match (rewritten with recomputed hashes?)"))
    return broken


def anchor_signature(key: bytes, heads: Mapping[str, tuple[int, str]]) -> str:
    """Signs the last (sequence, hash) of every chain at a moment; exported, it pins the chains' past."""
    canonical = json.dumps({k: list(v) for k, v in sorted(heads.items())}, separators=(",", ":"))
    return hmac.new(key, canonical.encode("utf-8"), hashlib.sha256).hexdigest()


EVIDENCE_FIELDS = ("signature_ref", "photo_ref", "proxy_authorisation_ref")  # each names one stored image
EVIDENCE_LISTS = ("document_photos",)  # each names several


def cites_proof(evidence: Mapping[str, Any]) -> bool:
    """Whether a step carries proof of a handover (a signature, a photo, a proxy's authorisation)."""
    return any(evidence.get(f) for f in EVIDENCE_FIELDS)


def stored_refs(evidence: Mapping[str, Any]) -> set[str]:
    """The stored files (`evidence:<sha256>`) a custody event's evidence refers to."""
    refs = {str(evidence[f]) for f in EVIDENCE_FIELDS if evidence.get(f)}
    refs |= {str(ref) for f in EVIDENCE_LISTS for ref in evidence.get(f) or []}
    return {ref for ref in refs if ref.startswith(EVIDENCE_PREFIX)}
