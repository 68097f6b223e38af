"""Postal prices as data: a price table entered today for tomorrow leaves today's bookings at today's price,
prices tomorrow's by zone and weight band, and a province's own table wins there; the history keeps every table,
and a bad table is refused with each field named."""

from __future__ import annotations

from datetime import date

ZONES = ("same_commune", "same_province", "other_province")


def _table(day: str, light=(30_000, 45_000, 80_000), heavy=(40_000, 60_000, 100_000), province=None) -> dict:
    bands = []
    for zone, first, second in zip(ZONES, light, heavy, strict=True):
        bands += [
            {"zone": zone, "up_to_grams": 500, "price": first},
            {"zone": zone, "up_to_grams": None, "price": second},
        ]
    return {"effective_from": day, "province_code": province, "bands": bands, "note": "Biểu giá 2027"}


def _booked(api, n: int, **overrides) -> dict:
    """A receive-only booking: no pickup slot to fall on a past day."""
    return api.book("receive", dossier_code=f"000.00.15.G02-261120-{n:04d}", **overrides)["request"]


def _receive(api, n: int, **overrides) -> dict:
    return _booked(api, n, **overrides)["quote"]


def test_a_price_change_tomorrow_leaves_todays_bookings_alone_and_prices_tomorrows_by_weight(api):
    booked_today = _booked(api, 1)
    today = booked_today["quote"]
    assert today["tariff"] is None  # the configured prices, until a table is entered
    added = api.ok(api.post("/tariffs", _table("2026-11-24"), as_="admin"), 201)
    assert _receive(api, 2)["postal_charge"] == today["postal_charge"]  # still today: today's price

    api.at(date(2026, 11, 24), 9)
    light = _receive(api, 3)
    heavy = _receive(api, 4, weight_grams=1_200)  # weighed at the counter: the next band
    zone = light["legs"][0]["zone"]
    assert light["postal_charge"] == dict(zip(ZONES, (30_000, 45_000, 80_000), strict=True))[zone]
    assert heavy["postal_charge"] == dict(zip(ZONES, (40_000, 60_000, 100_000), strict=True))[zone]
    assert light["tariff"] == {"id": added["id"], "from": "2026-11-24"} and heavy["weight_grams"] == 1_200
    kept = api.ok(api.get(f"/requests/{booked_today['reference']}", as_="admin"))["quote"]
    assert kept == today and kept["postal_charge"] != light["postal_charge"]  # the price it was told, still


def test_a_provinces_own_table_wins_there_and_the_history_keeps_every_table(api):
    national = api.ok(api.post("/tariffs", _table("2026-11-24"), as_="admin"), 201)
    hanoi = api.ok(
        api.post("/tariffs", _table("2026-11-25", light=(25_000, 35_000, 70_000), province=1), as_="admin"), 201
    )
    again = api.post("/tariffs", _table("2026-11-25", province=1), as_="admin")
    assert again.status_code == 409  # one table a day and a province
    api.at(date(2026, 11, 24), 9)
    assert _receive(api, 6)["tariff"]["id"] == national["id"]  # Hà Nội's own starts tomorrow
    api.at(date(2026, 11, 25), 9)
    assert _receive(api, 5)["tariff"]["id"] == hanoi["id"]  # the office is in Hà Nội
    history = api.ok(api.get("/tariffs"))  # public: the published prices
    assert [t["id"] for t in history] == [hanoi["id"], national["id"]]
    assert api.post("/tariffs", _table("2026-11-30"), as_="dispatcher").status_code == 403


def test_a_bad_table_is_refused_naming_each_field(api):
    bad = _table("2026-11-23")  # today: too late
    bad["bands"] = [b for b in bad["bands"] if b["zone"] != "same_province"]  # a zone unpriced
    bad["bands"][1]["up_to_grams"] = 2_000  # the same commune's bands end closed
    response = api.post("/tariffs", bad, as_="admin")
    assert response.status_code == 422
    fields = {f["field"] for f in response.get_json()["error"]["fields"]}
    assert fields == {"effective_from", "bands.same_province", "bands.same_commune"}
    assert api.ok(api.get("/tariffs")) == []  # nothing half-written
