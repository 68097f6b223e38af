"""The network between post offices: a weekly timetable of trunk runs, and the earliest arrival of an envelope.

Offices collect and deliver; only exchange hubs pass envelopes on (a bag is never re-sorted in an office), so a
path is an office, one or more hubs, and an office. A run repeats on its weekdays at the same minutes; its bags
close `cutoff` minutes before it leaves, so an envelope catches a run when it is at the run's origin by then.

Times are whole minutes from a Monday 00:00 the caller chooses (the domain's week of the timetable): the search
works on that one clock and never needs a horizon, because the next departure of a weekly run after any moment
is found by wrapping the week. The search is Dijkstra on arrival times over the hubs (a time-dependent graph:
each edge answers "leaving after t, you arrive at"), made goal-directed by the shortest possible riding time
from each hub to the destination's feeding hubs (A*, precomputed once per destination and cached).
"""

from __future__ import annotations

import heapq
from bisect import bisect_left
from collections import defaultdict
from collections.abc import Iterable, Mapping

from .network_bounds import RidingBounds
from .timetable import WEEK, Hop, Journey, Run


class _Edge:
    """Every run between two points, as one week of trips sorted by the time their bags close."""

    __slots__ = ("arrive_at", "best", "closes", "codes", "pick", "trips")

    def __init__(self, runs: list[Run]) -> None:
        trips = sorted(
            (day * 1440 + run.departs - run.cutoff, day * 1440 + run.departs, day * 1440 + run.arrives, run.code)
            for run in runs
            for day in run.weekdays
        )
        self.trips = trips
        self.closes = [trip[0] for trip in trips]
        self.codes = frozenset(run.code for run in runs)
        # For each place in the week, the trip that arrives first among those closing from there on (over the
        # next two weeks, as (weeks ahead, index)): the answer without a cancellation, found by one bisect.
        count, chosen = len(trips), None
        best: list[tuple[int, int]] = [(0, 0)] * count
        for k in range(3 * count - 1, -1, -1):
            weeks, at = divmod(k, count)
            if chosen is None or weeks * WEEK + trips[at][2] <= chosen[0]:
                chosen = (weeks * WEEK + trips[at][2], weeks, at)
            if k < count:
                best[k] = (chosen[1], chosen[2])
        self.best = best
        # The same answer as arrays by the bisect's index (the last index wraps to next week's first trip): what
        # the search without cancellations reads, one bisect and one list read an edge.
        self.pick = [*best, (best[0][0] + 1, best[0][1])]
        self.arrive_at = [weeks * WEEK + trips[at][2] for weeks, at in self.pick]

    def hop(self, origin: str, destination: str, base: int, index: int) -> Hop:
        """The trip `arrive_at[index]` stands for, from the week starting at minute `base`."""
        weeks, at = self.pick[index]
        closes, departs, arrives, code = self.trips[at]
        shift = base + weeks * WEEK
        return Hop(code, origin, destination, shift + closes, shift + departs, shift + arrives)

    def next_trip(self, ready: int, cancelled: frozenset[tuple[str, int]]) -> tuple[int, int, int, str] | None:
        """The trip that arrives first among those whose bags close at `ready` or later (a slow run closing
        first may arrive after a fast one closing later), skipping cancelled ones (a run's code and its absolute
        departure minute); looked for within two weeks."""
        week, within = divmod(ready, WEEK)
        index = bisect_left(self.closes, within)
        if not cancelled or self.codes.isdisjoint(code for code, _ in cancelled):
            wraps, at = divmod(index, len(self.trips))
            ahead, best = self.best[at]
            closes, departs, arrives, code = self.trips[best]
            base = (week + wraps + ahead) * WEEK
            return base + closes, base + departs, base + arrives, code
        chosen: tuple[int, int, int, str] | None = None
        for step in range(2 * len(self.trips)):
            wraps, at = divmod(index + step, len(self.trips))
            closes, departs, arrives, code = self.trips[at]
            base = (week + wraps) * WEEK
            if chosen is not None and base + closes >= chosen[2]:
                break  # closing after the best arrival, it cannot arrive before it
            if (code, base + departs) not in cancelled and (chosen is None or base + arrives < chosen[2]):
                chosen = (base + closes, base + departs, base + arrives, code)
        return chosen

    @property
    def fastest(self) -> int:
        return min(arrives - departs for _, departs, arrives, _ in self.trips)


def _hop(origin: str, destination: str, trip: tuple[int, int, int, str]) -> Hop:
    closes, departs, arrives, code = trip
    return Hop(code, origin, destination, closes, departs, arrives)


class Network:
    """Offices and hubs joined by runs; built once from the timetable, asked many times."""

    def __init__(self, runs: Iterable[Run], hubs: Iterable[str]) -> None:
        self.hubs = frozenset(hubs)
        grouped: dict[tuple[str, str], list[Run]] = defaultdict(list)
        for run in runs:
            run.check()
            grouped[(run.origin, run.destination)].append(run)
        self.out: dict[str, list[tuple[str, _Edge]]] = defaultdict(list)  # hub onwards, and office to its hubs
        self.into_office: dict[str, list[tuple[str, _Edge]]] = defaultdict(list)  # hub to office: the last hop
        for (origin, destination), group in grouped.items():
            edge = _Edge(group)
            if destination in self.hubs:
                self.out[origin].append((destination, edge))
            else:
                self.into_office[destination].append((origin, edge))
        into_hub: dict[str, list[tuple[str, int]]] = defaultdict(list)  # the least riding time of each edge
        for node, edges in self.out.items():
            for onward, edge in edges:
                if node in self.hubs:
                    into_hub[onward].append((node, edge.fastest))
        feeding = {office: [(hub, edge.fastest) for hub, edge in edges] for office, edges in self.into_office.items()}
        self._bounds = RidingBounds(self.hubs, into_hub, feeding)

    def earliest(
        self, origin: str, destination: str, ready: int, cancelled: frozenset[tuple[str, int]] = frozenset()
    ) -> Journey | None:
        """The journey that reaches `destination` first for an envelope at `origin` from minute `ready`."""
        if origin == destination:
            return Journey(())
        if not cancelled:
            return self._earliest_as_timetabled(origin, destination, ready)
        feeders = dict(self.into_office.get(destination, ()))
        bound = self._bounds.to(destination)
        hubs, out, push, pop = self.hubs, self.out, heapq.heappush, heapq.heappop
        best: dict[str, int] = {origin: ready}
        came: dict[str, tuple[str, tuple[int, int, int, str]]] = {}  # node: (from, trip), Hops made at the end
        queue = [(ready + bound.get(origin, 0), ready, origin)]
        goal: tuple[str, tuple[int, int, int, str]] | None = None  # the best last hop into an office destination
        goal_at = None
        while queue:
            estimate, at, node = pop(queue)
            if goal_at is not None and estimate >= goal_at:
                break  # nothing left in the queue can arrive earlier
            if at > best[node]:
                continue  # a stale entry: this node was reached earlier since
            if node == destination:  # a hub destination, reached
                return Journey(self.back(came, origin, node))
            if node != origin and node not in hubs:
                continue  # offices are not passed through
            last = feeders.get(node)
            if last is not None:  # a hub that feeds the destination office: its last hop
                trip = last.next_trip(at, cancelled)
                if trip is not None and (goal_at is None or trip[2] < goal_at):
                    goal, goal_at = (node, trip), trip[2]
            for onward, edge in out.get(node, ()):
                trip = edge.next_trip(at, cancelled)
                if trip is None:
                    continue
                arrives = trip[2]
                if arrives >= best.get(onward, arrives + 1):
                    continue
                estimate = arrives + bound.get(onward, 0)
                if goal_at is not None and estimate >= goal_at:
                    continue
                best[onward] = arrives
                came[onward] = (node, trip)
                push(queue, (estimate, arrives, onward))
        if goal is None:
            return None
        return Journey((*self.back(came, origin, goal[0]), _hop(goal[0], destination, goal[1])))

    def _earliest_as_timetabled(self, origin: str, destination: str, ready: int) -> Journey | None:
        """`earliest` with every trip running: each edge answers from its arrays (`_Edge.arrive_at`), and the
        journey is read back from (hub, edge, week, index) only once the goal is known."""
        feeders = dict(self.into_office.get(destination, ()))
        bound = self._bounds.to(destination)
        hubs, out, push, pop = self.hubs, self.out, heapq.heappush, heapq.heappop
        best: dict[str, int] = {origin: ready}
        came: dict[str, tuple[str, _Edge, int, int]] = {}
        queue = [(ready + bound.get(origin, 0), ready, origin)]
        goal: tuple[str, _Edge, int, int] | None = None
        goal_at = None
        while queue:
            estimate, at, node = pop(queue)
            if goal_at is not None and estimate >= goal_at:
                break
            if at > best[node]:
                continue
            if node == destination:
                return Journey(self._read_back(came, origin, node))
            if node != origin and node not in hubs:
                continue
            base, within = divmod(at, WEEK)
            base *= WEEK
            last = feeders.get(node)
            if last is not None:
                index = bisect_left(last.closes, within)
                arrives = base + last.arrive_at[index]
                if goal_at is None or arrives < goal_at:
                    goal, goal_at = (node, last, base, index), arrives
            for onward, edge in out.get(node, ()):
                index = bisect_left(edge.closes, within)
                arrives = base + edge.arrive_at[index]
                if arrives >= best.get(onward, arrives + 1):
                    continue
                estimate = arrives + bound.get(onward, 0)
                if goal_at is not None and estimate >= goal_at:
                    continue
                best[onward] = arrives
                came[onward] = (node, edge, base, index)
                push(queue, (estimate, arrives, onward))
        if goal is None:
            return None
        node, edge, base, index = goal
        return Journey((*self._read_back(came, origin, node), edge.hop(node, destination, base, index)))

    @staticmethod
    def _read_back(came: Mapping[str, tuple[str, _Edge, int, int]], origin: str, node: str) -> tuple[Hop, ...]:
        hops = []
        while node != origin:
            previous, edge, base, index = came[node]
            hops.append(edge.hop(previous, node, base, index))
            node = previous
        return tuple(reversed(hops))

    def tree(
        self, origin: str, ready: int, cancelled: frozenset[tuple[str, int]] = frozenset()
    ) -> dict[str, tuple[str, tuple[int, int, int, str]]]:
        """Every hub reached from `origin` (a hub) leaving at `ready`, each by its earliest trip: the search with no
        goal, for a batch of envelopes that share their first hop (routing/network_batch.py)."""
        best, came, queue = {origin: ready}, {}, [(ready, origin)]
        while queue:
            at, node = heapq.heappop(queue)
            if at > best[node]:
                continue
            for onward, edge in self.out.get(node, ()):
                trip = edge.next_trip(at, cancelled)
                if trip is not None and trip[2] < best.get(onward, trip[2] + 1):
                    best[onward], came[onward] = trip[2], (node, trip)
                    heapq.heappush(queue, (trip[2], onward))
        return came

    @staticmethod
    def back(came: Mapping[str, tuple[str, tuple[int, int, int, str]]], origin: str, node: str) -> tuple[Hop, ...]:
        """The hops from `origin` to `node`, read back along a search's record of how each node was reached."""
        hops = []
        while node != origin:
            previous, trip = came[node]
            hops.append(_hop(previous, node, trip))
            node = previous
        return tuple(reversed(hops))
