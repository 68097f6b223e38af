"""The citizen's pages: choose a procedure, book in a few short steps, see the quote, track every handover."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from flask import Blueprint, abort, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from pydantic import ValidationError
from werkzeug.wrappers import Response

from postal_service import qr
from postal_service.db.queries import by_code, request_by_reference
from postal_service.db.tables import Agency, PostOffice, Procedure
from postal_service.domain.errors import DomainError, InvalidField, Unauthenticated
from postal_service.domain.identifiers import normalise_phone
from postal_service.domain.lifecycle import Leg
from postal_service.services import auth, booking, catalogue, geography, tracking
from postal_service.services.schemas import BookingCreate, Reschedule

from ..requests_context import context
from .common import field_errors, readable

bp = Blueprint("citizen", __name__)
HANOI = 1
DETAIL_FIELDS = (
    "service",
    "intake",
    "dossier_code",
    "pickup_address.street",
    "pickup_address.province_code",
    "pickup_address.commune_code",
    "pickup_address.latitude",
    "pickup_address.longitude",
    "delivery_same",
    "delivery_address.street",
    "delivery_address.province_code",
    "delivery_address.commune_code",
)
CONTACT_FIELDS = ("contact.name", "contact.phone", "contact.id_number", "exemption", "consent")


def _draft() -> dict[str, Any]:
    draft: dict[str, Any] = session.setdefault("draft", {})
    return draft


def _save(fields: tuple[str, ...]) -> None:
    draft = _draft()
    for name in fields:
        draft[name] = request.form.get(name, "").strip()
    session.modified = True


def _address(prefix: str, draft: dict[str, Any]) -> dict[str, Any] | None:
    if not draft.get(f"{prefix}.street") and not draft.get(f"{prefix}.commune_code"):
        return None
    address: dict[str, Any] = {
        k: draft.get(f"{prefix}.{k}") or None for k in ("street", "province_code", "commune_code")
    }
    lat, lon = draft.get(f"{prefix}.latitude"), draft.get(f"{prefix}.longitude")
    if lat and lon:
        address |= {"latitude": lat, "longitude": lon}
    return address


def booking_body(draft: dict[str, Any]) -> dict[str, Any]:
    """The wizard's answers as the API's booking body, so both validate with one schema."""
    body: dict[str, Any] = {
        "service": draft.get("service") or None,
        "procedure_code": draft.get("procedure_code"),
        "intake": draft.get("intake") or None,
        "dossier_code": draft.get("dossier_code") or None,
        "slot_start": draft.get("slot_start") or None,
        "drop_off_post_office_code": draft.get("drop_off_post_office_code") or None,
        "contact": {k: draft.get(f"contact.{k}", "") for k in ("name", "phone", "id_number")},
        "exemption": draft.get("exemption") or "none",
        "consent": draft.get("consent") == "yes",
        "pickup_address": _address("pickup_address", draft),
    }
    if body["service"] == "receive":
        body["intake"] = None
    if body["intake"] != "pickup":
        body["pickup_address"] = None
    if body["service"] in ("receive", "both") and draft.get("delivery_same") != "yes":
        body["delivery_address"] = _address("delivery_address", draft)
    return body


def _communes(province: str | int | None) -> list[tuple[int, str]]:
    try:
        return geography.communes_of(int(province or HANOI))
    except ValueError:
        return geography.communes_of(HANOI)


@bp.get("/book")
def start() -> str:
    province = request.args.get("province", type=int) or HANOI
    if province not in geography.provinces():
        province = HANOI
    agencies = catalogue.list_agencies(context(), province)
    return render_template(
        "citizen/start.html", provinces=sorted(geography.provinces().items()), province=province, agencies=agencies
    )


@bp.get("/book/agency/<code>")
def procedures(code: str) -> str:
    ctx = context()
    agency = by_code(ctx.session, Agency, code)
    return render_template("citizen/procedures.html", agency=agency, procedures=catalogue.list_procedures(ctx, code))


@bp.route("/book/procedure/<code>", methods=["GET", "POST"])
def details(code: str) -> str | Response:
    ctx = context()
    procedure = by_code(ctx.session, Procedure, code)
    if not procedure.postal_eligible:
        abort(404)
    draft = _draft()
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
    if request.method == "POST":
        _save(DETAIL_FIELDS)
        if request.form.get("refresh"):  # the province changed: show its communes (works without JavaScript)
            return redirect(url_for(".details", code=code))
        errors = _check_details(draft)
        if not errors:
            return redirect(url_for(".slot"))
    return render_template(
        "citizen/details.html",
        procedure=procedure,
        draft=draft,
        errors=errors,
        provinces=sorted(geography.provinces().items()),
        pickup_communes=_communes(draft.get("pickup_address.province_code")),
        delivery_communes=_communes(draft.get("delivery_address.province_code")),
    )


def _check_details(draft: dict[str, Any]) -> dict[str, str]:
    body = booking_body(draft)
    errors: dict[str, str] = {}
    try:
        BookingCreate.model_validate(
            body | {"contact": {"name": "x", "phone": "0912345678", "id_number": "001090123456"}, "consent": True}
        )
    except ValidationError as error:
        errors = {k: v for k, v in field_errors(error).items() if not k.startswith(("contact", "slot_start"))}
    if body["intake"] == "pickup" and body["pickup_address"] is None and body["service"] != "receive":
        errors["pickup_address.street"] = readable("pickup_address.street", "Enter the house number and street.")
    if (
        body["service"] in ("receive", "both")
        and draft.get("delivery_same") != "yes"
        and not body.get("delivery_address")
    ):
        errors["delivery_address.street"] = readable("delivery_address.street", "Enter the house number and street.")
    if body["service"] == "receive" and not body["dossier_code"]:
        errors["dossier_code"] = readable("dossier_code", "give the dossier code the agency gave you")
    return errors


@bp.route("/book/slot", methods=["GET", "POST"])
def slot() -> str | Response:
    ctx = context()
    draft = _draft()
    if not draft.get("procedure_code"):
        return redirect(url_for(".start"))
    body = booking_body(draft)
    if body["intake"] is None:
        return redirect(url_for(".contact"))
    errors: dict[str, str] = {}
    if request.method == "POST":
        choice = request.form.get("slot_start") or request.form.get("drop_off_post_office_code") or ""
        key = "slot_start" if body["intake"] == "pickup" else "drop_off_post_office_code"
        if choice:
            draft[key] = choice
            session.modified = True
            return redirect(url_for(".contact"))
        errors[key] = readable(key, "choose one")
    if body["intake"] == "drop_off":
        offices = catalogue.list_post_offices(ctx)
        return render_template("citizen/slot.html", offices=offices, days=[], errors=errors, draft=draft)
    office = booking.serving_post_office(ctx, int(body["pickup_address"]["commune_code"]))
    if office is None:
        return render_template(
            "citizen/slot.html",
            offices=[],
            days=[],
            errors={"slot_start": _("No post office offers pickup in this commune yet; choose drop-off instead.")},
            draft=draft,
        )
    days = []
    for offset in range(8):
        day = ctx.today + timedelta(days=offset)
        open_slots = [(s, left) for s, left in booking.offered_slots(ctx, office, day) if left > 0]
        if open_slots:
            days.append((day, open_slots))
    return render_template("citizen/slot.html", office=office, offices=[], days=days, errors=errors, draft=draft)


@bp.route("/book/contact", methods=["GET", "POST"])
def contact() -> str | Response:
    draft = _draft()
    if not draft.get("procedure_code"):
        return redirect(url_for(".start"))
    errors: dict[str, str] = {}
    if request.method == "POST":
        _save(CONTACT_FIELDS)
        try:
            BookingCreate.model_validate(booking_body(draft))
        except ValidationError as error:
            errors = {k: v for k, v in field_errors(error).items() if k.startswith("contact") or k == "consent"}
        if not errors:
            return redirect(url_for(".review"))
    return render_template("citizen/contact.html", draft=draft, errors=errors)


@bp.route("/book/review", methods=["GET", "POST"])
def review() -> str | Response:
    ctx = context()
    draft = _draft()
    if not draft.get("procedure_code"):
        return redirect(url_for(".start"))
    errors: dict[str, str] = {}
    plan = None
    try:
        data = BookingCreate.model_validate(booking_body(draft))
        plan = booking.plan_booking(ctx, data)
        if request.method == "POST":
            created = booking.book(ctx, data)
            session.pop("draft", None)
            session["citizen"] = created.reference
            return redirect(url_for(".confirmation", reference=created.reference))
    except (ValidationError, InvalidField) as error:
        errors = field_errors(error)
    return render_template("citizen/review.html", draft=draft, plan=plan, errors=errors, body=booking_body(draft))


def _citizen_request(reference: str) -> Any:
    ctx = context()
    if session.get("citizen") != reference.upper():
        return None
    return tracking.get_request(ctx, reference)


@bp.get("/requests/<reference>/done")
def confirmation(reference: str) -> str | Response:
    view = _citizen_request(reference)
    if view is None:
        return redirect(url_for(".sign_in", reference=reference))
    settings = context().settings
    labels = {
        p.tracking_number: qr.render_svg(
            qr.label_url(settings.public_base_url, qr.sign(settings.qr_key_ring, p.tracking_number, Leg(p.leg)))
        ).decode()
        for p in view.parcels
    }
    return render_template("citizen/confirmation.html", request=view, labels=labels)


@bp.route("/track", methods=["GET", "POST"])
def sign_in() -> str | Response:
    """Reference and phone, then the SMS code: the citizen sees the whole journey."""
    ctx = context()
    errors: dict[str, str] = {}
    reference = (request.values.get("reference") or "").strip().upper()
    phone = (request.values.get("phone") or "").strip()
    stage = "start"
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
            stage = "code"
    return render_template("citizen/sign_in.html", reference=reference, phone=phone, errors=errors, stage=stage)


@bp.get("/track/<reference>")
def track(reference: str) -> str | Response:
    view = _citizen_request(reference)
    if view is None:
        return redirect(url_for(".sign_in", reference=reference))
    ctx = context()
    moves = ((e, p.leg) for p in view.parcels for e in p.events if e.from_status != e.to_status)  # not reassignments
    events = sorted(moves, key=lambda pair: pair[0].occurred_at)
    dossier = next((p for p in view.parcels if p.leg == "dossier"), None)
    can_change = view.intake == "pickup" and dossier is not None and dossier.status in ("booked", "intake_incomplete")
    slots: list[Any] = []
    if can_change:
        office = ctx.session.get(PostOffice, request_by_reference(ctx.session, reference).post_office_id)
        assert office is not None
        for offset in range(8):
            day = ctx.today + timedelta(days=offset)
            slots += [s for s, left in booking.offered_slots(ctx, office, day) if left > 0]
    cancellable = all(p.status in ("booked", "intake_incomplete", "awaiting_result") for p in view.parcels)
    return render_template(
        "citizen/track.html",
        request=view,
        events=events,
        can_change=can_change,
        slots=slots,
        cancellable=cancellable,
        message=request.args.get("message"),
    )


@bp.post("/track/<reference>/cancel")
def cancel(reference: str) -> Response:
    if session.get("citizen") != reference.upper():
        abort(403)
    ctx = context()
    booking.cancel(ctx, reference, request.form.get("reason") or None)
    return redirect(url_for(".track", reference=reference, message=_("Your request was cancelled.")))


@bp.post("/track/<reference>/reschedule")
def reschedule(reference: str) -> Response:
    if session.get("citizen") != reference.upper():
        abort(403)
    ctx = context()
    try:
        booking.reschedule(ctx, reference, Reschedule.model_validate({"slot_start": request.form.get("slot_start")}))
    except (ValidationError, DomainError) as error:
        ctx.discard()  # nothing of a refused reschedule is kept
        message = readable("slot_start", str(error)) if isinstance(error, DomainError) else _("Choose a slot.")
        return redirect(url_for(".track", reference=reference, message=message))
    return redirect(url_for(".track", reference=reference, message=_("Your pickup was moved.")))
