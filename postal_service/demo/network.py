"""The demo's network between provinces: offices in Đà Nẵng and TP Hồ Chí Minh with their staff, an exchange hub
in each of the three cities with its staff, trunk drivers, and a daily timetable joining every office to its hub
and the hubs to each other. Coordinates are approximate."""

from __future__ import annotations

from postal_service.context import Context
from postal_service.services import catalogue, network
from postal_service.services.schemas import PostOfficeCreate, StaffCreate
from postal_service.services.schemas.network import HubCreate, RunCreate, TimetableLoad

from .catalogue import POST_OFFICE_HOURS

EVERY_DAY = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
# code, name, street, province, commune, lat, lon, communes served, the staff's suffix
NETWORK_OFFICES = (
    (
        "550000",
        "Bưu cục Trung tâm Đà Nẵng",
        "64 Bạch Đằng",
        48,
        20242,
        16.0717,
        108.2240,
        (20242, 20209, 20263, 20285, 20257, 20197, 20260, 20224),
        "dn",
    ),
    (
        "700000",
        "Bưu điện Trung tâm Sài Gòn",
        "2 Công xã Paris",
        79,
        26740,
        10.7799,
        106.6999,
        (26740, 26743, 26737, 27139, 27160, 27301, 26944, 26929),
        "hcm",
    ),
)
# code, name, street, province, commune, lat, lon, the offices it serves, the staff's suffix
HUBS = (
    (
        "KTHN",
        "Trung tâm khai thác Hà Nội",
        "Đường Phạm Văn Đồng",
        1,
        619,
        21.05,
        105.78,
        ("100000", "122000", "152000"),
        "hn",
    ),
    ("KTDN", "Trung tâm khai thác Đà Nẵng", "Đường Điện Biên Phủ", 48, 20209, 16.066, 108.189, ("550000",), "dn"),
    ("KTHCM", "Trung tâm khai thác TP Hồ Chí Minh", "Đường Trường Sơn", 79, 26968, 10.801, 106.665, ("700000",), "hcm"),
)
LOCAL_RUNS = (("11:00", "11:45"), ("17:00", "17:45"))  # each office to its hub (cấp 2); back at 06:30 and 13:30
HUB_TO_OFFICE = (("06:30", "07:15"), ("13:30", "14:15"))
TRUNKS = (  # between hubs by night (cấp 1): run, origin, destination, leaves, arrives
    ("C1-DN-HN", "KTDN", "KTHN", "20:00", "22:00"),
    ("C1-HN-DN", "KTHN", "KTDN", "20:30", "22:30"),
    ("C1-SG-HN", "KTHCM", "KTHN", "21:00", "23:15"),
    ("C1-HN-SG", "KTHN", "KTHCM", "21:30", "23:45"),
    ("C1-DN-SG", "KTDN", "KTHCM", "19:30", "21:00"),
    ("C1-SG-DN", "KTHCM", "KTDN", "19:45", "21:15"),
)
DRIVERS = ("driver1", "driver2", "driver3")


def _run(code: str, origin: str, destination: str, leaves: str, arrives: str, level: int) -> RunCreate:
    return RunCreate(
        code=code,
        origin=origin,
        destination=destination,
        weekdays=EVERY_DAY,  # type: ignore[arg-type]
        departs=leaves,
        arrives=arrives,
        cutoff_minutes=30 if level == 2 else 60,
        level=level,  # type: ignore[arg-type]
    )


def timetable() -> TimetableLoad:
    """Every office to its hub and back twice a day, the hubs to each other by night, every day of the week."""
    runs = [_run(code, origin, to, leaves, arrives, 1) for code, origin, to, leaves, arrives in TRUNKS]
    for hub, *_, offices, _ in HUBS:
        for office in offices:
            runs += [_run(f"{office}-{leaves[:2]}", office, hub, leaves, arrives, 2) for leaves, arrives in LOCAL_RUNS]
            runs += [
                _run(f"{hub}-{office}-{leaves[:2]}", hub, office, leaves, arrives, 2)
                for leaves, arrives in HUB_TO_OFFICE
            ]
    hubs = [
        HubCreate.model_validate({"code": code, "name": name, "address": _place(street, province, commune, lat, lon)})
        for code, name, street, province, commune, lat, lon, _, _ in HUBS
    ]
    return TimetableLoad(hubs=hubs, runs=runs)


def _place(street: str, province: int, commune: int, lat: float, lon: float) -> dict[str, object]:
    return {"street": street, "province_code": province, "commune_code": commune, "latitude": lat, "longitude": lon}


def load_network(ctx: Context, password: str) -> None:
    """The two offices and their staff, the hubs and their staff, the drivers, and the timetable."""
    for code, name, street, province, commune, lat, lon, served, suffix in NETWORK_OFFICES:
        office = {
            "code": code,
            "name": name,
            "address": _place(street, province, commune, lat, lon),
            "communes_served": list(served),
            "opening_hours": POST_OFFICE_HOURS,
            "slot_capacity": 12,
        }
        catalogue.create_post_office(ctx, PostOfficeCreate.model_validate(office))
        for role, title in (("dispatcher", "Điều phối"), ("counter", "Giao dịch viên"), ("manager", "Trưởng bưu cục")):
            _staff(ctx, f"{role}-{suffix}", role, f"{title} {name}", password, post_office_code=code)
        for n in (1, 2):
            _staff(ctx, f"courier-{suffix}{n}", "courier", f"Bưu tá {name} {n}", password, post_office_code=code)
    network.load_timetable(ctx, timetable())
    for code, name, *_, suffix in HUBS:
        _staff(ctx, f"hub-{suffix}", "hub", f"Khai thác viên {name}", password, hub_code=code)
    for n, username in enumerate(DRIVERS, start=1):
        _staff(ctx, username, "driver", f"Lái xe đường thư {n}", password)


def _staff(ctx: Context, username: str, role: str, name: str, password: str, **where: str) -> None:
    phone = f"0913{sum(map(ord, username)):06d}"  # alerts reach the network's staff
    body = {"username": username, "password": password, "role": role, "full_name": name, "phone": phone, **where}
    catalogue.create_staff(ctx, StaffCreate.model_validate(body))
