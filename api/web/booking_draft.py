"""The booking in progress, kept in the browser session between the wizard's short pages."""

from __future__ import annotations

from typing import Any

from flask import request, session, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from pydantic import ValidationError

from postal_service.domain.errors import InvalidField
from postal_service.queries import geography
from postal_service.services import old_addresses
from postal_service.services.schemas import BookingCreate

from .common import field_errors, readable

HANOI = 1  # the default province of the booking pages
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
CONTACT_FIELDS = ("contact.name", "contact.phone", "contact.id_number", "contact.email", "exemption", "consent")


def current_draft() -> dict[str, Any]:
    draft: dict[str, Any] = session.setdefault("draft", {})
    return draft


def save_fields(fields: tuple[str, ...]) -> None:
    draft = current_draft()
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
        "contact": {k: draft.get(f"contact.{k}", "") for k in ("name", "phone", "id_number")}
        | {"email": draft.get("contact.email") or None},
        "language": getattr(get_locale(), "language", "vi"),
        "exemption": draft.get("exemption") or "none",
        "consent": draft.get("consent") == "yes",
        "pickup_address": _address("pickup_address", draft),
    }
    if body["service"] == "receive":
        body["intake"] = None
    if body["intake"] != "pickup":
        body["pickup_address"] = None
    if body["service"] in ("receive", "both") and not same_address(draft):
        body["delivery_address"] = _address("delivery_address", draft)
    return body


def same_address(draft: dict[str, Any]) -> bool:
    """ "The result to the same address" means something only when a courier picks the dossier up there."""
    return draft.get("delivery_same") == "yes" and draft.get("service") == "both" and draft.get("intake") == "pickup"


def switch_to_drop_off(draft: dict[str, Any]) -> None:
    """The citizen brings the dossier instead of a pickup: a result that was to go to the pickup address still
    goes there, so that address becomes the result's own."""
    if same_address(draft):
        for part in ("province_code", "commune_code", "street", "latitude", "longitude"):
            draft[f"delivery_address.{part}"] = draft.get(f"pickup_address.{part}", "")
        draft["delivery_same"] = ""
    draft["intake"] = "drop_off"


def forget_foreign_communes(draft: dict[str, Any]) -> list[str]:
    """After the province changed, a commune of the old province is cleared (and named), never kept silently."""
    cleared = []
    for prefix in ("pickup_address", "delivery_address"):
        commune = draft.get(f"{prefix}.commune_code")
        if commune and int(commune) not in {code for code, _ in communes_of(draft.get(f"{prefix}.province_code"))}:
            draft[f"{prefix}.commune_code"] = ""
            cleared.append(f"{prefix}.commune_code")
    return cleared


def communes_of(province: str | int | None) -> list[tuple[int, str]]:
    try:
        return geography.communes_of(int(province or HANOI))
    except ValueError:
        return geography.communes_of(HANOI)


def check_details(draft: dict[str, Any]) -> dict[str, str]:
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
    if body["service"] in ("receive", "both") and not same_address(draft) and not body.get("delivery_address"):
        errors["delivery_address.street"] = readable("delivery_address.street", "Enter the house number and street.")
    if body["service"] == "receive" and not body["dossier_code"]:
        errors["dossier_code"] = readable("dossier_code", "give the dossier code the agency gave you")
    return errors


def step_of(field: str, procedure_code: str) -> str:
    """The wizard step that asks for a field, for the review's "Change" links next to an error."""
    if field.startswith("contact") or field in ("consent", "exemption"):
        return url_for("citizen.contact")
    if field in ("slot_start", "drop_off_post_office_code"):
        return url_for("citizen.slot")
    return url_for("citizen.details", code=procedure_code)


def convert_old_address(draft: dict[str, Any], prefix: str) -> tuple[dict[str, str], str | None]:
    """A district-era address typed whole becomes the current province, commune and street, shown to the citizen."""
    field = f"{prefix}.old"
    try:
        found = old_addresses.convert(request.form.get(field, ""), field)
    except InvalidField as error:
        return field_errors(error), None
    draft |= {
        f"{prefix}.province_code": str(found.province_code),
        f"{prefix}.commune_code": str(found.commune_code or ""),
        f"{prefix}.street": found.street,
    }
    if prefix == "delivery_address":
        draft["delivery_same"] = ""
    if found.commune_code is None:  # the old ward went to several new ones: the citizen knows which is theirs
        names = ", ".join(geography.commune_label(code).split(",")[0] for code in found.candidates)
        choose = _("Your old ward is now part of: %(names)s. Choose yours.", names=names)
        return {f"{prefix}.commune_code": choose}, None
    return {}, found.label
