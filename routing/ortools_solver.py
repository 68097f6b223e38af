"""Searching the OR-Tools model: parameters, the search from an optional start, and the plan read back."""

from __future__ import annotations

import time
from dataclasses import replace

from ortools.constraint_solver import pywrapcp, routing_enums_pb2

from .diagnose import hopeless_jobs, reason_left_out
from .model import Effort, Plan, Problem, Reason, Route, Unassigned, Visit
from .ortools_model import Built, build, lock_done_stops

Solved = tuple[Built, pywrapcp.Assignment] | None
NOT_RESTORED = "the search could not start from the seed"  # a plan's note, read by the portfolio
AS_IS_MIN_S = 30.0  # scheduling a fixed seed is bounded by its one solution; these seconds only cap it


def parameters(time_limit: float, effort: Effort | None = None) -> pywrapcp.DefaultRoutingSearchParameters:
    """OR-Tools routing search is deterministic; only the time limit can make two runs differ. A search bounded by
    effort descends to a local optimum and stops there, or at a count of solutions (guided local search never
    stops on its own: on a day of locked stops it would run until the clock), the time limit only capping it."""
    params = pywrapcp.DefaultRoutingSearchParameters()
    params.first_solution_strategy = routing_enums_pb2.FirstSolutionStrategy.PARALLEL_CHEAPEST_INSERTION
    params.local_search_metaheuristic = routing_enums_pb2.LocalSearchMetaheuristic.GUIDED_LOCAL_SEARCH
    params.time_limit.FromMilliseconds(max(int(time_limit * 1000), 10))
    if effort is not None:
        params.local_search_metaheuristic = routing_enums_pb2.LocalSearchMetaheuristic.GREEDY_DESCENT
        params.solution_limit = effort.solutions
    return params


def solve(
    problem: Problem,
    time_limit: float,
    initial: list[list[str]] | None = None,
    effort: Effort | None = None,
    from_scratch: bool = True,
) -> Plan:
    """Plan within `time_limit` seconds; `initial` (task ids per vehicle) seeds the search when feasible. When the
    search cannot start from it, the seed scheduled as it is competes with a search from scratch, or, with
    `from_scratch` False (a caller with a better use for the time), is the answer at once.

    Jobs no vehicle could serve even alone are reported with their reason and kept out of the model.
    """
    began = time.monotonic()
    problem, initial, hopeless = _without_hopeless(problem, initial)
    built = build(problem)
    params = parameters(time_limit, effort)
    built.routing.CloseModelWithParameters(params)
    lock_done_stops(built)
    notes: list[str] = []
    found, as_is = None, None
    if initial is not None:
        found = _from_seed(built, initial, params)
        if found is None:
            as_is = _seed_as_is(problem, initial, max(time_limit - (time.monotonic() - began), AS_IS_MIN_S))
            notes.append(NOT_RESTORED)
    if found is None and not (as_is is not None and not from_scratch):
        remaining = max(time_limit - (time.monotonic() - began), 0.5)
        params.time_limit.FromMilliseconds(int(remaining * 1000))
        solution = built.routing.SolveWithParameters(params)
        found = None if solution is None else (built, solution)
    if as_is is not None and (found is None or as_is[1].ObjectiveValue() < found[1].ObjectiveValue()):
        found = as_is
        notes.append("the seed, scheduled in the model, was better than a search from scratch")
    if found is None:
        raise RuntimeError(f"OR-Tools found no solution (status {built.routing.status()})")
    plan = extract(found[0], found[1], time.monotonic() - began, tuple(notes))
    left_out = tuple(Unassigned(job_id, reason) for job_id, reason in hopeless.items())
    return replace(plan, unassigned=left_out + plan.unassigned)


def scheduled(problem: Problem, routes: list[list[str]], seconds: float = AS_IS_MIN_S) -> Plan | None:
    """Routes made elsewhere (VROOM's) scheduled as they are in the model with every constraint, read back as a
    plan of ours (times, breaks, loads); None when they break a constraint the model keeps."""
    began = time.monotonic()
    problem, kept, hopeless = _without_hopeless(problem, routes)
    assert kept is not None
    found = _seed_as_is(problem, kept, seconds)
    if found is None:
        return None
    plan = extract(found[0], found[1], time.monotonic() - began)
    left_out = tuple(Unassigned(job_id, reason) for job_id, reason in hopeless.items())
    return replace(plan, unassigned=left_out + plan.unassigned)


def _without_hopeless(
    problem: Problem, initial: list[list[str]] | None
) -> tuple[Problem, list[list[str]] | None, dict[str, Reason]]:
    """Jobs no vehicle could serve even alone are kept out of the model (and of a start), with their reason."""
    hopeless = {job_id: reason for job_id, reason in hopeless_jobs(problem)}
    if not hopeless:
        return problem, initial, hopeless
    problem = replace(
        problem,
        jobs=tuple(j for j in problem.jobs if j.id not in hopeless),
        shipments=tuple(s for s in problem.shipments if s.id not in hopeless),
    )
    if initial is not None:
        kept = {t.id for t in problem.tasks()}
        initial = [[t for t in route if t in kept] for route in initial]
    return problem, initial, hopeless


def _from_seed(built: Built, initial: list[list[str]], params: pywrapcp.DefaultRoutingSearchParameters) -> Solved:
    """Search from the seed. OR-Tools 9.15 often cannot restore a seed on a day with breaks and several
    couriers (it finds the seed, then returns no solution), so this may be None."""
    read = built.routing.ReadAssignmentFromRoutes([[built.index(t) for t in route] for route in initial], True)
    if read is None:
        return None
    solution = built.routing.SolveFromAssignmentWithParameters(read, params)
    return None if solution is None else (built, solution)


def _seed_as_is(problem: Problem, initial: list[list[str]], seconds: float) -> Solved:
    """The seed itself scheduled in a model of its own whose every arc is fixed to the seed's: its times,
    breaks and loads then come from the model with all constraints (None when the seed breaks one)."""
    built = build(problem)
    fixed = parameters(seconds)
    fixed.solution_limit = 1
    built.routing.CloseModelWithParameters(fixed)
    lock_done_stops(built)  # a seed that does not start with the parcels in hand then fails here
    routing, on_a_route = built.routing, set()
    for number, route in enumerate(initial):
        previous = routing.Start(number)
        for task_id in route:
            index = built.index(task_id)
            routing.NextVar(previous).SetValue(index)
            previous = index
            on_a_route.add(task_id)
        routing.NextVar(previous).SetValue(routing.End(number))
    for task in problem.tasks():
        if task.id not in on_a_route:
            routing.NextVar(built.index(task.id)).SetValue(built.index(task.id))  # left out: points to itself
    solution = routing.SolveWithParameters(fixed)
    return None if solution is None else (built, solution)


def extract(built: Built, solution: pywrapcp.Assignment, seconds: float, notes: tuple[str, ...] = ()) -> Plan:
    problem, routing, manager = built.problem, built.routing, built.manager
    routes = []
    for number, vehicle in enumerate(problem.vehicles):
        visits, distance = [], 0
        index = routing.Start(number)
        departure = solution.Min(built.time.CumulVar(index))
        start = departure
        matrix = problem.durations[vehicle.profile]
        while not routing.IsEnd(index):
            following = solution.Value(routing.NextVar(index))
            a, b = built.node_location[manager.IndexToNode(index)], built.node_location[manager.IndexToNode(following)]
            distance += problem.distances[a][b]
            if not routing.IsEnd(following):
                task = built.node_task[manager.IndexToNode(following)]
                assert task is not None
                arrival = departure + matrix[a][b]
                begin = solution.Min(built.time.CumulVar(following))
                load = tuple(
                    solution.Min(d.CumulVar(following)) + (task.load[k] if task.load else 0)
                    for k, d in enumerate(built.loads)
                )
                visits.append(
                    Visit(task.id, built.task_job[task.id], task.location, arrival, begin, begin + task.service, load)
                )
                departure = begin + task.service
            index = following
        end = solution.Min(built.time.CumulVar(index))
        routes.append(Route(vehicle.id, tuple(visits), distance, end - start if visits else 0, start, end))
    visited = {v.job_id for r in routes for v in r.visits}
    dropped = [j.id for j in problem.jobs if j.id not in visited] + [
        s.id for s in problem.shipments if s.id not in visited
    ]
    unassigned = tuple(Unassigned(job_id, reason_left_out(problem, job_id, visited)) for job_id in dropped)
    return Plan(tuple(routes), unassigned, seconds, notes)
