"""A big day cut in two areas, each with its share of the couriers, solved on the two cores and joined.

The couriers are dealt to the areas so that each gets its share of every kind (those who may carry cash and
those who may not, those with envelopes in hand), and an envelope in a courier's hands goes with that courier.
Breaks and stop limits are the couriers' own, so they go with them.
"""

from __future__ import annotations

import multiprocessing
import time
from collections.abc import Callable
from dataclasses import replace
from multiprocessing.connection import Connection

from . import ortools_solver
from .model import Effort, Plan, Problem, Vehicle


def _home(problem: Problem, location_uses: dict[int, int], *locations: int) -> int:
    """The citizen's end of a visit: agencies are shared by many stops, homes are not."""
    return min(locations, key=lambda location: location_uses[location])


def _halves(problem: Problem) -> tuple[set[str], set[str]]:
    """Two areas without coordinates: take two stops far apart, order every job by how much nearer it is to
    the first than to the second, and cut the order in the middle. A shipment goes with its citizen's end."""
    uses: dict[int, int] = {}
    for task in problem.tasks():
        uses[task.location] = uses.get(task.location, 0) + 1
    units = [(j.id, j.task.location) for j in problem.jobs]
    units += [(s.id, _home(problem, uses, s.pickup.location, s.delivery.location)) for s in problem.shipments]
    d = problem.distances
    depot = problem.vehicles[0].start
    first = max((loc for _, loc in units), key=lambda loc: d[depot][loc])
    second = max((loc for _, loc in units), key=lambda loc: d[first][loc])
    units.sort(key=lambda unit: (d[first][unit[1]] - d[second][unit[1]], unit[0]))
    half = len(units) // 2
    return {u for u, _ in units[:half]}, {u for u, _ in units[half:]}


def _dealt(problem: Problem, share: float) -> tuple[tuple[Vehicle, ...], tuple[Vehicle, ...]]:
    """The couriers of each kind dealt to the first area in proportion to its work, the rest to the second."""
    kinds: dict[tuple[object, ...], list[Vehicle]] = {}
    for v in problem.vehicles:
        kinds.setdefault((tuple(sorted(v.skills)), bool(v.locked), bool(v.breaks), v.max_stops), []).append(v)
    first: list[Vehicle] = []
    owed = 0.0
    for members in kinds.values():
        owed += len(members) * share
        take = min(len(members), round(owed))
        owed -= take
        first += members[:take]
    if not first or len(first) == len(problem.vehicles):
        first = list(problem.vehicles[: max(1, min(len(problem.vehicles) - 1, round(len(problem.vehicles) * share)))])
    chosen = {v.id for v in first}
    return tuple(first), tuple(v for v in problem.vehicles if v.id not in chosen)


def _with_their_couriers(problem: Problem, first: set[str], couriers: tuple[Vehicle, ...]) -> set[str]:
    """Move each job in a courier's hands to that courier's area."""
    in_hand = {t for v in couriers for t in v.locked}
    elsewhere = {t for v in problem.vehicles if v not in couriers for t in v.locked}
    for job in problem.jobs:
        if job.task.id in in_hand:
            first.add(job.id)
        elif job.task.id in elsewhere:
            first.discard(job.id)
    for s in problem.shipments:
        if {s.pickup.id, s.delivery.id} & in_hand:
            first.add(s.id)
        elif {s.pickup.id, s.delivery.id} & elsewhere:
            first.discard(s.id)
    return first


def _part(problem: Problem, ids: set[str], vehicles: tuple[Vehicle, ...]) -> Problem:
    return replace(
        problem,
        vehicles=vehicles,
        jobs=tuple(j for j in problem.jobs if j.id in ids),
        shipments=tuple(s for s in problem.shipments if s.id in ids),
    )


PartSolver = Callable[[Problem, float, Effort | None, bool], Plan]


def _alone(problem: Problem, seconds: float, effort: Effort | None, fork: bool) -> Plan:
    return ortools_solver.solve(problem, seconds, effort=effort)


def _solve_part(
    problem: Problem, seconds: float, effort: Effort | None, solver: PartSolver, answer: Connection
) -> None:
    try:
        answer.send(solver(problem, seconds, effort, False))
    except Exception as error:
        answer.send(error)
    finally:
        answer.close()


def split_plan(
    problem: Problem,
    time_limit: float,
    processes: int = 2,
    effort: Effort | None = None,
    solver: PartSolver = _alone,
) -> Plan:
    """Solve the two areas, each with its share of the couriers, and join the plans: at once on two cores, or
    one after the other in half the time each when the plan has one core. `solver(part, seconds, effort, fork)`
    plans one area (OR-Tools alone by default)."""
    began = time.monotonic()
    first_ids, second_ids = _halves(problem)
    share = len(first_ids) / max(len(first_ids) + len(second_ids), 1)
    mine_couriers, their_couriers = _dealt(problem, share)
    first_ids = _with_their_couriers(problem, first_ids, mine_couriers)
    every = {j.id for j in problem.jobs} | {s.id for s in problem.shipments}
    second_ids = every - first_ids
    first = _part(problem, first_ids, mine_couriers)
    second = _part(problem, second_ids, their_couriers)
    if processes < 2:
        mine = solver(first, time_limit * 0.475, effort, False)
        theirs: Plan | Exception = solver(second, time_limit * 0.475, effort, False)
    else:
        context = multiprocessing.get_context("fork")
        receive, send = context.Pipe(duplex=False)
        args = (second, time_limit * 0.95, effort, solver, send)
        worker = context.Process(target=_solve_part, args=args, daemon=True)
        worker.start()
        send.close()
        mine = solver(first, time_limit * 0.95, effort, False)
        theirs = receive.recv()
        worker.join()
    if isinstance(theirs, Exception):
        raise theirs
    note = f"split in two areas: {len(first_ids)} and {len(second_ids)} jobs"
    by_courier = {r.vehicle_id: r for r in mine.routes + theirs.routes}
    return Plan(
        tuple(by_courier[v.id] for v in problem.vehicles),
        mine.unassigned + theirs.unassigned,
        time.monotonic() - began,
        (*mine.notes, *theirs.notes, note),
    )
