"""Where a citizen's stop is: the booked coordinates; else where a courier last stood at that same address; else
the commune's reference point, the median of the places known in it (its agencies and post offices, the doors
booked there with coordinates), close enough to order a route while the courier finds the door by its address.

A stop is never put silently at the post office: with none of these it is left out of the plan with the reason
`no_location` for the dispatcher. (No maintained offline source gives the 2025 communes a reference point:
`vietnam-provinces` carries names and codes only, so the reference is built from our own places.)
"""

from __future__ import annotations

from statistics import median

from sqlmodel import and_, col, or_, select

from postal_service.context import Context
from postal_service.db.queries import CHAIN_JOIN
from postal_service.db.tables import Agency, CustodyEvent, Parcel, PostOffice, ServiceRequest
from postal_service.domain.lifecycle import Action
from routing.matrix import Point

# Steps a courier takes at the citizen's door, by the side of the request whose address the door is.
AT_THE_PICKUP_DOOR = (Action.PICK_UP.value, Action.RECORD_INCOMPLETE_INTAKE.value)
AT_THE_DELIVERY_DOOR = (Action.DELIVER.value, Action.RECORD_FAILED_ATTEMPT.value)


def last_seen_at(ctx: Context, street: str | None, commune_code: int | None) -> Point | None:
    """The coordinates of the latest door step recorded at this street and commune, on any request."""
    if not street or commune_code is None:
        return None
    at_pickup = and_(
        col(ServiceRequest.pickup_street) == street,
        col(ServiceRequest.pickup_commune_code) == commune_code,
        col(CustodyEvent.action).in_(AT_THE_PICKUP_DOOR),
    )
    at_delivery = and_(
        col(ServiceRequest.delivery_street) == street,
        col(ServiceRequest.delivery_commune_code) == commune_code,
        col(CustodyEvent.action).in_(AT_THE_DELIVERY_DOOR),
    )
    row = ctx.session.exec(
        select(CustodyEvent.latitude, CustodyEvent.longitude)
        .join(Parcel, CHAIN_JOIN)
        .join(ServiceRequest, col(ServiceRequest.id) == col(Parcel.request_id))
        .where(col(CustodyEvent.latitude).is_not(None), col(CustodyEvent.longitude).is_not(None))
        .where(or_(at_pickup, at_delivery))
        .order_by(col(CustodyEvent.occurred_at).desc())
        .limit(1)
    ).first()
    if row is None or row[0] is None or row[1] is None:
        return None
    return Point(row[0], row[1])


def commune_reference(ctx: Context, commune_code: int | None) -> Point | None:
    """The median of the places known in a commune: agencies, post offices and doors booked with coordinates."""
    if commune_code is None:
        return None
    places: list[tuple[float, float]] = []
    for table in (Agency, PostOffice):
        known = select(table.latitude, table.longitude).where(table.commune_code == commune_code)
        places += [(lat, lon) for lat, lon in ctx.session.exec(known)]
    r = ServiceRequest
    for lat_col, lon_col, commune_col in (
        (r.pickup_latitude, r.pickup_longitude, r.pickup_commune_code),
        (r.delivery_latitude, r.delivery_longitude, r.delivery_commune_code),
    ):
        booked = select(lat_col, lon_col).where(commune_col == commune_code, col(lat_col).is_not(None)).limit(500)
        places += [(lat, lon) for lat, lon in ctx.session.exec(booked) if lat is not None and lon is not None]
    if not places:
        return None
    return Point(median(p[0] for p in places), median(p[1] for p in places))


def _door(
    ctx: Context, latitude: float | None, longitude: float | None, street: str | None, commune: int | None
) -> Point | None:
    if latitude is not None and longitude is not None:
        return Point(latitude, longitude)
    return last_seen_at(ctx, street, commune) or commune_reference(ctx, commune)


def pickup_door(ctx: Context, request: ServiceRequest) -> Point | None:
    """Where the dossier is picked up (and returned), or None when nobody knows where."""
    r = request
    return _door(ctx, r.pickup_latitude, r.pickup_longitude, r.pickup_street, r.pickup_commune_code)


def delivery_door(ctx: Context, request: ServiceRequest) -> Point | None:
    """Where the result is delivered, or None when nobody knows where."""
    r = request
    return _door(ctx, r.delivery_latitude, r.delivery_longitude, r.delivery_street, r.delivery_commune_code)
