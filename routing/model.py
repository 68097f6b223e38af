"""The planning problem and its answer as plain dataclasses: integer metres and seconds only.

Times are seconds from the start of the planning day; distances are metres. Every task names a location
index into the problem's matrices. Inputs are checked at the boundary with clear ValueErrors.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


@dataclass(frozen=True)
class Window:
    start: int
    end: int

    def __post_init__(self) -> None:
        if self.start > self.end:
            raise ValueError(f"a window must not end ({self.end}) before it starts ({self.start})")


@dataclass(frozen=True)
class Task:
    """One visit: where, when, how long, and what it adds to the load (negative for a drop)."""

    id: str
    location: int
    window: Window
    service: int = 0
    load: tuple[int, ...] = ()


@dataclass(frozen=True)
class Job:
    """A single pickup (load > 0, brought back to the depot) or delivery (load < 0, taken from the depot)."""

    id: str
    task: Task
    skills: frozenset[str] = frozenset()
    priority: int = 0
    drop_penalty: int | None = None  # None: the job must be served if any feasible plan can serve it


@dataclass(frozen=True)
class Shipment:
    """A pickup then its delivery, on one vehicle: a citizen's dossier taken straight to the agency."""

    id: str
    pickup: Task
    delivery: Task
    skills: frozenset[str] = frozenset()
    priority: int = 0
    drop_penalty: int | None = None


@dataclass(frozen=True)
class Break:
    window: Window  # the break must start inside this window
    duration: int


@dataclass(frozen=True)
class Vehicle:
    id: str
    start: int  # location index of the post office it leaves from
    end: int
    shift: Window
    capacity: tuple[int, ...] = ()
    max_stops: int | None = None
    breaks: tuple[Break, ...] = ()
    skills: frozenset[str] = frozenset()
    profile: str = "motorbike"
    fixed_cost: int = 0
    locked: tuple[str, ...] = ()  # task ids already done or under way, in order: kept first on this route


@dataclass(frozen=True)
class Problem:
    distances: list[list[int]]  # metres, square, one row per location
    durations: dict[str, list[list[int]]]  # seconds, one matrix per vehicle profile
    vehicles: tuple[Vehicle, ...]
    jobs: tuple[Job, ...] = ()
    shipments: tuple[Shipment, ...] = ()

    def __post_init__(self) -> None:
        size = len(self.distances)
        if any(len(row) != size for row in self.distances):
            raise ValueError("the distance matrix must be square")
        for profile, matrix in self.durations.items():
            if len(matrix) != size or any(len(row) != size for row in matrix):
                raise ValueError(f"the duration matrix of {profile!r} must be {size}×{size}")
        if not self.vehicles:
            raise ValueError("a problem needs at least one vehicle")
        ids = [t.id for t in self.tasks()]
        if len(ids) != len(set(ids)):
            raise ValueError("task ids must be unique")
        for vehicle in self.vehicles:
            if vehicle.profile not in self.durations:
                raise ValueError(f"vehicle {vehicle.id} uses profile {vehicle.profile!r}, which has no matrix")
            for index in (vehicle.start, vehicle.end):
                if not 0 <= index < size:
                    raise ValueError(f"vehicle {vehicle.id} starts or ends outside the matrix")
        for task in self.tasks():
            if not 0 <= task.location < size:
                raise ValueError(f"task {task.id} is outside the matrix")
        dimensions = {len(v.capacity) for v in self.vehicles} | {len(t.load) for t in self.tasks() if t.load}
        if len(dimensions) > 1:
            raise ValueError("every capacity and load must have the same number of dimensions")

    def tasks(self) -> list[Task]:
        return [j.task for j in self.jobs] + [t for s in self.shipments for t in (s.pickup, s.delivery)]


class Reason(StrEnum):
    NO_WINDOW_REACHABLE = "no_window_reachable"
    CAPACITY = "capacity"
    OUTSIDE_EVERY_SHIFT = "outside_every_shift"
    MISSING_SKILL = "missing_skill"
    NO_ROOM = "no_room"  # each alone fits, but not together with the rest in the time given
    LESS_URGENT = "less_urgent"  # no room, and work nearer its deadline (a higher priority) took the room
    NO_LOCATION = "no_location"  # the address has no coordinates (set by the caller, which knows addresses)


@dataclass(frozen=True)
class Visit:
    task_id: str
    job_id: str
    location: int
    arrival: int
    start: int  # service starts (after waiting for the window)
    departure: int
    load: tuple[int, ...]


@dataclass(frozen=True)
class Route:
    vehicle_id: str
    visits: tuple[Visit, ...]
    distance: int
    duration: int
    start: int
    end: int


@dataclass(frozen=True)
class Unassigned:
    job_id: str
    reason: Reason


@dataclass(frozen=True)
class Plan:
    routes: tuple[Route, ...]
    unassigned: tuple[Unassigned, ...] = ()
    seconds: float = 0.0
    notes: tuple[str, ...] = field(default=())

    @property
    def used(self) -> list[Route]:
        return [r for r in self.routes if r.visits]

    @property
    def distance(self) -> int:
        return sum(r.distance for r in self.routes)


@dataclass(frozen=True)
class Effort:
    """A search bounded by work instead of the clock, so that its answer does not depend on how fast or busy the
    machine is (tests use it): OR-Tools descends to a local optimum or stops after `solutions` solutions, PyVRP
    after `iterations`, VROOM at its exploration level. The seconds given beside it only cap a runaway search."""

    solutions: int = 50
    iterations: int = 300
