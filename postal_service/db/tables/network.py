"""The network between post offices: exchange hubs, the weekly trunk runs between points, and each envelope's
planned path over them."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import DDL, UniqueConstraint, event
from sqlmodel import Field, SQLModel

from ..append_only import BAG_EVENTS_CREATE
from .columns import json_column, utc


class ExchangeHub(SQLModel, table=True):
    """An exchange centre (trung tâm khai thác): it opens, sorts and re-bags, and never serves a door itself."""

    __tablename__ = "exchange_hub"
    id: int | None = Field(default=None, primary_key=True)
    code: str = Field(unique=True, max_length=16)
    name: str = Field(max_length=255)
    street: str = Field(max_length=255)
    province_code: int
    commune_code: int
    latitude: float
    longitude: float


class TrunkRun(SQLModel, table=True):
    """A scheduled run (chuyến thư) between two points (an office's or a hub's code) on some weekdays: it leaves
    and arrives at the same minutes each of them, and its bags close `cutoff` minutes before it leaves."""

    __tablename__ = "trunk_run"
    id: int | None = Field(default=None, primary_key=True)
    code: str = Field(unique=True, max_length=16)
    origin: str = Field(max_length=16, index=True)
    destination: str = Field(max_length=16, index=True)
    weekdays: str = Field(max_length=7)  # the days it runs, Monday 0 .. Sunday 6: "012345"
    departs: int  # minutes after local midnight of the weekday
    arrives: int  # minutes after that same midnight: above 1440 for an overnight run
    cutoff: int = 30
    level: int = 1  # đường thư cấp 1 (between provinces), 2 (within a province), 3 (to communes)


class ParcelPath(SQLModel, table=True):
    """The hops an envelope is planned to ride from the office that took it to the office that hands it on, with
    the expected arrival, chosen when its leg starts and kept (a later re-route writes a new row)."""

    __tablename__ = "parcel_path"
    id: int | None = Field(default=None, primary_key=True)
    parcel_id: int = Field(foreign_key="parcel.id", index=True)
    origin: str = Field(max_length=16)  # the office that took it, or the point it was re-routed from
    destination_office_id: int = Field(foreign_key="post_office.id")
    hops: list[dict[str, Any]] = json_column()  # [{"run", "origin", "destination", "closes", "departs", "arrives"}]
    expected_arrival: datetime = utc()
    planned_at: datetime = utc()


class Bag(SQLModel, table=True):
    """A bag on one hop (`domain.bags`): its manifest lines are `BagItem`s, its chain `BagEvent`s."""

    id: int | None = Field(default=None, primary_key=True)
    code: str = Field(unique=True, max_length=16)
    origin: str = Field(max_length=16, index=True)
    destination: str = Field(max_length=16, index=True)
    run: str = Field(max_length=16)
    departs: datetime = utc()
    closes: datetime = utc()
    status: str = Field(max_length=16, index=True)
    seal_number: str | None = Field(default=None, max_length=32)
    driver: str | None = Field(default=None, max_length=64)
    seal_intact: bool | None = None
    event_count: int = 0
    created_at: datetime = utc()
    updated_at: datetime = utc()


class BagItem(SQLModel, table=True):
    """A line of a bag's manifest (bản kê): one envelope, in the order scanned in, and what unpacking found."""

    __tablename__ = "bag_item"
    __table_args__ = (UniqueConstraint("bag_id", "parcel_id"),)
    id: int | None = Field(default=None, primary_key=True)
    bag_id: int = Field(foreign_key="bag.id", index=True)
    parcel_id: int = Field(foreign_key="parcel.id", index=True)
    line: int
    outcome: str = Field(default="in", max_length=16)  # domain.bags.LineOutcome


class BagEvent(SQLModel, table=True):
    """Append-only, chained and sealed as an envelope's custody events are; (bag, sequence) is unique."""

    __tablename__ = "bag_event"
    __table_args__ = (UniqueConstraint("bag_id", "sequence"),)
    id: int | None = Field(default=None, primary_key=True)
    bag_id: int = Field(foreign_key="bag.id", index=True)
    sequence: int
    action: str = Field(max_length=32)
    from_status: str = Field(max_length=32)
    to_status: str = Field(max_length=32)
    actor: str = Field(max_length=64)
    actor_role: str = Field(max_length=16)
    counterparty: str | None = Field(default=None, max_length=64)
    occurred_at: datetime = utc(index=True)  # the nightly figures read one day's receipts
    evidence: dict[str, Any] = json_column()
    previous_hash: str = Field(max_length=64)
    hash: str = Field(max_length=64)
    key_id: str = Field(default="", max_length=16)
    seal: str = Field(default="", max_length=64)


for _statement in BAG_EVENTS_CREATE:  # tables built without Alembic (tests, create_all) get the trigger too
    event.listen(BagEvent.__table__, "after_create", DDL(_statement).execute_if(dialect="postgresql"))  # type: ignore[attr-defined]
