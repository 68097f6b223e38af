"""Realistic post-office days for scale tests, and the scale report command:
`python -m routing.benchmarks.scale --sizes 100,250,500,1000,2000 --time-limit 60 [--compare vroom,pyvrp]`.

A day around a Hà Nội post office: citizen pickups in two-hour slots taken to agencies the same day, results
collected at agencies and delivered, envelopes from the post office to citizens. Fixed seed, so every solver
sees the same day.
"""

from __future__ import annotations

import argparse
import itertools
import math
import random
import sys
import time
from dataclasses import replace

from .. import planner
from ..matrix import Haversine, Point
from ..model import Job, Plan, Problem, Shipment, Task, Vehicle, Window
from ..peers import pyvrp_routes, vroom_routes

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


def _evaluate(problem: Problem, routes: list[list[str]]) -> tuple[int, float, int]:
    """Vehicles, kilometres and unserved jobs of a set of routes, from the problem's own matrix."""
    location = {t.id: t.location for t in problem.tasks()}
    metres = 0
    for route in routes:
        stops = [0, *[location[t] for t in route], 0]
        metres += sum(problem.distances[a][b] for a, b in itertools.pairwise(stops))
    served = {t for r in routes for t in r}
    unserved = sum(1 for j in problem.jobs if j.task.id not in served)
    unserved += sum(1 for s in problem.shipments if s.pickup.id not in served)
    return sum(1 for r in routes if r), metres / 1000, unserved


def _ours(problem: Problem, seconds: float) -> list[list[str]]:
    result: Plan = planner.plan(problem, seconds)
    return [[v.task_id for v in r.visits] for r in result.routes]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m routing.benchmarks.scale", description=__doc__)
    parser.add_argument("--sizes", default="100,250,500,1000,2000")
    parser.add_argument("--time-limit", type=float, default=60.0)
    parser.add_argument("--compare", default="vroom,pyvrp")
    parser.add_argument("--seed", type=int, default=45)
    args = parser.parse_args(argv)
    peers = [p for p in args.compare.split(",") if p]
    print(f"{'stops':>6} {'couriers':>8} {'solver':>6} {'vehicles':>8} {'km':>9} {'unserved':>8} {'seconds':>8}")
    for size in (int(s) for s in args.sizes.split(",")):
        couriers = max(5, min(80, size // 25))
        problem = generate_day(size, couriers, args.seed)
        for solver in ["ours", *peers]:
            began = time.monotonic()
            if solver == "ours":
                routes = _ours(problem, args.time_limit)
            elif solver == "pyvrp":
                routes = pyvrp_routes(replace(problem), args.time_limit, args.seed)
            else:
                routes = vroom_routes(problem, exploration=5, threads=2)
            seconds = time.monotonic() - began
            vehicles, km, unserved = _evaluate(problem, routes)
            print(
                f"{size:6d} {couriers:8d} {solver:>6} {vehicles:8d} {km:9.1f} {unserved:8d} {seconds:8.1f}", flush=True
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
