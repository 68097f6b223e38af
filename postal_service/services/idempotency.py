"""Idempotency-Key: a repeated write gets the first answer again; the same key with another body is a 409.

Why: couriers on weak networks resend; an agency system retries on time-outs. Nothing may happen twice.
How (after Stripe's design): the key is reserved first, in the transaction that does the work. A twin sent at
the same moment blocks on the reserved row until that transaction ends, then replays the committed answer; if
the first one failed or its process died, nothing was kept and the twin does the work itself.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import ColumnElement, and_, delete, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import col, select

from postal_service.context import Context
from postal_service.db.tables import IdempotencyKey
from postal_service.domain.errors import Conflict


@dataclass(frozen=True)
class Claim:
    """Who sends which key to which endpoint, and a digest of exactly what they sent."""

    scope: str
    method: str
    path: str
    key: str
    fingerprint: str

    @classmethod
    def of(cls, scope: str, method: str, path: str, key: str, body: bytes) -> Claim:
        digest = hashlib.sha256(method.encode() + b" " + path.encode() + b"\n" + body).hexdigest()
        return cls(scope, method, path[:255], key, digest)


@dataclass(frozen=True)
class StoredAnswer:
    status_code: int
    body: str


def _same_claim(claim: Claim) -> ColumnElement[bool]:
    return and_(
        col(IdempotencyKey.scope) == claim.scope,
        col(IdempotencyKey.method) == claim.method,
        col(IdempotencyKey.path) == claim.path,
        col(IdempotencyKey.key) == claim.key,
    )


def reserve(ctx: Context, claim: Claim) -> StoredAnswer | None:
    """Reserve the key for this unit of work (None), or give the answer a finished twin stored."""
    ctx.session.execute(delete(IdempotencyKey).where(_same_claim(claim), col(IdempotencyKey.expires_at) <= ctx.now))
    dialect = postgresql if ctx.session.get_bind().dialect.name == "postgresql" else sqlite
    values = {
        "scope": claim.scope,
        "method": claim.method,
        "path": claim.path,
        "key": claim.key,
        "fingerprint": claim.fingerprint,
        "created_at": ctx.now,
        "expires_at": ctx.now + timedelta(hours=ctx.settings.idempotency_ttl_hours),
    }
    reserved = dialect.insert(IdempotencyKey).values(**values).on_conflict_do_nothing()
    if ctx.session.execute(reserved.returning(col(IdempotencyKey.id))).first() is not None:
        return None
    first = ctx.session.exec(select(IdempotencyKey).where(_same_claim(claim))).one()
    if first.fingerprint != claim.fingerprint:
        raise Conflict("this Idempotency-Key was already used for a different request")
    if first.status_code is None or first.body is None:  # cannot be committed so; refuse rather than guess
        raise Conflict("the first request with this Idempotency-Key is still being processed; retry shortly")
    return StoredAnswer(first.status_code, first.body)


def store_answer(ctx: Context, claim: Claim, answer: StoredAnswer) -> None:
    """Written just before the unit of work commits, so the answer and the work land together."""
    ctx.session.execute(
        update(IdempotencyKey).where(_same_claim(claim)).values(status_code=answer.status_code, body=answer.body)
    )


def purge_expired(ctx: Context) -> int:
    """Scheduler job: stored answers are kept for IDEMPOTENCY_TTL_HOURS, then forgotten."""
    result = ctx.session.execute(delete(IdempotencyKey).where(col(IdempotencyKey.expires_at) <= ctx.now))
    return int(result.rowcount)  # type: ignore[attr-defined]
