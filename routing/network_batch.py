"""A day's envelopes routed at once: the same answers as one search each (routing/network.py), found by sharing
the work. Every journey from an office starts with a trip to one of its hubs; envelopes whose first trips reach
the same hub at the same minute share one search of the hubs from there (a tree), and each then needs only its
last hop, from the best of its destination's feeding hubs. A morning's collection rounds bring an office's
envelopes, and its neighbours', to the hub together, so a national day of 130,000 envelopes needs a few thousand
trees rather than 130,000 searches."""

from __future__ import annotations

from collections.abc import Sequence

from .network import Network, _hop
from .timetable import Hop, Journey

Tree = dict[str, tuple[str, tuple[int, int, int, str]]]


def route_many(
    network: Network, legs: Sequence[tuple[str, str, int]], cancelled: frozenset[tuple[str, int]] = frozenset()
) -> list[Journey | None]:
    """The earliest journey of each (origin, destination, ready), with the given trips cancelled."""
    trees: dict[tuple[str, int], Tree] = {}
    return [_earliest(network, trees, origin, destination, ready, cancelled) for origin, destination, ready in legs]


def _earliest(
    network: Network,
    trees: dict[tuple[str, int], Tree],
    origin: str,
    destination: str,
    ready: int,
    cancelled: frozenset[tuple[str, int]],
) -> Journey | None:
    if origin == destination:
        return Journey(())
    starts: list[tuple[str, int, tuple[Hop, ...]]] = [(origin, ready, ())] if origin in network.hubs else []
    for hub, edge in network.out.get(origin, ()) if origin not in network.hubs else ():
        trip = edge.next_trip(ready, cancelled)
        if trip is not None:
            starts.append((hub, trip[2], (_hop(origin, hub, trip),)))
    feeders = network.into_office.get(destination, ())
    best: Journey | None = None
    for feeder, edge in feeders:  # a run straight from the origin office to the destination
        if feeder == origin and (trip := edge.next_trip(ready, cancelled)) is not None:
            best = Journey((_hop(origin, destination, trip),))
    for hub, at, first in starts:
        tree = trees.get((hub, at))
        if tree is None:
            tree = trees[(hub, at)] = network.tree(hub, at, cancelled)
        if destination in network.hubs:
            if destination in tree or destination == hub:
                journey = Journey(first + network.back(tree, hub, destination))
                best = journey if best is None or journey.arrives < best.arrives else best
            continue
        for feeder, edge in feeders:
            if feeder != hub and feeder not in tree:
                continue
            reached = at if feeder == hub else tree[feeder][1][2]
            trip = edge.next_trip(reached, cancelled)
            if trip is not None and (best is None or trip[2] < best.arrives):
                best = Journey((*first, *network.back(tree, hub, feeder), _hop(feeder, destination, trip)))
    return best
