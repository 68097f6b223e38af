"""The citizen books the supplement an agency asked for, from the tracking page: a pickup or a drop-off."""

from __future__ import annotations

from flask import abort, flash, redirect, request, session, url_for
from flask_babel import gettext as _
from pydantic import ValidationError
from werkzeug.wrappers import Response

from postal_service.domain.errors import DomainError, InvalidField
from postal_service.services import supplements
from postal_service.services.schemas import SupplementBooking

from ..requests_context import context
from .citizen import bp
from .common import readable


@bp.post("/track/<reference>/supplement")
def book_supplement(reference: str) -> Response:
    if session.get("citizen") != reference.upper():
        abort(403)
    ctx = context()
    form = {"intake": request.form.get("intake"), "slot_start": request.form.get("slot_start") or None}
    try:
        parcel = supplements.book_supplement(ctx, reference, SupplementBooking.model_validate(form))
    except (ValidationError, DomainError) as error:
        ctx.discard()  # nothing of a refused booking is kept
        flash(_refusal(error), "error")
        return redirect(url_for(".track", reference=reference))
    message = _("Your supplement is booked as %(number)s. There is nothing more to pay.", number=parcel.tracking_number)
    flash(message)
    return redirect(url_for(".track", reference=reference))


def _refusal(error: ValidationError | DomainError) -> str:
    if isinstance(error, InvalidField):
        return " ".join(readable(name, text) for name, text in error.errors.items())
    if isinstance(error, DomainError):
        return readable("supplement", str(error))
    return _("Choose how the documents reach the agency, and a slot for a pickup.")
