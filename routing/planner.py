"""The planner: a portfolio of starts for the one OR-Tools model every plan comes out of.

Plain days (no breaks, skills, stop limits or parcels in hand: the benchmarks): PyVRP's genetic search on one
core seeds the OR-Tools model on the other; from 400 stops VROOM's construction is the start. Real days (a
post office's, always with lunch, stop limits and the cash skill): VROOM, given every one of those constraints,
is the start, at an exploration level that leaves most of the budget to the OR-Tools search; a big real day is
cut in two areas that keep their couriers' skills, breaks and parcels in hand, each planned the same way.

`processes` is how many cores one plan may take. A lone planner takes two; a worker pool that runs one worker a
core gives each plan one, and the planner then searches with OR-Tools alone (and solves a split day's two areas
one after the other), so that plans of different offices, not the two searches of one, share the cores.
"""

from __future__ import annotations

import multiprocessing
import pickle
import subprocess
import sys
import time
from dataclasses import replace
from multiprocessing.connection import Connection

from . import ortools_solver, portfolio
from .areas import split_plan
from .model import Effort, Plan, Problem
from .peers import pyvrp_routes, pyvrp_supports
from .vroom_peer import vroom_routes

SEARCH_SHARE = 0.8  # of the budget for the two parallel searches; the rest polishes the better one
# Measured on generated post-office days (README, scale report): up to 400 stops PyVRP + OR-Tools uses fewer
# couriers; from 400 VROOM's construction (level 5, level 3 above 700 where 5 needs minutes) is the better start;
# above 1,500 even level 3 overruns a minute here, so the day is cut in two areas solved on the two cores.
VROOM_ABOVE = 400
SPLIT_ABOVE = 700
VROOM_MAX_TASKS = 1500
VROOM_SHARE = 0.8  # of the budget VROOM may take before the planner falls back to splitting the day
# Real days, measured with `scale --real` (README): VROOM's level 5 takes 12 s on 300 stops with lunch breaks,
# level 1 1.6 s for the same start once OR-Tools has searched from it; level 0 answers 600 stops in 3 s.
REAL_LEVELS = ((150, 5), (350, 1))  # up to that many stops, that level; above, level 0
BUILD_MARGIN = 1.5  # seconds: OR-Tools builds a 1,000-stop model before its search clock starts


def score(plan: Plan) -> tuple[int, int, int]:
    """Serve everything possible first, then use fewer vehicles, then drive less."""
    return (len(plan.unassigned), len(plan.used), plan.distance)


def _vroom_worker(problem: Problem, exploration: int, threads: int, answer: Connection) -> None:
    try:
        answer.send(vroom_routes(problem, exploration=exploration, threads=threads))
    except Exception as error:
        answer.send(error)
    finally:
        answer.close()


def real_day_level(size: int) -> int:
    return next((level for most, level in REAL_LEVELS if size <= most), 0)


def constrained(
    problem: Problem, time_limit: float, effort: Effort | None = None, fork: bool = True, threads: int = 2
) -> Plan:
    """A real day. With two cores, the portfolio (routing/portfolio.py): VROOM alone at rising exploration
    levels on one core, OR-Tools from VROOM's quick start on the other, the best verified plan published. With
    one (`fork` False: a day's area, already in a process of its own), VROOM's quick start seeds OR-Tools."""
    began = time.monotonic()
    level = real_day_level(len(problem.tasks()))
    if fork and threads >= 2:
        return portfolio.best_of(problem, time_limit, level, effort)
    initial = vroom_routes(problem, exploration=level, threads=1)
    return ortools_solver.solve(problem, max(time_limit - (time.monotonic() - began), 1.0), initial, effort)


def _seeded_apart(problem: Problem, time_limit: float, effort: Effort | None) -> Plan:
    """A real day in a worker pool's process: VROOM runs in a fresh interpreter (stopped at its share of the
    budget), then OR-Tools searches from its routes here; without them OR-Tools searches alone."""
    began = time.monotonic()
    request = pickle.dumps((problem, real_day_level(len(problem.tasks())), 1))
    try:
        answer = subprocess.run(
            [sys.executable, "-m", "routing.vroom_peer"],
            input=request,
            capture_output=True,
            timeout=time_limit * VROOM_SHARE,
            check=True,
        )
        initial: list[list[str]] | None = pickle.loads(answer.stdout)
    except (subprocess.SubprocessError, OSError, pickle.UnpicklingError, EOFError):
        initial = None
    remaining = max(time_limit - (time.monotonic() - began), 1.0)
    result = ortools_solver.solve(problem, remaining, initial, effort)
    return result if initial is None else replace(result, notes=(*result.notes, "seeded by VROOM in its own process"))


def _vroom_seeded(
    problem: Problem, time_limit: float, exploration: int, effort: Effort | None, threads: int = 2
) -> Plan | None:
    """Big plain days: VROOM's fast construction on both cores, then OR-Tools from its routes.
    None when VROOM cannot answer within its share of the budget (the caller then splits the day); a search
    bounded by effort waits for VROOM, whose exploration level bounds its work."""
    began = time.monotonic()
    context = multiprocessing.get_context("fork")
    receive, send = context.Pipe(duplex=False)
    worker = context.Process(target=_vroom_worker, args=(problem, exploration, threads, send), daemon=True)
    worker.start()
    send.close()
    if not receive.poll(None if effort else time_limit * VROOM_SHARE):
        worker.kill()
        worker.join()
        return None
    answer = receive.recv()
    worker.join()
    if isinstance(answer, Exception):
        return None
    remaining = max(time_limit - (time.monotonic() - began) - BUILD_MARGIN, 1.0)
    result = ortools_solver.solve(problem, remaining, initial=answer, effort=effort)
    return Plan(result.routes, result.unassigned, time.monotonic() - began, (*result.notes, "seeded by VROOM"))


def _seed_worker(problem: Problem, seconds: float, seed: int, iterations: int | None, answer: Connection) -> None:
    try:
        answer.send(pyvrp_routes(problem, seconds, seed, iterations))
    except Exception as error:  # the planner falls back to its own search; it must hear why
        answer.send(error)
    finally:
        answer.close()


def plan(problem: Problem, time_limit: float, seed: int = 0, processes: int = 2, effort: Effort | None = None) -> Plan:
    """Within `time_limit` seconds (production), or by `effort` with the seconds as a cap only (tests)."""
    began = time.monotonic()
    size = len(problem.tasks())
    in_a_pool = multiprocessing.current_process().daemon  # a worker pool's process may not start processes
    if in_a_pool:
        processes = 1
    if not pyvrp_supports(problem):
        if in_a_pool:  # VROOM's threads in a pool's forked process hung a worker once: VROOM in a fresh one
            return _seeded_apart(problem, time_limit, effort)
        if size > SPLIT_ABOVE and len(problem.vehicles) >= 2:
            return split_plan(problem, time_limit, processes, effort, constrained)
        return constrained(problem, time_limit, effort, fork=processes >= 2, threads=max(processes, 1))
    if VROOM_ABOVE < size <= VROOM_MAX_TASKS:
        seeded = _vroom_seeded(problem, time_limit, 5 if size <= SPLIT_ABOVE else 3, effort)
        if seeded is not None:
            return seeded
        time_limit = max(time_limit - (time.monotonic() - began), 1.0)
    if size > SPLIT_ABOVE and len(problem.vehicles) >= 2:
        return split_plan(problem, time_limit, processes, effort)
    if time_limit < 2 or processes < 2:
        return ortools_solver.solve(problem, time_limit, effort=effort)
    began = time.monotonic()
    search = time_limit * SEARCH_SHARE
    # A forked process starts at once with the problem already in memory. (A pool's feeder thread would wait
    # for the GIL, which the OR-Tools search holds, and PyVRP would start only after it.)
    context = multiprocessing.get_context("fork")
    receive, send = context.Pipe(duplex=False)
    iterations = effort.iterations if effort else None
    worker = context.Process(target=_seed_worker, args=(problem, search, seed, iterations, send), daemon=True)
    worker.start()
    send.close()
    own = ortools_solver.solve(problem, search, effort=effort)
    answer = receive.recv()
    worker.join()
    seed_routes = None if isinstance(answer, Exception) else answer
    remaining = max(time_limit - (time.monotonic() - began), 0.5)
    if seed_routes is None:
        own_routes = [[v.task_id for v in r.visits] for r in own.routes]
        return ortools_solver.solve(problem, remaining, initial=own_routes, effort=effort)
    polished = ortools_solver.solve(problem, remaining, initial=seed_routes, effort=effort)
    best = min((own, polished), key=score)
    return Plan(best.routes, best.unassigned, time.monotonic() - began, best.notes)
