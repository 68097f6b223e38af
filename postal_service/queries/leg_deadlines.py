"""A leg's legal transit deadline: J + 1/2/3 working days by the zone quoted for the leg (Decision 45), read from the
request's firm quote so a tariff or calendar change never moves a deadline already promised."""

from __future__ import annotations

from datetime import date
from typing import Any

from postal_service.context import Context
from postal_service.db.tables import Parcel, ServiceRequest
from postal_service.domain.calendar import transit_deadline
from postal_service.domain.lifecycle import FROM_THE_CITIZEN, Leg
from postal_service.domain.money import Zone


def zone_of(parcel: Parcel, request: ServiceRequest) -> Zone | None:
    return quoted_zone(parcel.leg, request.quote)


def quoted_zone(leg_name: str, quote: dict[str, Any]) -> Zone | None:
    """How far the envelope travels, as quoted for its leg (a supplement goes as its dossier)."""
    leg = Leg.DOSSIER if Leg(leg_name) in FROM_THE_CITIZEN else Leg(leg_name)
    return next((Zone(p["zone"]) for p in quote.get("legs", []) if p["leg"] == leg.value), None)


def deadline_of(ctx: Context, parcel: Parcel, request: ServiceRequest) -> date | None:
    return leg_deadline(ctx, parcel.leg, parcel.started_on, request.quote)


def leg_deadline(ctx: Context, leg: str, started_on: date | None, quote: dict[str, Any]) -> date | None:
    """J + 1/2/3 working days from the day the leg started, by the zone quoted for that leg."""
    zone = quoted_zone(leg, quote) if started_on is not None else None
    if started_on is None or zone is None:
        return None
    return transit_deadline(ctx.calendar, started_on, zone, ctx.settings.transit_days)
