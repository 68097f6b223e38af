"""The open-source solvers people would pick instead, run on the very same integer data.

PyVRP seeds our planner on plain days; VROOM (`vroom_peer`) on every other. Both answer routes as task ids per vehicle.
"""

from __future__ import annotations

from collections import defaultdict

from .model import Problem, Vehicle


def pyvrp_supports(problem: Problem) -> bool:
    """PyVRP carries windows, loads, shipments and fixed costs; not breaks, skills, stop limits or locks."""
    vehicles_plain = all(
        not v.breaks and not v.skills and v.max_stops is None and not v.locked for v in problem.vehicles
    )
    jobs_plain = all(not j.skills for j in problem.jobs) and all(not s.skills for s in problem.shipments)
    return vehicles_plain and jobs_plain and len({v.profile for v in problem.vehicles}) == 1


def _vehicle_key(v: Vehicle) -> tuple[object, ...]:
    return (v.start, v.end, v.shift, v.capacity, v.fixed_cost, v.profile)


def pyvrp_routes(problem: Problem, seconds: float, seed: int = 0, iterations: int | None = None) -> list[list[str]]:
    import warnings

    from pyvrp import Model
    from pyvrp.exceptions import PenaltyBoundWarning
    from pyvrp.stop import MaxIterations, MaxRuntime, MultipleCriteria

    warnings.simplefilter("ignore", PenaltyBoundWarning)  # large fixed costs are how vehicles come first

    model = Model()
    used = sorted(
        {t.location for t in problem.tasks()} | {v.start for v in problem.vehicles} | {v.end for v in problem.vehicles}
    )
    location = {i: model.add_location(x=0, y=0) for i in used}
    depots = {
        i: model.add_depot(location[i])
        for i in sorted({v.start for v in problem.vehicles} | {v.end for v in problem.vehicles})
    }
    groups: dict[tuple[object, ...], list[int]] = defaultdict(list)
    for number, vehicle in enumerate(problem.vehicles):
        groups[_vehicle_key(vehicle)].append(number)
    type_members = []
    for members in groups.values():
        v = problem.vehicles[members[0]]
        model.add_vehicle_type(
            num_available=len(members),
            capacity=list(v.capacity),
            start_depot=depots[v.start],
            end_depot=depots[v.end],
            fixed_cost=v.fixed_cost,
            tw_early=v.shift.start,
            tw_late=v.shift.end,
        )
        type_members.append(members)
    clients: list[str] = []
    for job in problem.jobs:
        task = job.task
        load = list(task.load)
        model.add_client(
            location[task.location],
            delivery=[-x if x < 0 else 0 for x in load],
            pickup=[x if x > 0 else 0 for x in load],
            service_duration=task.service,
            tw_early=task.window.start,
            tw_late=task.window.end,
            required=job.drop_penalty is None,
            prize=job.drop_penalty or 0,
        )
        clients.append(task.id)
    shipments: list[tuple[str, str]] = []
    for s in problem.shipments:
        model.add_shipment(
            location[s.pickup.location],
            location[s.delivery.location],
            s.pickup.window.start,
            s.pickup.window.end,
            s.pickup.service,
            s.delivery.window.start,
            s.delivery.window.end,
            s.delivery.service,
            amount=list(s.pickup.load),
            required=s.drop_penalty is None,
            prize=s.drop_penalty or 0,
        )
        shipments.append((s.pickup.id, s.delivery.id))
    durations = next(iter(problem.durations.values()))
    for a in used:
        for b in used:
            model.add_edge(location[a], location[b], distance=problem.distances[a][b], duration=durations[a][b])
    stop = (
        MaxRuntime(seconds)
        if iterations is None
        else MultipleCriteria([MaxIterations(iterations), MaxRuntime(seconds)])
    )
    result = model.solve(stop=stop, seed=seed, display=False, collect_stats=False)
    routes: list[list[str]] = [[] for _ in problem.vehicles]
    free = {k: list(members) for k, members in enumerate(type_members)}
    for route in result.best.routes():
        ids = []
        for step in route.schedule():
            name = step.type.name
            if name == "CLIENT":
                ids.append(clients[step.idx])
            elif name == "PICKUP":
                ids.append(shipments[step.idx][0])
            elif name == "DELIVERY":
                ids.append(shipments[step.idx][1])
        routes[free[route.vehicle_type()].pop(0)] = ids
    return routes
