"""A big day cut in two areas, each with its share of the couriers, solved on the two cores and joined."""

from __future__ import annotations

import multiprocessing
import time
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


def _part(problem: Problem, ids: set[str], vehicles: tuple[Vehicle, ...]) -> Problem:
    return replace(
        problem,
        vehicles=vehicles,
        jobs=tuple(j for j in problem.jobs if j.id in ids),
        shipments=tuple(s for s in problem.shipments if s.id in ids),
    )


def _solve_part(problem: Problem, seconds: float, effort: Effort | None, answer: Connection) -> None:
    try:
        answer.send(ortools_solver.solve(problem, seconds, effort=effort))
    except Exception as error:
        answer.send(error)
    finally:
        answer.close()


def split_plan(problem: Problem, time_limit: float, processes: int = 2, effort: Effort | None = None) -> Plan:
    """Solve the two areas, each with its share of the couriers, and join the plans: at once on two cores, or
    one after the other in half the time each when the plan has one core."""
    began = time.monotonic()
    first_ids, second_ids = _halves(problem)
    cut = max(
        1,
        min(
            len(problem.vehicles) - 1,
            round(len(problem.vehicles) * len(first_ids) / max(len(first_ids) + len(second_ids), 1)),
        ),
    )
    first = _part(problem, first_ids, problem.vehicles[:cut])
    second = _part(problem, second_ids, problem.vehicles[cut:])
    if processes < 2:
        mine = ortools_solver.solve(first, time_limit * 0.475, effort=effort)
        theirs: Plan | Exception = ortools_solver.solve(second, time_limit * 0.475, effort=effort)
    else:
        context = multiprocessing.get_context("fork")
        receive, send = context.Pipe(duplex=False)
        worker = context.Process(target=_solve_part, args=(second, time_limit * 0.95, effort, send), daemon=True)
        worker.start()
        send.close()
        mine = ortools_solver.solve(first, time_limit * 0.95, effort=effort)
        theirs = receive.recv()
        worker.join()
    if isinstance(theirs, Exception):
        raise theirs
    note = f"split in two areas: {len(first_ids)} and {len(second_ids)} jobs"
    return Plan(
        mine.routes + theirs.routes,
        mine.unassigned + theirs.unassigned,
        time.monotonic() - began,
        (*mine.notes, *theirs.notes, note),
    )
