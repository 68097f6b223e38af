"""The dispatcher's and the agency's small writes: put a parcel on a courier's route, report the national status."""

from __future__ import annotations

from postal_service.context import Context
from postal_service.db.queries import ParcelBundle, request_by_reference
from postal_service.db.repository import load_request, request_id_of
from postal_service.domain.access import Capability, require
from postal_service.domain.errors import Conflict
from postal_service.domain.lifecycle import FROM_THE_CITIZEN, Leg
from postal_service.queries.access import require_parcel, require_request
from postal_service.queries.views import ParcelOut, RequestOut, parcel_out, request_out

from . import national_history, planning
from .custody import Where
from .custody_steps import record
from .network_paths import working_office
from .people import courier_named
from .schemas import CourierAssignment, DoorPlace, NationalStatusUpdate


def assign_courier(ctx: Context, tracking: str, data: CourierAssignment) -> ParcelOut:
    """The dispatcher puts a parcel on a courier's route; never while another courier holds it."""
    require(ctx.actor, Capability.ASSIGN_COURIERS)
    loaded = load_request(ctx.session, request_id_of(ctx.session, tracking))
    parcel = loaded.parcels[tracking]
    require_parcel(ctx, parcel, loaded.request, loaded.procedure, "assign")
    loaded.aggregate.check_reassignable(tracking)
    courier = courier_named(ctx, data.courier_username, "courier_username", working_office(parcel, loaded.request))
    record(ctx, loaded, loaded.aggregate.reassign(tracking, courier), {}, Where(), tracking)
    planning.move_open_stops(ctx, parcel, courier.id or 0)
    return parcel_out(ctx, parcel, loaded.request)


def place_door(ctx: Context, tracking: str, data: DoorPlace) -> ParcelOut:
    """The dispatcher places the citizen's door of a parcel (the pickup address of a dossier or supplement,
    the delivery address of a result), so that a stop left out as `no_location` is routed by the next plan."""
    require(ctx.actor, Capability.ASSIGN_COURIERS)
    loaded = load_request(ctx.session, request_id_of(ctx.session, tracking))
    parcel, request = loaded.parcels[tracking], loaded.request
    require_parcel(ctx, parcel, request, loaded.procedure, "place_door")
    if Leg(parcel.leg) in FROM_THE_CITIZEN:
        if request.pickup_street is None:
            raise Conflict(f"{tracking} is brought to the post office: it has no door to place")
        request.pickup_latitude, request.pickup_longitude = data.latitude, data.longitude
    else:
        if request.delivery_street is None:
            raise Conflict(f"{tracking} is collected at the post office: it has no door to place")
        request.delivery_latitude, request.delivery_longitude = data.latitude, data.longitude
    ctx.session.add(request)
    ctx.session.flush()
    return parcel_out(ctx, parcel, request)


def set_national_status(ctx: Context, reference: str, data: NationalStatusUpdate) -> RequestOut:
    """Agency systems report the dossier's national status (1-10); the citizen sees it on the same timeline."""
    require(ctx.actor, Capability.REPORT_NATIONAL_STATUS)
    loaded = load_request(ctx.session, request_by_reference(ctx.session, reference).id or 0)
    parcels = list(loaded.parcels.values())
    require_request(ctx, loaded.request, loaded.procedure, parcels, "report_status")
    outcome = loaded.aggregate.report_national_status(ctx.moment, data)
    tracking = outcome.events[0].tracking_number if outcome.events else ""
    record(ctx, loaded, outcome, {"national_status": int(data.code)}, Where(), tracking)
    national_history.record(ctx, loaded.request.id or 0, data.code, data.note, data.reported_at)
    ctx.session.flush()
    return request_out(ctx, ParcelBundle(parcels[0], loaded.request, loaded.procedure, loaded.agency), parcels)
