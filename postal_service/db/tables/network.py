"""The network between post offices: exchange hubs, the weekly trunk runs between points, and each envelope's
planned path over them."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlmodel import Field, SQLModel

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
    origin_office_id: int = Field(foreign_key="post_office.id")
    destination_office_id: int = Field(foreign_key="post_office.id")
    hops: list[dict[str, Any]] = json_column()  # [{"run", "origin", "destination", "closes", "departs", "arrives"}]
    expected_arrival: datetime = utc()
    planned_at: datetime = utc()
