"""The planner: PyVRP's genetic search on one core seeds the OR-Tools model on the other.

Both searches run at once; the best start goes into a final OR-Tools search, and the plan always comes out of
the OR-Tools model, which alone carries breaks, skills, stop limits and locked stops. When the problem has
constraints PyVRP cannot express, OR-Tools searches alone for the whole budget.
"""

from __future__ import annotations

import multiprocessing
import time
from multiprocessing.connection import Connection

from . import ortools_solver
from .model import Plan, Problem
from .peers import pyvrp_routes, pyvrp_supports

SEARCH_SHARE = 0.8  # of the budget for the two parallel searches; the rest polishes the better one


def score(plan: Plan) -> tuple[int, int, int]:
    """Serve everything possible first, then use fewer vehicles, then drive less."""
    return (len(plan.unassigned), len(plan.used), plan.distance)


def _seed_worker(problem: Problem, seconds: float, seed: int, answer: Connection) -> None:
    try:
        answer.send(pyvrp_routes(problem, seconds, seed))
    except Exception as error:  # the planner falls back to its own search; it must hear why
        answer.send(error)
    finally:
        answer.close()


def plan(problem: Problem, time_limit: float, seed: int = 0) -> Plan:
    if time_limit < 2 or not pyvrp_supports(problem):
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
