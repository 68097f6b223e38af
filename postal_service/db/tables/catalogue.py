"""The catalogue and the people: agencies, procedures, post offices, staff, agency API keys, postal prices."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import Connection, UniqueConstraint, delete, event, insert
from sqlmodel import Field, SQLModel

from .columns import json_column, utc


class Agency(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    code: str = Field(unique=True, max_length=16)
    name: str = Field(max_length=255)
    street: str = Field(max_length=255)
    province_code: int
    commune_code: int = Field(index=True)
    latitude: float
    longitude: float
    office_hours: dict[str, list[str]] = json_column()


class Procedure(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    code: str = Field(unique=True, max_length=32)
    name: str = Field(max_length=500)
    agency_id: int = Field(foreign_key="agency.id", index=True)
    documents: list[dict[str, Any]] = json_column()  # [{"name", "original": bool, "count": int}]
    procedure_fee: int = Field(ge=0)
    postal_eligible: bool = True
    processing_days: int = Field(ge=0)


class PostOffice(SQLModel, table=True):
    __tablename__ = "post_office"
    id: int | None = Field(default=None, primary_key=True)
    code: str = Field(unique=True, max_length=16)
    name: str = Field(max_length=255)
    street: str = Field(max_length=255)
    province_code: int
    commune_code: int
    latitude: float
    longitude: float
    communes_served: list[int] = json_column()
    opening_hours: dict[str, list[str]] = json_column()
    slot_capacity: int = Field(default=8, ge=1)


class ServedCommune(SQLModel, table=True):
    """Which office's couriers reach a commune, looked up by the commune: the office's `communes_served` as rows,
    kept equal to it whenever an office is written (below), so a booking finds its office through an index
    instead of reading the thirteen thousand offices of the country."""

    __tablename__ = "served_commune"
    __table_args__ = (UniqueConstraint("commune_code", "post_office_id"),)
    id: int | None = Field(default=None, primary_key=True)
    commune_code: int = Field(index=True)
    post_office_id: int = Field(foreign_key="post_office.id", index=True)


@event.listens_for(PostOffice, "after_insert")
@event.listens_for(PostOffice, "after_update")
def _served_communes_follow(mapper: Any, connection: Connection, office: PostOffice) -> None:
    table = ServedCommune.__table__  # type: ignore[attr-defined]
    connection.execute(delete(table).where(table.c.post_office_id == office.id))
    rows = [{"commune_code": code, "post_office_id": office.id} for code in sorted(set(office.communes_served))]
    if rows:
        connection.execute(insert(table), rows)


class User(SQLModel, table=True):
    """Staff accounts: couriers, agency clerks, dispatchers, admins."""

    __tablename__ = "app_user"
    id: int | None = Field(default=None, primary_key=True)
    username: str = Field(unique=True, max_length=64)
    password_hash: str
    role: str = Field(max_length=16)
    full_name: str = Field(max_length=255)
    phone: str | None = Field(default=None, max_length=10)
    agency_id: int | None = Field(default=None, foreign_key="agency.id")
    post_office_id: int | None = Field(default=None, foreign_key="post_office.id")
    hub_id: int | None = Field(default=None, foreign_key="exchange_hub.id")
    may_carry_cash: bool = True
    active: bool = True
    session_epoch: int = Field(default=0, sa_column_kwargs={"server_default": "0"})  # bumped: sessions end


class ApiKey(SQLModel, table=True):
    """A key for one agency's information system; only its hash is kept."""

    __tablename__ = "api_key"
    id: int | None = Field(default=None, primary_key=True)
    key_id: str = Field(unique=True, max_length=16)
    secret_hash: str
    agency_id: int = Field(foreign_key="agency.id")
    label: str = Field(max_length=255)
    created_at: datetime = utc()
    revoked_at: datetime | None = utc(nullable=True)


class CalendarDay(SQLModel, table=True):
    """A day the government announced off or working beyond the law's holidays (a swap's two halves, an extra
    day off), with the announcement it comes from."""

    __tablename__ = "calendar_day"
    id: int | None = Field(default=None, primary_key=True)
    day: date = Field(unique=True)
    working: bool
    reference: str = Field(max_length=200)  # the announcement: "Thông báo 6150/TB-BLĐTBXH"
    note: str | None = Field(default=None, max_length=500)
    declared_by: str = Field(max_length=128)
    declared_at: datetime = utc()


class PostalTariff(SQLModel, table=True):
    """A price table (domain.tariffs): each zone's price by weight band, from a day, for the country (no province)
    or one province. Never changed once entered: a new price is a new table, and the old one stays as history."""

    __tablename__ = "postal_tariff"
    id: int | None = Field(default=None, primary_key=True)
    effective_from: date = Field(index=True)
    province_code: int | None = Field(default=None, index=True)
    bands: list[dict[str, Any]] = json_column()  # [{"zone", "up_to_grams": int | None, "price"}]
    note: str = Field(default="", max_length=255)
    created_by: str = Field(max_length=64)
    created_at: datetime = utc()
