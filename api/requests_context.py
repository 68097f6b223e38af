"""Per-request plumbing: one session per request, the caller's identity, tokens."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from flask import Flask, current_app, g, request, session
from flask_login import current_user
from flask_wtf.csrf import validate_csrf
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer
from sqlalchemy.engine import Engine
from wtforms.validators import ValidationError

from postal_service.config import Settings
from postal_service.db.engine import new_session
from postal_service.db.queries import request_by_reference
from postal_service.domain.errors import Forbidden, Unauthenticated
from postal_service.services import auth
from postal_service.services.context import ANONYMOUS, Actor, Context


def _utc_now() -> datetime:
    return datetime.now(UTC)


@dataclass
class Services:
    """What the app shares between requests; tests swap the clock to walk through days."""

    settings: Settings
    engine: Engine
    clock: Callable[[], datetime] = field(default=_utc_now)


def services() -> Services:
    found: Services = current_app.extensions["postal"]
    return found


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(services().settings.secret_key, salt="api-token")


def issue_token(claims: dict[str, Any]) -> str:
    return _serializer().dumps(claims)


def _claims(token: str) -> dict[str, Any]:
    max_age = services().settings.token_ttl_hours * 3600
    try:
        claims: dict[str, Any] = _serializer().loads(token, max_age=max_age)
    except SignatureExpired:
        raise Unauthenticated("the token has expired; log in again") from None
    except BadSignature:
        raise Unauthenticated("the token is not valid") from None
    return claims


def _cookie_actor(ctx: Context) -> Actor:
    """Pages and their scripts call the API with the browser session; such writes must carry the CSRF token."""
    if current_user.is_authenticated:
        actor = auth.actor_for_user(auth.active_user(ctx, int(current_user.get_id())))
    elif session.get("citizen"):
        actor = auth.actor_for_citizen(request_by_reference(ctx.session, str(session["citizen"])))
    else:
        return ANONYMOUS
    if request.method == "POST" and request.path.startswith("/api/"):
        try:
            validate_csrf(request.headers.get("X-CSRFToken"))
        except ValidationError as error:
            raise Forbidden(f"the page's security token is missing or stale ({error}); reload the page") from None
    return actor


def _actor(ctx: Context) -> Actor:
    key = request.headers.get("X-API-Key")
    if key:
        return auth.actor_for_api_key(ctx, key)
    header = request.headers.get("Authorization", "")
    if not header:
        return _cookie_actor(ctx)
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token:
        raise Unauthenticated("use 'Authorization: Bearer <token>'")
    claims = _claims(token.strip())
    if "user" in claims:
        return auth.actor_for_user(auth.active_user(ctx, int(claims["user"])))
    if "citizen" in claims:
        return auth.actor_for_citizen(request_by_reference(ctx.session, str(claims["citizen"])))
    raise Unauthenticated("the token is not valid")


def context() -> Context:
    """The use-case context of this HTTP request, built once."""
    if "ctx" not in g:
        found = services()
        ctx = Context(new_session(found.engine), found.settings, now=found.clock())
        g.ctx = ctx
        ctx.actor = _actor(ctx)
    result: Context = g.ctx
    return result


def register(app: Flask) -> None:
    @app.teardown_request
    def _close_session(_error: BaseException | None) -> None:
        ctx = g.pop("ctx", None)
        if ctx is not None:
            ctx.session.close()
