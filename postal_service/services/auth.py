"""Who is calling: staff by password, agency systems by API key, citizens by a one-time code.

Passwords and one-time codes are hashed with Argon2 (low-entropy secrets); API key secrets are 256-bit
random, so a SHA-256 digest suffices and keeps every API call fast.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

from sqlmodel import select

from postal_service.context import Actor, Context
from postal_service.db.queries import by_code_in_field, request_by_reference, user_by_username
from postal_service.db.tables import Agency, ApiKey, ServiceRequest, User
from postal_service.domain.access import Capability, require
from postal_service.domain.errors import Forbidden, InvalidField, NotFound, Unauthenticated
from postal_service.domain.roles import Role, user_principal

from .citizen_codes import check_citizen_code, send_citizen_code
from .hashing import UNKNOWN_USER_HASH, hash_secret, secret_matches

__all__ = ["check_citizen_code", "hash_secret", "secret_matches", "send_citizen_code"]


def actor_for_user(user: User) -> Actor:
    return Actor(
        role=Role(user.role),
        principal=user_principal(user.username),
        user_id=user.id,
        agency_id=user.agency_id,
        post_office_id=user.post_office_id,
        hub_id=user.hub_id,
        may_carry_cash=user.may_carry_cash,
    )


def authenticate_user(ctx: Context, username: str, password: str) -> User:
    """An unknown username costs the same password check as a known one: the answer time tells nothing."""
    user = ctx.session.exec(select(User).where(User.username == username)).first()
    matches = secret_matches(user.password_hash if user else UNKNOWN_USER_HASH, password)
    if user is None or not user.active or not matches:
        raise Unauthenticated("wrong username or password")
    return user


def signed_in_user(ctx: Context, user_id: int, epoch: object) -> User:
    """The user of a session or token, if it was issued since their sessions were last ended."""
    user = active_user(ctx, user_id)
    if epoch != user.session_epoch:
        raise Unauthenticated("this session was ended (signed out or revoked); sign in again")
    return user


def end_sessions(ctx: Context, user_id: int) -> None:
    """Signing out ends every session and token of the user on the server: a copied cookie stops working."""
    user = active_user(ctx, user_id)
    user.session_epoch += 1
    ctx.session.add(user)


def change_password(ctx: Context, current: str, new: str) -> User:
    """A staff member sets a new password; every session and token they had ends with the old one."""
    require(ctx.actor, Capability.CHANGE_OWN_PASSWORD)
    if ctx.actor.user_id is None:
        raise Forbidden("an agency system's API key has no password; an administrator issues a new key")
    user = active_user(ctx, ctx.actor.user_id)
    errors = {}
    if not secret_matches(user.password_hash, current):
        errors["current_password"] = "this is not your current password"
    if new == current:
        errors["new_password"] = "choose a password different from the current one"
    elif user.username.lower() in new.lower():
        errors["new_password"] = "the password must not contain your username"
    if errors:
        raise InvalidField(errors)
    user.password_hash = hash_secret(new, ctx.settings)
    end_sessions(ctx, user.id or 0)
    return user


def revoke_user_access(ctx: Context, username: str) -> None:
    """An administrator ends a user's sessions and tokens everywhere (a lost phone, a leaving employee)."""
    require(ctx.actor, Capability.REVOKE_ACCESS)
    end_sessions(ctx, user_by_username(ctx.session, username).id or 0)


def revoke_api_key(ctx: Context, key_id: str) -> None:
    require(ctx.actor, Capability.REVOKE_ACCESS)
    key = ctx.session.exec(select(ApiKey).where(ApiKey.key_id == key_id)).first()
    if key is None:
        raise NotFound(f"no API key {key_id}")
    if key.revoked_at is None:
        key.revoked_at = ctx.now
        ctx.session.add(key)


def active_user(ctx: Context, user_id: int) -> User:
    user = ctx.session.get(User, user_id)
    if user is None or not user.active:
        raise Unauthenticated("this account no longer exists or was disabled")
    return user


def create_api_key(ctx: Context, agency_code: str, label: str) -> str:
    """Return the key once, as `<key id>.<secret>`; only the digest of the secret is stored."""
    require(ctx.actor, Capability.ISSUE_API_KEYS)
    agency = by_code_in_field(ctx.session, Agency, agency_code, "agency_code")
    assert agency.id is not None
    key_id, secret = secrets.token_hex(6), secrets.token_urlsafe(32)
    digest = hashlib.sha256(secret.encode()).hexdigest()
    ctx.session.add(ApiKey(key_id=key_id, secret_hash=digest, agency_id=agency.id, label=label, created_at=ctx.now))
    return f"{key_id}.{secret}"


def actor_for_api_key(ctx: Context, presented: str) -> Actor:
    key_id, _, secret = presented.strip().partition(".")
    key = ctx.session.exec(select(ApiKey).where(ApiKey.key_id == key_id)).first()
    digest = hashlib.sha256(secret.encode()).hexdigest()
    if key is None or key.revoked_at is not None or not hmac.compare_digest(key.secret_hash, digest):
        raise Unauthenticated("unknown or revoked API key")
    return Actor(role=Role.AGENCY, principal=f"apikey:{key.key_id}", agency_id=key.agency_id)


def actor_for_reference(ctx: Context, reference: str) -> Actor:
    """The citizen signed in for this request (session cookie or token), once their code was checked."""
    return actor_for_citizen(request_by_reference(ctx.session, reference))


def actor_for_citizen(request: ServiceRequest) -> Actor:
    return Actor(role=Role.CITIZEN, principal=f"citizen:{request.reference}", request_id=request.id)
