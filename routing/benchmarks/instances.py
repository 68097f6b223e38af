"""Readers for the public benchmark formats (Li & Lim PDPTW, Solomon VRPTW) and an exact float checker.

The solvers see integers: distances are Euclidean × SCALE rounded, travel times Euclidean × SCALE rounded up,
so a schedule that is feasible in the integer model is feasible in the real (float) instance too.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path

from ..model import Job, Problem, Shipment, Task, Vehicle, Window

SCALE = 1000
VEHICLE_COST = 10**9  # far above any total distance: fewer vehicles first, then distance


@dataclass(frozen=True)
class Node:
    id: int
    x: float
    y: float
    demand: int
    early: int
    late: int
    service: int
    pickup_of: int  # for a delivery: its pickup node
    delivery_of: int  # for a pickup: its delivery node


@dataclass(frozen=True)
class Instance:
    name: str
    vehicles: int
    capacity: int
    nodes: tuple[Node, ...]
    paired: bool

    def euclid(self, a: int, b: int) -> float:
        na, nb = self.nodes[a], self.nodes[b]
        return math.hypot(na.x - nb.x, na.y - nb.y)


def read_li_lim(path: Path) -> Instance:
    lines = [line.split() for line in path.read_text().splitlines() if line.strip()]
    vehicles, capacity = int(lines[0][0]), int(lines[0][1])
    nodes = tuple(
        Node(int(f[0]), float(f[1]), float(f[2]), int(f[3]), int(f[4]), int(f[5]), int(f[6]), int(f[7]), int(f[8]))
        for f in lines[1:]
    )
    return Instance(path.stem, vehicles, capacity, nodes, paired=True)


def read_solomon(path: Path) -> Instance:
    lines = [line.split() for line in path.read_text().splitlines() if line.strip()]
    vehicle_row = next(i for i, f in enumerate(lines) if f and f[0].upper() == "NUMBER") + 1
    vehicles, capacity = int(lines[vehicle_row][0]), int(lines[vehicle_row][1])
    rows = [f for f in lines[vehicle_row + 1 :] if len(f) == 7 and all(_number(x) for x in f)]
    nodes = tuple(
        Node(
            int(f[0]),
            float(f[1]),
            float(f[2]),
            int(float(f[3])),
            int(float(f[4])),
            int(float(f[5])),
            int(float(f[6])),
            0,
            0,
        )
        for f in rows
    )
    return Instance(path.stem, vehicles, capacity, nodes, paired=False)


def _number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def to_problem(instance: Instance) -> Problem:
    size = len(instance.nodes)
    distances = [[round(instance.euclid(a, b) * SCALE) for b in range(size)] for a in range(size)]
    durations = [[math.ceil(instance.euclid(a, b) * SCALE - 1e-9) for b in range(size)] for a in range(size)]
    depot = instance.nodes[0]
    vehicles = tuple(
        Vehicle(
            f"v{n + 1}",
            0,
            0,
            Window(depot.early * SCALE, depot.late * SCALE),
            (instance.capacity,),
            profile="euclid",
            fixed_cost=VEHICLE_COST,
        )
        for n in range(instance.vehicles)
    )

    def task(node: Node, load: int) -> Task:
        return Task(str(node.id), node.id, Window(node.early * SCALE, node.late * SCALE), node.service * SCALE, (load,))

    if instance.paired:
        shipments = tuple(
            Shipment(str(n.id), task(n, n.demand), task(instance.nodes[n.delivery_of], -n.demand))
            for n in instance.nodes[1:]
            if n.demand > 0
        )
        return Problem(distances, {"euclid": durations}, vehicles, shipments=shipments)
    jobs = tuple(Job(str(n.id), task(n, -n.demand)) for n in instance.nodes[1:])
    return Problem(distances, {"euclid": durations}, vehicles, jobs=jobs)


def check(instance: Instance, routes: list[list[int]]) -> list[str]:
    """Every rule of the instance, recomputed in floats from the node ids alone."""
    problems: list[str] = []
    seen: dict[int, tuple[int, int]] = {}
    depot = instance.nodes[0]
    for number, route in enumerate(routes):
        clock, here, load = float(depot.early), 0, 0  # Solomon demands add up like pickups: same capacity test
        for position, node_id in enumerate(route):
            node = instance.nodes[node_id]
            clock = max(clock + instance.euclid(here, node_id), node.early)
            if clock > node.late + 1e-6:
                problems.append(f"route {number + 1}: node {node_id} served at {clock:.3f} after {node.late}")
            load += node.demand
            if load > instance.capacity or load < 0:
                problems.append(f"route {number + 1}: load {load} at node {node_id}")
            if node_id in seen:
                problems.append(f"node {node_id} visited twice")
            seen[node_id] = (number, position)
            clock, here = clock + node.service, node_id
        if clock + instance.euclid(here, 0) > depot.late + 1e-6:
            problems.append(f"route {number + 1}: back at the depot after {depot.late}")
    missing = {n.id for n in instance.nodes[1:]} - set(seen)
    if missing:
        problems.append(f"{len(missing)} nodes not visited")
    if instance.paired:
        for node in instance.nodes[1:]:
            if node.demand > 0 and node.id in seen and node.delivery_of in seen:
                (r1, p1), (r2, p2) = seen[node.id], seen[node.delivery_of]
                if r1 != r2 or p1 > p2:
                    problems.append(f"pickup {node.id} and delivery {node.delivery_of} are not on one route in order")
    return problems


def route_distance(instance: Instance, routes: list[list[int]]) -> float:
    return sum(instance.euclid(a, b) for route in routes for a, b in zip([0, *route], [*route, 0], strict=True))


def read_bks(directory: Path) -> dict[str, tuple[int, float]]:
    table = directory / "bks.csv"
    if not table.exists():
        return {}
    rows = [line.split(",") for line in table.read_text().splitlines()[1:] if line.strip()]
    return {r[0].lower(): (int(r[1]), float(r[2])) for r in rows}
