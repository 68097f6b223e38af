"""Helpers shared by the pages: login wrapper, role guard, error messages in the reader's language."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from functools import wraps
from typing import Any, TypeVar

from flask import abort, g, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import UserMixin, current_user
from pydantic import ValidationError
from werkzeug.wrappers import Response

from postal_service import qr
from postal_service.domain.access import Capability, may
from postal_service.domain.errors import InvalidField
from postal_service.domain.lifecycle import Leg
from postal_service.queries import alerts, step_pages
from postal_service.queries.views import RequestOut

from ..messages import N_, describe, translated
from ..requests_context import context

F = TypeVar("F", bound=Callable[..., Any])
CSRF_FIELD = "csrf_token"  # Flask-WTF's name for the token every page form carries


class StaffLogin(UserMixin):
    """What Flask-Login keeps in the session: only the user id; the role is read fresh on every request."""

    def __init__(self, user_id: str) -> None:
        self.id = user_id


def staff_page(capability: Capability) -> Callable[[F], F]:
    """Log in first; a logged-in user without the capability (domain.access) is refused with 403."""

    def decorate(view: F) -> F:
        @wraps(view)
        def guarded(*args: Any, **kwargs: Any) -> Any:
            if not current_user.is_authenticated:
                return redirect(url_for("staff_auth.login"))
            if not may(context().actor, capability):
                abort(403)
            return view(*args, **kwargs)

        return guarded  # type: ignore[return-value]

    return decorate


def envelope_qrs(view: RequestOut) -> dict[str, str]:
    """Each envelope's signed QR label as inline SVG, for the confirmation page and the counter's slip."""
    settings = context().settings
    return {
        p.tracking_number: qr.render_svg(
            qr.label_url(settings.public_base_url, qr.sign(settings.qr_key_ring, p.tracking_number, Leg(p.leg)))
        ).decode()
        for p in view.parcels
    }


def label_public_keys() -> dict[str, str]:
    """The public halves of the label keys: what a phone checks a scanned label against with no network."""
    return qr.public_keys(context().settings.qr_key_ring)


def found_by_search() -> tuple[str, Response | None]:
    """A desk's search box: the query, and the way to the parcel it names (a dossier code or a reference)."""
    query = (request.args.get("q") or "").strip().upper()
    found = step_pages.find_for_desk(context(), query) if query else None
    return query, redirect(url_for(".parcel", tracking_number=found)) if found else None


def open_deadline_alerts() -> int | None:
    """For the header: the open deadline alerts a dispatcher (or administrator) may act on; None for others."""
    if not known_caller_may(Capability.DISPATCH) or not g.ctx.session.in_transaction():
        return None  # an error page renders after its unit of work closed: a query now would leak a connection
    return alerts.open_alert_count(g.ctx)


def known_caller_may(capability: Capability) -> bool:
    ctx = g.get("ctx")
    return bool(ctx is not None and g.get("actor_known") and may(ctx.actor, capability))


# One explanation per field, shown when a message has no translation (it carries names or numbers).
FIELD_HELP: dict[str, str] = {
    "contact.name": N_("Enter the full name of the person sending the dossier."),
    "contact.phone": N_("A mobile number has 10 digits: 0, then 3, 5, 7, 8 or 9, then 8 digits."),
    "contact.email": N_("An e-mail address looks like ten@example.vn; leave it empty if you have none."),
    "contact.id_number": N_("A citizen ID number (CCCD) has 12 digits; old 9-digit ID cards are no longer valid."),
    "pickup_address.street": N_("Enter the house number and street."),
    "pickup_address.commune_code": N_("Choose a commune or ward served by the post."),
    "delivery_address.street": N_("Enter the house number and street."),
    "delivery_address.commune_code": N_("Choose a commune or ward served by the post."),
    "slot_start": N_("Choose one of the offered time slots."),
    "dossier_code": N_("A dossier code looks like 000.17.22.H56-210531-0001."),
    "consent": N_("We need your consent to handle your personal data for this service."),
    "procedure_code": N_("Choose a procedure that can be sent by post."),
    "intake": N_("Choose pickup at your address or drop-off at a post office."),
    "service": N_("Choose one of the three services."),
    "drop_off_post_office_code": N_("Choose the post office where you will drop off the dossier."),
    "reference": N_("Enter the reference of your request, e.g. D45-7KQ2M9."),
    "phone": N_("A mobile number has 10 digits: 0, then 3, 5, 7, 8 or 9, then 8 digits."),
    "code": N_("Enter the 6 digits we sent by SMS."),
    "current_password": N_("Enter the password you signed in with."),
    "new_password": N_("At least 10 characters, not containing your username."),
}


def form_data() -> dict[str, str]:
    """What the citizen or clerk filled in: the form's fields without its CSRF token, which guards the post and is
    not data, so a schema that refuses unknown fields refuses only what a person could have typed."""
    return {name: value for name, value in request.form.items() if name != CSRF_FIELD}


def readable(field: str, message: str) -> str:
    """A rule's message in the reader's language: its translation, else the field's translated explanation."""
    return translated(message) or (_(FIELD_HELP[field]) if field in FIELD_HELP else message)


def field_errors(error: InvalidField | ValidationError) -> dict[str, str]:
    """Each refused field with what to do about it, in the page's language: the field's own explanation where
    there is one, else a description of the kind of error (api/messages.py)."""
    if isinstance(error, InvalidField):
        return {field: readable(field, message) for field, message in error.errors.items()}
    described = {}
    for e in error.errors():
        field = ".".join(str(p) for p in e["loc"])
        if field in FIELD_HELP:  # a format error on a page: how to write it, in a whole sentence
            described[field] = _(FIELD_HELP[field])
        else:
            described[field] = describe(e)
    return described


def day_arg(name: str, default: date) -> date:
    """A day chosen in a page's form (?name=YYYY-MM-DD); the default when none or a wrong one is given."""
    try:
        return date.fromisoformat(request.values.get(name) or "")
    except ValueError:
        return default
