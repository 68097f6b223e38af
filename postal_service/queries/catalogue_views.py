"""How the catalogue, slots and quotes leave the API: the answer models of the catalogue endpoints."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import BaseModel


class PlaceOut(BaseModel):
    """A place couriers drive to: agencies and post offices alike."""

    code: str
    name: str
    street: str
    province_code: int
    commune_code: int
    latitude: float
    longitude: float


class AgencyOut(PlaceOut):
    office_hours: dict[str, list[str]]


class ProcedureOut(BaseModel):
    code: str
    name: str
    agency_code: str
    documents: list[dict[str, Any]]
    procedure_fee: int
    postal_eligible: bool
    processing_days: int


class PostOfficeOut(PlaceOut):
    communes_served: list[int]
    opening_hours: dict[str, list[str]]
    slot_capacity: int


class StaffOut(BaseModel):
    id: int
    username: str
    role: str
    full_name: str
    phone: str | None
    agency_id: int | None
    post_office_id: int | None
    hub_id: int | None = None
    may_carry_cash: bool


class SlotOut(BaseModel):
    start: datetime
    end: datetime
    label: str
    places_left: int


class QuoteOut(BaseModel):
    legs: list[dict[str, Any]]
    postal_charge: int
    procedure_fee: int
    exemption: str
    total: int
    currency: str
    post_office_code: str
