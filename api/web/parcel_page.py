"""The one parcel page, drawn for whoever reads it: the desk, the counter, the dispatcher and the courier each reach
it from their own list (the way back says which); what it shows is what the access policy gives the reader."""

from __future__ import annotations

from flask import render_template, url_for

from postal_service.queries import catalogue, messages, step_pages
from postal_service.services.schemas import FailureReason

from ..requests_context import context


def parcel_page(tracking_number: str, back_endpoint: str, back_label: str) -> str:
    ctx = context()
    page = step_pages.step_page(ctx, tracking_number)
    parts = page.parts
    return render_template(
        "parcel.html",
        parcel=page.parcel,
        request=page.request,
        procedure=page.procedure,
        agency_code=page.agency_code,
        due=page.due,
        fees_to_forward=page.fees_to_forward,
        documents=page.documents,
        appointment_hint=page.appointment_hint,
        parts=parts,
        reasons=list(FailureReason),
        couriers=catalogue.list_couriers(ctx) if parts.lists_couriers else [],
        messages=messages.of_request(ctx, page.request.reference) if parts.reads_messages else [],
        back_url=url_for(back_endpoint),
        back_label=back_label,
    )
