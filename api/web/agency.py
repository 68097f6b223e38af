"""The one-stop desk: envelopes expected today, receive with a dossier code, hand results to couriers."""

from __future__ import annotations

from flask import Blueprint, abort, redirect, render_template, request, url_for
from werkzeug.wrappers import Response

from postal_service.db.queries import (
    fees_to_forward,
    parcel_bundle,
    parcels_of,
    request_by_reference,
    result_tracking_for_dossier_code,
)
from postal_service.domain.errors import NotFound
from postal_service.domain.identifiers import parse_dossier_code
from postal_service.domain.roles import Role
from postal_service.services import catalogue, tracking, worklists
from postal_service.services.schemas import FailureReason

from ..requests_context import context
from .common import staff_page

bp = Blueprint("agency", __name__, url_prefix="/agency")


@bp.get("")
@staff_page(Role.AGENCY)
def desk() -> str | Response:
    ctx = context()
    query = (request.args.get("q") or "").strip().upper()
    if query:
        found = _find(query)
        if found:
            return redirect(url_for(".parcel", tracking_number=found))
    incoming, results = worklists.agency_worklist(ctx)
    return render_template("agency/desk.html", incoming=incoming, results=results, query=query, not_found=bool(query))


def _find(query: str) -> str | None:
    """A dossier code finds its result envelope; a reference finds the parcel still moving."""
    ctx = context()
    try:
        return result_tracking_for_dossier_code(ctx.session, parse_dossier_code(query))
    except (ValueError, NotFound):
        pass
    try:
        parcels = parcels_of(ctx.session, request_by_reference(ctx.session, query).id)
    except NotFound:
        return None
    return parcels[-1].tracking_number if parcels else None


@bp.get("/parcel/<tracking_number>")
@staff_page(Role.AGENCY)
def parcel(tracking_number: str) -> str:
    ctx = context()
    view = tracking.get_parcel(ctx, tracking_number.upper())
    bundle = parcel_bundle(ctx.session, view.tracking_number)
    if bundle.procedure.agency_id != ctx.actor.agency_id:
        abort(403)
    fees = fees_to_forward(ctx.session, bundle.request.id)
    return render_template(
        "agency/parcel.html",
        parcel=view,
        request=tracking.get_request(ctx, bundle.request.reference),
        procedure=bundle.procedure,
        agency_code=bundle.agency.code,
        fees_to_forward=fees,
        couriers=catalogue.list_couriers(ctx),
        reasons=list(FailureReason),
    )
