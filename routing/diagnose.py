"""Why a job was left out: checked against each vehicle alone, so the reason names the real obstacle."""

from __future__ import annotations

from .model import Problem, Reason, Task, Vehicle


def _tasks(problem: Problem, job_id: str) -> tuple[list[Task], frozenset[str]]:
    for job in problem.jobs:
        if job.id == job_id:
            return [job.task], job.skills
    for shipment in problem.shipments:
        if shipment.id == job_id:
            return [shipment.pickup, shipment.delivery], shipment.skills
    raise ValueError(f"no job {job_id}")


def _fits_load(vehicle: Vehicle, tasks: list[Task]) -> bool:
    if not vehicle.capacity:
        return True
    peak = [max(abs(t.load[k]) if t.load else 0 for t in tasks) for k in range(len(vehicle.capacity))]
    return all(p <= c for p, c in zip(peak, vehicle.capacity, strict=True))


def _overlaps_shift(vehicle: Vehicle, tasks: list[Task]) -> bool:
    return all(t.window.end >= vehicle.shift.start and t.window.start <= vehicle.shift.end for t in tasks)


def _reachable(problem: Problem, vehicle: Vehicle, tasks: list[Task]) -> bool:
    """Leave at shift start, serve the tasks in order, and be back before the shift ends."""
    matrix, clock, here = problem.durations[vehicle.profile], vehicle.shift.start, vehicle.start
    for task in tasks:
        clock = max(clock + matrix[here][task.location], task.window.start)
        if clock > task.window.end:
            return False
        clock, here = clock + task.service, task.location
    return clock + matrix[here][vehicle.end] <= vehicle.shift.end


def hopeless_jobs(problem: Problem) -> list[tuple[str, Reason]]:
    """Jobs that no single vehicle could serve, whatever else it did."""
    found: list[tuple[str, Reason]] = []
    for job_id in [j.id for j in problem.jobs] + [s.id for s in problem.shipments]:
        reason = reason_for(problem, job_id)
        if reason is not Reason.NO_ROOM:
            found.append((job_id, reason))
    return found


def reason_left_out(problem: Problem, job_id: str, served: set[str]) -> Reason:
    """Why a job the search dropped was left out: when it fitted alone but not with the rest, whether more
    urgent work was served in its place (the dispatcher then knows the day was triaged, not mis-planned)."""
    reason = reason_for(problem, job_id)
    if reason is not Reason.NO_ROOM:
        return reason
    priority = {j.id: j.priority for j in problem.jobs} | {s.id: s.priority for s in problem.shipments}
    if any(priority[other] > priority[job_id] for other in served):
        return Reason.LESS_URGENT
    return reason


def reason_for(problem: Problem, job_id: str) -> Reason:
    tasks, skills = _tasks(problem, job_id)
    candidates = [v for v in problem.vehicles if skills <= v.skills]
    if not candidates:
        return Reason.MISSING_SKILL
    candidates = [v for v in candidates if _fits_load(v, tasks)]
    if not candidates:
        return Reason.CAPACITY
    candidates = [v for v in candidates if _overlaps_shift(v, tasks)]
    if not candidates:
        return Reason.OUTSIDE_EVERY_SHIFT
    if not any(_reachable(problem, v, tasks) for v in candidates):
        return Reason.NO_WINDOW_REACHABLE
    return Reason.NO_ROOM
