"""The routing problem of a post office's day: its couriers as vehicles, its matrices, and how long to search."""

from __future__ import annotations

from datetime import time

from postal_service.config import Settings
from postal_service.context import Context
from postal_service.domain.errors import NotFound
from postal_service.domain.rosters import WorkingDay
from postal_service.domain.timeslots import LOCAL_TZ
from routing import matrix
from routing.model import Break, Effort, Problem, Vehicle, Window

from .planning_inputs import COURIER_GRAMS, Inputs, opening_window

MIN_BUDGET_S = 0.5
DISPATCHER, SCHEDULER = "dispatcher", "scheduler"  # who asked for a plan (plan_run.trigger)
EFFORT_CAP_S = 600.0  # a search bounded by effort is bounded by it; these seconds only stop one gone wrong


def budget(settings: Settings, problem: Problem, trigger: str = DISPATCHER) -> tuple[float, Effort | None]:
    """Seconds to search, scaled with the day: ten stops are solved well in a fraction of a second, and a
    morning of thousands of offices cannot give each the time a district centre's 400 stops deserve. The ceiling
    is short for a plan a dispatcher waits for on the board, longer for one the scheduler asks a worker for (a
    600-stop day drives a few per cent less with 30 s than with 10: README, route planning). Or, when
    `PLANNING_EFFORT` is set, a count of solutions, so that the plan does not depend on the machine's speed."""
    if settings.planning_effort is not None:
        return EFFORT_CAP_S, Effort(solutions=settings.planning_effort)
    ceiling = settings.scheduled_planning_seconds if trigger == SCHEDULER else settings.planning_seconds
    stops = len(problem.tasks())
    return min(ceiling, max(MIN_BUDGET_S, stops * settings.planning_seconds_per_stop)), None


def problem_of(ctx: Context, inputs: Inputs) -> Problem:
    opening = opening_window(inputs.office.opening_hours, inputs.day)
    if opening is None:
        raise NotFound(f"{inputs.office.name} is closed on {inputs.day:%d/%m/%Y}")
    earliest = opening.start
    if inputs.day == ctx.today:  # a day already running is planned from now: no stop can be reached in the past
        local = ctx.now.astimezone(LOCAL_TZ)
        earliest = max(earliest, local.hour * 3600 + local.minute * 60 + local.second)
    provider: matrix.MatrixProvider = (
        matrix.OsrmTable(ctx.settings.osrm_url) if ctx.settings.osrm_url else matrix.Haversine()
    )
    matrices = provider.matrices(inputs.points)
    vehicles = []
    for c in inputs.couriers:
        shift, lunch = courier_hours(inputs.shifts[c.id or 0], opening, earliest)
        vehicles.append(
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
        )
    return Problem(matrices.distances, matrices.durations, tuple(vehicles), tuple(inputs.jobs), tuple(inputs.shipments))


def courier_hours(worked: WorkingDay, opening: Window, earliest: int) -> tuple[Window, tuple[Break, ...]]:
    """A courier's route window on the day: their rostered hours, inside the office's, from `earliest` (now, on a
    day already running); and their lunch, starting where the roster's window allows and still can."""
    start = min(max(_seconds(worked.start), opening.start, earliest), opening.end)
    shift = Window(start, max(min(_seconds(worked.end), opening.end), start))
    if worked.lunch is None:
        return shift, ()
    duration = worked.lunch_minutes * 60
    first, last = max(_seconds(worked.lunch[0]), shift.start), _seconds(worked.lunch[1]) - duration
    if first > last or last + duration > shift.end:
        return shift, ()
    return shift, (Break(Window(first, last), duration),)


def _seconds(moment: time) -> int:
    return moment.hour * 3600 + moment.minute * 60
