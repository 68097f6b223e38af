"""Real post-office days (lunch, stop limits, the cash skill, envelopes in hand), planned and checked."""

import multiprocessing
import time
from dataclasses import replace

from routing import planner, portfolio
from routing.areas import split_plan
from routing.benchmarks.days import real_day
from routing.improve import by_parts, halves
from routing.model import Break, Job, Problem, Task, Vehicle, Window
from routing.verify import check
from routing.vroom_peer import vroom_routes

from .test_routing_small import CAP, EFFORT

DAY = Window(0, 1_000)
LINE = [[abs(a - b) * 10 for b in range(4)] for a in range(4)]


def routes_of(plan):
    return [[v.task_id for v in r.visits] for r in plan.routes]


def one_courier(**changes):
    vehicle = replace(Vehicle("v1", 0, 0, DAY, capacity=(2,)), **changes)
    jobs = tuple(Job(f"j{i}", Task(f"t{i}", i, DAY, 10, (-1,))) for i in (1, 2, 3))
    return Problem(LINE, {"motorbike": LINE}, (vehicle,), jobs)


def test_the_check_accepts_a_route_that_keeps_every_rule():
    assert check(one_courier(capacity=(3,)), [["t1", "t2", "t3"]]).violations == ()


def test_the_check_names_each_broken_rule():
    assert "more than 2" in check(one_courier(capacity=(3,), max_stops=2), [["t1", "t2", "t3"]]).violations[0]
    assert "exceeds the capacity" in check(one_courier(), [["t1", "t2", "t3"]]).violations[0]
    locked = one_courier(capacity=(3,), locked=("t3",))
    assert "in hand" in check(locked, [["t1", "t2", "t3"]]).violations[0]
    lunch = Break(Window(0, 10), 995)  # cannot fit beside 30 s of visits in a 1,000 s day
    assert check(one_courier(capacity=(3,), breaks=(lunch,)), [["t1", "t2", "t3"]]).violations
    assert check(one_courier(capacity=(3,)), [["t1"]]).unserved == 2


def test_vroom_given_a_real_day_keeps_every_rule_and_starts_with_the_envelopes_in_hand():
    day = real_day(80, 5, seed=5)
    routes = vroom_routes(day, exploration=0, threads=1)
    found = check(day, routes)
    assert found.violations == ()
    for vehicle, route in zip(day.vehicles, routes, strict=True):
        assert route[: len(vehicle.locked)] == list(vehicle.locked)


def test_the_planner_plans_a_real_day_with_every_rule_kept_and_names_the_member_it_published():
    day = real_day(80, 5, seed=5)
    plan = planner.plan(day, CAP, effort=EFFORT)
    found = check(day, routes_of(plan))
    assert found.violations == () and found.unserved == 0
    assert any(note.startswith("published: ") for note in plan.notes)


def test_the_published_plan_is_never_worse_than_vroom_alone_at_any_level_of_its_ladder():
    day = real_day(80, 5, seed=5, in_hand_share=0.0)  # couriers with empty hands: VROOM at its strongest
    found = check(day, routes_of(planner.plan(day, CAP, effort=EFFORT)))
    assert found.violations == ()
    ours = (found.unserved, found.vehicles, found.metres)
    for level in portfolio.LADDER:
        alone = check(day, vroom_routes(day, exploration=level, threads=1))
        assert ours <= (alone.unserved, alone.vehicles, alone.metres), level


def test_a_big_real_day_is_split_with_each_courier_keeping_their_envelopes_and_kind():
    day = real_day(120, 8, seed=9)
    plan = split_plan(day, CAP, processes=1, effort=EFFORT, solver=planner.constrained)
    found = check(day, routes_of(plan))
    assert found.violations == () and found.unserved == 0
    assert any("split in two areas" in note for note in plan.notes)


def _plan_in(answer):
    day = real_day(40, 3, seed=3)
    plan = planner.plan(day, CAP, effort=EFFORT)
    answer.send((check(day, routes_of(plan)).violations, plan.notes))


def test_a_worker_pool_process_which_may_not_fork_still_plans_a_real_day():
    context = multiprocessing.get_context("fork")
    receive, send = context.Pipe(duplex=False)
    worker = context.Process(target=_plan_in, args=(send,), daemon=True)  # as Celery's pool runs a task
    worker.start()
    send.close()  # a child that dies without answering then ends the wait with EOFError
    violations, notes = receive.recv()
    assert violations == () and "seeded by VROOM in its own process" in notes
    worker.join()


def _score(day, routes):
    found = check(day, routes)
    assert found.violations == ()
    return (found.unserved, found.vehicles, found.metres)


def test_improvement_by_parts_keeps_every_rule_and_never_makes_a_plan_worse():
    day = real_day(80, 5, seed=5, in_hand_share=0.0)
    start = vroom_routes(day, exploration=0, threads=1)
    improved = by_parts(day, start, time.monotonic() + CAP, EFFORT)
    assert improved.groups_tried >= 1
    assert _score(day, improved.routes) <= _score(day, start)
    assert sorted(t for r in improved.routes for t in r) == sorted(t for r in start for t in r)


def test_improvement_by_parts_takes_up_a_better_plan_offered_meanwhile():
    day = real_day(80, 5, seed=5, in_hand_share=0.0)
    start = vroom_routes(day, exploration=0, threads=1)
    better = vroom_routes(day, exploration=5, threads=1)
    assert _score(day, better) < _score(day, start)
    improved = by_parts(day, start, time.monotonic() + CAP, EFFORT, offered=lambda: better)
    assert _score(day, improved.routes) <= _score(day, better)


def test_a_route_whose_stops_fit_on_its_neighbours_is_emptied_and_its_courier_freed():
    day = real_day(80, 5, seed=5, in_hand_share=0.0)
    routes = vroom_routes(day, exploration=5, threads=1)
    used = _score(day, routes)[1]
    single = {j.task.id for j in day.jobs if not j.skills}
    donor = next(v for v, r in enumerate(routes) if any(t in single for t in r))
    spare = next(v for v, r in enumerate(routes) if not r)
    moved = next(t for t in routes[donor] if t in single)
    routes[donor] = [t for t in routes[donor] if t != moved]
    routes[spare] = [moved]  # one lone stop on a courier of its own
    assert _score(day, routes)[1] == used + 1
    improved = by_parts(day, routes, time.monotonic() + CAP, EFFORT)
    assert _score(day, improved.routes)[1] <= used


def test_the_day_is_halved_into_two_sets_of_couriers_each_on_its_side():
    day = real_day(120, 8, seed=9, in_hand_share=0.0)
    routes = vroom_routes(day, exploration=2, threads=1)
    first, second = halves(day, routes)
    assert first.isdisjoint(second) and first | second == set(range(len(day.vehicles)))
    used = [v for v, r in enumerate(routes) if r]
    assert abs(len([v for v in used if v in first]) - len([v for v in used if v in second])) <= 1


def test_improvement_by_parts_among_some_couriers_leaves_the_other_routes_as_they_are():
    day = real_day(120, 8, seed=9, in_hand_share=0.0)
    routes = vroom_routes(day, exploration=0, threads=1)
    first, second = halves(day, routes)
    improved = by_parts(day, routes, time.monotonic() + CAP, EFFORT, among=first)
    assert all(improved.routes[v] == routes[v] for v in second)
    assert _score(day, improved.routes) <= _score(day, routes)


def test_both_halves_improved_at_once_make_one_plan_that_keeps_every_rule_and_every_stop():
    day = real_day(120, 8, seed=9, in_hand_share=0.0)
    routes = vroom_routes(day, exploration=0, threads=1)
    improved = portfolio._by_parts_on_two_cores(day, routes, time.monotonic() + CAP, EFFORT)
    assert improved.groups_tried >= 2
    assert _score(day, improved.routes) <= _score(day, routes)
    assert sorted(t for r in improved.routes for t in r) == sorted(t for r in routes for t in r)
