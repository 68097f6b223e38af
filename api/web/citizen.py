"""The citizen's booking pages: choose a procedure, book in a few short steps, see the quote."""

from __future__ import annotations

from datetime import timedelta

from flask import Blueprint, abort, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from pydantic import ValidationError
from werkzeug.wrappers import Response

from postal_service.domain.errors import InvalidField
from postal_service.queries import catalogue, geography
from postal_service.queries.slots import offered_slots, serving_post_office
from postal_service.services import booking, quoting
from postal_service.services.quoting import CONSENT_NEEDED
from postal_service.services.schemas import BookingCreate

from ..requests_context import context
from .booking_draft import (
    CONTACT_FIELDS,
    DETAIL_FIELDS,
    HANOI,
    booking_body,
    check_details,
    communes_of,
    convert_old_address,
    current_draft,
    forget_foreign_communes,
    save_fields,
    step_of,
    switch_to_drop_off,
)
from .common import field_errors, readable

bp = Blueprint("citizen", __name__)


@bp.get("/book")
def start() -> str:
    province = request.args.get("province", type=int) or HANOI
    if province not in geography.provinces():
        province = HANOI
    query = (request.args.get("q") or "").strip()[:100]
    agencies = catalogue.list_agencies(context(), province)
    return render_template(
        "citizen/start.html",
        provinces=sorted(geography.provinces().items()),
        province=province,
        agencies=agencies,
        query=query,
        found=catalogue.search_procedures(context(), query, province) if query else None,
    )


@bp.get("/book/agency/<code>")
def procedures(code: str) -> str:
    ctx = context()
    agency = catalogue.agency(ctx, code)
    return render_template("citizen/procedures.html", agency=agency, procedures=catalogue.list_procedures(ctx, code))


@bp.route("/book/procedure/<code>", methods=["GET", "POST"])
def details(code: str) -> str | Response:
    ctx = context()
    procedure = catalogue.procedure(ctx, code)
    if not procedure.postal_eligible:
        abort(404)
    draft = current_draft()
    if draft.get("procedure_code") != code:
        draft.clear()
        draft |= {
            "procedure_code": code,
            "service": "both",
            "intake": "pickup",
            "delivery_same": "yes",
            "pickup_address.province_code": str(HANOI),
            "delivery_address.province_code": str(HANOI),
        }
        session.modified = True
    errors: dict[str, str] = {}
    converted: str | None = None
    if request.method == "POST":
        save_fields(DETAIL_FIELDS)
        cleared = forget_foreign_communes(draft)
        if request.form.get("convert") in ("pickup_address", "delivery_address"):
            errors, converted = convert_old_address(draft, request.form["convert"])
        elif request.form.get("refresh"):  # the province changed: show its communes (works without JavaScript)
            errors = {name: _("Choose a commune or ward of the new province.") for name in cleared}
        else:
            errors = check_details(draft)
            if not errors:
                return redirect(url_for(".slot"))
    return render_template(
        "citizen/details.html",
        procedure=procedure,
        agency=catalogue.agency_of(ctx, procedure),
        draft=draft,
        errors=errors,
        converted=converted,
        provinces=sorted(geography.provinces().items()),
        pickup_communes=communes_of(draft.get("pickup_address.province_code")),
        delivery_communes=communes_of(draft.get("delivery_address.province_code")),
    )


@bp.route("/book/slot", methods=["GET", "POST"])
def slot() -> str | Response:
    ctx = context()
    draft = current_draft()
    if not draft.get("procedure_code"):
        return redirect(url_for(".start"))
    body = booking_body(draft)
    if body["intake"] is None:
        return redirect(url_for(".contact"))
    errors: dict[str, str] = {}
    if request.method == "POST" and request.form.get("switch") == "drop_off":  # no pickup here: bring it instead
        switch_to_drop_off(draft)
        session.modified = True
        return redirect(url_for(".slot"))
    if request.method == "POST":
        choice = request.form.get("slot_start") or request.form.get("drop_off_post_office_code") or ""
        key = "slot_start" if body["intake"] == "pickup" else "drop_off_post_office_code"
        if choice:
            draft[key] = choice
            session.modified = True
            return redirect(url_for(".contact"))
        errors[key] = readable(key, "choose one")
    if body["intake"] == "drop_off":
        near = int(draft.get("delivery_address.province_code") or draft.get("pickup_address.province_code") or 0)
        offices = sorted(catalogue.list_post_offices(ctx), key=lambda o: (o.province_code != near, o.name))
        return render_template("citizen/slot.html", offices=offices, days=[], errors=errors, draft=draft)
    office = serving_post_office(ctx, int(body["pickup_address"]["commune_code"]))
    if office is None:
        unserved = _("No post office offers pickup in this commune yet.")
        return render_template("citizen/slot.html", offices=[], days=[], errors={"slot_start": unserved}, draft=draft)
    days = []
    for offset in range(8):
        day = ctx.today + timedelta(days=offset)
        open_slots = [(s, left) for s, left in offered_slots(ctx, office, day) if left > 0]
        if open_slots:
            days.append((day, open_slots))
    if not days:
        errors["slot_start"] = _("Every pickup slot of the coming days is taken.")
    return render_template("citizen/slot.html", office=office, offices=[], days=days, errors=errors, draft=draft)


@bp.route("/book/contact", methods=["GET", "POST"])
def contact() -> str | Response:
    draft = current_draft()
    if not draft.get("procedure_code"):
        return redirect(url_for(".start"))
    errors: dict[str, str] = {}
    if request.method == "POST":
        save_fields(CONTACT_FIELDS)
        try:
            BookingCreate.model_validate(booking_body(draft))
        except ValidationError as error:
            errors = {k: v for k, v in field_errors(error).items() if k.startswith("contact") or k == "consent"}
        if draft.get("consent") != "yes":  # asked on this step, so refused on this step (not at the review)
            errors["consent"] = readable("consent", CONSENT_NEEDED)
        if not errors:
            return redirect(url_for(".review"))
    return render_template("citizen/contact.html", draft=draft, errors=errors)


@bp.route("/book/review", methods=["GET", "POST"])
def review() -> str | Response:
    ctx = context()
    draft = current_draft()
    if not draft.get("procedure_code"):
        return redirect(url_for(".start"))
    errors: dict[str, str] = {}
    plan = None
    try:
        data = BookingCreate.model_validate(booking_body(draft))
        plan = quoting.plan_booking(ctx, data)
        if request.method == "POST":
            created = booking.book(ctx, data)
            session.pop("draft", None)
            session["citizen"] = created.reference
            return redirect(url_for(".confirmation", reference=created.reference))
    except (ValidationError, InvalidField) as error:
        errors = field_errors(error)
    body = booking_body(draft)
    return render_template(
        "citizen/review.html",
        draft=draft,
        plan=plan,
        errors=errors,
        body=body,
        step_of=lambda field: step_of(field, body["procedure_code"]),
    )
