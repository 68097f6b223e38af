"""Assisted booking at the post office counter: staff book for a citizen who is there (the citizen signs their
consent on the screen), then print the slip; the citizen gets the same messages and tracking as any booking."""

from __future__ import annotations

import base64
import binascii
from typing import Any

from flask import Blueprint, redirect, render_template, request, url_for
from pydantic import ValidationError
from werkzeug.wrappers import Response

from postal_service.domain.access import Capability, may
from postal_service.domain.errors import InvalidField
from postal_service.domain.lifecycle import DossierStatus, Leg
from postal_service.domain.vietnamese import collation_key
from postal_service.queries import catalogue, geography, parcels
from postal_service.queries.catalogue import PostOffice
from postal_service.services import booking
from postal_service.services.schemas import BookingCreate

from ..requests_context import context
from .common import envelope_qrs, field_errors, staff_page
from .dispatch import staff_office

bp = Blueprint("counter", __name__, url_prefix="/counter")
FIELDS = (
    "procedure_code", "service", "dossier_code", "street", "commune_code", "name", "phone", "id_number", "email",
    "exemption",
)  # fmt: skip


def _body(form: dict[str, str], office: PostOffice) -> dict[str, Any]:
    """The counter's one form as the API's booking body: the dossier is dropped off here and now."""
    service = form.get("service") or "both"
    body: dict[str, Any] = {
        "service": service,
        "procedure_code": form.get("procedure_code") or "",
        "contact": {k: form.get(k, "") for k in ("name", "phone", "id_number")} | {"email": form.get("email") or None},
        "consent": form.get("consent") == "yes",
        "dossier_code": form.get("dossier_code") or None,
        "exemption": form.get("exemption") or "none",
    }
    if service != "receive":
        body |= {"intake": "drop_off", "drop_off_post_office_code": office.code}
    if service != "send":
        commune = form.get("commune_code") or None
        body["delivery_address"] = {
            "street": form.get("street") or "",
            "province_code": office.province_code,
            "commune_code": commune,
        }
    return body


def _signature(data_url: str) -> bytes | None:
    if not data_url.startswith("data:image/png;base64,"):
        return None
    try:
        return base64.b64decode(data_url.split(",", 1)[1], validate=True)
    except (binascii.Error, ValueError):
        return None


@bp.route("/book", methods=["GET", "POST"])
@staff_page(Capability.BOOK_FOR_CITIZENS)
def book() -> str | Response:
    ctx = context()
    office = staff_office(ctx)
    form = {k: request.form.get(k, "").strip() for k in (*FIELDS, "consent")}
    errors: dict[str, str] = {}
    if request.method == "POST":
        try:
            data = BookingCreate.model_validate(_body(form, office))
            created = booking.book_at_counter(ctx, data, _signature(request.form.get("signature", "")))
            return redirect(url_for(".slip", reference=created.reference))
        except (ValidationError, InvalidField) as error:
            ctx.discard()
            errors = {key.removeprefix("contact.").removeprefix("delivery_address."): message
                      for key, message in field_errors(error).items()}  # fmt: skip
    eligible = sorted(
        (p for p in catalogue.list_procedures(ctx) if p.postal_eligible), key=lambda p: collation_key(p.name)
    )
    agencies = {a.id: a.name for a in catalogue.list_agencies(ctx)}
    procedures = [(p.code, f"{p.name} · {agencies.get(p.agency_id, '')}") for p in eligible]
    return render_template(
        "counter/book.html",
        office=office,
        form=form,
        errors=errors,
        procedures=procedures,
        communes=geography.communes_of(office.province_code),
    )


@bp.get("/slip/<reference>")
@staff_page(Capability.BOOK_FOR_CITIZENS)
def slip(reference: str) -> str:
    """The printed slip the citizen takes home: reference, envelope numbers with their QR, what happens next."""
    ctx = context()
    view = parcels.get_request(ctx, reference)
    dossier = next((p for p in view.parcels if p.leg == Leg.DOSSIER and p.status == DossierStatus.BOOKED), None)
    take_in = dossier.tracking_number if dossier and may(ctx.actor, Capability.WORK_THE_COUNTER) else None
    return render_template(
        "counter/slip.html", request=view, labels=envelope_qrs(view), hotline=ctx.settings.hotline, take_in=take_in
    )
