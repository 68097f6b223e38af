"""An envelope's path over the network, chosen when its leg starts: the earliest arrival from the office that
takes it to the office that hands it on (the agency's, for a dossier; the request's, for a result), kept with its
expected arrival. An envelope whose two ends are one office travels in its couriers' hands and has no path."""

from __future__ import annotations

from postal_service.context import Context
from postal_service.db.repository import Loaded
from postal_service.db.tables import Parcel, ParcelPath, PostOffice
from postal_service.domain.lifecycle import FROM_THE_CITIZEN, Leg
from postal_service.queries.network import HopOut, earliest, office_serving


def ends_of(ctx: Context, loaded: Loaded, leg: Leg) -> tuple[PostOffice, PostOffice] | None:
    """The office that takes the envelope and the one that hands it on, when they differ."""
    request_office = ctx.session.get(PostOffice, loaded.request.post_office_id)
    agency_office = office_serving(ctx, loaded.agency.province_code, loaded.agency.commune_code)
    if request_office is None or agency_office is None or agency_office.id == request_office.id:
        return None
    return (request_office, agency_office) if leg in FROM_THE_CITIZEN else (agency_office, request_office)


def plan_path(ctx: Context, loaded: Loaded, parcel: Parcel, from_point: str | None = None) -> ParcelPath | None:
    """Search the timetable from now (from the office that takes the envelope, or from the point it turned up
    at) and keep the path; None when the leg is local or no run joins the two."""
    ends = ends_of(ctx, loaded, Leg(parcel.leg))
    if ends is None:
        return None
    origin = from_point or ends[0].code
    destination = ends[1]
    hops = earliest(ctx, origin, destination.code, ctx.now)
    if not hops:
        return None
    assert parcel.id is not None and destination.id is not None
    path = ParcelPath(
        parcel_id=parcel.id,
        origin=origin,
        destination_office_id=destination.id,
        hops=[HopOut(**vars(hop)).model_dump(mode="json") for hop in hops],
        expected_arrival=hops[-1].arrives,
        planned_at=ctx.now,
    )
    ctx.session.add(path)
    return path
