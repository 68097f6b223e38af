"""Tiny problems whose optimum is known by hand, and why jobs are left out."""

from routing.model import Effort, Job, Problem, Reason, Shipment, Task, Vehicle, Window
from routing.ortools_solver import solve

EFFORT = Effort(solutions=50, iterations=200)  # bounded by work: the same answer on a fast or a busy machine
CAP = 300  # seconds that only stop a search gone wrong; no test here comes near them

DAY = Window(0, 10_000)
# 0 depot; 1, 2, 3 on a line east of it: 0 --10-- 1 --10-- 2 --10-- 3
LINE = [[abs(a - b) * 10 for b in range(4)] for a in range(4)]


def problem(jobs=(), shipments=(), vehicles=None):
    vehicles = vehicles or (Vehicle("v1", 0, 0, DAY, capacity=(10,)),)
    return Problem(LINE, {"motorbike": LINE}, tuple(vehicles), tuple(jobs), tuple(shipments))


def job(i, window=DAY, load=1, skills=frozenset(), service=0):
    return Job(f"j{i}", Task(f"t{i}", i, window, service, (load,)), skills=skills)


def test_three_stops_on_a_line_cost_the_way_out_and_back():
    plan = solve(problem([job(1), job(2), job(3)]), time_limit=CAP, effort=EFFORT)
    assert plan.distance == 60
    assert [v.task_id for v in plan.routes[0].visits] in (["t1", "t2", "t3"], ["t3", "t2", "t1"])
    assert plan.unassigned == ()


def test_time_windows_force_the_order():
    jobs = [job(3, Window(0, 30)), job(1, Window(100, 200)), job(2, Window(40, 60))]
    plan = solve(problem(jobs), time_limit=CAP, effort=EFFORT)
    assert [v.task_id for v in plan.routes[0].visits] == ["t3", "t2", "t1"]
    assert plan.distance == 60
    assert plan.routes[0].visits[1].start == 40  # waits for the window


def test_a_shipment_is_picked_up_before_it_is_delivered_on_one_vehicle():
    shipment = Shipment("s", Task("p", 3, DAY, 0, (1,)), Task("d", 1, DAY, 0, (-1,)))
    plan = solve(problem(shipments=[shipment]), time_limit=CAP, effort=EFFORT)
    assert [v.task_id for v in plan.routes[0].visits] == ["p", "d"]
    assert plan.distance == 60


def test_two_vehicles_split_when_capacity_demands_it():
    vehicles = (Vehicle("v1", 0, 0, DAY, capacity=(2,)), Vehicle("v2", 0, 0, DAY, capacity=(2,)))
    plan = solve(problem([job(1, load=2), job(3, load=2)], vehicles=vehicles), time_limit=CAP, effort=EFFORT)
    assert len(plan.used) == 2 and plan.distance == 80


def test_unassigned_jobs_carry_the_reason():
    jobs = [
        job(1, skills=frozenset({"cash"})),
        job(2, load=50),
        job(3, Window(20_000, 30_000)),
    ]
    vehicles = (Vehicle("v1", 0, 0, DAY, capacity=(10,)),)
    plan = solve(problem(jobs, vehicles=vehicles), time_limit=CAP, effort=EFFORT)
    reasons = {u.job_id: u.reason for u in plan.unassigned}
    assert reasons == {"j1": Reason.MISSING_SKILL, "j2": Reason.CAPACITY, "j3": Reason.OUTSIDE_EVERY_SHIFT}


def test_a_window_that_cannot_be_reached_is_named():
    plan = solve(problem([job(3, Window(0, 5))]), time_limit=CAP, effort=EFFORT)
    assert plan.unassigned[0].reason is Reason.NO_WINDOW_REACHABLE


def test_locked_stops_stay_first_in_their_order():
    vehicles = (Vehicle("v1", 0, 0, DAY, capacity=(10,), locked=("t3", "t1")),)
    plan = solve(problem([job(1), job(2), job(3)], vehicles=vehicles), time_limit=CAP, effort=EFFORT)
    assert [v.task_id for v in plan.routes[0].visits][:2] == ["t3", "t1"]


def test_max_stops_limits_a_route():
    vehicles = (Vehicle("v1", 0, 0, DAY, capacity=(10,), max_stops=2), Vehicle("v2", 0, 0, DAY, capacity=(10,)))
    plan = solve(problem([job(1), job(2), job(3)], vehicles=vehicles), time_limit=CAP, effort=EFFORT)
    assert all(len(r.visits) <= 2 for r in plan.routes if r.vehicle_id == "v1")
    assert plan.unassigned == ()


def test_a_job_that_needs_a_skill_goes_to_the_vehicle_that_has_it():
    vehicles = (
        Vehicle("plain", 0, 0, DAY, capacity=(10,)),
        Vehicle("cash", 0, 0, DAY, capacity=(10,), skills=frozenset({"cash"})),
    )
    plan = solve(
        problem([job(1), job(3, skills=frozenset({"cash"}))], vehicles=vehicles), time_limit=CAP, effort=EFFORT
    )
    carrying = {v.task_id: r.vehicle_id for r in plan.routes for v in r.visits}
    assert carrying["t3"] == "cash" and plan.unassigned == ()


def test_a_day_too_big_for_one_solve_is_split_in_two_areas_and_nothing_is_dropped(monkeypatch):
    from routing import planner

    monkeypatch.setattr(planner, "SPLIT_ABOVE", 2)
    # two clusters: locations 1-2 west, 3-4 east of the depot 0
    coords = [0, -100, -110, 100, 110]
    matrix = [[abs(a - b) for b in coords] for a in coords]
    # a stop limit is a constraint only OR-Tools carries, so the day is split rather than seeded by VROOM
    vehicles = (Vehicle("v1", 0, 0, DAY, capacity=(10,), max_stops=9), Vehicle("v2", 0, 0, DAY, capacity=(10,)))
    jobs = tuple(Job(f"j{i}", Task(f"t{i}", i, DAY, 0, (1,))) for i in range(1, 5))
    plan = planner.plan(Problem(matrix, {"motorbike": matrix}, vehicles, jobs), time_limit=CAP, effort=EFFORT)
    by_vehicle = {r.vehicle_id: sorted(v.task_id for v in r.visits) for r in plan.routes}
    assert sorted(by_vehicle.values()) == [["t1", "t2"], ["t3", "t4"]]
    assert plan.unassigned == () and "split in two areas" in plan.notes[-1]


def test_the_generated_post_office_day_is_the_same_for_one_seed_and_fully_served():
    from routing.benchmarks.days import generate_day

    day = generate_day(60, 4, seed=7)
    assert day == generate_day(60, 4, seed=7)
    assert 59 <= len(day.tasks()) <= 60
    plan = solve(day, time_limit=CAP, effort=EFFORT)
    assert plan.unassigned == ()


def test_a_big_plain_day_starts_from_vroom_routes_in_the_or_tools_model(monkeypatch):
    from routing import planner
    from routing.benchmarks.days import generate_day

    monkeypatch.setattr(planner, "VROOM_ABOVE", 10)
    plan = planner.plan(generate_day(40, 3, seed=3), time_limit=CAP, effort=EFFORT)
    assert plan.notes[-1] == "seeded by VROOM" and plan.unassigned == ()


def test_a_day_too_short_for_all_drops_the_least_urgent_work_and_says_so():
    short = (Vehicle("v1", 0, 0, Window(0, 45), capacity=(10,)),)  # out to 2 and back, not to 1 as well
    urgent = Job("urgent", Task("t2", 2, DAY, 5, (1,)), priority=3)
    routine = Job("routine", Task("t1", 1, DAY, 20, (1,)))
    plan = solve(problem([routine, urgent], vehicles=short), time_limit=CAP, effort=EFFORT)
    assert [v.task_id for v in plan.routes[0].visits] == ["t2"]
    assert [(u.job_id, u.reason) for u in plan.unassigned] == [("routine", Reason.LESS_URGENT)]


def test_work_left_out_among_equals_has_no_room_rather_than_less_urgency():
    short = (Vehicle("v1", 0, 0, Window(0, 45), capacity=(10,)),)
    jobs = [Job("a", Task("t2", 2, DAY, 5, (1,))), Job("b", Task("t1", 1, DAY, 20, (1,)))]
    plan = solve(problem(jobs, vehicles=short), time_limit=CAP, effort=EFFORT)
    assert [u.reason for u in plan.unassigned] == [Reason.NO_ROOM]
