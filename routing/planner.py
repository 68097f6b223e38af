"""The planner: PyVRP's genetic search on one core seeds the OR-Tools model on the other.

Both searches run at once; the best start goes into a final OR-Tools search, and the plan always comes out of
the OR-Tools model, which alone carries breaks, skills, stop limits and locked stops. When the problem has
constraints PyVRP cannot express, OR-Tools searches alone for the whole budget.

`processes` is how many cores one plan may take. A lone planner takes two; a worker pool that runs one worker a
core gives each plan one, and the planner then searches with OR-Tools alone (and solves a split day's two areas
one after the other), so that plans of different offices, not the two searches of one, share the cores.
"""

from __future__ import annotations

import multiprocessing
import time
from dataclasses import replace
from multiprocessing.connection import Connection

from . import ortools_solver
from .model import Plan, Problem, Vehicle
from .peers import pyvrp_routes, pyvrp_supports, vroom_routes

SEARCH_SHARE = 0.8  # of the budget for the two parallel searches; the rest polishes the better one
# Measured on generated post-office days (README, scale report): up to 400 stops PyVRP + OR-Tools uses fewer
# couriers; from 400 VROOM's construction (level 5, level 3 above 700 where 5 needs minutes) is the better start;
# above 1,500 even level 3 overruns a minute here, so the day is cut in two areas solved on the two cores.
VROOM_ABOVE = 400
SPLIT_ABOVE = 700
VROOM_MAX_TASKS = 1500
VROOM_SHARE = 0.8  # of the budget VROOM may take before the planner falls back to splitting the day
BUILD_MARGIN = 1.5  # seconds: OR-Tools builds a 1,000-stop model before its search clock starts


def score(plan: Plan) -> tuple[int, int, int]:
    """Serve everything possible first, then use fewer vehicles, then drive less."""
    return (len(plan.unassigned), len(plan.used), plan.distance)


def _vroom_worker(problem: Problem, exploration: int, answer: Connection) -> None:
    try:
        answer.send(vroom_routes(problem, exploration=exploration, threads=2))
    except Exception as error:
        answer.send(error)
    finally:
        answer.close()


def _vroom_seeded(problem: Problem, time_limit: float, exploration: int) -> Plan | None:
    """Big plain days: VROOM's fast construction on both cores, then OR-Tools from its routes.
    None when VROOM cannot answer within its share of the budget (the caller then splits the day)."""
    began = time.monotonic()
    context = multiprocessing.get_context("fork")
    receive, send = context.Pipe(duplex=False)
    worker = context.Process(target=_vroom_worker, args=(problem, exploration, send), daemon=True)
    worker.start()
    send.close()
    if not receive.poll(time_limit * VROOM_SHARE):
        worker.kill()
        worker.join()
        return None
    answer = receive.recv()
    worker.join()
    if isinstance(answer, Exception):
        return None
    remaining = max(time_limit - (time.monotonic() - began) - BUILD_MARGIN, 1.0)
    result = ortools_solver.solve(problem, remaining, initial=answer)
    return Plan(result.routes, result.unassigned, time.monotonic() - began, (*result.notes, "seeded by VROOM"))


def _seed_worker(problem: Problem, seconds: float, seed: int, answer: Connection) -> None:
    try:
        answer.send(pyvrp_routes(problem, seconds, seed))
    except Exception as error:  # the planner falls back to its own search; it must hear why
        answer.send(error)
    finally:
        answer.close()


def plan(problem: Problem, time_limit: float, seed: int = 0, processes: int = 2) -> Plan:
    began = time.monotonic()
    size = len(problem.tasks())
    if VROOM_ABOVE < size <= VROOM_MAX_TASKS and pyvrp_supports(problem):
        seeded = _vroom_seeded(problem, time_limit, 5 if size <= SPLIT_ABOVE else 3)
        if seeded is not None:
            return seeded
        time_limit = max(time_limit - (time.monotonic() - began), 1.0)
    splittable = len(problem.vehicles) >= 2 and not any(v.locked for v in problem.vehicles)
    if size > SPLIT_ABOVE and splittable:
        return _split_plan(problem, time_limit, processes)
    if time_limit < 2 or processes < 2 or not pyvrp_supports(problem):
        return ortools_solver.solve(problem, time_limit)
    began = time.monotonic()
    search = time_limit * SEARCH_SHARE
    # A forked process starts at once with the problem already in memory. (A pool's feeder thread would wait
    # for the GIL, which the OR-Tools search holds, and PyVRP would start only after it.)
    context = multiprocessing.get_context("fork")
    receive, send = context.Pipe(duplex=False)
    worker = context.Process(target=_seed_worker, args=(problem, search, seed, send), daemon=True)
    worker.start()
    send.close()
    own = ortools_solver.solve(problem, search)
    answer = receive.recv()
    worker.join()
    seed_routes = None if isinstance(answer, Exception) else answer
    remaining = max(time_limit - (time.monotonic() - began), 0.5)
    if seed_routes is None:
        return ortools_solver.solve(problem, remaining, initial=[[v.task_id for v in r.visits] for r in own.routes])
    polished = ortools_solver.solve(problem, remaining, initial=seed_routes)
    best = min((own, polished), key=score)
    return Plan(best.routes, best.unassigned, time.monotonic() - began, best.notes)


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


def _solve_part(problem: Problem, seconds: float, answer: Connection) -> None:
    try:
        answer.send(ortools_solver.solve(problem, seconds))
    except Exception as error:
        answer.send(error)
    finally:
        answer.close()


def _split_plan(problem: Problem, time_limit: float, processes: int = 2) -> Plan:
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
        mine = ortools_solver.solve(first, time_limit * 0.475)
        theirs: Plan | Exception = ortools_solver.solve(second, time_limit * 0.475)
    else:
        context = multiprocessing.get_context("fork")
        receive, send = context.Pipe(duplex=False)
        worker = context.Process(target=_solve_part, args=(second, time_limit * 0.95, send), daemon=True)
        worker.start()
        send.close()
        mine = ortools_solver.solve(first, time_limit * 0.95)
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
