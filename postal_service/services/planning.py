"""Plan a post office's day with the routing library and publish the routes to the couriers' phones."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from time import monotonic

from sqlmodel import col, select

from postal_service import metrics
from postal_service.context import Context
from postal_service.db.repository import lock_post_office
from postal_service.db.tables import Parcel, PlanRun, PostOffice, RouteStop, User
from postal_service.domain.access import Capability, may_plan_for, require
from postal_service.domain.errors import Forbidden
from postal_service.domain.roles import user_principal
from postal_service.domain.route_stops import PENDING
from postal_service.domain.timeslots import LOCAL_TZ
from postal_service.queries.routes import current_run
from routing import planner
from routing.model import Plan, Reason, Task

from .custody import append_event
from .planning_inputs import Inputs, collect, digest
from .planning_problem import DISPATCHER, budget, problem_of

__all__ = ["budget", "collect", "digest", "move_open_stops", "plan_office_day", "problem_of", "require_planner"]


def require_planner(ctx: Context, office: PostOffice) -> None:
    require(ctx.actor, Capability.PLAN_ROUTES)
    if not may_plan_for(ctx.actor, office.id):
        raise Forbidden("a dispatcher plans only for their own post office")


def plan_office_day(
    ctx: Context, office: PostOffice, day: date, trigger: str = DISPATCHER, run: PlanRun | None = None
) -> PlanRun:
    """Solve, then publish: route stops in order, couriers assigned, done stops of the last plan kept first.

    `run` is a plan a dispatcher asked for (plan_requests.py), which a worker now carries out."""
    require_planner(ctx, office)
    began = monotonic()
    inputs = collect(ctx, office, day)
    run = run or PlanRun(post_office_id=office.id or 0, day=day, trigger=trigger, unassigned=[])
    run.started_at, run.inputs_digest, run.status = ctx.now, digest(inputs), "running"
    unlocated = [{"tracking_number": t, "reason": Reason.NO_LOCATION.value} for t in inputs.unlocated]
    if not inputs.couriers or not (inputs.jobs or inputs.shipments):
        run.status, run.finished_at, run.note = "done", ctx.now, "nothing to plan" if inputs.couriers else "no courier"
        run.unassigned = unlocated
        ctx.session.add(run)
        ctx.session.flush()
        metrics.PLANS.labels(run.trigger, "nothing").inc()
        return run
    problem = problem_of(ctx, inputs)
    seconds, effort = budget(ctx.settings, problem, run.trigger)
    result = planner.plan(problem, seconds, processes=ctx.settings.planning_processes, effort=effort)
    lock_post_office(ctx.session, office.id)  # planners of one office publish one at a time (briefly)
    previous = current_run(ctx, office.id, day)
    if previous is not None and previous.inputs_digest == run.inputs_digest:
        metrics.PLANS.labels(run.trigger, "unchanged").inc()
        return _unchanged(ctx, run, previous, _clock_since(ctx, began))
    ctx.session.add(run)
    ctx.session.flush()
    _publish(ctx, inputs, run, result, previous)
    run.status, run.finished_at = "done", _clock_since(ctx, began)
    run.vehicles, run.distance_m, run.seconds = len(result.used), result.distance, round(result.seconds, 2)
    run.unassigned = unlocated + [{"tracking_number": u.job_id, "reason": u.reason.value} for u in result.unassigned]
    ctx.session.add(run)
    ctx.session.flush()
    _count(run, monotonic() - began)
    return run


def _count(run: PlanRun, seconds: float) -> None:
    metrics.PLANS.labels(run.trigger, "done").inc()
    metrics.PLAN_SECONDS.labels(run.trigger).observe(seconds)
    for stop in run.unassigned:
        metrics.UNASSIGNED_STOPS.labels(stop["reason"]).inc()


def _clock_since(ctx: Context, began: float) -> datetime:
    """The unit's clock moved on by the time spent since `began`: a plan's finished_at is when it was published."""
    return ctx.now + timedelta(seconds=monotonic() - began)


def _unchanged(ctx: Context, run: PlanRun, previous: PlanRun, finished_at: datetime) -> PlanRun:
    """Another planner published a plan of the same inputs meanwhile (a redelivered task, the scheduler and a
    dispatcher at once): its routes stay, and this plan says so instead of publishing them twice."""
    run.status, run.finished_at, run.note = "unchanged", finished_at, f"the same inputs as plan {previous.id}"
    ctx.session.add(run)
    ctx.session.flush()
    return run


def _publish(ctx: Context, inputs: Inputs, run: PlanRun, result: Plan, previous: PlanRun | None) -> None:
    day_start = datetime.combine(inputs.day, time(0), LOCAL_TZ)
    done = _done_stops(ctx, previous)
    windows = {t.id: t.window for t in _all_tasks(inputs)}
    principals = {c.id: user_principal(c.username) for c in inputs.couriers}  # as every custody event names them
    for route in result.routes:
        courier_id = int(route.vehicle_id)
        position = 0
        for stop in done.get(courier_id, []):
            ctx.session.add(
                RouteStop(
                    plan_run_id=run.id or 0,
                    courier_id=courier_id,
                    position=position,
                    parcel_id=stop.parcel_id,
                    kind=stop.kind,
                    latitude=stop.latitude,
                    longitude=stop.longitude,
                    eta=stop.eta,
                    window_start=stop.window_start,
                    window_end=stop.window_end,
                    done=True,
                )
            )
            position += 1
        for visit in route.visits:
            parcel, kind = inputs.tasks[visit.task_id]
            point = inputs.points[visit.location]
            window = windows[visit.task_id]
            ctx.session.add(
                RouteStop(
                    plan_run_id=run.id or 0,
                    courier_id=courier_id,
                    position=position,
                    parcel_id=parcel.id or 0,
                    kind=kind,
                    latitude=point.latitude,
                    longitude=point.longitude,
                    eta=day_start + timedelta(seconds=visit.start),
                    window_start=day_start + timedelta(seconds=window.start),
                    window_end=day_start + timedelta(seconds=window.end),
                )
            )
            position += 1
            if parcel.courier_id != courier_id and parcel.holder != "courier":
                parcel.courier_id = courier_id
                append_event(
                    ctx,
                    parcel,
                    "assign_courier",
                    parcel.status,
                    {"courier": principals[courier_id], "plan_run": run.id},
                )


def _all_tasks(inputs: Inputs) -> list[Task]:
    return [j.task for j in inputs.jobs] + [t for s in inputs.shipments for t in (s.pickup, s.delivery)]


def _done_stops(ctx: Context, previous: PlanRun | None) -> dict[int, list[RouteStop]]:
    """Stops of the last plan whose parcel has moved past them: they stay, first and in order."""
    if previous is None:
        return {}
    stops = ctx.session.exec(
        select(RouteStop)
        .where(RouteStop.plan_run_id == previous.id)
        .order_by(col(RouteStop.courier_id), col(RouteStop.position))
    ).all()
    kept: dict[int, list[RouteStop]] = {}
    for stop in stops:
        parcel = ctx.session.get(Parcel, stop.parcel_id)
        if stop.done or (parcel is not None and parcel.status not in PENDING[stop.kind]):
            kept.setdefault(stop.courier_id, []).append(stop)
    return kept


def move_open_stops(ctx: Context, parcel: Parcel, courier_id: int) -> None:
    """A dispatcher's manual move: the parcel's open stops in today's plan go to the end of the other route."""
    user = ctx.session.get(User, courier_id)
    run = current_run(ctx, user.post_office_id if user else None, ctx.today)
    if run is None:
        return
    stops = ctx.session.exec(
        select(RouteStop).where(
            RouteStop.plan_run_id == run.id, RouteStop.parcel_id == parcel.id, col(RouteStop.done).is_(False)
        )
    ).all()
    last = ctx.session.exec(
        select(RouteStop.position)
        .where(RouteStop.plan_run_id == run.id, RouteStop.courier_id == courier_id)
        .order_by(col(RouteStop.position).desc())
    ).first()
    position = -1 if last is None else last
    for stop in sorted(stops, key=lambda s: s.position):
        position += 1
        stop.courier_id, stop.position = courier_id, position
        ctx.session.add(stop)
