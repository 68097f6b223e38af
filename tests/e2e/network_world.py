"""A second province on the tests' world: a Đà Nẵng office with its couriers and dispatcher, exchange hubs in Đà
Nẵng and Hà Nội with their staff, trunk drivers, and a daily timetable joining the Đà Nẵng office to the Hà Nội
one through the two hubs (and back), loaded through the API as an administrator would."""

from __future__ import annotations

from typing import Any

from ..factories import HOURS, OFFICE, PASSWORD

DA_NANG, HAI_CHAU, THANH_KHE = 48, 20242, 20209
DA_NANG_OFFICE = "550000"
EVERY_DAY = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]


def place(province: int, commune: int, lat: float, lon: float) -> dict[str, Any]:
    return {
        "street": "1 Đường Trục",
        "province_code": province,
        "commune_code": commune,
        "latitude": lat,
        "longitude": lon,
    }


HUBS = [
    {"code": "KTDN", "name": "Trung tâm khai thác Đà Nẵng", "address": place(DA_NANG, THANH_KHE, 16.06, 108.19)},
    {"code": "KTHN", "name": "Trung tâm khai thác Hà Nội", "address": place(1, 167, 21.04, 105.79)},
]


def run(code: str, origin: str, destination: str, departs: str, arrives: str, **more: Any) -> dict[str, Any]:
    return {
        "code": code,
        "origin": origin,
        "destination": destination,
        "weekdays": EVERY_DAY,
        "departs": departs,
        "arrives": arrives,
    } | more


RUNS = [
    run("DN-KT-1", DA_NANG_OFFICE, "KTDN", "11:00", "11:45", level=2),
    run("DN-KT-2", DA_NANG_OFFICE, "KTDN", "16:30", "17:15", level=2),
    run("C1-DN-HN", "KTDN", "KTHN", "20:00", "05:30+1", cutoff_minutes=60),
    run("KT-HN-1", "KTHN", OFFICE, "06:30", "07:30", level=2),
    run("HN-KT-1", OFFICE, "KTHN", "16:00", "16:45", level=2),  # and back, for results
    run("C1-HN-DN", "KTHN", "KTDN", "21:00", "06:00+1", cutoff_minutes=60),
    run("KT-DN-1", "KTDN", DA_NANG_OFFICE, "07:00", "07:45", level=2),
    run("DN-HN-XE", DA_NANG_OFFICE, "KTHN", "12:00", "12:00+2"),  # a slow road run no envelope would choose
]


def _da_nang_office(api) -> None:
    api.ok(
        api.post(
            "/post-offices",
            {
                "code": DA_NANG_OFFICE,
                "name": "Bưu cục Trung tâm Đà Nẵng",
                "address": place(DA_NANG, HAI_CHAU, 16.07, 108.22),
                "communes_served": [HAI_CHAU, THANH_KHE],
                "opening_hours": HOURS,
            },
            as_="admin",
        ),
        201,
    )
    for username, role in (("courier-dn", "courier"), ("dispatcher-dn", "dispatcher"), ("counter-dn", "counter")):
        _staff(api, username, role, post_office_code=DA_NANG_OFFICE)


def _staff(api, username: str, role: str, **where: str) -> None:
    """A member of staff with a phone of their own, so that alerts reach them."""
    phone = f"0912{sum(map(ord, username)):06d}"
    body = {"username": username, "role": role, "full_name": username, "password": PASSWORD, "phone": phone, **where}
    api.ok(api.post("/staff", body, as_="admin"), 201)


def put(api, path: str, body: Any, as_: str = "admin"):
    return api.client.put(f"/api/v1{path}", json=body, headers=api._headers(as_, None, None))


def build_network(api) -> None:
    """The Đà Nẵng office, the hubs and their staff, the drivers, and the timetable."""
    _da_nang_office(api)
    loaded = api.ok(put(api, "/network/timetable", {"hubs": HUBS, "runs": RUNS}))
    assert loaded == {"runs": len(RUNS)}
    for username, hub in (("hub-dn", "KTDN"), ("hub-hn", "KTHN")):
        _staff(api, username, "hub", hub_code=hub)
    for username in ("driver1", "driver2", "driver3"):
        _staff(api, username, "driver")
