"""Bags between points of the network: opened for a run, filled, sealed, handed to the driver and taken on board.
Each use case locks the bag first and then each envelope's request (in request order), so two clerks scanning one
envelope into two bags queue, and the second is told where it went."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import col, delete, select, update

from postal_service import qr
from postal_service.context import Context
from postal_service.db.repository import load_request, lock_row, request_id_of
from postal_service.db.serials import next_serial
from postal_service.db.tables import Bag as BagRow
from postal_service.db.tables import BagEvent, BagItem, Parcel, TrunkRun, User
from postal_service.domain import network
from postal_service.domain.access import Capability, require
from postal_service.domain.bags import BAG_TRANSITIONS, Bag, BagAction, BagChange, BagStatus, LineOutcome
from postal_service.domain.errors import Forbidden, InvalidField, NotFound
from postal_service.domain.lifecycle import FROM_THE_CITIZEN, Leg
from postal_service.domain.network_leg import NetworkLeg
from postal_service.domain.roles import Role, user_principal
from postal_service.queries.bags import caller_point
from postal_service.queries.network import path_of

from . import webhooks
from .bag_chain import append_bag_event
from .custody import Where
from .custody_steps import record
from .schemas.bags import BagBoarding, BagOpen, BagSeal, DriverHandover, EnvelopeScan, SealCheck

BAG_PREFIX, BAG_LAST = "TUI", 999_999_999  # túi: the bags' serials are their own range, of nine digits


def require_step(ctx: Context, action: BagAction) -> None:
    """A role no transition of this step names is refused before any bag is looked up."""
    roles = {role for t in BAG_TRANSITIONS if t.action is action for role in t.roles}
    if ctx.actor.role not in roles:
        raise Forbidden(f"a {ctx.actor.role.value} may not {action.value.replace('_', ' ')} a bag")


def open_bag(ctx: Context, data: BagOpen) -> BagRow:
    """A new bag at the caller's point for the next run to `destination` whose bags have not closed."""
    require(ctx.actor, Capability.OPEN_BAGS)
    point = caller_point(ctx)
    if point is None:
        raise Forbidden("only the staff of an office or a hub open bags")
    trip = next_trip(ctx, point, data.destination, data.run)
    if trip is None:
        field = "run" if data.run else "destination"
        raise InvalidField.single(field, f"no run goes from {point} to {data.destination}")
    run, closes, departs = trip
    serial = next_serial(ctx.session, BAG_PREFIX, BAG_LAST)
    row = BagRow(
        code=f"{BAG_PREFIX}{serial:09d}",
        origin=point,
        destination=data.destination,
        run=run.code,
        departs=departs,
        closes=closes,
        status=BagStatus.OPEN.value,
        created_at=ctx.now,
        updated_at=ctx.now,
    )
    ctx.session.add(row)
    ctx.session.flush()
    opened = BagChange(
        BagAction.OPEN_BAG, BagStatus.OPEN, BagStatus.OPEN, {"run": run.code, "closes": closes.isoformat()}
    )
    append_bag_event(ctx, row, opened)
    return row


def next_trip(
    ctx: Context, origin: str, destination: str, run_code: str | None = None
) -> tuple[TrunkRun, datetime, datetime] | None:
    """(run, bags close, it leaves) of the first departure from `origin` to `destination` whose bags have not
    closed now, of the run named or of any; None when no run joins them."""
    query = select(TrunkRun).where(TrunkRun.origin == origin, TrunkRun.destination == destination)
    if run_code is not None:
        query = query.where(TrunkRun.code == run_code)
    trips = [(network.next_departure(r.weekdays, r.departs, r.cutoff, ctx.now), r) for r in ctx.session.exec(query)]
    if not trips:
        return None
    (closes, departs), run = min(trips, key=lambda trip: trip[0][1])
    return run, closes, departs


def locked_bag(ctx: Context, code: str) -> tuple[BagRow, Bag]:
    """The bag's row, locked, and the domain's bag built from it and its manifest."""
    found = ctx.session.exec(select(BagRow.id).where(BagRow.code == code)).first()
    if found is None:
        raise NotFound(f"no bag {code}")
    lock_row(ctx.session, BagRow, found)
    row = ctx.session.get(BagRow, found, populate_existing=True)
    assert row is not None
    manifest = ctx.session.exec(
        select(Parcel.tracking_number)
        .join(BagItem, col(BagItem.parcel_id) == col(Parcel.id))
        .where(BagItem.bag_id == found, BagItem.outcome != LineOutcome.EXTRA.value)
        .order_by(col(BagItem.line))
    ).all()
    bag = Bag(
        code=row.code,
        origin=row.origin,
        destination=row.destination,
        run=row.run,
        departs=row.departs,
        closes=row.closes,
        status=BagStatus(row.status),
        manifest=list(manifest),
        seal_number=row.seal_number,
        driver=row.driver,
        seal_intact=row.seal_intact,
    )
    return row, bag


def keep(ctx: Context, row: BagRow, bag: Bag, change: BagChange) -> BagRow:
    """Copy what the bag decided onto its row and chain the event."""
    row.status, row.seal_number, row.driver, row.seal_intact = (
        bag.status.value,
        bag.seal_number,
        bag.driver,
        bag.seal_intact,
    )
    row.run, row.closes, row.departs = bag.run, bag.closes, bag.departs
    row.updated_at = ctx.now
    append_bag_event(ctx, row, change)
    ctx.session.flush()
    return row


def tracking_of(ctx: Context, scanned: str | None, typed: str | None) -> str:
    """A scanned envelope label (verified) or a typed tracking number, as stored; given both, they must name the
    same envelope (a number typed beside a label is kept only if it agrees with it)."""
    number = (typed or "").replace(" ", "").upper()
    if scanned is None:
        return number
    label = qr.verify(ctx.settings.qr_key_ring, scanned).tracking_number
    if typed is not None and number != label:
        raise InvalidField.single("tracking_number", f"the scanned label is {label}'s, not {number}'s")
    return label


def next_point(ctx: Context, parcel: Parcel, at: str) -> str | None:
    """Where the envelope's planned path goes next from `at`; None when it has no path, or none through here."""
    path = path_of(ctx, parcel.id or 0)
    return next((hop.destination for hop in path.hops if hop.origin == at), None) if path else None


def add_envelope(ctx: Context, code: str, data: EnvelopeScan) -> BagRow:
    """Staff at the bag's point: an envelope bound for the bag's destination is scanned in and listed on the
    manifest; one already in a bag, or bound elsewhere, is refused."""
    require_step(ctx, BagAction.ADD_ENVELOPE)
    row, bag = locked_bag(ctx, code)
    tracking = tracking_of(ctx, data.scanned_qr, data.tracking_number)
    loaded = load_request(ctx.session, request_id_of(ctx.session, tracking))
    parcel = loaded.parcels[tracking]
    change = bag.add(tracking, next_point(ctx, parcel, bag.origin), ctx.actor, caller_point(ctx))
    outcome = NetworkLeg(loaded.aggregate).bag(tracking, ctx.moment, bag.code)
    record(ctx, loaded, outcome, {"scanned_qr": data.scanned_qr is not None}, Where(), tracking)
    ctx.session.add(BagItem(bag_id=row.id or 0, parcel_id=parcel.id or 0, line=len(bag.manifest)))
    return keep(ctx, row, bag, change)


def take_out(ctx: Context, code: str, data: EnvelopeScan) -> BagRow:
    """Staff at the bag's point: an envelope scanned in by mistake is taken back out while the bag is open; it
    is at the point again and its manifest line is gone (the bag's chain keeps both scans)."""
    require_step(ctx, BagAction.TAKE_OUT)
    row, bag = locked_bag(ctx, code)
    tracking = tracking_of(ctx, data.scanned_qr, data.tracking_number)
    change, line = bag.take_out(tracking, ctx.actor, caller_point(ctx))
    loaded = load_request(ctx.session, request_id_of(ctx.session, tracking))
    at_hub = ctx.actor.hub_id is not None  # the caller stands at the bag's point (checked by the bag)
    outcome = NetworkLeg(loaded.aggregate).unbag(tracking, ctx.moment, bag.code, bag.origin, at_hub)
    record(ctx, loaded, outcome, {"scanned_qr": data.scanned_qr is not None}, Where(), tracking)
    on_bag = col(BagItem.bag_id) == row.id
    ctx.session.exec(delete(BagItem).where(on_bag, col(BagItem.line) == line))
    ctx.session.exec(update(BagItem).where(on_bag, col(BagItem.line) > line).values(line=col(BagItem.line) - 1))
    return keep(ctx, row, bag, change)


def seal(ctx: Context, code: str, data: BagSeal) -> BagRow:
    """Staff at the bag's point: closed with a numbered seal; its manifest is final."""
    require_step(ctx, BagAction.SEAL)
    row, bag = locked_bag(ctx, code)
    return keep(ctx, row, bag, bag.seal(data.seal_number, ctx.actor, caller_point(ctx)))


def driver_named(ctx: Context, username: str) -> User:
    driver = ctx.session.exec(select(User).where(User.username == username)).first()
    if driver is None or driver.role != Role.DRIVER.value or not driver.active:
        raise InvalidField.single("driver_username", f"{username} is not an active trunk driver")
    return driver


def hand_to_driver(ctx: Context, code: str, data: DriverHandover) -> BagRow:
    """Staff at the bag's point: first half of the handover, naming the driver who takes the bag."""
    require_step(ctx, BagAction.HAND_TO_DRIVER)
    driver = driver_named(ctx, data.driver_username)
    row, bag = locked_bag(ctx, code)
    return keep(ctx, row, bag, bag.hand_to_driver(user_principal(driver.username), ctx.actor, caller_point(ctx)))


def take_on_board(ctx: Context, code: str, data: BagBoarding) -> BagRow:
    """The named driver scans the bag's label: the bag and every envelope in it are on the run."""
    require_step(ctx, BagAction.TAKE_ON_BOARD)
    if qr.verify_bag(ctx.settings.qr_key_ring, data.scanned_qr) != code:
        raise InvalidField.single("scanned_qr", f"this is another bag's label, not {code}'s")
    row, bag = locked_bag(ctx, code)
    handed_by = _last_actor(ctx, row)
    change = bag.take_on_board(ctx.actor, handed_by)
    for tracking, request_id in in_request_order(ctx, bag.manifest):
        loaded = load_request(ctx.session, request_id)
        path = path_of(ctx, loaded.parcels[tracking].id or 0)
        leaving = path is not None and path.origin == bag.origin
        heading = (path.destination_province, path.expected_arrival) if path and leaving else None
        outcome = NetworkLeg(loaded.aggregate).dispatch(tracking, ctx.moment, bag.code, bag.run, bag.origin, heading)
        record(ctx, loaded, outcome, {}, Where(), tracking)
        parcel = loaded.parcels[tracking]
        if path is not None and leaving and Leg(parcel.leg) in FROM_THE_CITIZEN:  # the agency's system is told
            webhooks.announce_inbound(ctx, parcel, path.expected_arrival, bag.code)
    return keep(ctx, row, bag, change)


def _last_actor(ctx: Context, row: BagRow) -> str:
    query = select(BagEvent.actor).where(BagEvent.bag_id == row.id).order_by(col(BagEvent.sequence).desc())
    return ctx.session.exec(query.limit(1)).one()


def in_request_order(ctx: Context, trackings: list[str]) -> list[tuple[str, int]]:
    """Requests are locked in id order by every use case that locks several, so two never wait on each other."""
    rows = ctx.session.exec(
        select(Parcel.tracking_number, Parcel.request_id).where(col(Parcel.tracking_number).in_(trackings))
    )
    return sorted(((tracking, request) for tracking, request in rows), key=lambda pair: (pair[1], pair[0]))


def receive(ctx: Context, code: str, data: SealCheck) -> BagRow:
    """Staff at the bag's destination take it from the driver and read its seal; a broken or changed seal is
    recorded, and unpacking then checks every envelope against the manifest."""
    require_step(ctx, BagAction.RECEIVE)
    row, bag = locked_bag(ctx, code)
    change = bag.receive(data.seal_number, ctx.actor, caller_point(ctx))
    if data.note:
        change.evidence["note"] = data.note
    return keep(ctx, row, bag, change)
