"""An envelope's path over the network, chosen when its leg starts: the earliest arrival from the office that
takes it to the office that hands it on (the agency's, for a dossier; the request's, for a result), kept with its
expected arrival. An envelope whose two ends are in one province travels in its couriers' hands and has no path."""

from __future__ import annotations

from postal_service.context import Context
from postal_service.db.repository import Loaded
from postal_service.db.tables import Parcel, ParcelPath, PostOffice, ServiceRequest
from postal_service.domain.lifecycle import FROM_THE_CITIZEN, Leg
from postal_service.queries.network import earliest
from postal_service.queries.slots import serving_post_office


def working_office(parcel: Parcel, request: ServiceRequest) -> int:
    """The office whose couriers and counter work the envelope now: its own when the network brought it to one,
    else the request's."""
    return parcel.office_id or request.post_office_id


def place_result(ctx: Context, loaded: Loaded) -> None:
    """A result is collected at the agency's desk by the office serving the agency; when that is not the
    request's office, it works the result until a bag takes it to the request's."""
    result = next((p for p in loaded.parcels.values() if p.leg == Leg.RESULT.value), None)
    ends = ends_of(ctx, loaded, Leg.RESULT)
    if result is not None and ends is not None:
        result.office_id = ends[0].id
        ctx.session.add(result)


def ends_of(ctx: Context, loaded: Loaded, leg: Leg) -> tuple[PostOffice, PostOffice] | None:
    """The office that takes the envelope and the one that hands it on, when they are in different provinces:
    within a province the request's office's couriers carry it all the way, as they always have."""
    request_office = ctx.session.get(PostOffice, loaded.request.post_office_id)
    agency_office = serving_post_office(ctx, loaded.agency.commune_code)
    if request_office is None or agency_office is None or agency_office.province_code == request_office.province_code:
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
        hops=[hop.model_dump(mode="json") for hop in hops],
        expected_arrival=hops[-1].arrives,
        planned_at=ctx.now,
    )
    ctx.session.add(path)
    return path
