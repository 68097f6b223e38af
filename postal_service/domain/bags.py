"""A bag (túi) on one hop of the network, with its manifest (bản kê) and its own state machine.

A bag is opened at a point (an office or an exchange hub) for one trunk run to the next point. Envelopes bound
there are scanned into it and listed on its manifest; it is closed with a numbered seal, handed to the run's driver
(two-party: the point hands it over naming the driver, the driver takes it by scanning its label), received at the
next point with its seal checked, and unpacked there, every envelope scanned out against the manifest. The
envelopes' own moves that follow from each step are decided by `network_leg`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Any

from .errors import Forbidden, InvalidField, InvalidTransition
from .lifecycle import POINT_STAFF
from .roles import Actor, Role


class BagStatus(StrEnum):
    OPEN = "open"
    SEALED = "sealed"
    HANDED_TO_DRIVER = "handed_to_driver"
    IN_TRANSIT = "in_transit"
    ARRIVED = "arrived"
    UNPACKED = "unpacked"


class BagAction(StrEnum):
    OPEN_BAG = "open_bag"
    ADD_ENVELOPE = "add_envelope"
    TAKE_OUT = "take_out"  # an envelope scanned in by mistake, taken back out before the bag is sealed
    SEAL = "seal"
    HAND_TO_DRIVER = "hand_to_driver"
    TAKE_ON_BOARD = "take_on_board"
    RECEIVE = "receive"
    UNPACK = "unpack"
    MISS_RUN = "miss_run"  # its run left without it: the next run to the same point takes it


class LineOutcome(StrEnum):
    """A manifest line: in the bag, then what unpacking found; an extra envelope gets a line of its own."""

    IN = "in"
    FOUND = "found"
    MISSING = "missing"
    EXTRA = "extra"


class End(StrEnum):
    """Where the actor must stand: the point the bag leaves, the point it goes to, or on the truck."""

    ORIGIN = "origin"
    DESTINATION = "destination"
    ON_BOARD = "on_board"
    ANYWHERE = "anywhere"  # the system, on the clock


@dataclass(frozen=True)
class BagTransition:
    source: BagStatus
    action: BagAction
    target: BagStatus
    roles: frozenset[Role]
    end: End


S, B = BagStatus, BagAction
STAFF = frozenset(POINT_STAFF)
BAG_TRANSITIONS: tuple[BagTransition, ...] = (
    BagTransition(S.OPEN, B.ADD_ENVELOPE, S.OPEN, STAFF, End.ORIGIN),
    BagTransition(S.OPEN, B.TAKE_OUT, S.OPEN, STAFF, End.ORIGIN),
    BagTransition(S.OPEN, B.SEAL, S.SEALED, STAFF, End.ORIGIN),
    BagTransition(S.SEALED, B.HAND_TO_DRIVER, S.HANDED_TO_DRIVER, STAFF, End.ORIGIN),
    BagTransition(S.HANDED_TO_DRIVER, B.TAKE_ON_BOARD, S.IN_TRANSIT, frozenset({Role.DRIVER}), End.ON_BOARD),
    BagTransition(S.IN_TRANSIT, B.RECEIVE, S.ARRIVED, STAFF, End.DESTINATION),
    BagTransition(S.ARRIVED, B.UNPACK, S.UNPACKED, STAFF, End.DESTINATION),
    BagTransition(S.OPEN, B.MISS_RUN, S.OPEN, frozenset({Role.SYSTEM}), End.ANYWHERE),
    BagTransition(S.SEALED, B.MISS_RUN, S.SEALED, frozenset({Role.SYSTEM}), End.ANYWHERE),
    BagTransition(S.HANDED_TO_DRIVER, B.MISS_RUN, S.SEALED, frozenset({Role.SYSTEM}), End.ANYWHERE),
)


@dataclass(frozen=True)
class BagChange:
    """One event of the bag's own chain."""

    action: BagAction
    from_status: BagStatus
    to_status: BagStatus
    evidence: dict[str, Any]
    counterparty: str | None = None


@dataclass(frozen=True)
class Unpacking:
    """What scanning a bag out found against its manifest."""

    found: tuple[str, ...]
    missing: tuple[str, ...]  # on the manifest, not in the bag
    extra: tuple[str, ...]  # in the bag, not on the manifest


@dataclass
class Bag:
    code: str
    origin: str  # an office's or a hub's code
    destination: str
    run: str
    departs: datetime
    closes: datetime  # the run's cut-off for this bag
    status: BagStatus = BagStatus.OPEN
    manifest: list[str] = field(default_factory=list)  # tracking numbers, in the order scanned in
    seal_number: str | None = None
    driver: str | None = None  # the principal of the driver it was handed to
    seal_intact: bool | None = None

    def check(self, action: BagAction, actor: Actor, point: str | None) -> BagTransition:
        """The transition of this step, or 409 (not now, or not at this point) / 403 (not this role's step)."""
        transition = next((t for t in BAG_TRANSITIONS if t.source is self.status and t.action is action), None)
        if transition is None:
            raise InvalidTransition(f"cannot {action.value.replace('_', ' ')} bag {self.code}: it is {self.status}")
        if actor.role not in transition.roles:
            raise Forbidden(f"a {actor.role.value} may not {action.value.replace('_', ' ')} a bag")
        where = {End.ORIGIN: self.origin, End.DESTINATION: self.destination}.get(transition.end)
        if where is not None and point != where:
            raise InvalidTransition(f"bag {self.code} is handled at {where}, not at {point or 'no point'}")
        if transition.end is End.ON_BOARD and actor.principal != self.driver:
            raise Forbidden(f"bag {self.code} was handed to another driver")
        return transition

    def _move(self, transition: BagTransition, evidence: dict[str, Any], counterparty: str | None = None) -> BagChange:
        change = BagChange(transition.action, self.status, transition.target, evidence, counterparty)
        self.status = transition.target
        return change

    def add(self, tracking: str, next_point: str | None, actor: Actor, point: str | None) -> BagChange:
        """An envelope scanned in: it must be bound for this bag's destination next, and in no other bag."""
        transition = self.check(BagAction.ADD_ENVELOPE, actor, point)
        if tracking in self.manifest:
            raise InvalidTransition(f"{tracking} is already in bag {self.code}")
        if next_point != self.destination:
            bound = f"goes to {next_point} next" if next_point else "has no path over the network"
            raise InvalidField.single(
                "tracking_number", f"{tracking} {bound}; bag {self.code} goes to {self.destination}"
            )
        self.manifest.append(tracking)
        return self._move(transition, {"tracking_number": tracking, "manifest_line": len(self.manifest)})

    def take_out(self, tracking: str, actor: Actor, point: str | None) -> tuple[BagChange, int]:
        """An envelope on the manifest taken back out while the bag is open (the wrong bag, or it must stay): the
        lines after it move up one. Returns the event and the line it had."""
        transition = self.check(BagAction.TAKE_OUT, actor, point)
        if tracking not in self.manifest:
            raise InvalidField.single("tracking_number", f"{tracking} is not in bag {self.code}")
        line = self.manifest.index(tracking) + 1
        self.manifest.remove(tracking)
        return self._move(transition, {"tracking_number": tracking, "manifest_line": line}), line

    def seal(self, seal_number: str, actor: Actor, point: str | None) -> BagChange:
        """Closed with a numbered seal; the manifest is final from now on. An empty bag is not sent."""
        transition = self.check(BagAction.SEAL, actor, point)
        if not self.manifest:
            raise InvalidTransition(f"bag {self.code} is empty: scan envelopes into it before sealing")
        self.seal_number = seal_number
        return self._move(transition, {"seal_number": seal_number, "envelopes": len(self.manifest)})

    def hand_to_driver(self, driver: str, actor: Actor, point: str | None) -> BagChange:
        """First half of the handover: the point names the driver who takes the bag."""
        transition = self.check(BagAction.HAND_TO_DRIVER, actor, point)
        self.driver = driver
        return self._move(transition, {"run": self.run}, counterparty=driver)

    def take_on_board(self, actor: Actor, handed_by: str) -> BagChange:
        """Second half: the named driver scans the bag's label and has it."""
        transition = self.check(BagAction.TAKE_ON_BOARD, actor, None)
        return self._move(transition, {"run": self.run, "seal_number": self.seal_number}, counterparty=handed_by)

    def receive(self, seal_seen: str, actor: Actor, point: str | None) -> BagChange:
        """At the next point, from the driver: the seal's number is read and compared; a broken or changed seal is
        recorded, and every envelope is then checked as it is unpacked."""
        transition = self.check(BagAction.RECEIVE, actor, point)
        self.seal_intact = seal_seen == self.seal_number
        evidence = {"seal_seen": seal_seen, "seal_intact": self.seal_intact}
        return self._move(transition, evidence, counterparty=self.driver)

    def miss_run(self, actor: Actor, run: str, closes: datetime, departs: datetime) -> BagChange:
        """Its run left without it (still at its point after the departure): it goes on the next run to the same
        point; a bag handed to a driver who did not take it is the point's again, to hand to the next one."""
        transition = self.check(BagAction.MISS_RUN, actor, None)
        missed = {"missed_run": self.run, "missed_departure": self.departs.isoformat()}
        self.run, self.closes, self.departs, self.driver = run, closes, departs, None
        return self._move(transition, {**missed, "run": run, "departs": departs.isoformat()})

    def unpack(self, scanned: list[str], actor: Actor, point: str | None) -> tuple[BagChange, Unpacking]:
        """Every envelope scanned out against the manifest: what is missing and what should not be there."""
        transition = self.check(BagAction.UNPACK, actor, point)
        seen = list(dict.fromkeys(scanned))
        unpacking = Unpacking(
            found=tuple(t for t in self.manifest if t in seen),
            missing=tuple(t for t in self.manifest if t not in seen),
            extra=tuple(t for t in seen if t not in self.manifest),
        )
        evidence = {"found": len(unpacking.found), "missing": list(unpacking.missing), "extra": list(unpacking.extra)}
        return self._move(transition, evidence), unpacking
