"""A national morning of post-office days, written for the simulation (`postal-service simulate-morning`).

The rows are written straight into the tables, shaped as the use cases leave them: a pickup booked in a slot, a
result ready at its agency, a result or a dossier waiting at the post office, a result still in a courier's hands
from yesterday. Booking and walking ten thousand parcels through the use cases would take longer than planning
them; what the simulation measures starts after, where each day is built from these rows exactly as production
builds it (planning_inputs.collect: breaks, skills, stop limits, parcels in hand).
"""

from __future__ import annotations

import itertools
import math
import random
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from sqlmodel import Session

from postal_service.config import Settings
from postal_service.db.tables import Agency, Parcel, Payment, PostOffice, Procedure, ServiceRequest, User
from postal_service.domain.custody import chain_month
from postal_service.domain.holders import HOLDER_AFTER
from postal_service.domain.identifiers import TrackingNumber
from postal_service.domain.lifecycle import DossierStatus as D
from postal_service.domain.lifecycle import Leg
from postal_service.domain.lifecycle import ResultStatus as R
from postal_service.domain.roles import Role
from postal_service.domain.timeslots import LOCAL_TZ

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri")
OFFICE_HOURS = {d: ["07:00", "18:00"] for d in WEEKDAYS} | {"sat": ["07:00", "11:30"]}
AGENCY_HOURS = {d: ["07:30", "17:00"] for d in WEEKDAYS}
SLOTS = ((7, 9), (9, 11), (13, 15), (15, 17))
CITIES = ((21.028, 105.834), (10.776, 106.700), (16.054, 108.202), (20.845, 106.688), (10.045, 105.746))
# What a morning holds, by share of parcels: (what, status, stops it makes)
KINDS = (
    ("pickup", D.BOOKED, 40),
    ("result ready at the agency", R.READY_AT_AGENCY, 25),
    ("result at the post office", R.AT_POST_OFFICE, 20),
    ("dossier at the post office", D.AT_POST_OFFICE, 10),
    ("result in a courier's hands", R.OUT_FOR_DELIVERY, 5),
)
STOPS_PER_COURIER = 28
REFERENCE = "SIM-"  # opens every simulated request's reference: a database of anything else is refused
CHARGE = 33_000


@dataclass(frozen=True)
class Morning:
    day: date
    clock: datetime  # when the scheduler asks for the plans: the lead time before the offices open
    offices: int
    stops: int


def office_size(rng: random.Random, largest: int) -> int:
    """Stops in one office's day: most 5-40, one in ten 40-150, one in thirty a district centre of 200-500."""
    draw = rng.random()
    if draw < 0.03:
        size = rng.randint(200, 500)
    elif draw < 0.13:
        size = rng.randint(41, 150)
    else:
        size = max(5, min(40, round(rng.lognormvariate(math.log(14), 0.55))))
    return min(size, largest)


def next_working_day(settings: Settings, today: date) -> date:
    day = today + timedelta(days=1)
    while not settings.calendar.is_working_day(day):
        day += timedelta(days=1)
    return day


def write_morning(session: Session, settings: Settings, today: date, offices: int, seed: int, largest: int) -> Morning:
    rng, serials = random.Random(seed), itertools.count(1)
    day = next_working_day(settings, today)
    sizes = [office_size(rng, largest) for _ in range(offices)]
    stops = sum(_office(session, settings, rng, serials, n, day, size) for n, size in enumerate(sizes))
    opening = datetime.combine(day, time(7), LOCAL_TZ)
    return Morning(day, opening - timedelta(minutes=settings.planning_lead_minutes), offices, stops)


def _near(rng: random.Random, centre: tuple[float, float], km: float) -> tuple[float, float]:
    distance, bearing = km * math.sqrt(rng.random()), rng.uniform(0, 2 * math.pi)
    return (
        centre[0] + distance / 111.0 * math.cos(bearing),
        centre[1] + distance / (111.0 * math.cos(math.radians(centre[0]))) * math.sin(bearing),
    )


def _at(street: str, where: tuple[float, float]) -> dict[str, Any]:
    return {"street": street, "province_code": 1, "commune_code": 1, "latitude": where[0], "longitude": where[1]}


def _office(
    session: Session, settings: Settings, rng: random.Random, serials: Iterator[int], n: int, day: date, size: int
) -> int:
    """One office with its agencies and couriers, and parcels until the day has `size` stops; returns the stops."""
    where = _near(rng, rng.choice(CITIES), 40)
    office = PostOffice(
        code=f"{700000 + n}",
        name=f"Bưu cục mô phỏng {n + 1}",
        **_at("1 Đường Bưu Điện", where),
        communes_served=[],
        opening_hours=OFFICE_HOURS,
    )
    session.add(office)
    session.flush()
    procedures = [_procedure(session, rng, n, k, where) for k in range(3)]
    couriers = [
        User(
            username=f"sim{n}-courier{k}",
            password_hash="!",  # no password opens it: the simulation's couriers never sign in
            role=Role.COURIER.value,
            full_name=f"Bưu tá {n + 1}.{k + 1}",
            post_office_id=office.id,
            may_carry_cash=k % 3 != 2,
        )
        for k in range(max(1, math.ceil(size / STOPS_PER_COURIER)))
    ]
    session.add_all(couriers)
    session.flush()
    radius = 2 + math.sqrt(size) / 3
    made = 0
    while made < size:
        what = rng.choices(KINDS, weights=[k[2] for k in KINDS])[0]
        parcel = _Parcel(office, rng.choice(procedures), what[1], next(serials))
        made += _write(session, settings, rng, parcel, couriers, radius, day)
    return made


def _procedure(session: Session, rng: random.Random, n: int, k: int, where: tuple[float, float]) -> Procedure:
    place = _near(rng, where, 3)
    agency = Agency(
        code=f"{n % 1000:03d}.{k:02d}.77.S{n // 1000:02d}",
        name=f"Cơ quan mô phỏng {n + 1}.{k + 1}",
        **_at("2 Đường Hành Chính", place),
        office_hours=AGENCY_HOURS,
    )
    session.add(agency)
    session.flush()
    procedure = Procedure(
        code=f"sim.{n}.{k}",
        name="Thủ tục mô phỏng",
        agency_id=agency.id or 0,
        documents=[],
        procedure_fee=0,
        processing_days=5,
    )
    session.add(procedure)
    session.flush()
    return procedure


@dataclass(frozen=True)
class _Parcel:
    office: PostOffice
    procedure: Procedure
    status: D | R
    serial: int


def _write(
    session: Session,
    settings: Settings,
    rng: random.Random,
    parcel: _Parcel,
    couriers: list[User],
    radius: float,
    day: date,
) -> int:
    """One request with its one parcel in the given status; returns the stops it makes in the day."""
    office, procedure, status, serial = parcel.office, parcel.procedure, parcel.status, parcel.serial
    dossier = isinstance(status, D)
    home = _near(rng, (office.latitude, office.longitude), radius)
    slot = rng.choice(SLOTS)
    pickup = status is D.BOOKED
    now = datetime.now(LOCAL_TZ)
    request = ServiceRequest(
        reference=f"{REFERENCE}{serial:08d}",
        service="send" if dossier else "receive",
        procedure_id=procedure.id or 0,
        post_office_id=office.id or 0,
        intake=("pickup" if pickup else "drop_off") if dossier else None,
        pickup_latitude=home[0] if pickup else None,
        pickup_longitude=home[1] if pickup else None,
        slot_start=datetime.combine(day, time(slot[0]), LOCAL_TZ) if pickup else None,
        slot_end=datetime.combine(day, time(slot[1]), LOCAL_TZ) if pickup else None,
        delivery_latitude=None if dossier else home[0],
        delivery_longitude=None if dossier else home[1],
        contact_name="Công dân mô phỏng",
        contact_phone=f"09{serial % 100_000_000:08d}",
        contact_id_number=f"001{serial:09d}",
        postal_charge=CHARGE,
        procedure_fee=0,
        quote={},
        consent_at=now,
        created_at=now,
    )
    session.add(request)
    session.flush()
    if rng.random() < 0.6:  # paid online when booking; the rest pay the courier, who must be allowed cash
        session.add(
            Payment(
                request_id=request.id or 0,
                kind="postal_charge",
                amount=CHARGE,
                method="online",
                collected_by="online",
                collected_at=now,
            )
        )
    prefix = settings.s10_prefix_dossier if dossier else settings.s10_prefix_result
    in_hand = HOLDER_AFTER[status.value].value == "courier"
    session.add(
        Parcel(
            tracking_number=TrackingNumber.issue(prefix, serial).value,
            request_id=request.id or 0,
            leg=(Leg.DOSSIER if dossier else Leg.RESULT).value,
            status=status.value,
            holder=HOLDER_AFTER[status.value].value,
            courier_id=rng.choice(couriers).id if in_hand else None,
            chain_month=chain_month(now),
            updated_at=now,
        )
    )
    return 2 if status in (D.BOOKED, R.READY_AT_AGENCY) else 1
