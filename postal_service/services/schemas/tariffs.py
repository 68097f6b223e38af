"""An administrator's new price table: from which day, for which province (none: the whole country), and each
zone's prices by weight band."""

from __future__ import annotations

from datetime import date

from pydantic import Field

from postal_service.domain.money import Zone

from .fields import ProvinceCode, Strict, Text


class BandIn(Strict):
    zone: Zone
    up_to_grams: int | None = Field(None, ge=1, le=100_000, description="the band's heaviest envelope; null: open")
    price: int = Field(ge=0, le=10_000_000, description="đồng per leg")


class TariffCreate(Strict):
    effective_from: date = Field(description="the first day bookings are priced with it: tomorrow at the earliest")
    province_code: ProvinceCode | None = Field(None, description="a province's own prices; null: the whole country")
    bands: list[BandIn] = Field(min_length=3, max_length=30)
    note: Text | None = None
