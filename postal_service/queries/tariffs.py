"""Price tables as data (domain.tariffs), read: the table a booking is priced with on a day for its post office's
province, and the history of every table ever entered. Until one is entered, the configured flat prices apply."""

from __future__ import annotations

from datetime import date, datetime

from pydantic import BaseModel
from sqlmodel import col, or_, select

from postal_service.context import Context
from postal_service.db.tables import PostalTariff
from postal_service.domain.money import Pricing, Zone
from postal_service.domain.tariffs import Band, PriceTable


class BandOut(BaseModel):
    zone: str
    up_to_grams: int | None  # None: any heavier envelope
    price: int


class TariffOut(BaseModel):
    id: int
    effective_from: date
    province_code: int | None
    bands: list[BandOut]
    note: str
    created_by: str
    created_at: datetime


def _table(row: PostalTariff) -> PriceTable:
    bands = tuple(Band(Zone(b["zone"]), b["up_to_grams"], int(b["price"])) for b in row.bands)
    return PriceTable(bands, row.effective_from, row.province_code, row.id)


def pricing_on(ctx: Context, day: date, province_code: int) -> Pricing:
    """The province's own table in force that day, else the country's, else the configured flat prices: one
    statement through the (effective_from) index, the province's tables before the country's, the latest to have
    started first."""
    province = col(PostalTariff.province_code)
    row = ctx.session.exec(
        select(PostalTariff)
        .where(or_(province == province_code, province.is_(None)), col(PostalTariff.effective_from) <= day)
        .order_by(province.is_(None), col(PostalTariff.effective_from).desc(), col(PostalTariff.id).desc())
        .limit(1)
    ).first()
    return ctx.settings.tariff if row is None else _table(row)


def latest_national_bands(ctx: Context) -> list[BandOut]:
    """Where a new table starts from: the latest national table entered, else the configured flat prices."""
    row = ctx.session.exec(
        select(PostalTariff)
        .where(col(PostalTariff.province_code).is_(None))
        .order_by(col(PostalTariff.effective_from).desc(), col(PostalTariff.id).desc())
        .limit(1)
    ).first()
    if row is not None:
        return [BandOut.model_validate(b) for b in row.bands]
    flat = ctx.settings.tariff
    return [BandOut(zone=zone.value, up_to_grams=None, price=flat.charge(zone)) for zone in Zone]


def history(ctx: Context) -> list[TariffOut]:
    """Every table entered, the latest to apply first (a handful a year)."""
    rows = ctx.session.exec(
        select(PostalTariff).order_by(col(PostalTariff.effective_from).desc(), col(PostalTariff.id).desc())
    )
    return [tariff_out(row) for row in rows]


def tariff_out(row: PostalTariff) -> TariffOut:
    return TariffOut(
        id=row.id or 0,
        effective_from=row.effective_from,
        province_code=row.province_code,
        bands=[BandOut.model_validate(b) for b in row.bands],
        note=row.note,
        created_by=row.created_by,
        created_at=row.created_at,
    )
