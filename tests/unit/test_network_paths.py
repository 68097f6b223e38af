"""The earliest journey of an envelope over the weekly timetable: cut-offs, overnight runs, a faster run that
leaves later, offices never passed through, a cancelled run, and agreement with a plain search on random
networks (hypothesis)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from benchmarks.network import TimeExpanded
from routing.network import Network
from routing.network_batch import route_many
from routing.timetable import Run

DAILY = frozenset(range(7))
MONDAY, DAY = 0, 1440


def _hours(h: float) -> int:
    return int(h * 60)


DA_NANG_TO_HA_NOI = [
    Run("DN-collect", "550000", "HUB-DN", DAILY, _hours(16), _hours(17)),
    Run("DN-HN-night", "HUB-DN", "HUB-HN", DAILY, _hours(21), _hours(21 + 14), cutoff=60),
    Run("HN-deliver", "HUB-HN", "100000", DAILY, _hours(6), _hours(7)),
    Run("HN-deliver-pm", "HUB-HN", "100000", DAILY, _hours(13), _hours(14)),
]


def test_a_dossier_from_da_nang_reaches_ha_noi_the_next_morning_through_both_hubs():
    journey = Network(DA_NANG_TO_HA_NOI, {"HUB-DN", "HUB-HN"}).earliest("550000", "100000", MONDAY + _hours(10))
    assert [hop.run for hop in journey.hops] == ["DN-collect", "DN-HN-night", "HN-deliver-pm"]
    assert journey.arrives == DAY + _hours(14)  # the night run arrives at 11:00: the afternoon delivery takes it


def test_an_envelope_after_the_cut_off_waits_for_the_next_days_run():
    network = Network(DA_NANG_TO_HA_NOI, {"HUB-DN", "HUB-HN"})
    on_time = network.earliest("550000", "100000", MONDAY + _hours(15.5))  # 16:00 run, bags close at 15:30
    late = network.earliest("550000", "100000", MONDAY + _hours(15.5) + 1)
    assert on_time.hops[0].departs == MONDAY + _hours(16)
    assert late.hops[0].departs == DAY + _hours(16) and late.arrives == on_time.arrives + DAY


def test_a_faster_run_closing_later_is_taken_over_a_slow_one_closing_first():
    runs = [
        Run("slow", "A", "HUB", DAILY, _hours(9), _hours(20)),
        Run("fast", "A", "HUB", DAILY, _hours(10), _hours(11)),
        Run("out", "HUB", "B", DAILY, _hours(12), _hours(13)),
    ]
    journey = Network(runs, {"HUB"}).earliest("A", "B", MONDAY)
    assert [hop.run for hop in journey.hops] == ["fast", "out"] and journey.arrives == _hours(13)


def test_offices_are_never_passed_through_and_a_cancelled_run_moves_the_journey_to_the_next():
    runs = [
        Run("to-office", "HUB", "X", DAILY, _hours(8), _hours(9)),
        Run("office-on", "X", "B", DAILY, _hours(10), _hours(11)),  # a shortcut through an office: not taken
        Run("collect", "A", "HUB", DAILY, _hours(7), _hours(7.5)),
        Run("deliver", "HUB", "B", DAILY, _hours(15), _hours(16)),
    ]
    network = Network(runs, {"HUB"})
    journey = network.earliest("A", "B", MONDAY)
    assert [hop.run for hop in journey.hops] == ["collect", "deliver"]
    cancelled = network.earliest("A", "B", MONDAY, cancelled=frozenset({("deliver", _hours(15))}))
    assert cancelled.hops[-1].departs == DAY + _hours(15)
    assert Network(runs[:2], {"HUB"}).earliest("A", "B", MONDAY) is None  # no way at all


def test_a_week_wraps_a_sunday_envelope_reaches_monday_runs():
    runs = [Run("mon", "A", "HUB", frozenset({0}), _hours(9), _hours(10)), Run("out", "HUB", "B", DAILY, 720, 780)]
    journey = Network(runs, {"HUB"}).earliest("A", "B", 6 * DAY + _hours(12))  # Sunday noon
    assert journey.hops[0].departs == 7 * DAY + _hours(9)


@pytest.mark.parametrize(
    ("run", "said"),
    [
        (Run("r", "A", "A", DAILY, 60, 120), "to itself"),
        (Run("r", "A", "B", frozenset(), 60, 120), "weekday"),
        (Run("r", "A", "B", DAILY, 600, 500), "arrives before it leaves"),
        (Run("r", "A", "B", DAILY, 1500, 1600), "outside its day"),
    ],
)
def test_a_run_that_cannot_be_is_refused_naming_why(run, said):
    with pytest.raises(ValueError, match=said):
        Network([run], set())


stations = st.sampled_from(["A", "B", "C", "H1", "H2", "H3"])
runs = st.lists(
    st.builds(
        lambda o, d, days, dep, ride, cut, n: Run(f"r{n}", o, d, days, dep, dep + ride, cut),
        stations,
        stations,
        st.frozensets(st.integers(0, 6), min_size=1),
        st.integers(0, 1439),
        st.integers(1, 2000),
        st.integers(0, 120),
        st.integers(0, 10**6),
    ).filter(lambda r: r.origin != r.destination),
    min_size=1,
    max_size=25,
    unique_by=lambda r: r.code,
)


@settings(max_examples=200, deadline=None)
@given(runs, stations, stations, st.integers(0, 3 * DAY))
def test_the_search_finds_the_same_arrival_as_a_plain_search_of_every_trip(timetable, origin, destination, ready):
    hubs = {"H1", "H2", "H3"}
    journey = Network(timetable, hubs).earliest(origin, destination, ready)
    plain = TimeExpanded(timetable, hubs, horizon_days=60).earliest(origin, destination, ready)
    if origin == destination:
        return
    assert (journey.arrives if journey else None) == plain
    for before, after in zip(journey.hops if journey else (), (journey.hops[1:] if journey else ()), strict=False):
        assert before.destination == after.origin and before.arrives <= after.closes  # each bag made its cut-off


@settings(max_examples=150, deadline=None)
@given(runs, st.lists(st.tuples(stations, stations, st.integers(0, 3 * DAY)), min_size=1, max_size=12))
def test_a_batch_of_envelopes_routed_together_gets_each_ones_own_earliest_journey(timetable, legs):
    network = Network(timetable, {"H1", "H2", "H3"})
    together = route_many(network, legs)
    alone = [network.earliest(*leg) for leg in legs]

    def arrivals(journeys):
        return [j.arrives if j and j.hops else None for j in journeys]

    assert arrivals(together) == arrivals(alone)
