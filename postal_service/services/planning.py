"""Plan a post office's day with the routing library: parcels and couriers in, published routes out.

What becomes what:
- a dossier to pick up today: a shipment citizen -> agency when the agency is open that day, else a pickup
  brought back to the post office;
- a dossier waiting at the post office: a delivery to the agency;
- a result ready at the agency: a shipment agency -> citizen;
- a result at the post office (or due for another attempt): a delivery to the citizen;
- an envelope already in a courier's hands: its remaining stop, locked first on that courier's route.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from sqlmodel import col, select

from postal_service.db.queries import amount_owed_on
from postal_service.db.tables import Agency, Parcel, PlanRun, PostOffice, Procedure, RouteStop, ServiceRequest, User
from postal_service.domain.errors import Forbidden, NotFound
from postal_service.domain.lifecycle import DossierStatus as D
from postal_service.domain.lifecycle import Leg
from postal_service.domain.lifecycle import ResultStatus as R
from postal_service.domain.roles import Role
from postal_service.domain.timeslots import LOCAL_TZ, hours_on
from routing import matrix, planner
from routing.model import Break, Job, Plan, Problem, Shipment, Task, Vehicle, Window

from .context import Context
from .custody import append_event

PICKUP_SERVICE_S, DESK_SERVICE_S, DOOR_SERVICE_S = 600, 300, 300
PARCEL_LOAD = (1, 300)  # envelopes, grams
COURIER_GRAMS = 20_000
LUNCH = Break(Window(int(11.5 * 3600), 13 * 3600), 45 * 60)

PENDING = {  # statuses in which each kind of stop is still to be done
    "pickup_dossier": {D.BOOKED.value, D.INTAKE_INCOMPLETE.value},
    "deliver_to_agency": {D.PICKED_UP.value, D.AT_POST_OFFICE.value, D.OUT_TO_AGENCY.value, D.AT_AGENCY_DESK.value},
    "collect_result": {R.READY_AT_AGENCY.value, R.HANDOVER_OFFERED.value},
    "deliver_result": {
        R.COLLECTED_FROM_AGENCY.value,
        R.AT_POST_OFFICE.value,
        R.OUT_FOR_DELIVERY.value,
        R.ATTEMPT_FAILED.value,
    },
}


@dataclass
class Inputs:
    """The routing problem with the maps back to parcels, couriers and places."""

    office: PostOffice
    day: date
    couriers: list[User]
    points: list[matrix.Point] = field(default_factory=list)
    tasks: dict[str, tuple[Parcel, str]] = field(default_factory=dict)  # task id -> (parcel, stop kind)
    jobs: list[Job] = field(default_factory=list)
    shipments: list[Shipment] = field(default_factory=list)
    locked: dict[int, list[str]] = field(default_factory=dict)  # courier id -> task ids in hand
    digest_parts: list[str] = field(default_factory=list)
    index: dict[matrix.Point, int] = field(default_factory=dict)  # point -> position in `points`

    def __post_init__(self) -> None:
        self.index = {point: n for n, point in enumerate(self.points)}

    def place(self, latitude: float | None, longitude: float | None) -> int:
        """The matrix index of a place; a stop without coordinates is put at the post office."""
        point = matrix.Point(latitude, longitude) if latitude is not None and longitude is not None else self.points[0]
        if point not in self.index:
            self.index[point] = len(self.points)
            self.points.append(point)
        return self.index[point]

    def seconds(self, moment: datetime) -> int:
        start = datetime.combine(self.day, time(0), LOCAL_TZ)
        return max(int((moment - start).total_seconds()), 0)


def _window(hours: dict[str, list[str]], day: date) -> Window | None:
    span = hours_on(hours, day)
    if span is None:
        return None
    return Window(span[0].hour * 3600 + span[0].minute * 60, span[1].hour * 3600 + span[1].minute * 60)


def _skills(ctx: Context, request: ServiceRequest) -> frozenset[str]:
    due = amount_owed_on(ctx.session, request).total
    return frozenset({"cash"}) if due > 0 else frozenset()


def collect(ctx: Context, office: PostOffice, day: date) -> Inputs:
    couriers = list(
        ctx.session.exec(
            select(User)
            .where(
                User.role == Role.COURIER.value,
                col(User.active).is_(True),
                User.post_office_id == office.id,
            )
            .order_by(col(User.username))
        )
    )
    inputs = Inputs(office, day, couriers, [matrix.Point(office.latitude, office.longitude)])
    shift = _window(office.opening_hours, day) or Window(0, 0)
    rows = ctx.session.exec(
        select(Parcel, ServiceRequest, Agency)
        .join(ServiceRequest, col(ServiceRequest.id) == col(Parcel.request_id))
        .join(Procedure, col(Procedure.id) == col(ServiceRequest.procedure_id))
        .join(Agency, col(Agency.id) == col(Procedure.agency_id))
        .where(ServiceRequest.post_office_id == office.id)
        .order_by(col(Parcel.id))
    ).all()
    courier_ids = {c.id for c in couriers}
    for parcel, request, agency in rows:
        _add(ctx, inputs, parcel, request, agency, shift, courier_ids)
    return inputs


def _add(
    ctx: Context,
    inputs: Inputs,
    parcel: Parcel,
    request: ServiceRequest,
    agency: Agency,
    shift: Window,
    courier_ids: set[int | None],
) -> None:
    day, status = inputs.day, parcel.status
    agency_at = inputs.place(agency.latitude, agency.longitude)
    desk = _window(agency.office_hours, day)
    in_hand = parcel.holder == "courier" and parcel.courier_id in courier_ids
    # What the planner itself changes (who is assigned) is not an input: only who holds the envelope is.
    key = f"{parcel.tracking_number}:{status}:{parcel.courier_id if in_hand else ''}:{request.slot_start}"
    if parcel.leg == Leg.DOSSIER.value:
        citizen = inputs.place(request.pickup_latitude, request.pickup_longitude)
        if status in PENDING["pickup_dossier"] and request.slot_start and request.slot_end:
            if request.slot_start.astimezone(LOCAL_TZ).date() != day:
                return
            pickup = Task(
                f"{parcel.tracking_number}/pickup",
                citizen,
                Window(inputs.seconds(request.slot_start), inputs.seconds(request.slot_end)),
                PICKUP_SERVICE_S,
                PARCEL_LOAD,
            )
            inputs.tasks[pickup.id] = (parcel, "pickup_dossier")
            skills = _skills(ctx, request)
            if desk is not None:
                handover = Task(
                    f"{parcel.tracking_number}/agency", agency_at, desk, DESK_SERVICE_S, tuple(-x for x in PARCEL_LOAD)
                )
                inputs.tasks[handover.id] = (parcel, "deliver_to_agency")
                inputs.shipments.append(Shipment(parcel.tracking_number, pickup, handover, skills))
            else:
                inputs.jobs.append(Job(parcel.tracking_number, pickup, skills))
        elif status in PENDING["deliver_to_agency"] and desk is not None and (in_hand or status == D.AT_POST_OFFICE):
            task = Task(
                f"{parcel.tracking_number}/agency", agency_at, desk, DESK_SERVICE_S, tuple(-x for x in PARCEL_LOAD)
            )
            _single(inputs, parcel, task, "deliver_to_agency", in_hand)
        else:
            return
    else:
        citizen = inputs.place(request.delivery_latitude, request.delivery_longitude)
        door = Task(f"{parcel.tracking_number}/door", citizen, shift, DOOR_SERVICE_S, tuple(-x for x in PARCEL_LOAD))
        if status in PENDING["collect_result"] and desk is not None:
            collect_task = Task(f"{parcel.tracking_number}/agency", agency_at, desk, DESK_SERVICE_S, PARCEL_LOAD)
            inputs.tasks[collect_task.id] = (parcel, "collect_result")
            inputs.tasks[door.id] = (parcel, "deliver_result")
            inputs.shipments.append(Shipment(parcel.tracking_number, collect_task, door, _skills(ctx, request)))
        elif status in PENDING["deliver_result"] and _deliverable_today(ctx, parcel, in_hand):
            _single(inputs, parcel, door, "deliver_result", in_hand)
        else:
            return
    inputs.digest_parts.append(key)


def _single(inputs: Inputs, parcel: Parcel, task: Task, kind: str, in_hand: bool) -> None:
    """A drop of something on board (the start load is free); in a courier's hands it is locked to them."""
    inputs.tasks[task.id] = (parcel, kind)
    inputs.jobs.append(Job(parcel.tracking_number, task))
    if in_hand:
        inputs.locked.setdefault(parcel.courier_id or 0, []).append(task.id)


def _deliverable_today(ctx: Context, parcel: Parcel, in_hand: bool) -> bool:
    if parcel.status != R.ATTEMPT_FAILED.value:
        return in_hand or parcel.status == R.AT_POST_OFFICE.value
    if parcel.last_attempt_on is None:
        return False
    settings = ctx.settings
    gap = settings.calendar.working_days_between(parcel.last_attempt_on, ctx.today)
    return parcel.attempts < settings.delivery_max_attempts and gap >= settings.attempt_gap_working_days


def problem_of(ctx: Context, inputs: Inputs) -> Problem:
    shift = _window(inputs.office.opening_hours, inputs.day)
    if shift is None:
        raise NotFound(f"{inputs.office.name} is closed on {inputs.day:%d/%m/%Y}")
    provider: matrix.MatrixProvider = (
        matrix.OsrmTable(ctx.settings.osrm_url) if ctx.settings.osrm_url else matrix.Haversine()
    )
    matrices = provider.matrices(inputs.points)
    lunch = (LUNCH,) if shift.start <= LUNCH.window.start and LUNCH.window.end + LUNCH.duration <= shift.end else ()
    vehicles = tuple(
        Vehicle(
            str(c.id),
            0,
            0,
            shift,
            (ctx.settings.courier_envelope_capacity, COURIER_GRAMS),
            max_stops=ctx.settings.courier_max_stops,
            breaks=lunch,
            skills=frozenset({"cash"}) if c.may_carry_cash else frozenset(),
            locked=tuple(inputs.locked.get(c.id or 0, ())),
        )
        for c in inputs.couriers
    )
    return Problem(matrices.distances, matrices.durations, vehicles, tuple(inputs.jobs), tuple(inputs.shipments))


def digest(inputs: Inputs) -> str:
    parts = sorted(inputs.digest_parts) + [f"courier:{c.id}:{c.may_carry_cash}" for c in inputs.couriers]
    return hashlib.sha256(json.dumps(parts).encode()).hexdigest()


def current_run(ctx: Context, office_id: int | None, day: date) -> PlanRun | None:
    return ctx.session.exec(
        select(PlanRun)
        .where(PlanRun.post_office_id == office_id, PlanRun.day == day, PlanRun.status == "done")
        .order_by(col(PlanRun.id).desc())
    ).first()


def plan_office_day(ctx: Context, office: PostOffice, day: date, trigger: str = "dispatcher") -> PlanRun:
    """Solve, then publish: route stops in order, couriers assigned, done stops of the last plan kept first."""
    if ctx.actor.role not in (Role.DISPATCHER, Role.ADMIN, Role.SYSTEM):
        raise Forbidden("only dispatchers plan routes")
    if ctx.actor.role is Role.DISPATCHER and ctx.actor.post_office_id != office.id:
        raise Forbidden("a dispatcher plans only for their own post office")
    inputs = collect(ctx, office, day)
    run = PlanRun(
        post_office_id=office.id or 0,
        day=day,
        started_at=ctx.now,
        trigger=trigger,
        inputs_digest=digest(inputs),
        unassigned=[],
    )
    if not inputs.couriers or not (inputs.jobs or inputs.shipments):
        run.status, run.finished_at, run.note = "done", ctx.now, "nothing to plan" if inputs.couriers else "no courier"
        ctx.session.add(run)
        ctx.session.flush()
        return run
    problem = problem_of(ctx, inputs)
    result = planner.plan(problem, ctx.settings.planning_seconds)
    previous = current_run(ctx, office.id, day)
    ctx.session.add(run)
    ctx.session.flush()
    _publish(ctx, inputs, run, result, previous)
    run.status, run.finished_at = "done", ctx.now
    run.vehicles, run.distance_m, run.seconds = len(result.used), result.distance, round(result.seconds, 2)
    run.unassigned = [{"tracking_number": u.job_id, "reason": u.reason.value} for u in result.unassigned]
    ctx.session.add(run)
    ctx.session.flush()
    return run


def _publish(ctx: Context, inputs: Inputs, run: PlanRun, result: Plan, previous: PlanRun | None) -> None:
    day_start = datetime.combine(inputs.day, time(0), LOCAL_TZ)
    done = _done_stops(ctx, previous)
    windows = {t.id: t.window for t in _all_tasks(inputs)}
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
                    ctx, parcel, "assign_courier", parcel.status, {"courier": f"user:{courier_id}", "plan_run": run.id}
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


def route_of(ctx: Context, courier_id: int | None, day: date) -> list[RouteStop]:
    """The courier's published stops for the day, in order."""
    user = ctx.session.get(User, courier_id) if courier_id else None
    if user is None:
        return []
    run = current_run(ctx, user.post_office_id, day)
    if run is None:
        return []
    return list(
        ctx.session.exec(
            select(RouteStop)
            .where(RouteStop.plan_run_id == run.id, RouteStop.courier_id == courier_id)
            .order_by(col(RouteStop.position))
        )
    )


@dataclass(frozen=True)
class PlannedStop:
    tracking_number: str
    kind: str
    eta: datetime
    latitude: float
    longitude: float
    done: bool


@dataclass(frozen=True)
class CourierRoute:
    courier_id: int
    username: str
    full_name: str
    stops: list[PlannedStop]


@dataclass(frozen=True)
class OfficeRoutes:
    office: PostOffice
    day: date
    run: PlanRun | None
    routes: list[CourierRoute]


def office_routes(ctx: Context, office: PostOffice, day: date) -> OfficeRoutes:
    """The published plan of one office's day, for the dispatcher's table and map."""
    run = current_run(ctx, office.id, day)
    if run is None:
        return OfficeRoutes(office, day, None, [])
    rows = ctx.session.exec(
        select(RouteStop, Parcel, User)
        .join(Parcel, col(Parcel.id) == col(RouteStop.parcel_id))
        .join(User, col(User.id) == col(RouteStop.courier_id))
        .where(RouteStop.plan_run_id == run.id)
        .order_by(col(User.username), col(RouteStop.position))
    ).all()
    routes: dict[int, CourierRoute] = {}
    for stop, parcel, user in rows:
        route = routes.setdefault(user.id or 0, CourierRoute(user.id or 0, user.username, user.full_name, []))
        route.stops.append(
            PlannedStop(parcel.tracking_number, stop.kind, stop.eta, stop.latitude, stop.longitude, stop.done)
        )
    return OfficeRoutes(office, day, run, list(routes.values()))


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
