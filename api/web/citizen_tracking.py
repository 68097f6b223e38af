"""The citizen's tracking pages: sign in with the texted code, the whole journey, cancel, reschedule."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from flask import abort, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from pydantic import ValidationError
from werkzeug.wrappers import Response

from postal_service.domain.claims import ClaimKind
from postal_service.domain.errors import DomainError, Unauthenticated
from postal_service.domain.identifiers import normalise_phone
from postal_service.domain.lifecycle import FROM_THE_CITIZEN, WITH_THE_CITIZEN, Action, Leg
from postal_service.queries import catalogue, parcels, receipts, routes
from postal_service.queries.claims import claims_for_reference
from postal_service.queries.slots import coming_slots
from postal_service.services import auth, booking
from postal_service.services.schemas import Reschedule

from ..requests_context import context
from ..throttling import CODE_RESEND_SECONDS
from .citizen import bp
from .common import envelope_qrs, readable


def _citizen_request(reference: str) -> Any:
    ctx = context()
    if session.get("citizen") != reference.upper():
        return None
    return parcels.get_request(ctx, reference)


@bp.get("/requests/<reference>/done")
def confirmation(reference: str) -> str | Response:
    view = _citizen_request(reference)
    if view is None:
        return redirect(url_for(".sign_in", reference=reference))
    settings = context().settings
    labels = envelope_qrs(view)
    return render_template("citizen/confirmation.html", request=view, labels=labels, hotline=settings.hotline)


@bp.route("/track", methods=["GET", "POST"])
def sign_in() -> str | Response:
    """Reference and phone, then the SMS code: the citizen sees the whole journey."""
    ctx = context()
    errors: dict[str, str] = {}
    reference = (request.values.get("reference") or "").strip().upper()
    phone = (request.values.get("phone") or "").strip()
    stage, wait = "start", 0
    if request.method == "POST":
        try:
            phone = normalise_phone(phone)
        except ValueError:
            errors["phone"] = readable("phone", "bad phone")
        if not reference:
            errors["reference"] = readable("reference", "missing")
        if not errors and request.form.get("code"):
            try:
                found = auth.check_citizen_code(ctx, reference, phone, request.form["code"].strip())
            except Unauthenticated:
                errors["code"] = _("The code is wrong or has expired; ask for a new one.")
                stage = "code"
            else:
                session["citizen"] = found.reference
                return redirect(url_for(".track", reference=found.reference))
        elif not errors:
            auth.send_citizen_code(ctx, reference, phone)
            stage, wait = "code", CODE_RESEND_SECONDS
    return render_template(
        "citizen/sign_in.html", reference=reference, phone=phone, errors=errors, stage=stage, wait=wait
    )


@bp.get("/track/<reference>")
def track(reference: str) -> str | Response:
    view = _citizen_request(reference)
    if view is None:
        return redirect(url_for(".sign_in", reference=reference))
    ctx = context()
    moves = ((e, p.leg) for p in view.parcels for e in p.events if e.from_status != e.to_status)  # not reassignments
    events = sorted(moves, key=lambda pair: pair[0].occurred_at)
    from_citizen = [p for p in view.parcels if Leg(p.leg) in FROM_THE_CITIZEN]  # the dossier, then supplements
    waiting = from_citizen[-1] if from_citizen else None
    can_change = view.intake == "pickup" and waiting is not None and waiting.status in WITH_THE_CITIZEN
    office = catalogue.post_office_of_request(ctx, reference)
    supplement_due = bool(view.missing_documents) and (waiting is None or waiting.leg != Leg.SUPPLEMENT.value)
    cancellable = all(Action.CANCEL in p.next_actions for p in view.parcels)  # the aggregate's own rule
    trackings = [p.tracking_number for p in view.parcels]
    windows = routes.courier_windows(ctx, office.id or 0, trackings)
    return render_template(
        "citizen/track.html",
        request=view,
        windows=windows,
        near=routes.courier_near(ctx, office.id or 0, trackings),
        events=events,
        can_change=can_change,
        slots=coming_slots(ctx, office) if can_change or supplement_due else [],
        supplement_due=supplement_due,
        office=office,
        cancellable=cancellable,
        claims=claims_for_reference(ctx, reference),
        claim_kinds=list(ClaimKind),
        pays_online=ctx.settings.online_payments is not None,
    )


def _confirmation(reference: str, what: str, **shown: Any) -> str:
    """Nothing changes on the first press: the citizen sees what will happen and confirms it."""
    view = _citizen_request(reference)
    return render_template("citizen/confirm.html", request=view, what=what, form=request.form, **shown)


@bp.get("/track/<reference>/receipts/<number>")
def receipt(reference: str, number: str) -> str | Response:
    """A payment's receipt, printable, for the signed-in citizen of the request."""
    view = _citizen_request(reference)
    if view is None:
        return redirect(url_for(".sign_in", reference=reference))
    back = url_for(".track", reference=reference)
    return render_template("receipt.html", request=view, receipt=receipts.one_of(view.receipts, number), back_url=back)


@bp.post("/track/<reference>/cancel")
def cancel(reference: str) -> str | Response:
    if session.get("citizen") != reference.upper():
        abort(403)
    if request.form.get("confirmed") != "yes":
        return _confirmation(reference, "cancel")
    ctx = context()
    booking.cancel(ctx, reference, request.form.get("reason") or None)
    flash(_("Your request was cancelled."))
    return redirect(url_for(".track", reference=reference))


@bp.post("/track/<reference>/reschedule")
def reschedule(reference: str) -> str | Response:
    if session.get("citizen") != reference.upper():
        abort(403)
    if request.form.get("confirmed") != "yes":
        start = _slot_of(request.form.get("slot_start"))
        end = start + timedelta(minutes=context().settings.slot_minutes) if start else None
        return _confirmation(reference, "reschedule", new_start=start, new_end=end)
    ctx = context()
    try:
        booking.reschedule(ctx, reference, Reschedule.model_validate({"slot_start": request.form.get("slot_start")}))
    except (ValidationError, DomainError) as error:
        ctx.discard()  # nothing of a refused reschedule is kept
        message = readable("slot_start", str(error)) if isinstance(error, DomainError) else _("Choose a slot.")
        flash(message, "error")
        return redirect(url_for(".track", reference=reference))
    flash(_("Your pickup was moved."))
    return redirect(url_for(".track", reference=reference))


def _slot_of(value: str | None) -> datetime | None:
    try:
        return datetime.fromisoformat(value or "")
    except ValueError:
        return None
