"""What makes the network's search goal-directed: the least riding time from every hub to a destination, waits left
out, so that it is never more than the truth and the search that adds it to arrival times still finds the earliest
journey (A*). One table a hub, computed when the network is built (a Dijkstra backwards over each edge's fastest
trip); a destination office's bounds combine the tables of the hubs feeding it, kept for the next envelope there."""

from __future__ import annotations

import heapq
from collections.abc import Mapping, Sequence


class RidingBounds:
    def __init__(
        self,
        hubs: frozenset[str],
        into_hub: Mapping[str, Sequence[tuple[str, int]]],
        feeding: Mapping[str, Sequence[tuple[str, int]]],
    ) -> None:
        """`into_hub`: for each hub, the hubs with a run to it and that run's least riding time; `feeding`: for
        each office, the hubs with a run to it and that run's least riding time."""
        self._into_hub, self._feeding = into_hub, feeding
        self._tables = {hub: self._backwards(hub) for hub in hubs}
        self._combined: dict[frozenset[tuple[str, int]], Mapping[str, int]] = {}

    def to(self, destination: str) -> Mapping[str, int]:
        """The least riding time from each hub to `destination` (a hub or an office); a hub missing from it cannot
        reach the destination."""
        if destination in self._tables:
            return self._tables[destination]
        feeders = frozenset(self._feeding.get(destination, ()))
        known = self._combined.get(feeders)
        if known is not None:
            return known
        bound: dict[str, int] = {}
        for hub, last in feeders:
            for node, riding in self._tables.get(hub, {}).items():
                if riding + last < bound.get(node, riding + last + 1):
                    bound[node] = riding + last
        if len(self._combined) > 4096:  # one per set of feeding hubs asked for: bounded
            self._combined.clear()
        self._combined[feeders] = bound
        return bound

    def _backwards(self, hub: str) -> dict[str, int]:
        table: dict[str, int] = {}
        queue = [(0, hub)]
        while queue:
            cost, node = heapq.heappop(queue)
            if node in table:
                continue
            table[node] = cost
            for previous, riding in self._into_hub.get(node, ()):
                if previous not in table:
                    heapq.heappush(queue, (cost + riding, previous))
        return table
