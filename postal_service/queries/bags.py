"""Bags as the pages and the API read them: one bag with its manifest and chain, and the caller's bags of the day
(leaving their point, coming to it, or in their truck), filtered in SQL to the bags still moving."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from pydantic import BaseModel
from sqlmodel import col, select

from postal_service.context import Context
from postal_service.db.tables import Bag, BagEvent, BagItem, ExchangeHub, Parcel, PostOffice, TrunkRun
from postal_service.domain.access import Capability, require
from postal_service.domain.bags import BAG_TRANSITIONS, BagStatus, End
from postal_service.domain.errors import Forbidden, NotFound
from postal_service.domain.roles import Role

LEAVING = (BagStatus.OPEN, BagStatus.SEALED, BagStatus.HANDED_TO_DRIVER)  # still at its origin
COMING = (BagStatus.IN_TRANSIT, BagStatus.ARRIVED)  # on its way to its destination, or there and not unpacked


class ManifestLine(BaseModel):
    line: int
    tracking_number: str
    leg: str
    outcome: str  # in, found, missing, extra


class BagEventOut(BaseModel):
    sequence: int
    action: str
    from_status: str
    to_status: str
    actor: str
    actor_role: str
    counterparty: str | None
    occurred_at: datetime
    evidence: dict[str, Any]
    hash: str


class BagOut(BaseModel):
    code: str
    origin: str
    destination: str
    run: str
    departs: datetime
    closes: datetime
    status: str
    seal_number: str | None
    driver: str | None
    seal_intact: bool | None
    next_actions: list[str]  # what the caller may do with it now, where they stand
    manifest: list[ManifestLine]
    events: list[BagEventOut]


def caller_point(ctx: Context) -> str | None:
    if ctx.actor.hub_id is not None:
        return ctx.session.exec(select(ExchangeHub.code).where(ExchangeHub.id == ctx.actor.hub_id)).first()
    if ctx.actor.post_office_id is not None:
        return ctx.session.exec(select(PostOffice.code).where(PostOffice.id == ctx.actor.post_office_id)).first()
    return None


def _may_see(ctx: Context, bag: Bag) -> bool:
    if ctx.actor.role is Role.ADMIN:
        return True
    if ctx.actor.role is Role.DRIVER:
        return bag.driver == ctx.actor.principal
    return caller_point(ctx) in (bag.origin, bag.destination)


def next_bag_actions(ctx: Context, bag: Bag) -> list[str]:
    point = caller_point(ctx)
    ends = {End.ORIGIN: bag.origin == point, End.DESTINATION: bag.destination == point}
    ends[End.ON_BOARD] = bag.driver == ctx.actor.principal
    return [
        t.action.value
        for t in BAG_TRANSITIONS
        if t.source.value == bag.status and ctx.actor.role in t.roles and ends[t.end]
    ]


def bag_view(ctx: Context, code: str) -> BagOut:
    require(ctx.actor, Capability.SEE_BAGS)
    bag = ctx.session.exec(select(Bag).where(Bag.code == code)).first()
    if bag is None:
        raise NotFound(f"no bag {code}")
    if not _may_see(ctx, bag):
        raise Forbidden(f"bag {code} neither leaves nor reaches your point")
    lines = ctx.session.exec(
        select(BagItem, Parcel.tracking_number, Parcel.leg)
        .join(Parcel, col(Parcel.id) == col(BagItem.parcel_id))
        .where(BagItem.bag_id == bag.id)
        .order_by(col(BagItem.line))
    )
    events = ctx.session.exec(select(BagEvent).where(BagEvent.bag_id == bag.id).order_by(col(BagEvent.sequence)))
    return BagOut(
        **bag.model_dump(include=set(BagOut.model_fields) - {"next_actions", "manifest", "events"}),
        next_actions=next_bag_actions(ctx, bag),
        manifest=[ManifestLine(line=i.line, tracking_number=t, leg=leg, outcome=i.outcome) for i, t, leg in lines],
        events=[BagEventOut.model_validate(e, from_attributes=True) for e in events],
    )


def todays_bags(ctx: Context) -> tuple[list[Bag], list[Bag]]:
    """(leaving, coming): the caller's point's bags still at it and those on their way to it or not yet unpacked;
    a driver's are those handed to them and those in their truck; an administrator's, every bag still moving."""
    require(ctx.actor, Capability.SEE_BAGS)
    leaving = col(Bag.status).in_([s.value for s in LEAVING])
    coming = col(Bag.status).in_([s.value for s in COMING])
    if ctx.actor.role is Role.DRIVER:
        mine = col(Bag.driver) == ctx.actor.principal
        return _bags(ctx, mine & (col(Bag.status) == BagStatus.HANDED_TO_DRIVER.value)), _bags(ctx, mine & coming)
    if ctx.actor.role is Role.ADMIN:
        return _bags(ctx, leaving), _bags(ctx, coming)
    point = caller_point(ctx) or ""
    return _bags(ctx, leaving & (col(Bag.origin) == point)), _bags(ctx, coming & (col(Bag.destination) == point))


def _bags(ctx: Context, where: Any) -> list[Bag]:
    return list(ctx.session.exec(select(Bag).where(where).order_by(col(Bag.departs), col(Bag.code))))


def late_codes(ctx: Context, leaving: list[Bag], coming: list[Bag]) -> set[str]:
    """The bags behind the timetable: still at their point after their run left, or on a run past its arrival."""
    runs = {b.run for b in coming if b.status == BagStatus.IN_TRANSIT.value}
    riding = (
        dict(
            ctx.session.exec(
                select(TrunkRun.code, col(TrunkRun.arrives) - col(TrunkRun.departs)).where(col(TrunkRun.code).in_(runs))
            ).all()
        )
        if runs
        else {}
    )
    late = {b.code for b in leaving if b.departs < ctx.now}
    return late | {b.code for b in coming if b.run in riding and b.departs + timedelta(minutes=riding[b.run]) < ctx.now}
