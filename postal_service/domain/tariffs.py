"""Postal prices as data: a price table gives each zone's price by weight band and applies from a day, for the
whole country or for one province; a quote uses the table in force on the day of booking and keeps which one, so
a price change never rewrites what an earlier booking was told. Stdlib only."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from .money import Zone


@dataclass(frozen=True)
class Band:
    zone: Zone
    up_to_grams: int | None  # the band's heaviest envelope; None: anything heavier than the band before
    price: int  # đồng, per leg


@dataclass(frozen=True)
class PriceTable:
    """The bands of one table. An envelope whose weight nobody gave (a citizen does not weigh a dossier) is
    priced in its zone's first band: a few sheets in an envelope."""

    bands: tuple[Band, ...]
    effective_from: date
    province_code: int | None = None  # None: the whole country, unless a province has its own table
    id: int | None = None

    def charge(self, zone: Zone, weight_grams: int | None) -> int:
        own = [b for b in self.bands if b.zone is zone]
        if weight_grams is None:
            return own[0].price
        return next(b.price for b in own if b.up_to_grams is None or weight_grams <= b.up_to_grams)


def check_bands(bands: Sequence[Band]) -> dict[str, str]:
    """What is wrong with a table's bands, by field: every zone priced, each zone's bands in rising weight, its
    last band open-ended (no envelope is left without a price)."""
    errors: dict[str, str] = {}
    for zone in Zone:
        own = [b for b in bands if b.zone is zone]
        if not own:
            errors[f"bands.{zone.value}"] = "give this zone's prices"
            continue
        limits = [b.up_to_grams for b in own[:-1] if b.up_to_grams is not None]
        if len(limits) != len(own) - 1 or limits != sorted(set(limits)):
            errors[f"bands.{zone.value}"] = "list a zone's bands from the lightest up, each heavier than the last"
        elif own[-1].up_to_grams is not None:
            errors[f"bands.{zone.value}"] = "end a zone with an open band (no weight limit) for heavier envelopes"
    return errors
