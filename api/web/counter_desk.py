"""The counter of a post office or a commune centre: dossiers dropped off are taken in (checked against the list,
sealed, paid), results held here are handed out, and any parcel of the office is found by reference, number or
scan; receipts are printed here."""

from __future__ import annotations

from flask import render_template, url_for
from flask_babel import gettext as _
from werkzeug.wrappers import Response

from postal_service.domain.access import Capability
from postal_service.queries import parcels, receipts, worklists

from ..requests_context import context
from .common import found_by_search, staff_page
from .counter import bp
from .dispatch import staff_office
from .parcel_page import parcel_page


@bp.get("")
@staff_page(Capability.WORK_THE_COUNTER)
def desk() -> str | Response:
    query, found = found_by_search()
    if found is not None:
        return found
    ctx = context()
    to_take_in, to_hand_out = worklists.counter_worklist(ctx)
    return render_template(
        "counter/desk.html",
        office=staff_office(ctx),
        to_take_in=to_take_in,
        to_hand_out=to_hand_out,
        query=query,
        not_found=bool(query),
    )


@bp.get("/parcel/<tracking_number>")
@staff_page(Capability.WORK_THE_COUNTER)
def parcel(tracking_number: str) -> str:
    return parcel_page(tracking_number, "counter.desk", _("Counter"))


@bp.get("/receipts/<reference>/<number>")
@staff_page(Capability.PRINT_RECEIPTS)
def receipt(reference: str, number: str) -> str:
    """A payment's receipt printed for the citizen at the counter (read with the request: its access holds)."""
    view = parcels.get_request(context(), reference)
    receipt = receipts.one_of(view.receipts, number)
    return render_template("receipt.html", request=view, receipt=receipt, back_url=url_for(".desk"))
