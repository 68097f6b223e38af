"""Searching the OR-Tools model: parameters, the search from an optional start, and the plan read back."""

from __future__ import annotations

import time
from dataclasses import replace

from ortools.constraint_solver import pywrapcp, routing_enums_pb2

from .diagnose import hopeless_jobs, reason_for
from .model import Effort, Plan, Problem, Route, Unassigned, Visit
from .ortools_model import Built, build, lock_done_stops


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
    problem: Problem, time_limit: float, initial: list[list[str]] | None = None, effort: Effort | None = None
) -> Plan:
    """Plan within `time_limit` seconds; `initial` (task ids per vehicle) seeds the search when feasible.

    Jobs no vehicle could serve even alone are reported with their reason and kept out of the model.
    """
    began = time.monotonic()
    hopeless = {job_id: reason for job_id, reason in hopeless_jobs(problem)}
    if hopeless:
        problem = replace(
            problem,
            jobs=tuple(j for j in problem.jobs if j.id not in hopeless),
            shipments=tuple(s for s in problem.shipments if s.id not in hopeless),
        )
        if initial is not None:
            kept = {t.id for t in problem.tasks()}
            initial = [[t for t in route if t in kept] for route in initial]
    built = build(problem)
    params = parameters(time_limit, effort)
    built.routing.CloseModelWithParameters(params)
    lock_done_stops(built)
    notes: list[str] = []
    solution = None
    if initial is not None:
        routes = [[built.index(t) for t in route] for route in initial]
        seed_assignment = built.routing.ReadAssignmentFromRoutes(routes, True)
        if seed_assignment is None:
            notes.append("the seed routes break a constraint of the model; searched from scratch")
        else:
            solution = built.routing.SolveFromAssignmentWithParameters(seed_assignment, params)
    if solution is None:
        solution = built.routing.SolveWithParameters(params)
    if solution is None:
        raise RuntimeError(f"OR-Tools found no solution (status {built.routing.status()})")
    plan = extract(built, solution, time.monotonic() - began, tuple(notes))
    left_out = tuple(Unassigned(job_id, reason) for job_id, reason in hopeless.items())
    return replace(plan, unassigned=left_out + plan.unassigned)


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
    unassigned = tuple(Unassigned(job_id, reason_for(problem, job_id)) for job_id in dropped)
    return Plan(tuple(routes), unassigned, seconds, notes)
