"""The hash chain of custody events: each event carries the hash of the previous one of its parcel.

Why a chain: an edited, removed or reordered event changes every hash after it, so an audit can name
the first broken link without trusting the database.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

GENESIS_HASH = "0" * 64


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
