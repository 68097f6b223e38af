"""Unpacking a bag at its destination, every envelope scanned out against the manifest, and the exceptions by rule:
an envelope on the manifest and not in the bag is missing in transit (both points' staff and the request's
dispatchers are alerted, an investigation opens with the claims clock, the citizen is told); an envelope in the bag
and not on its manifest is taken out all the same and given its own path from here."""

from __future__ import annotations

from sqlmodel import col, select

from postal_service.context import Context
from postal_service.db.repository import Loaded, load_request, request_id_of
from postal_service.db.tables import Bag as BagRow
from postal_service.db.tables import BagItem, ExchangeHub, Parcel, PostOffice, User
from postal_service.domain.bags import BagAction, LineOutcome
from postal_service.domain.claims import ClaimKind
from postal_service.domain.errors import InvalidField, NotFound
from postal_service.domain.network_leg import NetworkLeg
from postal_service.domain.notices import Notice, Topic
from postal_service.domain.roles import Role
from postal_service.queries.bags import caller_point
from postal_service.queries.claims import number_of

from . import network_paths
from .bags import in_request_order, keep, locked_bag, require_step, tracking_of
from .claims import new_claim
from .custody import Where
from .custody_steps import record
from .notices import notify_staff
from .schemas.bags import BagUnpacking


def unpack(ctx: Context, code: str, data: BagUnpacking) -> BagRow:
    """Staff at the bag's destination scan out what is in it; the manifest decides what is missing or extra."""
    require_step(ctx, BagAction.UNPACK)
    row, bag = locked_bag(ctx, code)
    scanned = [_scanned(ctx, given, index) for index, given in enumerate(data.scanned)]
    point = caller_point(ctx)
    change, found = bag.unpack(scanned, ctx.actor, point)
    office_id = ctx.session.exec(select(PostOffice.id).where(PostOffice.code == bag.destination)).first()
    at_hub = office_id is None

    outcomes = {t: LineOutcome.FOUND for t in found.found} | {t: LineOutcome.MISSING for t in found.missing}
    outcomes |= {t: LineOutcome.EXTRA for t in found.extra}
    items = {item.parcel_id: item for item in ctx.session.exec(select(BagItem).where(BagItem.bag_id == row.id))}
    for tracking, request_id in in_request_order(ctx, list(outcomes)):
        loaded = load_request(ctx.session, request_id)
        parcel, outcome = loaded.parcels[tracking], outcomes[tracking]
        moves = NetworkLeg(loaded.aggregate)
        if outcome is LineOutcome.MISSING:
            decided = moves.report_missing(tracking, ctx.moment, bag.code, bag.destination)
        else:
            decided = moves.unbag(tracking, ctx.moment, bag.code, bag.destination, at_hub)
        record(ctx, loaded, decided, {}, Where(), tracking)
        if outcome is not LineOutcome.MISSING and not at_hub:
            parcel.office_id = office_id  # the office the bag came to works the envelope from now on
        item = items.get(parcel.id or 0) or BagItem(bag_id=row.id or 0, parcel_id=parcel.id or 0, line=0)
        item.outcome = outcome.value
        ctx.session.add(item)
        if outcome is LineOutcome.MISSING:
            _investigate(ctx, loaded, parcel, row)
        elif outcome is LineOutcome.EXTRA:  # flagged to its own path, from where it turned up
            network_paths.plan_path(ctx, loaded, parcel, from_point=bag.destination)
    return keep(ctx, row, bag, change)


def _scanned(ctx: Context, given: str, index: int) -> str:
    """A label (verified) or a tracking number; one that names no envelope is refused by its place in the list."""
    try:
        tracking = tracking_of(ctx, given if "." in given else None, None if "." in given else given)
        request_id_of(ctx.session, tracking)
    except NotFound as error:
        raise InvalidField.single(f"scanned[{index}]", str(error)) from None
    return tracking


def _investigate(ctx: Context, loaded: Loaded, parcel: Parcel, bag: BagRow) -> None:
    """An investigation (a claim for a lost envelope, filed by the staff who unpacked) with its legal answer date;
    both points' staff and the request's dispatchers are alerted."""
    description = f"Missing in transit: not in bag {bag.code} ({bag.origin} - {bag.destination}), run {bag.run}"
    claim = new_claim(ctx, loaded.request, parcel, ClaimKind.LOST, description)
    values: dict[str, object] = {"bag": bag.code, "origin": bag.origin, "destination": bag.destination}
    values |= {"tracking": parcel.tracking_number, "number": number_of(claim), "until": claim.resolve_by}
    notify_staff(ctx, loaded.request, Notice(Topic.BAG_OPENED_SHORT, values), _to_alert(ctx, loaded, bag))


def _to_alert(ctx: Context, loaded: Loaded, bag: BagRow) -> list[User]:
    offices = ctx.session.exec(select(PostOffice.id).where(col(PostOffice.code).in_([bag.origin, bag.destination])))
    office_ids = {*offices, loaded.request.post_office_id}
    hubs = set(ctx.session.exec(select(ExchangeHub.id).where(col(ExchangeHub.code).in_([bag.origin, bag.destination]))))
    dispatchers = (col(User.role) == Role.DISPATCHER.value) & col(User.post_office_id).in_(office_ids)
    hub_staff = (col(User.role) == Role.HUB.value) & col(User.hub_id).in_(hubs)
    query = select(User).where(dispatchers | hub_staff, col(User.active).is_(True)).order_by(col(User.id))
    return list(ctx.session.exec(query))
