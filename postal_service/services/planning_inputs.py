"""The day a post office plans, built from its rows the way production builds it.

What becomes what:
- a dossier to pick up today: a shipment citizen -> agency when the agency is open that day, else a pickup
  brought back to the post office;
- a dossier waiting at the post office: a delivery to the agency;
- a result ready at the agency: a shipment agency -> citizen;
- a result at the post office (or due for another attempt): a delivery to the citizen;
- an envelope already in a courier's hands: its remaining stop, locked first on that courier's route.

Each carries its urgency (working days to its legal deadline) as its routing priority. A citizen's stop whose
place nobody knows is not planned: it is listed apart (`unlocated`) for the dispatcher.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from datetime import date, datetime, time

from sqlmodel import col, select

from postal_service.context import Context
from postal_service.db.tables import Agency, Parcel, PostOffice, Procedure, ServiceRequest, User
from postal_service.domain.lifecycle import FROM_THE_CITIZEN, Leg
from postal_service.domain.lifecycle import DossierStatus as D
from postal_service.domain.rosters import WorkingDay
from postal_service.domain.route_stops import PENDING, STILL_TO_DO
from postal_service.domain.timeslots import LOCAL_TZ, hours_on
from postal_service.queries.rosters import office_couriers, rostered_days
from postal_service.queries.visibility import works_at
from routing import matrix
from routing.model import Job, Shipment, Task, Window

from .deadlines import urgency
from .network_paths import working_office
from .stop_places import delivery_door, pickup_door
from .stop_rules import due_at_the_door, skills_needed

PICKUP_SERVICE_S, DESK_SERVICE_S, DOOR_SERVICE_S = 600, 300, 300
PARCEL_LOAD = (1, 300)  # envelopes, grams
COURIER_GRAMS = 20_000


@dataclass
class Inputs:
    """The routing problem with the maps back to parcels, couriers and places."""

    office: PostOffice
    day: date
    couriers: list[User]  # those who work that day
    points: list[matrix.Point] = field(default_factory=list)
    tasks: dict[str, tuple[Parcel, str]] = field(default_factory=dict)  # task id -> (parcel, stop kind)
    jobs: list[Job] = field(default_factory=list)
    shipments: list[Shipment] = field(default_factory=list)
    locked: dict[int, list[str]] = field(default_factory=dict)  # courier id -> task ids in hand
    unlocated: list[str] = field(default_factory=list)  # tracking numbers of stops with no known place
    digest_parts: list[str] = field(default_factory=list)
    index: dict[matrix.Point, int] = field(default_factory=dict)  # point -> position in `points`
    shifts: dict[int, WorkingDay] = field(default_factory=dict)  # courier id -> their hours that day

    def __post_init__(self) -> None:
        self.index = {point: n for n, point in enumerate(self.points)}

    def place(self, point: matrix.Point) -> int:
        """The matrix index of a place."""
        if point not in self.index:
            self.index[point] = len(self.points)
            self.points.append(point)
        return self.index[point]

    def seconds(self, moment: datetime) -> int:
        start = datetime.combine(self.day, time(0), LOCAL_TZ)
        return max(int((moment - start).total_seconds()), 0)


def opening_window(hours: dict[str, list[str]], day: date) -> Window | None:
    span = hours_on(hours, day)
    if span is None:
        return None
    return Window(span[0].hour * 3600 + span[0].minute * 60, span[1].hour * 3600 + span[1].minute * 60)


def collect(ctx: Context, office: PostOffice, day: date) -> Inputs:
    """The day's open work and the couriers who work that day (their rosters: a courier off gets no route)."""
    staff = office_couriers(ctx.session, office.id or 0)
    rostered = rostered_days(ctx.session, staff, office, [day])
    shifts = {c.id or 0: answer for c in staff if isinstance(answer := rostered[c.id or 0][day], WorkingDay)}
    couriers = [c for c in staff if (c.id or 0) in shifts]
    inputs = Inputs(office, day, couriers, [matrix.Point(office.latitude, office.longitude)], shifts=shifts)
    shift = opening_window(office.opening_hours, day) or Window(0, 0)
    rows = ctx.session.exec(
        select(Parcel, ServiceRequest, Agency)
        .join(ServiceRequest, col(ServiceRequest.id) == col(Parcel.request_id))
        .join(Procedure, col(Procedure.id) == col(ServiceRequest.procedure_id))
        .join(Agency, col(Agency.id) == col(Procedure.agency_id))
        .where(works_at(office.id), col(Parcel.status).in_(sorted(STILL_TO_DO)))  # open work, not history
        .order_by(col(Parcel.id))
    ).all()
    courier_ids = {c.id for c in couriers}
    for parcel, request, agency in rows:
        _add(ctx, inputs, parcel, request, agency, shift, courier_ids, network_bound(parcel, request, agency, office))
    return inputs


def network_bound(parcel: Parcel, request: ServiceRequest, agency: Agency, office: PostOffice) -> bool:
    """Whether the envelope leaves this office in a bag rather than in a courier's hands: a dossier taken in here
    for an agency in another province, a result collected here for a citizen of another province's office
    (services/network_paths.py). Its courier only brings it back to the office."""
    if Leg(parcel.leg) in FROM_THE_CITIZEN:
        return parcel.office_id is None and agency.province_code != office.province_code
    return working_office(parcel, request) != request.post_office_id


def _add(
    ctx: Context,
    inputs: Inputs,
    parcel: Parcel,
    request: ServiceRequest,
    agency: Agency,
    shift: Window,
    courier_ids: set[int | None],
    bound: bool,
) -> None:
    day, status = inputs.day, parcel.status
    desk = opening_window(agency.office_hours, day)
    if bound and Leg(parcel.leg) in FROM_THE_CITIZEN:
        desk = None  # collected and brought back to the office for its bag, never driven to a far desk
    in_hand = parcel.holder == "courier" and parcel.courier_id in courier_ids
    # What the planner itself changes (who is assigned) is not an input: only who holds the envelope is.
    key = f"{parcel.tracking_number}:{status}:{parcel.courier_id if in_hand else ''}:{request.slot_start}"
    to_agency = tuple(-x for x in PARCEL_LOAD)
    if Leg(parcel.leg) in FROM_THE_CITIZEN:
        if status in PENDING["pickup_dossier"] and request.slot_start and request.slot_end:
            if request.slot_start.astimezone(LOCAL_TZ).date() != day:
                return
            citizen = _door(inputs, parcel, pickup_door(ctx, request), key)
            if citizen is None:
                return
            slot = Window(inputs.seconds(request.slot_start), inputs.seconds(request.slot_end))
            pickup = Task(f"{parcel.tracking_number}/pickup", citizen, slot, PICKUP_SERVICE_S, PARCEL_LOAD)
            inputs.tasks[pickup.id] = (parcel, "pickup_dossier")
            skills, priority = skills_needed(ctx, request), urgency(ctx, day, parcel, request)
            if desk is not None:
                handover = Task(
                    f"{parcel.tracking_number}/agency", _agency(inputs, agency), desk, DESK_SERVICE_S, to_agency
                )
                inputs.tasks[handover.id] = (parcel, "deliver_to_agency")
                inputs.shipments.append(Shipment(parcel.tracking_number, pickup, handover, skills, priority))
            else:
                inputs.jobs.append(Job(parcel.tracking_number, pickup, skills, priority))
        elif status in PENDING["deliver_to_agency"] and desk is not None and (in_hand or status == D.AT_POST_OFFICE):
            task = Task(f"{parcel.tracking_number}/agency", _agency(inputs, agency), desk, DESK_SERVICE_S, to_agency)
            _single(inputs, parcel, task, "deliver_to_agency", in_hand, urgency(ctx, day, parcel, request))
        else:
            return
    else:
        collecting = status in PENDING["collect_result"] and desk is not None
        if bound:  # collected at the desk and brought back for its bag; delivered by the office at the other end
            if collecting and desk is not None:
                task = Task(
                    f"{parcel.tracking_number}/agency", _agency(inputs, agency), desk, DESK_SERVICE_S, PARCEL_LOAD
                )
                _single(inputs, parcel, task, "collect_result", False, urgency(ctx, day, parcel, request))
                inputs.digest_parts.append(key)
            return
        if not collecting and not (status in PENDING["deliver_result"] and due_at_the_door(ctx, parcel, in_hand)):
            return
        citizen = _door(inputs, parcel, delivery_door(ctx, request), key)
        if citizen is None:
            return
        door = Task(f"{parcel.tracking_number}/door", citizen, shift, DOOR_SERVICE_S, to_agency)
        priority = urgency(ctx, day, parcel, request)
        if collecting and desk is not None:
            collect_task = Task(
                f"{parcel.tracking_number}/agency", _agency(inputs, agency), desk, DESK_SERVICE_S, PARCEL_LOAD
            )
            inputs.tasks[collect_task.id] = (parcel, "collect_result")
            inputs.tasks[door.id] = (parcel, "deliver_result")
            skills = skills_needed(ctx, request)
            inputs.shipments.append(Shipment(parcel.tracking_number, collect_task, door, skills, priority))
        else:
            _single(inputs, parcel, door, "deliver_result", in_hand, priority)
    inputs.digest_parts.append(key)


def _agency(inputs: Inputs, agency: Agency) -> int:
    return inputs.place(matrix.Point(agency.latitude, agency.longitude))


def _door(inputs: Inputs, parcel: Parcel, point: matrix.Point | None, key: str) -> int | None:
    """The door's matrix index; a door nobody can place is listed apart, and a place found later re-plans."""
    if point is None:
        inputs.unlocated.append(parcel.tracking_number)
        inputs.digest_parts.append(f"{key}:nowhere")
        return None
    return inputs.place(point)


def _single(inputs: Inputs, parcel: Parcel, task: Task, kind: str, in_hand: bool, priority: int) -> None:
    """A drop of something on board (the start load is free); in a courier's hands it is locked to them."""
    inputs.tasks[task.id] = (parcel, kind)
    inputs.jobs.append(Job(parcel.tracking_number, task, priority=priority))
    if in_hand:
        inputs.locked.setdefault(parcel.courier_id or 0, []).append(task.id)


def digest(inputs: Inputs) -> str:
    parts = sorted(inputs.digest_parts) + [
        f"courier:{c.id}:{c.may_carry_cash}:{inputs.shifts.get(c.id or 0)}" for c in inputs.couriers
    ]
    return hashlib.sha256(json.dumps(parts).encode()).hexdigest()
