"""Earliest-arrival paths over a national timetable, against a plain Dijkstra over the time-expanded graph.

    python -m benchmarks.network [--offices 13000 --hubs 700 --legs 2000 --day 130000 --seed 7]

A generated network the size of the country's: offices in 34 provinces, each fed by a hub of its province twice
a day each way; every hub tied to its province's main hub four times a day each way and to a neighbour hub; main
hubs joined to every other by an overnight run. It prints the time of one leg's path (p50, p99) for our search
(routing/network.py) and for the baseline on the same legs, checks that both find the same arrival, then cancels
one busy trunk run and re-routes every envelope of a national day whose journey used it.
"""

from __future__ import annotations

import argparse
import heapq
import random
import statistics
import time
from bisect import bisect_left
from collections import defaultdict
from dataclasses import dataclass

from routing.network import Network
from routing.network_batch import route_many
from routing.timetable import Hop, Journey, Run

PROVINCES = 34
EVERY_DAY = frozenset(range(7))


@dataclass(frozen=True)
class National:
    runs: list[Run]
    hubs: list[str]
    offices: list[str]


def generate(offices: int, hubs: int, seed: int) -> National:
    rng = random.Random(seed)
    hub_codes = [f"H{n:04d}" for n in range(hubs)]
    province_of_hub = {hub: n % PROVINCES for n, hub in enumerate(hub_codes)}
    main = {p: next(h for h in hub_codes if province_of_hub[h] == p) for p in range(PROVINCES)}
    runs: list[Run] = []

    def run(origin: str, destination: str, departs: int, minutes: int, cutoff: int = 30) -> None:
        runs.append(Run(f"R{len(runs)}", origin, destination, EVERY_DAY, departs, departs + minutes, cutoff))

    office_codes = [f"O{n:05d}" for n in range(offices)]
    # Each hub's collection rounds reach it at fixed times, its delivery rounds leave at fixed times: an office
    # on a round is reached a little earlier or later than its neighbours, by the same van.
    collected = {hub: (rng.randint(690, 780), rng.randint(1020, 1110)) for hub in hub_codes}
    delivered = {hub: (rng.randint(300, 420), rng.randint(720, 840)) for hub in hub_codes}
    for office in office_codes:
        hub = rng.choice(hub_codes)
        for arrives in collected[hub]:
            ride = rng.randint(20, 90)
            run(office, hub, arrives - ride, ride)
        for departs in delivered[hub]:
            run(hub, office, departs, rng.randint(20, 90))
    for hub in hub_codes:
        centre = main[province_of_hub[hub]]
        if hub != centre:
            for departs in (240, 660, 1020, 1320):
                run(hub, centre, departs + rng.randint(0, 30), rng.randint(30, 150))
                run(centre, hub, departs + rng.randint(0, 30), rng.randint(30, 150))
        for neighbour in rng.sample(hub_codes, 3):  # across province borders, nearby
            if neighbour != hub:
                run(hub, neighbour, rng.randint(0, 1379), rng.randint(60, 300))
    for a in main.values():
        for b in main.values():
            if a != b:
                run(a, b, rng.randint(1200, 1380), rng.randint(300, 1400), cutoff=60)  # overnight trunk runs
    return National(runs, hub_codes, office_codes)


class TimeExpanded:
    """The baseline: every trip of a horizon as an event graph (departures, arrivals, waiting at a station),
    searched by a plain Dijkstra on arrival time."""

    def __init__(self, runs: list[Run], hubs: set[str], horizon_days: int) -> None:
        self.hubs = hubs
        self.events: dict[str, list[int]] = defaultdict(list)  # station -> sorted times at which bags may close
        self.trips: dict[tuple[str, int], list[tuple[str, int, int, int, str]]] = defaultdict(list)
        for run in runs:
            for week_day in range(horizon_days):
                if week_day % 7 not in run.weekdays:
                    continue
                closes = week_day * 1440 + run.departs - run.cutoff
                departs, arrives = week_day * 1440 + run.departs, week_day * 1440 + run.arrives
                self.trips[(run.origin, closes)].append((run.destination, closes, departs, arrives, run.code))
                self.events[run.origin].append(closes)
        for station in self.events:
            self.events[station] = sorted(set(self.events[station]))

    def earliest(self, origin: str, destination: str, ready: int) -> int | None:
        start = bisect_left(self.events[origin], ready)
        if start == len(self.events[origin]):
            return None
        queue = [(ready, origin, self.events[origin][start])]
        seen: set[tuple[str, int]] = set()
        while queue:
            at, station, event = heapq.heappop(queue)
            if (station, event) in seen:
                continue
            seen.add((station, event))
            if station == destination:
                return at
            if station != origin and station not in self.hubs:
                continue
            times = self.events[station]
            index = bisect_left(times, event)
            if index + 1 < len(times):  # wait for the station's next event
                heapq.heappush(queue, (at, station, times[index + 1]))
            for onward, _, _, arrives, _ in self.trips.get((station, event), ()):
                following = bisect_left(self.events.get(onward, []), arrives)
                if onward == destination:
                    heapq.heappush(queue, (arrives, onward, arrives))
                elif following < len(self.events.get(onward, [])):
                    heapq.heappush(queue, (arrives, onward, self.events[onward][following]))
        return None


def _arrival(journey: Journey | None) -> int:
    return journey.arrives if journey else 1 << 40  # no journey: later than any


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def _legs(national: National, count: int, rng: random.Random) -> list[tuple[str, str, int]]:
    return [
        (rng.choice(national.offices), rng.choice(national.offices), rng.randint(0, 5 * 1440)) for _ in range(count)
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--offices", type=int, default=13_000)
    parser.add_argument("--hubs", type=int, default=700)
    parser.add_argument("--legs", type=int, default=2_000)
    parser.add_argument("--baseline-legs", type=int, default=200)
    parser.add_argument("--day", type=int, default=130_000)
    parser.add_argument("--seed", type=int, default=7)
    arguments = parser.parse_args()
    rng = random.Random(arguments.seed)
    national = generate(arguments.offices, arguments.hubs, arguments.seed)
    daily = sum(len(r.weekdays) for r in national.runs) / 7
    print(f"network: {len(national.offices):,} offices, {len(national.hubs):,} hubs, {daily:,.0f} connections a day")

    began = time.perf_counter()
    network = Network(national.runs, national.hubs)
    print(f"built in {time.perf_counter() - began:.2f} s")
    legs = _legs(national, arguments.legs, rng)
    ours: list[float] = []
    found: list[Journey | None] = []
    for origin, destination, ready in legs:
        began = time.perf_counter()
        found.append(network.earliest(origin, destination, ready))
        ours.append((time.perf_counter() - began) * 1000)
    print(f"ours, {len(legs):,} legs: p50 {statistics.median(ours):.2f} ms, p99 {_percentile(ours, 0.99):.2f} ms")

    began = time.perf_counter()
    baseline = TimeExpanded(national.runs, set(national.hubs), horizon_days=12)
    print(f"baseline graph built in {time.perf_counter() - began:.1f} s")
    theirs: list[float] = []
    agree = 0
    for (origin, destination, ready), journey in list(zip(legs, found, strict=True))[: arguments.baseline_legs]:
        began = time.perf_counter()
        arrival = baseline.earliest(origin, destination, ready)
        theirs.append((time.perf_counter() - began) * 1000)
        agree += arrival == (journey.arrives if journey else None)
    print(
        f"plain Dijkstra on the time-expanded graph, {len(theirs):,} of the same legs: p50 "
        f"{statistics.median(theirs):.2f} ms, p99 {_percentile(theirs, 0.99):.2f} ms; "
        f"same arrival {agree}/{len(theirs)}"
    )
    reroute(network, national, arguments.day, rng)


def reroute(network: Network, national: National, day_size: int, rng: random.Random) -> None:
    """A national day's envelopes, each ready when its office's day ends, routed together (network_batch); then
    the busiest trunk run of the day cancelled and every envelope of the day routed again around it."""
    envelopes = [(o, d, 1440 + 960) for o, d, _ in _legs(national, day_size, rng)]  # Tuesday 16:00
    began = time.perf_counter()
    journeys = route_many(network, envelopes)
    print(f"a national day, {len(envelopes):,} envelopes, routed together in {time.perf_counter() - began:.1f} s")
    uses: dict[tuple[str, int], list[int]] = defaultdict(list)
    for index, journey in enumerate(journeys):
        for hop in journey.hops if journey else ():
            if hop.origin in network.hubs and hop.destination in network.hubs:
                uses[(hop.run, hop.departs)].append(index)
    cancelled, affected = max(uses.items(), key=lambda item: len(item[1]))
    began = time.perf_counter()
    rerouted = route_many(network, envelopes, cancelled=frozenset({cancelled}))
    seconds = time.perf_counter() - began
    later = sum(1 for i in affected if _arrival(rerouted[i]) > _arrival(journeys[i]))
    print(
        f"run {cancelled[0]} cancelled (it carried {len(affected):,} envelopes): the whole day re-routed in "
        f"{seconds:.1f} s on one core; {later:,} envelopes now arrive later"
    )


__all__ = ["Hop", "TimeExpanded", "generate"]

if __name__ == "__main__":
    main()
