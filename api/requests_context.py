"""Per-request plumbing: one session per request, the caller's identity, tokens."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from celery import Celery
from flask import Response, current_app, g, request, session
from flask.typing import ResponseReturnValue
from flask_login import current_user
from flask_wtf.csrf import validate_csrf
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer
from sqlalchemy.engine import Engine
from wtforms.validators import ValidationError

from postal_service.config import Settings
from postal_service.context import ANONYMOUS, Actor, Context
from postal_service.domain.errors import Forbidden, InvalidField, Unauthenticated
from postal_service.domain.language import N_
from postal_service.services import auth, idempotency
from postal_service.services.idempotency import Claim, StoredAnswer
from postal_service.services.unit_of_work import unit_of_work
from postal_service.worker import relay_messages

from . import access_rules, bounds


def _utc_now() -> datetime:
    return datetime.now(UTC)


@dataclass
class Services:
    """What the app shares between requests; tests swap the clock to walk through days."""

    settings: Settings
    engine: Engine
    tasks: Celery  # the task engine's client: sends work to the workers
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
        actor = auth.actor_for_user(auth.signed_in_user(ctx, int(current_user.get_id()), session.get("epoch")))
    elif session.get("citizen"):
        actor = auth.actor_for_reference(ctx, str(session["citizen"]))
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
        return auth.actor_for_user(auth.signed_in_user(ctx, int(claims["user"]), claims.get("epoch")))
    if "citizen" in claims:
        return auth.actor_for_reference(ctx, str(claims["citizen"]))
    raise Unauthenticated("the token is not valid")


def context() -> Context:
    """The use-case context of this HTTP request: the request's unit of work, with the caller resolved once."""
    ctx: Context = g.ctx
    if not g.get("actor_known"):
        ctx.actor = _actor(ctx)
        g.actor_known = True
    return ctx


def context_as_system_reader() -> Context:
    """The request's unit of work without reading a caller from its credentials: for an endpoint whose caller
    proved itself otherwise (Prometheus, by the metrics token in the same Authorization header)."""
    ctx: Context = g.ctx
    return ctx


def _claim() -> Claim | None:
    """An API write that carries an Idempotency-Key, scoped to its caller (anonymous callers by address)."""
    key = request.headers.get("Idempotency-Key")
    if request.method != "POST" or key is None or not request.path.startswith("/api/v1/") or request.url_rule is None:
        return None
    if not key.strip():  # a header sent empty is a client's mistake: taken as none, a retry would act twice
        raise InvalidField.single("Idempotency-Key", N_("an Idempotency-Key header, when sent, is not empty"))
    if len(key) > 128:
        raise InvalidField.single("Idempotency-Key", "at most 128 characters")
    actor = context().actor
    scope = actor.principal if actor is not ANONYMOUS else f"anonymous@{request.remote_addr or 'unknown'}"
    return Claim.of(scope, request.method, request.path, key, request.get_data())


def _replayed(answer: StoredAnswer) -> Response:
    response = Response(answer.body, status=answer.status_code, mimetype="application/json")
    response.headers["Idempotent-Replayed"] = "true"
    return response


def dispatch_in_unit_of_work(view: Callable[[], ResponseReturnValue]) -> Response:
    """Every request is one unit of work: reserve the key, run the view, store its answer, commit once.

    An answer of 400 or more keeps nothing (a page that shows field errors, a refused step); a domain
    error raised by the view rolls back and reaches the error handlers as usual.
    """
    found = services()
    with unit_of_work(found.engine, found.settings, now=found.clock()) as ctx:
        g.ctx = ctx
        if request.path.startswith("/api/"):
            access_rules.enforce(request.endpoint, context().actor)
            bounds.check_json_body()
        claim = _claim()
        stored = idempotency.reserve(ctx, claim) if claim else None
        if stored is not None:
            ctx.discard()
            return _replayed(stored)
        response = current_app.make_response(view())
        if response.status_code >= 400:
            ctx.discard()
        elif claim is not None and not response.is_streamed:
            answer = StoredAnswer(response.status_code, response.get_data(as_text=True))
            idempotency.store_answer(ctx, claim, answer)
    if not ctx.discarded:
        relay_messages(found.tasks, ctx.outbox)  # committed: the workers may deliver them now
    return response
