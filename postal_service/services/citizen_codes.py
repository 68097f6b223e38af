"""One-time codes texted to a citizen: the key to their request once the booking page is closed."""

from __future__ import annotations

import secrets
from datetime import timedelta

from sqlmodel import col, select

from postal_service.context import Context
from postal_service.db.queries import request_by_reference
from postal_service.db.tables import CitizenCode, ServiceRequest
from postal_service.domain.errors import NotFound, Unauthenticated
from postal_service.domain.messages import MessageKind
from postal_service.domain.notices import Notice, Topic

from .hashing import hash_secret, secret_matches
from .notices import notify


def send_citizen_code(ctx: Context, reference: str, phone: str) -> None:
    """Text a 6-digit code to the request's phone; how often is the throttle's rule (api/throttling.py).
    Silent when reference and phone do not match, so the endpoint cannot be used to learn which references exist."""
    try:
        request = request_by_reference(ctx.session, reference)
    except NotFound:
        return
    if request.contact_phone != phone:
        return
    assert request.id is not None
    code = f"{secrets.randbelow(1_000_000):06d}"
    expires = ctx.now + timedelta(minutes=ctx.settings.citizen_code_ttl_minutes)
    ctx.session.add(CitizenCode(request_id=request.id, code_hash=hash_secret(code, ctx.settings), expires_at=expires))
    notify(
        ctx,
        request,
        Notice(Topic.SIGN_IN_CODE, {"code": code, "minutes": ctx.settings.citizen_code_ttl_minutes}),
        MessageKind.SIGN_IN_CODE,
    )


def check_citizen_code(ctx: Context, reference: str, phone: str, code: str) -> ServiceRequest:
    """Accept the newest unexpired code; every wrong try counts, and a code dies after the allowed tries."""
    refused = Unauthenticated("the code is wrong or has expired; ask for a new one")
    try:
        request = request_by_reference(ctx.session, reference)
    except NotFound:
        raise refused from None
    if request.contact_phone != phone:
        raise refused
    candidate = ctx.session.exec(
        select(CitizenCode)
        .where(CitizenCode.request_id == request.id, col(CitizenCode.used_at).is_(None))
        .order_by(col(CitizenCode.id).desc())
    ).first()
    if candidate is None or candidate.expires_at <= ctx.now or candidate.tries >= ctx.settings.citizen_code_max_tries:
        raise refused
    if not secret_matches(candidate.code_hash, code):
        candidate.tries += 1
        ctx.session.add(candidate)
        refused.keep_changes = True  # the wrong try is counted even though the answer is a refusal
        raise refused
    candidate.used_at = ctx.now
    ctx.session.add(candidate)
    return request
