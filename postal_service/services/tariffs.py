"""A new price table (domain.tariffs), entered by an administrator from a coming day: tables are never changed,
so the history is every table ever entered, and a booking keeps the table its quote was priced with."""

from __future__ import annotations

from sqlmodel import col, select

from postal_service.context import Context
from postal_service.db.tables import PostalTariff
from postal_service.domain.access import Capability, require
from postal_service.domain.errors import Conflict, InvalidField
from postal_service.domain.tariffs import Band, check_bands
from postal_service.queries.tariffs import TariffOut, tariff_out

from .schemas.tariffs import TariffCreate


def add(ctx: Context, data: TariffCreate) -> TariffOut:
    """A new table from a coming day: bookings already made keep the price they were quoted, and no day's quotes
    change in the middle of the day. One table per day and province."""
    require(ctx.actor, Capability.MANAGE_CATALOGUE)
    errors = check_bands([Band(b.zone, b.up_to_grams, b.price) for b in data.bands])
    if data.effective_from <= ctx.today:
        errors["effective_from"] = "a new price applies from tomorrow at the earliest"
    if errors:
        raise InvalidField(errors)
    same_day = select(PostalTariff.id).where(
        PostalTariff.effective_from == data.effective_from,
        col(PostalTariff.province_code) == data.province_code
        if data.province_code is not None
        else col(PostalTariff.province_code).is_(None),
    )
    if ctx.session.exec(same_day).first() is not None:
        raise Conflict("a price table already applies from that day there: enter another day")
    row = PostalTariff(
        effective_from=data.effective_from,
        province_code=data.province_code,
        bands=[b.model_dump(mode="json") for b in data.bands],
        note=data.note or "",
        created_by=ctx.actor.principal,
        created_at=ctx.now,
    )
    ctx.session.add(row)
    ctx.session.flush()
    return tariff_out(row)
