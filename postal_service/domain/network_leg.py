"""An envelope's moves between offices, decided on its request's state: into a bag, onto the trunk with it, out
of it at the next point, or missing from it. Each move is a transition of the envelope's own leg (`lifecycle`'s
network transitions), taken as a consequence of one of its bag's steps (`bags`), with the bag named in evidence."""

from __future__ import annotations

from datetime import date, datetime

from .lifecycle import Action
from .notices import Notice, Topic
from .request import Custody, Moment, Outcome, RequestState
from .timeslots import LOCAL_TZ


class NetworkLeg:
    def __init__(self, state: RequestState) -> None:
        self.state = state

    def _move(self, tracking: str, action: Action, at: Moment, evidence: dict[str, str]) -> Custody:
        target = self.state.check(tracking, action, at.actor)
        return self.state.advance(self.state.parcel(tracking), action, target, evidence)

    def bag(self, tracking: str, at: Moment, bag: str) -> Outcome:
        """Scanned into an open bag at the point it is at: it leaves its courier's route (at the next office,
        that office's dispatcher puts it on one of theirs)."""
        event = self._move(tracking, Action.BAG, at, {"bag": bag})
        self.state.parcel(tracking).assign_to(None, None)
        return Outcome((event,))

    def dispatch(
        self, tracking: str, at: Moment, bag: str, run: str, point: str, heading: tuple[str, datetime] | None
    ) -> Outcome:
        """Its bag is on the trunk run, in the driver's hands; leaving its first office, the citizen is told where
        it goes and when it is expected there (`heading`: the province and the expected arrival)."""
        event = self._move(tracking, Action.DISPATCH, at, {"bag": bag, "run": run, "from": point})
        if heading is None:
            return Outcome((event,))
        city, expected = heading
        values = {"tracking": tracking, "city": city, "expected": expected.astimezone(LOCAL_TZ)}
        return Outcome((event,), Notice(Topic.IN_TRANSIT, values))

    def unbag(self, tracking: str, at: Moment, bag: str, point: str, at_hub: bool) -> Outcome:
        """Scanned out of its bag at a hub (to be re-bagged) or at the office that hands it on; or taken back out
        of a bag still open at the point it is at."""
        action = Action.UNBAG_AT_HUB if at_hub else Action.UNBAG_AT_OFFICE
        return Outcome((self._move(tracking, action, at, {"bag": bag, "at": point}),))

    def report_missing(self, tracking: str, at: Moment, bag: str, point: str) -> Outcome:
        """On the bag's manifest, not in the bag when it was unpacked: the citizen is told, an investigation
        starts (the claims clock is the citizen's)."""
        event = self._move(tracking, Action.REPORT_MISSING, at, {"bag": bag, "at": point})
        return Outcome((event,), Notice(Topic.MISSING_IN_TRANSIT, {"tracking": tracking}))


def late_notice(tracking: str, city: str, expected: datetime, deadline: date | None) -> Notice | None:
    """After a missed run: the citizen is told when the new expected arrival falls after the legal deadline."""
    local = expected.astimezone(LOCAL_TZ)
    if deadline is None or local.date() <= deadline:
        return None
    return Notice(Topic.LATE_IN_TRANSIT, {"tracking": tracking, "city": city, "expected": local, "until": deadline})
