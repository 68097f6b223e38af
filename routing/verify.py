"""An independent check of routes against a problem: every constraint a real day has, recomputed from the
matrices alone, so that a benchmark compares solvers on plans a courier could actually drive.

Breaks follow the courier's rule, not a solver's: lunch may be taken on the way between two stops (or while
waiting for a window), never during a visit; it is put off while a later gap can still hold it, since taking it
later never makes a stop later, and taken at the office when the round ends before the lunch window.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

from .model import Break, Problem, Task, Vehicle


@dataclass(frozen=True)
class Check:
    vehicles: int
    metres: int
    unserved: int
    violations: tuple[str, ...]


def _load_fits(vehicle: Vehicle, tasks: list[Task]) -> bool:
    """The start load is free (what rides from the office), so a load fits when its swing fits."""
    for k, capacity in enumerate(vehicle.capacity):
        level = [0, *itertools.accumulate(t.load[k] if t.load else 0 for t in tasks)]
        if max(level) - min(level) > capacity:
            return False
    return True


def _timing(problem: Problem, vehicle: Vehicle, tasks: list[Task]) -> str | None:
    """None when the route can be driven in its windows with its breaks inside the shift, else what breaks."""
    matrix = problem.durations[vehicle.profile]
    pending: list[Break] = sorted(vehicle.breaks, key=lambda b: b.window.end)
    clock, here = vehicle.shift.start, vehicle.start
    stops = [(t.location, t.window.start, t.window.end, t.service, t.id) for t in tasks]
    stops.append((vehicle.end, vehicle.shift.start, vehicle.shift.end, 0, "the end of the shift"))
    for number, (location, opens, closes, service, name) in enumerate(stops):
        arrival = clock + matrix[here][location]
        begin = max(arrival, opens)
        last_leg = number == len(stops) - 1
        for lunch in list(pending):
            earliest = max(clock, lunch.window.start)
            with_lunch = max(begin, arrival + lunch.duration, earliest + lunch.duration)
            free = with_lunch == begin
            last_chance = last_leg or begin + service > lunch.window.end
            if earliest <= lunch.window.end and (free or last_chance):
                begin = with_lunch
                pending.remove(lunch)
        if begin > closes:
            return f"{name} starts at {begin}, after its window closes at {closes}"
        clock, here = begin + service, location
    if pending:
        return "a break cannot be taken inside its window"
    return None


def check(problem: Problem, routes: list[list[str]]) -> Check:
    """Routes as task ids per vehicle, in the problem's vehicle order."""
    task_of = {t.id: t for t in problem.tasks()}
    violations: list[str] = []
    seen: dict[str, int] = {}
    metres = 0
    for number, (vehicle, route) in enumerate(zip(problem.vehicles, routes, strict=True)):
        unknown = [t for t in route if t not in task_of]
        if unknown:
            violations.append(f"{vehicle.id}: unknown tasks {unknown}")
            continue
        tasks = [task_of[t] for t in route]
        for position, task in enumerate(tasks):
            if task.id in seen:
                violations.append(f"{task.id} is visited twice")
            seen[task.id] = number * 100_000 + position
        path = [vehicle.start, *[t.location for t in tasks], vehicle.end] if tasks else []
        metres += sum(problem.distances[a][b] for a, b in itertools.pairwise(path))
        if not tasks:
            continue
        if vehicle.max_stops is not None and len(tasks) > vehicle.max_stops:
            violations.append(f"{vehicle.id}: {len(tasks)} stops, more than {vehicle.max_stops}")
        if not _load_fits(vehicle, tasks):
            violations.append(f"{vehicle.id}: the load exceeds the capacity")
        locked = [t for t in vehicle.locked if t in task_of]
        if route[: len(locked)] != locked:
            violations.append(f"{vehicle.id}: the parcels in hand are not its first stops")
        timing = _timing(problem, vehicle, tasks)
        if timing:
            violations.append(f"{vehicle.id}: {timing}")
    for vehicle in problem.vehicles:
        for task_id in vehicle.locked:
            if task_id in task_of and seen.get(task_id, -1) // 100_000 != problem.vehicles.index(vehicle):
                violations.append(f"{task_id} is in {vehicle.id}'s hands but not on its route")
    unserved = 0
    for job in problem.jobs:
        if job.task.id not in seen:
            unserved += 1
        elif not job.skills <= problem.vehicles[seen[job.task.id] // 100_000].skills:
            violations.append(f"{job.id} is served without the skills it needs")
    for shipment in problem.shipments:
        pickup, delivery = seen.get(shipment.pickup.id), seen.get(shipment.delivery.id)
        if pickup is None and delivery is None:
            unserved += 1
        elif pickup is None or delivery is None or pickup // 100_000 != delivery // 100_000 or pickup > delivery:
            violations.append(f"{shipment.id}: pickup and delivery are not on one route in order")
        elif not shipment.skills <= problem.vehicles[pickup // 100_000].skills:
            violations.append(f"{shipment.id} is served without the skills it needs")
    return Check(sum(1 for r in routes if r), metres, unserved, tuple(violations))


def score(problem: Problem, routes: list[list[str]]) -> tuple[int, int, int] | None:
    """How plans are compared, whoever made them: everything served first, then fewer couriers, then less
    distance (lower is better); None when a constraint is broken."""
    found = check(problem, routes)
    return None if found.violations else (found.unserved, found.vehicles, found.metres)
