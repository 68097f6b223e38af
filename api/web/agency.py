"""The one-stop desk: envelopes expected today, receive with a dossier code, hand results to couriers."""

from __future__ import annotations

from flask import Blueprint, render_template, request
from flask_babel import gettext as _
from werkzeug.wrappers import Response

from postal_service.domain.access import Capability
from postal_service.domain.lifecycle import ResultStatus
from postal_service.queries import catalogue, worklists
from postal_service.services import lgsp_orders
from postal_service.services.schemas.lgsp import LgspOrder

from ..requests_context import context
from .common import found_by_search, staff_page
from .parcel_page import parcel_page

bp = Blueprint("agency", __name__, url_prefix="/agency")
IMPORT_COLUMNS = [field.alias for field in LgspOrder.model_fields.values() if field.alias]


@bp.get("")
@staff_page(Capability.WORK_THE_DESK)
def desk() -> str | Response:
    query, found = found_by_search()
    if found is not None:
        return found
    ctx = context()
    incoming, results = worklists.agency_worklist(ctx)
    ready = [s for s in results if s.status == ResultStatus.READY_AT_AGENCY]  # offered together, in one handover
    return render_template(
        "agency/desk.html",
        incoming=incoming,
        results=results,
        ready=ready,
        couriers=catalogue.list_couriers(ctx) if ready else [],
        query=query,
        not_found=bool(query),
    )


@bp.get("/parcel/<tracking_number>")
@staff_page(Capability.WORK_THE_DESK)
def parcel(tracking_number: str) -> str:
    return parcel_page(tracking_number, "agency.desk", _("One-stop desk"))


@bp.route("/orders/import", methods=["GET", "POST"])
@staff_page(Capability.PLACE_ORDERS)
def import_orders() -> str:
    """For an agency without an API: its orders as a CSV file with the one-stop order's column names."""
    outcomes = None
    upload = request.files.get("orders")
    if request.method == "POST" and upload is not None:
        outcomes = lgsp_orders.import_csv(context(), upload.read().decode("utf-8-sig", errors="replace"))
    return render_template("agency/orders_import.html", outcomes=outcomes, columns=IMPORT_COLUMNS)
