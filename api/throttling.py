"""Throttling (Flask-Limiter): how many guesses, texts, bookings and photo scans a caller may make.

Every limit is declared once in THROTTLES. Counters live in Redis at REDIS_URL (shared by every worker), or in
the process's memory for the embedded default. An exhausted limit answers 429 with Retry-After; login and code
guesses count only failures, so after ten wrong passwords an account is locked for fifteen minutes.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from flask import Flask, Response, g, request
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address

from postal_service.config import Settings

from .errors import unavailable
from .messages import N_
from .requests_context import context

log = logging.getLogger(__name__)


def _field(name: str) -> str:
    """A field of the JSON body or of the form, normalised, so that spelling variants share a counter."""
    body = request.get_json(silent=True) if request.is_json else None
    value = body.get(name) if isinstance(body, dict) else request.form.get(name)
    text = str(value or "").strip().lower()
    return "".join(ch for ch in text if ch.isalnum() or ch in "-_.")[-64:] or "-"


def _by_address() -> str:
    return f"address:{get_remote_address()}"


def _by_username() -> str:
    return f"username:{_field('username')}"


def _by_account() -> str:
    """The account behind the caller's token or session, from whichever address: a stolen session guessing."""
    return f"account:{context().actor.principal}"


def _by_phone() -> str:
    return f"phone:{_field('phone')[-9:]}"  # +84 912…, 84912…, 0912… are one phone


def _by_reference() -> str:
    return f"reference:{_field('reference')}"


def _refused(response: Response) -> bool:
    return response.status_code in (401, 422) or (
        request.endpoint == "citizen.sign_in" and b'class="error' in response.data
    )


@dataclass(frozen=True)
class Throttle:
    endpoints: tuple[str, ...]
    limit: str
    key: Callable[[], str]
    only_failures: bool = False
    applies: Callable[[], bool] | None = None  # only requests for which this is true count (and are refused)


def _checks_a_code() -> bool:
    """The sign-in page posts twice: once for the code to be texted, once with the code it received."""
    return _field("code") != "-"


def _asks_for_a_code() -> bool:
    return not _checks_a_code()


LOGINS = ("auth.login", "staff_auth.login")
PASSWORD_CHANGES = ("auth.change_password", "staff_auth.change_password")
CODE_ISSUE = ("auth.citizen_code", "citizen.sign_in")
CODE_RESEND_SECONDS = 60  # a phone, or a reference, is texted a new code at most this often (5 an hour)
CODE_CHECK = ("auth.citizen_token", "citizen.sign_in")
THROTTLES: tuple[Throttle, ...] = (
    Throttle(LOGINS, "10 per 15 minutes", _by_username, only_failures=True),  # locks the account
    Throttle(LOGINS, "50 per 15 minutes", _by_address, only_failures=True),  # one address trying many accounts
    Throttle(PASSWORD_CHANGES, "10 per 15 minutes", _by_account, only_failures=True),
    Throttle(CODE_ISSUE, f"1 per {CODE_RESEND_SECONDS} seconds;5 per hour", _by_phone, applies=_asks_for_a_code),
    Throttle(CODE_ISSUE, f"1 per {CODE_RESEND_SECONDS} seconds;5 per hour", _by_reference, applies=_asks_for_a_code),
    Throttle(CODE_CHECK, "10 per 15 minutes", _by_reference, only_failures=True, applies=_checks_a_code),
    Throttle(("requests.book", "citizen.review"), "60 per hour", _by_address),  # a commune centre books for many
    Throttle(("labels_api.scan_photo",), "30 per minute", _by_address),
)


LIMITED = frozenset(e for throttle in THROTTLES for e in throttle.endpoints)
FAIL_CLOSED = frozenset(LOGINS + PASSWORD_CHANGES + CODE_ISSUE + CODE_CHECK)  # guesses are never let through uncounted
STORE_TIMEOUT_S = 2  # a counter store that does not answer within this is taken as down


def register(app: Flask, settings: Settings) -> Limiter:
    app.config.update(
        RATELIMIT_ENABLED=settings.throttling,
        RATELIMIT_HEADERS_ENABLED=True,
        RATELIMIT_STORAGE_URI=settings.redis_url or "memory://",
        RATELIMIT_STORAGE_OPTIONS={"socket_connect_timeout": STORE_TIMEOUT_S, "socket_timeout": STORE_TIMEOUT_S},
    )
    limiter = Limiter(
        get_remote_address, default_limits=[], strategy="fixed-window", key_prefix=settings.throttle_key_prefix
    )
    app.before_request(lambda: _when_the_store_is_down(limiter))  # registered first: it runs before the limiter's
    limiter.init_app(app)
    for endpoint in LIMITED:
        view: Any = app.view_functions[endpoint]
        for throttle in (t for t in THROTTLES if endpoint in t.endpoints):
            deduct = _refused if throttle.only_failures else None
            view = limiter.limit(
                throttle.limit,
                key_func=throttle.key,
                methods=["POST"],
                deduct_when=deduct,
                exempt_when=_exempt(throttle),
            )(view)
        app.view_functions[endpoint] = view
    app.extensions["postal_limiter"] = limiter  # Flask-Limiter keeps only weak references to its limiter
    return limiter


def _exempt(throttle: Throttle) -> Callable[[], bool]:
    """Not counted: a request the throttle does not apply to, or one let through while the store is down."""
    return lambda: bool(g.get("uncounted")) or (throttle.applies is not None and not throttle.applies())


def _when_the_store_is_down(limiter: Limiter) -> Response | None:
    """The counters' store (Redis) does not answer: sign-in, password changes and citizens' codes are refused with
    503 and Retry-After (counted nowhere, guessing would be free); bookings and photo scans go through uncounted;
    nothing else is limited, so every read goes on. Either way the log says so."""
    if not limiter.enabled or request.method != "POST" or request.endpoint not in LIMITED:
        return None
    if limiter.storage.check():
        return None
    if request.endpoint in FAIL_CLOSED:
        log.error("throttling store unreachable: %s refused, never let through uncounted", request.endpoint)
        return unavailable(
            "sign-in is paused for a moment; try again in a few seconds",
            N_("Sign-in is paused for a moment. Try again in a few seconds."),
        )
    log.warning("throttling store unreachable: %s let through uncounted", request.endpoint)
    g.uncounted = True
    return None
