"""The OR-Tools model: the one model that carries every real constraint, and the one every plan comes out of.

Order of construction follows the OR-Tools samples: nodes and index manager, model, transits, dimensions,
pickups and deliveries, disjunctions, parameters. All transits are integer matrices registered on the C++ side,
so the search runs without Python callbacks.
"""

from __future__ import annotations

from dataclasses import dataclass

from ortools.constraint_solver import pywrapcp

from .model import Problem, Task, Vehicle

REQUIRED_PENALTY = 10**12  # far above any distance: a required job is dropped only when nothing can serve it
PRIORITY_STEP = 10**9


@dataclass
class Built:
    """The model and the maps between task ids and routing indices."""

    problem: Problem
    manager: pywrapcp.RoutingIndexManager
    routing: pywrapcp.RoutingModel
    node_task: list[Task | None]
    node_location: list[int]
    task_node: dict[str, int]
    task_job: dict[str, str]
    time: pywrapcp.RoutingDimension
    loads: list[pywrapcp.RoutingDimension]

    def index(self, task_id: str) -> int:
        return int(self.manager.NodeToIndex(self.task_node[task_id]))


def _nodes(problem: Problem) -> tuple[list[Task | None], list[int], list[int], list[int]]:
    """Node 0..D-1 are the depots (distinct vehicle start/end locations); then one node per task."""
    depots = sorted({v.start for v in problem.vehicles} | {v.end for v in problem.vehicles})
    depot_node = {location: i for i, location in enumerate(depots)}
    tasks = problem.tasks()
    node_task: list[Task | None] = [None] * len(depots) + list(tasks)
    node_location = depots + [t.location for t in tasks]
    starts = [depot_node[v.start] for v in problem.vehicles]
    ends = [depot_node[v.end] for v in problem.vehicles]
    return node_task, node_location, starts, ends


def build(problem: Problem) -> Built:
    node_task, node_location, starts, ends = _nodes(problem)
    manager = pywrapcp.RoutingIndexManager(len(node_task), len(problem.vehicles), starts, ends)
    routing = pywrapcp.RoutingModel(manager)
    distance = routing.RegisterTransitMatrix([[problem.distances[a][b] for b in node_location] for a in node_location])
    routing.SetArcCostEvaluatorOfAllVehicles(distance)
    for number, vehicle in enumerate(problem.vehicles):
        routing.SetFixedCostOfVehicle(vehicle.fixed_cost, number)

    service = [t.service if t else 0 for t in node_task]
    profiles = {}
    used = {v.profile for v in problem.vehicles}
    for profile, matrix in problem.durations.items():
        if profile not in used:
            continue
        rows = [[matrix[a][b] + service[i] for b in node_location] for i, a in enumerate(node_location)]
        profiles[profile] = routing.RegisterTransitMatrix(rows)
    horizon = max(v.shift.end for v in problem.vehicles)
    routing.AddDimensionWithVehicleTransits(
        [profiles[v.profile] for v in problem.vehicles], horizon, horizon, False, "Time"
    )
    time_dimension = routing.GetDimensionOrDie("Time")
    built = Built(
        problem,
        manager,
        routing,
        node_task,
        node_location,
        {t.id: n for n, t in enumerate(node_task) if t},
        {},
        time_dimension,
        [],
    )
    _windows(built, service)
    _loads(built)
    _stops(built)
    _jobs(built)
    return built


def _windows(built: Built, service: list[int]) -> None:
    routing, manager, time_dimension = built.routing, built.manager, built.time
    horizon = max(v.shift.end for v in built.problem.vehicles)
    for node, task in enumerate(built.node_task):
        if task is not None:  # jobs entirely outside every shift were taken out before the model was built
            start, end = max(task.window.start, 0), min(task.window.end, horizon)
            time_dimension.CumulVar(manager.NodeToIndex(node)).SetRange(start, end)
    solver = routing.solver()
    # A visit's duration per routing index, not per node: with several vehicles each has its own start and end
    # index, so the two numberings differ (a list per node lets breaks overlap visits, or refuse a good route).
    visit = [service[manager.IndexToNode(index)] for index in range(routing.Size())]
    for number, vehicle in enumerate(built.problem.vehicles):
        time_dimension.CumulVar(routing.Start(number)).SetRange(vehicle.shift.start, vehicle.shift.end)
        time_dimension.CumulVar(routing.End(number)).SetRange(vehicle.shift.start, vehicle.shift.end)
        routing.AddVariableMinimizedByFinalizer(time_dimension.CumulVar(routing.End(number)))
        if vehicle.breaks:
            breaks = [
                solver.FixedDurationIntervalVar(b.window.start, b.window.end, b.duration, False, f"break {number}")
                for b in vehicle.breaks
            ]
            time_dimension.SetBreakIntervalsOfVehicle(breaks, number, visit)


def _loads(built: Built) -> None:
    """Pickups add, drops subtract; the start load is free, so deliveries from the depot ride from the start."""
    problem, routing = built.problem, built.routing
    dimensions = max((len(v.capacity) for v in problem.vehicles), default=0)
    for k in range(dimensions):
        vector = [t.load[k] if t and t.load else 0 for t in built.node_task]
        callback = routing.RegisterUnaryTransitVector(vector)
        routing.AddDimensionWithVehicleCapacity(
            callback, 0, [v.capacity[k] for v in problem.vehicles], False, f"Load{k}"
        )
        built.loads.append(routing.GetDimensionOrDie(f"Load{k}"))


def _stops(built: Built) -> None:
    limits = [v.max_stops for v in built.problem.vehicles]
    if all(limit is None for limit in limits):
        return
    callback = built.routing.RegisterUnaryTransitVector([0 if t is None else 1 for t in built.node_task])
    size = len(built.node_task)
    built.routing.AddDimensionWithVehicleCapacity(callback, 0, [limit or size for limit in limits], True, "Stops")


def _allowed(vehicles: tuple[Vehicle, ...], skills: frozenset[str]) -> list[int]:
    return [n for n, v in enumerate(vehicles) if skills <= v.skills]


def _restrict(routing: pywrapcp.RoutingModel, index: int, allowed: list[int]) -> None:
    """Only vehicles with the skills (-1 keeps the job droppable). SetAllowedVehiclesForIndex's Python
    binding rejects every sequence type in OR-Tools 9.15, so the vehicle variable's domain is set instead."""
    routing.VehicleVar(index).SetValues([-1, *allowed])


def _penalty(drop_penalty: int | None, priority: int) -> int:
    return (REQUIRED_PENALTY if drop_penalty is None else drop_penalty) + priority * PRIORITY_STEP


def _jobs(built: Built) -> None:
    problem, routing = built.problem, built.routing
    solver = routing.solver()
    everyone = len(problem.vehicles)
    for job in problem.jobs:
        index = built.index(job.task.id)
        built.task_job[job.task.id] = job.id
        routing.AddDisjunction([index], _penalty(job.drop_penalty, job.priority))
        allowed = _allowed(problem.vehicles, job.skills)
        if len(allowed) < everyone:
            _restrict(routing, index, allowed)
    for shipment in problem.shipments:
        pickup, delivery = built.index(shipment.pickup.id), built.index(shipment.delivery.id)
        built.task_job[shipment.pickup.id] = built.task_job[shipment.delivery.id] = shipment.id
        routing.AddPickupAndDelivery(pickup, delivery)
        solver.Add(routing.VehicleVar(pickup) == routing.VehicleVar(delivery))
        solver.Add(built.time.CumulVar(pickup) <= built.time.CumulVar(delivery))
        solver.Add(routing.ActiveVar(pickup) == routing.ActiveVar(delivery))
        penalty = _penalty(shipment.drop_penalty, shipment.priority)
        routing.AddDisjunction([pickup], penalty // 2)
        routing.AddDisjunction([delivery], penalty - penalty // 2)
        allowed = _allowed(problem.vehicles, shipment.skills)
        if len(allowed) < everyone:
            _restrict(routing, pickup, allowed)
            _restrict(routing, delivery, allowed)


def lock_done_stops(built: Built) -> None:
    """Stops already done or under way stay first on their vehicle, in their order."""
    routing = built.routing
    for number, vehicle in enumerate(built.problem.vehicles):
        previous = routing.Start(number)
        for task_id in vehicle.locked:
            if task_id not in built.task_node:  # left out as impossible (e.g. the desk has closed)
                continue
            index = built.index(task_id)
            routing.NextVar(previous).SetValue(index)
            routing.VehicleVar(index).SetValue(number)
            previous = index
