"""The booking in progress, kept in the browser session between the wizard's short pages."""

from __future__ import annotations

from typing import Any

from flask import request, session
from flask_babel import get_locale

from postal_service.services import geography

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
    if body["service"] in ("receive", "both") and draft.get("delivery_same") != "yes":
        body["delivery_address"] = _address("delivery_address", draft)
    return body


def communes_of(province: str | int | None) -> list[tuple[int, str]]:
    try:
        return geography.communes_of(int(province or HANOI))
    except ValueError:
        return geography.communes_of(HANOI)
