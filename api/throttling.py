"""Throttling (Flask-Limiter): how many guesses, texts, bookings and photo scans a caller may make.

Every limit is declared once in THROTTLES. Counters live in Redis at REDIS_URL (shared by every worker), or in
the process's memory for the embedded default. An exhausted limit answers 429 with Retry-After; login and code
guesses count only failures, so after ten wrong passwords an account is locked for fifteen minutes.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from flask import Flask, Response, request
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address

from postal_service.config import Settings

from .requests_context import context


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


def register(app: Flask, settings: Settings) -> Limiter:
    app.config.update(
        RATELIMIT_ENABLED=settings.throttling,
        RATELIMIT_HEADERS_ENABLED=True,
        RATELIMIT_STORAGE_URI=settings.redis_url or "memory://",
    )
    limiter = Limiter(
        get_remote_address, app=app, default_limits=[], strategy="fixed-window", key_prefix=settings.throttle_key_prefix
    )
    for endpoint in {e for throttle in THROTTLES for e in throttle.endpoints}:
        view: Any = app.view_functions[endpoint]
        for throttle in (t for t in THROTTLES if endpoint in t.endpoints):
            deduct = _refused if throttle.only_failures else None
            exempt = (lambda applies=throttle.applies: not applies()) if throttle.applies else None
            view = limiter.limit(
                throttle.limit, key_func=throttle.key, methods=["POST"], deduct_when=deduct, exempt_when=exempt
            )(view)
        app.view_functions[endpoint] = view
    app.extensions["postal_limiter"] = limiter  # Flask-Limiter keeps only weak references to its limiter
    return limiter
