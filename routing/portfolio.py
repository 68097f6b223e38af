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
from .improve import Improved, by_parts, halves
from .model import Effort, Plan, Problem
from .verify import score
from .vroom_peer import vroom_routes

LADDER = (2, 3, 4, 5)  # VROOM's exploration levels, cheapest first; measured: the best level differs by day
LADDER_WORTH_WAITING = 3  # by the members' end: else the ladder's core improves by parts instead
SCHEDULING_S = 1.5  # reserved at the end to schedule VROOM's best routes in the model (a 600-stop model's build)
SCHEDULING_PER_TASK_S = 0.004
HALF_LATE_S = 5.0  # the other half's answer may come this late (its last group, its pickling); then it is left
MEMBERS_SHARE = 0.5  # of the budget for the two members; the rest improves the better one by parts


def _ladder(problem: Problem, levels: tuple[int, ...], answer: Connection) -> None:
    try:
        for level in levels:
            answer.send((level, vroom_routes(problem, exploration=level, threads=1)))
    except Exception as error:  # the planner publishes the other member's plan; it must hear why
        answer.send(error)
    finally:
        answer.close()


def _routes(plan: Plan) -> list[list[str]]:
    return [[v.task_id for v in r.visits] for r in plan.routes]


def best_of(problem: Problem, time_limit: float, quick_level: int, effort: Effort | None = None) -> Plan:
    """Within `time_limit` seconds, or by effort (VROOM's whole ladder waited for, OR-Tools bounded by effort).

    The first MEMBERS_SHARE of the budget: the ladder on one core, OR-Tools from VROOM's quick start on the other
    (no longer than it takes to fail, when it cannot start from it), then the best of those improved by parts
    (routing/improve.py). For the rest of the budget, the parts go on beside the ladder, taking up a later VROOM
    answer that beats them; or, when VROOM's level LADDER_WORTH_WAITING has not come by then (a day too big for
    the budget), the ladder stops and both cores improve the day's two halves. The best verified candidate at the
    end is published."""
    began = time.monotonic()
    reserve = SCHEDULING_S + SCHEDULING_PER_TASK_S * len(problem.tasks())
    members_end = began + time_limit * MEMBERS_SHARE
    context = multiprocessing.get_context("fork")
    receive, send = context.Pipe(duplex=False)
    worker = context.Process(target=_ladder, args=(problem, LADDER, send), daemon=True)
    worker.start()
    send.close()
    try:
        start = vroom_routes(problem, exploration=quick_level, threads=1)
        # OR-Tools 9.15 often cannot restore a start with breaks beyond about ten couriers; its search of the whole
        # day from scratch then loses to VROOM, so the start as it is comes back at once and the time goes to parts
        search = max(members_end - time.monotonic(), 1.0)
        searched = ortools_solver.solve(problem, search, start, effort, from_scratch=False)
        answers = _answers(receive, None if effort else 0.0)  # those come by the end of the search
        maker, routes = _best(problem, [("OR-Tools from VROOM's start", _routes(searched)), *_named(answers)])
        later: list[tuple[int, list[list[str]]]] = []

        def offered() -> list[list[str]] | None:  # VROOM's next level, when it came meanwhile
            later.extend(_answers(receive, 0.0))
            return later[-1][1] if later else None

        deadline = began + time_limit - reserve
        parts = by_parts(problem, routes, members_end if effort is None else deadline, effort, offered)
        if effort is None and not any(level >= LADDER_WORTH_WAITING for level, _ in answers + later):
            # a big day for the budget: VROOM's better levels will not come in time; its core goes to the parts
            worker.kill()
            more = _by_parts_on_two_cores(problem, parts.routes, deadline, effort)
        else:
            more = by_parts(problem, parts.routes, deadline, effort, offered)
        parts = Improved(
            more.routes, parts.groups_tried + more.groups_tried, parts.groups_improved + more.groups_improved
        )
        candidates = [(f"{maker}, improved by parts", parts.routes), *_named(later + _answers(receive, 0.0))]
    finally:
        worker.kill()
        worker.join()
    note = f"{parts.groups_improved} of {parts.groups_tried} groups of routes improved by parts"
    return _published(problem, searched, candidates, time.monotonic() - began, note)


def _parts_of_half(
    problem: Problem, routes: list[list[str]], deadline: float, effort: Effort | None, half: frozenset[int],
    answer: Connection,
) -> None:  # fmt: skip
    try:
        answer.send(by_parts(problem, routes, deadline, effort, among=half))
    except Exception as error:  # the other half's work is still published; it must hear why
        answer.send(error)
    finally:
        answer.close()


def _by_parts_on_two_cores(
    problem: Problem, routes: list[list[str]], deadline: float, effort: Effort | None
) -> Improved:
    """The day's two halves (improve.halves) improved by parts at once, one in a forked process: their groups
    never share a route, so the two results are put together as they are."""
    mine, theirs = halves(problem, routes)
    receive, send = multiprocessing.get_context("fork").Pipe(duplex=False)
    child = multiprocessing.get_context("fork").Process(
        target=_parts_of_half, args=(problem, routes, deadline, effort, theirs, send), daemon=True
    )
    child.start()
    send.close()
    try:
        own = by_parts(problem, routes, deadline, effort, among=mine)
        wait = None if effort else max(deadline - time.monotonic(), 0.0) + HALF_LATE_S
        other = receive.recv() if receive.poll(wait) else None
    except EOFError:
        other = None
    finally:
        child.kill()
        child.join()
    if not isinstance(other, Improved):
        return own
    merged = [other.routes[v] if v in theirs else own.routes[v] for v in range(len(routes))]
    return Improved(merged, own.groups_tried + other.groups_tried, own.groups_improved + other.groups_improved)


def _named(answers: list[tuple[int, list[list[str]]]]) -> list[tuple[str, list[list[str]]]]:
    return [(f"VROOM at exploration level {level}", routes) for level, routes in answers]


def _best(problem: Problem, candidates: list[tuple[str, list[list[str]]]]) -> tuple[str, list[list[str]]]:
    """The candidate with the best score among those that keep every rule (the first when none does)."""
    scored = [(found, n) for n, (_, routes) in enumerate(candidates) if (found := score(problem, routes)) is not None]
    return candidates[min(scored)[1]] if scored else candidates[0]


def _answers(receive: Connection, deadline: float | None) -> list[tuple[int, list[list[str]]]]:
    """VROOM's answers received by the deadline (every one, when there is none; those already sent, at 0)."""
    answers: list[tuple[int, list[list[str]]]] = []
    while True:
        wait = None if deadline is None else max(deadline - time.monotonic(), 0.0)
        try:
            if not receive.poll(wait):
                return answers
            answer = receive.recv()
        except (EOFError, OSError):  # the ladder is done, or was cut off
            return answers
        if isinstance(answer, Exception):
            return answers
        answers.append(answer)


def _published(
    problem: Problem, searched: Plan, candidates: list[tuple[str, list[list[str]]]], seconds: float, note: str
) -> Plan:
    """The best verified candidate scheduled in the model with every constraint; the search's own plan when
    nothing else verifies or schedules (the model's constraints are the service's rules)."""
    maker, routes = _best(problem, [("OR-Tools from VROOM's start", _routes(searched)), *candidates])
    plan = ortools_solver.scheduled(problem, routes) if routes != _routes(searched) else searched
    if plan is None or score(problem, _routes(plan)) is None:
        plan, maker = searched, "OR-Tools from VROOM's start"
    return Plan(plan.routes, plan.unassigned, seconds, (*searched.notes, note, f"published: {maker}"))
