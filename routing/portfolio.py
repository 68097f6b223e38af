"""A real day planned by two members on the two cores, and the best of their plans published.

VROOM, given every constraint of the day, answers fast but does not improve its answer with time; OR-Tools
improves a start for as long as it is given, but (9.15) often cannot restore a start on a day with breaks and
more than about ten couriers, and then searches from scratch, which on 600 stops drove a third more than VROOM.
So neither is trusted alone: one core runs VROOM at rising exploration levels (each answer sent as it comes,
the last one cut off at the budget), the other OR-Tools from VROOM's quick start. Every candidate is checked by
`routing.verify` and scored the same way (everything served first, then fewer couriers, then less distance);
the best is scheduled in the model with every constraint and published, and the plan's notes say which member
made it. The planner is then never worse than its best member.
"""

from __future__ import annotations

import multiprocessing
import time
from multiprocessing.connection import Connection

from . import ortools_solver
from .model import Effort, Plan, Problem
from .verify import check
from .vroom_peer import vroom_routes

LADDER = (2, 3, 4, 5)  # VROOM's exploration levels, cheapest first; measured: the best level differs by day
SCHEDULING_S = 1.5  # reserved at the end to schedule VROOM's best routes in the model (a 600-stop model's build)
SCHEDULING_PER_TASK_S = 0.004


def _ladder(problem: Problem, levels: tuple[int, ...], answer: Connection) -> None:
    try:
        for level in levels:
            answer.send((level, vroom_routes(problem, exploration=level, threads=1)))
    except Exception as error:  # the planner publishes the other member's plan; it must hear why
        answer.send(error)
    finally:
        answer.close()


def _score(problem: Problem, routes: list[list[str]]) -> tuple[int, int, int] | None:
    """Everything served first, then fewer couriers, then less distance; None when a constraint is broken."""
    found = check(problem, routes)
    return None if found.violations else (found.unserved, found.vehicles, found.metres)


def _routes(plan: Plan) -> list[list[str]]:
    return [[v.task_id for v in r.visits] for r in plan.routes]


def best_of(problem: Problem, time_limit: float, quick_level: int, effort: Effort | None = None) -> Plan:
    """Within `time_limit` seconds, or by effort (VROOM's whole ladder waited for, OR-Tools bounded by effort)."""
    began = time.monotonic()
    reserve = SCHEDULING_S + SCHEDULING_PER_TASK_S * len(problem.tasks())
    context = multiprocessing.get_context("fork")
    receive, send = context.Pipe(duplex=False)
    worker = context.Process(target=_ladder, args=(problem, LADDER, send), daemon=True)
    worker.start()
    send.close()
    try:
        start = vroom_routes(problem, exploration=quick_level, threads=1)
        search = max(time_limit - (time.monotonic() - began) - reserve, 1.0)
        searched = ortools_solver.solve(problem, search, start, effort)
        answers = _answers(receive, None if effort else began + time_limit - reserve)
    finally:
        worker.kill()
        worker.join()
    return _published(problem, searched, answers, time.monotonic() - began)


def _answers(receive: Connection, deadline: float | None) -> list[tuple[int, list[list[str]]]]:
    """VROOM's answers received by the deadline (every one, when there is none)."""
    answers: list[tuple[int, list[list[str]]]] = []
    while True:
        wait = None if deadline is None else max(deadline - time.monotonic(), 0.0)
        try:
            if not receive.poll(wait):
                return answers
            answer = receive.recv()
        except EOFError:  # the ladder is done
            return answers
        if isinstance(answer, Exception):
            return answers
        answers.append(answer)


def _published(problem: Problem, searched: Plan, answers: list[tuple[int, list[list[str]]]], seconds: float) -> Plan:
    """The best verified candidate: VROOM's best answer, once scheduled in the model, against the search's plan
    (kept when nothing verifies: the model's own constraints are the service's rules)."""
    own = _score(problem, _routes(searched))
    scored = [(score, level, routes) for level, routes in answers if (score := _score(problem, routes)) is not None]
    if scored:
        score, level, routes = min(scored, key=lambda s: s[0])
        if own is None or score < own:
            plan = ortools_solver.scheduled(problem, routes)
            if plan is not None and _score(problem, _routes(plan)) is not None:
                notes = (*searched.notes, f"published: VROOM at exploration level {level}")
                return Plan(plan.routes, plan.unassigned, seconds, notes)
    notes = (*searched.notes, "published: OR-Tools from VROOM's start")
    return Plan(searched.routes, searched.unassigned, seconds, notes)
