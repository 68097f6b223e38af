"""Claims on pages: the citizen files one from the tracking page; the office sees its claims with the time left,
hands each to someone and answers it (through the API, from the page's forms)."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from pydantic import ValidationError
from werkzeug.wrappers import Response

from postal_service.domain.access import Capability, may
from postal_service.domain.claims import Verdict
from postal_service.domain.errors import InvalidField
from postal_service.queries.claims import office_claims
from postal_service.services import claims
from postal_service.services.schemas import ClaimCreate

from ..requests_context import context
from .citizen import bp as citizen_bp
from .common import field_errors, form_data, staff_page
from .dispatch import bp as dispatch_bp
from .dispatch import staff_office


@citizen_bp.post("/track/<reference>/claims")
def file_claim(reference: str) -> Response:
    if session.get("citizen") != reference.upper():
        abort(403)
    ctx = context()
    try:
        filed = claims.file_claim(ctx, reference, ClaimCreate.model_validate(form_data()))
    except (ValidationError, InvalidField) as error:
        ctx.discard()  # a refused complaint keeps nothing
        refused = "; ".join(field_errors(error).values())
        flash(refused, "error")
        return redirect(url_for("citizen.track", reference=reference))
    day = filed.resolve_by.strftime("%d/%m/%Y")
    message = _("Complaint %(number)s received; we answer by %(day)s.", number=filed.number, day=day)
    flash(message)
    return redirect(url_for("citizen.track", reference=reference))


@dispatch_bp.get("/claims")
@staff_page(Capability.HANDLE_CLAIMS)
def claims_page() -> str:
    ctx = context()
    office = staff_office(ctx)
    return render_template(
        "dispatch/claims.html",
        office=office,
        claims=office_claims(ctx, office.id or 0, open_only=request.args.get("all") != "1"),
        may_resolve=may(ctx.actor, Capability.RESOLVE_CLAIMS),
        verdicts=list(Verdict),
        me=ctx.actor.principal,
    )
