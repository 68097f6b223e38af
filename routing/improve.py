"""Improvement by parts: a plan made better a few neighbouring routes at a time.

On a real day with breaks and more than about ten couriers OR-Tools 9.15 cannot restore a start, so it cannot
search from a good plan of the whole day; it can from a group of a few routes. Here, as in route-based large
neighbourhood search (POPMUSIC), each route in turn is taken with its nearest routes, that group's stops are
re-planned by OR-Tools from the group's own routes with the group's couriers (their breaks, skills, stop limits
and envelopes in hand kept: the sub-problem is the day's own rules restricted to them), and the group's new
routes are kept when they serve as much with fewer couriers or less distance, by the same check and score
(`routing.verify`) that chooses between whole plans.
"""

from __future__ import annotations

import itertools
import time
from collections.abc import Callable
from dataclasses import dataclass, replace

from . import ortools_solver
from .model import Effort, Job, Problem, Shipment
from .verify import score

GROUP = 4  # routes re-planned together: well under the ten or so couriers OR-Tools still restores a start for
GROUP_SECONDS = 2.0  # the search of one group, from its routes


@dataclass(frozen=True)
class Improved:
    routes: list[list[str]]
    groups_tried: int
    groups_improved: int


def _better(problem: Problem, routes: list[list[str]], than: list[list[str]]) -> bool:
    mine, other = score(problem, routes), score(problem, than)
    return mine is not None and (other is None or mine < other)


def _seconds(deadline: float, effort: Effort | None) -> float:
    """A group's search: GROUP_SECONDS within the deadline; bounded by effort, the time left only caps it (so that
    a busy machine does not cut a search short and change its answer)."""
    left = deadline - time.monotonic()
    return max(left, GROUP_SECONDS) if effort is not None else min(GROUP_SECONDS, max(left, 0.5))


def _emptied(
    problem: Problem,
    current: list[list[str]],
    index: dict[str, int],
    effort: Effort | None,
    allowed: frozenset[int],
    seconds: float,
) -> bool:
    """The smallest route's stops put on its nearest routes, its courier then free; False when they do not fit.
    A courier with envelopes in hand keeps their route."""
    where = _medoids(problem, current, index, allowed)
    free = [v for v in where if not problem.vehicles[v].locked]
    if not free or len(where) < 2:
        return False
    smallest = min(free, key=lambda v: len(current[v]))
    numbers = _group(problem, current, smallest, where)
    rest = [v for v in numbers if v != smallest]
    part = _part(problem, rest, current, carried=numbers)
    found = ortools_solver.solve(part, seconds, [current[v] for v in rest], effort, from_scratch=False)
    routes = [[visit.task_id for visit in r.visits] for r in found.routes]
    if found.unassigned or score(part, routes) is None:
        return False
    current[smallest] = []
    for v, route in zip(rest, routes, strict=True):
        current[v] = route
    return True


def _medoids(
    problem: Problem, current: list[list[str]], index: dict[str, int], allowed: frozenset[int]
) -> dict[int, int]:
    """Where each used route among `allowed` lies."""
    return {v: _medoid(problem, [index[t] for t in r]) for v, r in enumerate(current) if r and v in allowed}


def halves(problem: Problem, routes: list[list[str]]) -> tuple[frozenset[int], frozenset[int]]:
    """The couriers in two sets of about as many routes, each on its side of the day's area: the two routes
    farthest apart are the poles, and every route goes to the pole it is nearer to (relative to the other)."""
    index = {t.id: t.location for t in problem.tasks()}
    where = _medoids(problem, routes, index, frozenset(range(len(routes))))
    if len(where) < 2:
        return frozenset(range(len(routes))), frozenset()
    d = problem.distances
    a, b = max(((u, v) for u in where for v in where if u < v), key=lambda p: d[where[p[0]]][where[p[1]]])
    ranked = sorted(where, key=lambda v: d[where[v]][where[a]] - d[where[v]][where[b]])
    first = frozenset(ranked[: len(ranked) // 2])
    return first, frozenset(v for v in range(len(routes)) if v not in first)


def _medoid(problem: Problem, route: list[int]) -> int:
    """The stop of the route nearest to all its others: where the route lies, for finding its neighbours."""
    return min(route, key=lambda a: sum(problem.distances[a][b] for b in route))


def _group(problem: Problem, routes: list[list[str]], seed: int, where: dict[int, int]) -> list[int]:
    """The seed route and its nearest used routes (vehicle numbers)."""
    others = sorted((v for v in where if v != seed), key=lambda v: problem.distances[where[seed]][where[v]])
    return [seed, *others[: GROUP - 1]]


def _part(problem: Problem, numbers: list[int], routes: list[list[str]], carried: list[int] | None = None) -> Problem:
    """The day restricted to some couriers and the jobs on the routes of `carried` (by default their own routes;
    a shipment travels whole on one route)."""
    on = {task for v in (numbers if carried is None else carried) for task in routes[v]}
    jobs: tuple[Job, ...] = tuple(j for j in problem.jobs if j.task.id in on)
    shipments: tuple[Shipment, ...] = tuple(s for s in problem.shipments if s.pickup.id in on)
    return replace(problem, vehicles=tuple(problem.vehicles[v] for v in numbers), jobs=jobs, shipments=shipments)


def by_parts(
    problem: Problem,
    routes: list[list[str]],
    deadline: float,
    effort: Effort | None = None,
    offered: Callable[[], list[list[str]] | None] = lambda: None,
    among: frozenset[int] | None = None,
) -> Improved:
    """Groups tried in turn, each route the seed of one, round after round until the deadline (bounded by effort:
    one round). Before each group, `offered` may hand a plan made meanwhile (VROOM's next level): taken instead
    when it scores better than the plan improved so far. `among`: the couriers it may touch (the others' routes
    stay as they are: another process improves them at the same time)."""
    allowed = frozenset(range(len(routes))) if among is None else among
    current = [list(r) for r in routes]
    index = {t.id: t.location for t in problem.tasks()}
    tried = improved = 0
    emptying = True  # fewer couriers first: the smallest route's stops onto its neighbours, while they fit
    while emptying and (effort is not None or deadline - time.monotonic() >= GROUP_SECONDS):
        emptying = _emptied(problem, current, index, effort, allowed, _seconds(deadline, effort))
        tried, improved = tried + 1, improved + emptying
    for seed in itertools.cycle(sorted(allowed)) if effort is None else sorted(allowed):
        left = deadline - time.monotonic()
        if (effort is None and left < GROUP_SECONDS) or not any(current[v] for v in allowed):
            break
        if (other := offered()) is not None and _better(problem, other, current):
            current = [list(r) for r in other]
        if not current[seed]:
            continue  # an unused courier, or one emptied by an earlier group
        where = _medoids(problem, current, index, allowed)
        numbers = _group(problem, current, seed, where)
        part = _part(problem, numbers, current)
        before = score(part, [current[v] for v in numbers])
        tried += 1
        found = ortools_solver.solve(part, _seconds(deadline, effort), [current[v] for v in numbers], effort)
        after_routes = [[visit.task_id for visit in r.visits] for r in found.routes]
        after = score(part, after_routes)
        if after is not None and (before is None or after < before):
            for v, route in zip(numbers, after_routes, strict=True):
                current[v] = route
            improved += 1
    return Improved(current, tried, improved)
