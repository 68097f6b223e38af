"""Post-office days for the scale report, with a fixed seed so every solver sees the same day.

`generate_day`: a plain day around a Hà Nội post office: citizen pickups in two-hour slots taken to agencies the
same day, results collected at agencies and delivered, envelopes from the post office to citizens.

`real_day`: the same day with everything a real one has, as `postal-service plan` builds it from the database:
a 45-minute lunch starting 11:30-13:00, at most 60 stops and 40 envelopes (20 kg) a courier, one courier in four
not allowed to carry cash, a quarter of the citizen pickups collecting cash, and envelopes already in couriers'
hands (kept first on their routes).
"""

from __future__ import annotations

import math
import random
from dataclasses import replace

from ..matrix import Haversine, Point
from ..model import Break, Job, Problem, Shipment, Task, Vehicle, Window

OFFICE = Point(21.0285, 105.8520)
SHIFT = Window(7 * 3600 + 30 * 60, 17 * 3600 + 30 * 60)
DESK = Window(8 * 3600, 17 * 3600)
SLOTS = [Window(SHIFT.start + k * 7200, SHIFT.start + (k + 1) * 7200) for k in range(5)]
VEHICLE_COST = 10**8


def _around(rng: random.Random, centre: Point, km: float) -> Point:
    distance, angle = abs(rng.gauss(0, km)), rng.uniform(0, 2 * math.pi)
    return Point(
        centre.latitude + distance / 111.0 * math.sin(angle),
        centre.longitude + distance / (111.0 * math.cos(math.radians(centre.latitude))) * math.cos(angle),
    )


def generate_day(stops: int, couriers: int, seed: int = 45) -> Problem:
    """About `stops` visits: 40% pickup→agency pairs, 30% agency→citizen pairs, the rest single deliveries."""
    rng = random.Random(seed)
    agencies = [_around(rng, OFFICE, 3.0) for _ in range(12)]
    points = [OFFICE, *agencies]
    jobs: list[Job] = []
    shipments: list[Shipment] = []
    count = 0
    while count < stops:
        kind = rng.random()
        home = len(points)
        points.append(_around(rng, OFFICE, 4.0))
        agency = 1 + rng.randrange(len(agencies))
        n = len(jobs) + len(shipments)
        if kind < 0.4 and count + 2 <= stops:
            pickup = Task(f"p{n}", home, rng.choice(SLOTS), 600, (1,))
            shipments.append(Shipment(f"s{n}", pickup, Task(f"a{n}", agency, DESK, 300, (-1,))))
            count += 2
        elif kind < 0.7 and count + 2 <= stops:
            collect = Task(f"c{n}", agency, DESK, 300, (1,))
            shipments.append(Shipment(f"r{n}", collect, Task(f"d{n}", home, SHIFT, 300, (-1,))))
            count += 2
        else:
            jobs.append(Job(f"j{n}", Task(f"t{n}", home, SHIFT, 300, (-1,))))
            count += 1
    matrices = Haversine(speeds_kmh=(("motorbike", 22.0),)).matrices(points)
    vehicles = tuple(Vehicle(f"c{k + 1}", 0, 0, SHIFT, (60,), fixed_cost=VEHICLE_COST) for k in range(couriers))
    return Problem(matrices.distances, matrices.durations, vehicles, tuple(jobs), tuple(shipments))


LUNCH = Break(Window(int(11.5 * 3600), 13 * 3600), 45 * 60)
ENVELOPE = (1, 300)  # envelopes, grams
CAPACITY = (40, 20_000)
MAX_STOPS = 60
IN_HAND_SHARE = 0.3  # of the couriers, each with two envelopes from yesterday to deliver first


def _weighed(task: Task) -> Task:
    sign = 1 if task.load and task.load[0] > 0 else -1
    return replace(task, load=tuple(sign * x for x in ENVELOPE))


def _shipment(rng: random.Random, s: Shipment) -> Shipment:
    cash = s.id.startswith("s") and rng.random() < 0.25  # a citizen pickup that collects the fees
    return replace(
        s, pickup=_weighed(s.pickup), delivery=_weighed(s.delivery), skills=frozenset({"cash"}) if cash else frozenset()
    )


def real_day(stops: int, couriers: int, seed: int = 45, in_hand_share: float = IN_HAND_SHARE) -> Problem:
    """`in_hand_share` 0: a day whose couriers start with empty hands (the kind on which VROOM alone was found
    better than the planner of the time, issue 26)."""
    plain = generate_day(stops, couriers, seed)
    rng = random.Random(seed + 1)
    jobs = [replace(j, task=_weighed(j.task)) for j in plain.jobs]
    holders = max(1, round(couriers * in_hand_share)) if in_hand_share else 0
    in_hand: dict[int, list[str]] = {}
    for k, job in enumerate(jobs[: 2 * holders]):
        in_hand.setdefault(k % holders, []).append(job.task.id)
    vehicles = tuple(
        Vehicle(
            f"c{k + 1}",
            0,
            0,
            plain.vehicles[0].shift,
            CAPACITY,
            max_stops=MAX_STOPS,
            breaks=(LUNCH,),
            skills=frozenset() if k % 4 == 3 else frozenset({"cash"}),
            fixed_cost=VEHICLE_COST,
            locked=tuple(in_hand.get(k, ())),
        )
        for k in range(couriers)
    )
    shipments = tuple(_shipment(rng, s) for s in plain.shipments)
    return replace(plain, vehicles=vehicles, jobs=tuple(jobs), shipments=shipments)
