"""Book the supplement an agency asked for: a new envelope of only the missing documents, for the same request."""

from __future__ import annotations

from postal_service.context import Context
from postal_service.db.repository import load_request
from postal_service.db.tables import Parcel, PostOffice, ServiceRequest
from postal_service.domain.errors import InvalidField
from postal_service.domain.timeslots import Slot
from postal_service.queries.access import request_for

from .booking_store import issue_tracking_number
from .custody import Where
from .custody_steps import record
from .quoting import check_slot
from .schemas import Intake, SupplementBooking

ADDRESS_FIELDS = ("street", "province_code", "commune_code", "latitude", "longitude")


def book_supplement(ctx: Context, reference: str, data: SupplementBooking) -> Parcel:
    """The citizen (or the counter for them) chooses how the missing documents leave: a pickup in a slot at the
    address the request already has, or a drop-off at the post office. Nothing is charged again."""
    request, _ = request_for(ctx, reference, "book_supplement")  # 403 first
    slot = _reserve_slot(ctx, request, data)  # the office first, then the request: the order planning locks in
    loaded = load_request(ctx.session, request.id or 0)
    tracking = issue_tracking_number(ctx, ctx.settings.s10_prefix_dossier)
    outcome = loaded.aggregate.book_supplement(tracking, ctx.moment, slot)  # 403 / 409 before anything is kept
    _collect_from(request, data.intake, slot)
    record(ctx, loaded, outcome, {"intake": data.intake.value}, Where(), tracking)  # its row is made on saving
    return loaded.parcels[tracking]


def _reserve_slot(ctx: Context, request: ServiceRequest, data: SupplementBooking) -> Slot | None:
    if data.intake is Intake.DROP_OFF:
        return None
    errors: dict[str, str] = {}
    if _pickup_address(request) is None:
        errors["intake"] = "this request has no address to collect from; drop the documents off at the post office"
    elif data.slot_start is None:
        errors["slot_start"] = "choose a pickup time slot"
    else:
        office = ctx.session.get(PostOffice, request.post_office_id)
        assert office is not None
        slot = check_slot(ctx, office, data.slot_start, errors, reserve=True)
        if slot is not None:
            return slot
    raise InvalidField(errors)


def _pickup_address(request: ServiceRequest) -> str | None:
    """Where the courier collects: the pickup address, else the address the result goes to."""
    if request.pickup_commune_code is not None:
        return "pickup"
    return "delivery" if request.delivery_commune_code is not None else None


def _collect_from(request: ServiceRequest, intake: Intake, slot: Slot | None) -> None:
    """The request's intake, slot and pickup address say how the next envelope leaves the citizen: planning, slot
    counts and the courier's list read them for a supplement as for the dossier."""
    source = _pickup_address(request)
    if slot is not None and source == "delivery":
        for name in ADDRESS_FIELDS:
            setattr(request, f"pickup_{name}", getattr(request, f"delivery_{name}"))
    request.intake = intake.value  # the slot is the aggregate's (`book_supplement`), saved with it
