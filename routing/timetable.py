"""The timetable of the network between post offices: weekly trunk runs, and the hops and journeys made of them.

Times are whole minutes from a Monday 00:00 the caller chooses; a run repeats on its weekdays at the same minutes.
"""

from __future__ import annotations

from dataclasses import dataclass

WEEK = 7 * 24 * 60  # minutes


@dataclass(frozen=True)
class Run:
    """A scheduled trunk run: from one point to another on some weekdays (0 is Monday)."""

    code: str
    origin: str
    destination: str
    weekdays: frozenset[int]
    departs: int  # minutes after midnight of the weekday
    arrives: int  # minutes after that same midnight: more than a day's for an overnight run
    cutoff: int = 30  # minutes before departure that its bags close

    def faults(self) -> dict[str, str]:
        """What is wrong with the run, by the field at fault: a run that arrives before it leaves, leads nowhere or
        never runs (the timetable loader names the line and the field)."""
        faults: dict[str, str] = {}
        if self.origin == self.destination:
            faults["destination"] = f"run {self.code} goes from {self.origin} to itself"
        if not self.weekdays or not self.weekdays <= set(range(7)):
            faults["weekdays"] = f"run {self.code} has no weekday from 0 (Monday) to 6"
        if not 0 <= self.departs < 24 * 60:
            faults["departs"] = f"run {self.code} leaves outside its day (minute {self.departs})"
        if self.arrives <= self.departs:
            faults["arrives"] = f"run {self.code} arrives before it leaves"
        elif self.arrives - self.departs > 3 * 24 * 60:
            faults["arrives"] = f"run {self.code} takes more than three days"
        if not 0 <= self.cutoff <= 24 * 60:
            faults["cutoff"] = f"run {self.code} closes its bags more than a day ahead"
        return faults

    def check(self) -> None:
        """Refuse a run with any fault (the first one named)."""
        for fault in self.faults().values():
            raise ValueError(fault)


@dataclass(frozen=True)
class Hop:
    """One run on one day: the leg of a journey an envelope's bag takes."""

    run: str
    origin: str
    destination: str
    closes: int  # absolute minutes: the bag must be closed by then
    departs: int
    arrives: int


@dataclass(frozen=True)
class Journey:
    hops: tuple[Hop, ...]

    @property
    def arrives(self) -> int:
        return self.hops[-1].arrives
