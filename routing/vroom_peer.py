"""VROOM given the whole problem: windows, loads, breaks, skills, stop limits, priorities and parcels in hand.

VROOM has no fixed first steps in its search (a vehicle's `steps` only seed it). Envelopes in a courier's hands
are delivered first, in order, so VROOM plans the rest of that courier's day: from the last of those stops, when
the courier is free again, with the room they leave; the answer puts them back in front. A locked stop of a
shipment (rare: one picked up and under way) instead gets a skill only its courier has.
"""

from __future__ import annotations

import pickle
import sys
from dataclasses import replace
from types import ModuleType

from .model import Break, Problem, Task, Vehicle, Window

MAX_PRIORITY = 100  # VROOM's own bound


class _Skills:
    """VROOM's skills are integers: one per named skill, then one per parcel in hand."""

    def __init__(self) -> None:
        self.numbers: dict[str, int] = {}

    def of(self, names: frozenset[str] | set[str]) -> set[int]:
        return {self.numbers.setdefault(name, len(self.numbers) + 1) for name in names}


def _amounts(task: Task) -> dict[str, list[int]]:
    if not task.load:
        return {}
    if any(x < 0 for x in task.load):
        return {"delivery": [-x for x in task.load]}
    return {"pickup": list(task.load)}


def _vehicle(vroom: ModuleType, number: int, v: Vehicle, skills: _Skills) -> object:
    breaks = [
        vroom.Break(k + 1, time_windows=[vroom.TimeWindow(b.window.start, b.window.end)], service=b.duration)
        for k, b in enumerate(v.breaks)
    ]
    extra = {} if v.max_stops is None else {"max_tasks": v.max_stops}
    return vroom.Vehicle(
        number + 1,
        start=v.start,
        end=v.end,
        profile=v.profile,
        capacity=list(v.capacity),
        skills=skills.of(v.skills | {f"in hand:{t}" for t in v.locked}),
        time_window=vroom.TimeWindow(v.shift.start, v.shift.end),
        breaks=breaks,
        costs=vroom.VehicleCosts(fixed=v.fixed_cost),
        **extra,
    )


def _after_hand(problem: Problem, vehicle: Vehicle, jobs: dict[str, Task]) -> Vehicle:
    """The courier once the envelopes in hand are delivered: where, from when, with what room and lunch left."""
    in_hand = [jobs[t] for t in vehicle.locked if t in jobs]
    if not in_hand or len(in_hand) < len(vehicle.locked):
        return vehicle
    matrix, clock, here = problem.durations[vehicle.profile], vehicle.shift.start, vehicle.start
    for task in in_hand:
        clock = max(clock + matrix[here][task.location], task.window.start) + task.service
        here = task.location
    carried = [sum(abs(t.load[k]) if t.load else 0 for t in in_hand) for k in range(len(vehicle.capacity))]
    breaks = tuple(
        Break(Window(max(b.window.start, clock), b.window.end), b.duration)
        for b in vehicle.breaks
        if b.window.end >= clock
    )
    return replace(
        vehicle,
        start=here,
        shift=Window(min(clock, vehicle.shift.end), vehicle.shift.end),
        capacity=tuple(max(c - n, 0) for c, n in zip(vehicle.capacity, carried, strict=True)),
        max_stops=None if vehicle.max_stops is None else max(vehicle.max_stops - len(in_hand), 0),
        breaks=breaks,
        locked=(),
    )


def _rest_of_day(problem: Problem) -> Problem:
    jobs = {j.task.id: j.task for j in problem.jobs}
    vehicles = tuple(_after_hand(problem, v, jobs) for v in problem.vehicles)
    delivered = {t for old, new in zip(problem.vehicles, vehicles, strict=True) if old is not new for t in old.locked}
    return replace(problem, vehicles=vehicles, jobs=tuple(j for j in problem.jobs if j.task.id not in delivered))


def vroom_routes(problem: Problem, exploration: int = 5, threads: int = 2) -> list[list[str]]:
    """Routes for the problem's vehicles, in order, with the envelopes in hand first."""
    routes = _vroom(_rest_of_day(problem), exploration, threads)
    known = {t.id for t in problem.tasks()}
    return [_in_hand_first(v, route, known) for v, route in zip(problem.vehicles, routes, strict=True)]


def _vroom(problem: Problem, exploration: int, threads: int) -> list[list[str]]:
    import vroom

    solver = vroom.Input()
    for profile in {v.profile for v in problem.vehicles}:
        solver.set_durations_matrix(profile, problem.durations[profile])
        solver.set_costs_matrix(profile, problem.distances)
    skills = _Skills()
    holder = {task_id: v.id for v in problem.vehicles for task_id in v.locked}
    for number, v in enumerate(problem.vehicles):
        solver.add_vehicle(_vehicle(vroom, number, v, skills))

    def needs(names: frozenset[str], *task_ids: str) -> set[int]:
        return skills.of(set(names) | {f"in hand:{t}" for t in task_ids if t in holder})

    ids: dict[int, str] = {}
    for number, job in enumerate(problem.jobs, start=1):
        t = job.task
        solver.add_job(
            vroom.Job(
                number,
                location=t.location,
                default_service=t.service,
                time_windows=[vroom.TimeWindow(t.window.start, t.window.end)],
                skills=needs(job.skills, t.id),
                priority=min(job.priority, MAX_PRIORITY),
                **_amounts(t),
            )
        )
        ids[number] = t.id
    base = len(problem.jobs) + 1
    for k, s in enumerate(problem.shipments):
        steps = [
            vroom.ShipmentStep(
                base + 2 * k + n,
                location=t.location,
                default_service=t.service,
                time_windows=[vroom.TimeWindow(t.window.start, t.window.end)],
            )
            for n, t in enumerate((s.pickup, s.delivery))
        ]
        solver.add_shipment(
            *steps,
            amount=vroom.Amount(list(s.pickup.load)),
            skills=needs(s.skills, s.pickup.id, s.delivery.id),
            priority=min(s.priority, MAX_PRIORITY),
        )
        ids[base + 2 * k], ids[base + 2 * k + 1] = s.pickup.id, s.delivery.id
    solution = solver.solve(exploration_level=exploration, nb_threads=threads)
    routes: list[list[str]] = [[] for _ in problem.vehicles]
    for vehicle_id, group in solution.routes.groupby("vehicle_id", sort=False):
        steps_ = [
            int(i) for i, kind in zip(group["id"], group["type"], strict=True) if kind in ("job", "pickup", "delivery")
        ]
        routes[int(vehicle_id) - 1] = [ids[i] for i in steps_]
    return routes


def _in_hand_first(vehicle: Vehicle, route: list[str], known: set[str]) -> list[str]:
    locked = [t for t in vehicle.locked if t in known]
    return locked + [t for t in route if t not in locked]


def main() -> None:
    """`python -m routing.vroom_peer`: a pickled (problem, exploration, threads) on stdin, the routes pickled on
    stdout. A worker pool's process, which may not fork, asks VROOM in a fresh interpreter it can stop."""
    problem, exploration, threads = pickle.load(sys.stdin.buffer)
    pickle.dump(vroom_routes(problem, exploration, threads), sys.stdout.buffer)


if __name__ == "__main__":
    main()
