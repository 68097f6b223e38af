"""Signed webhooks to agency systems: which events an endpoint wants, and the signature every POST carries.

`X-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<raw body>")>`. While a secret is being
rotated the header carries one v1 per valid secret, newest first, so a receiver holding either one accepts
it. A receiver should also refuse a t older than a few minutes (a replayed POST).
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Sequence

URL_MAX_LENGTH = 500  # stored; a URL given may be 10 shorter, as parsing may add a slash
STATUS_CHANGED = "parcel.status_changed"  # every custody step of an agency's parcels
DOSSIER_DIGITISED = "dossier.digitised"  # the pages photographed at intake can be fetched as one PDF
DOSSIER_INBOUND = "dossier.inbound"  # an envelope for the agency left on a trunk run, with its expected arrival
EVENTS = (STATUS_CHANGED, DOSSIER_DIGITISED, DOSSIER_INBOUND)
ALL = "*"


def wants(subscribed: Sequence[str], event_type: str) -> bool:
    return ALL in subscribed or event_type in subscribed


def signature(secrets: Sequence[bytes], timestamp: int, body: bytes) -> str:
    signed = f"{timestamp}.".encode() + body
    parts = [f"t={timestamp}"] + [f"v1={hmac.new(s, signed, hashlib.sha256).hexdigest()}" for s in secrets]
    return ",".join(parts)


def verify(secret: bytes, header: str, body: bytes, now: int, tolerance: int = 300) -> bool:
    """What a receiver does (the README shows it in a few lines): a fresh t and one v1 made with its secret."""
    fields = [part.partition("=") for part in header.split(",")]
    stamps = [value for key, _, value in fields if key == "t"]
    if len(stamps) != 1 or not stamps[0].isdigit() or abs(now - int(stamps[0])) > tolerance:
        return False
    expected = signature([secret], int(stamps[0]), body).split(",")[1].removeprefix("v1=")
    return any(key == "v1" and hmac.compare_digest(value, expected) for key, _, value in fields)
