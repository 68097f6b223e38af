"""The roster rules: which hours a courier works on a day, and which weeks and changes are refused."""

from datetime import date, time

from postal_service.domain.rosters import (
    Change,
    ChangeKind,
    DayOff,
    Week,
    WorkingDay,
    change_errors,
    day_of,
    usual_week,
    week_errors,
)
from postal_service.services.planning_problem import courier_hours
from routing.model import Break, Window

OFFICE = {d: ["07:30", "17:30"] for d in ("mon", "tue", "wed", "thu", "fri")} | {"sat": ["07:30", "11:30"]}
WEEK = Week({d: ["08:00", "17:00"] for d in ("mon", "tue", "wed", "thu", "fri")}, {"mon": ["11:30", "13:30"]}, 45)
MONDAY, SATURDAY, SUNDAY = date(2026, 11, 23), date(2026, 11, 28), date(2026, 11, 29)
LEAVE, SICK, HALF, SWAP = ChangeKind.LEAVE, ChangeKind.SICK, ChangeKind.HALF_DAY, ChangeKind.SWAP


def test_a_courier_nobody_rostered_works_the_offices_hours_with_lunch_where_the_day_spans_it():
    week = usual_week(OFFICE)
    assert day_of(week, [], MONDAY) == WorkingDay(time(7, 30), time(17, 30), (time(11, 30), time(13, 45)), 45)
    assert day_of(week, [], SATURDAY) == WorkingDay(time(7, 30), time(11, 30), None, 45)  # closes before lunch
    assert day_of(week, [], SUNDAY) == DayOff()


def test_leave_and_sick_days_are_off_and_say_why():
    leave = Change(LEAVE, MONDAY, date(2026, 11, 25))
    assert [day_of(WEEK, [leave], date(2026, 11, d)) for d in (23, 25, 26)] == [
        DayOff(LEAVE),
        DayOff(LEAVE),
        WorkingDay(time(8), time(17), None, 45),
    ]
    assert day_of(WEEK, [Change(SICK, MONDAY, MONDAY)], MONDAY) == DayOff(SICK)


def test_a_half_day_is_the_morning_until_noon_unless_its_hours_are_given():
    assert day_of(WEEK, [Change(HALF, MONDAY, MONDAY)], MONDAY) == WorkingDay(time(8), time(12), None, 45, HALF)
    afternoon = Change(HALF, MONDAY, MONDAY, hours=(time(13), time(17)))
    assert day_of(WEEK, [afternoon], MONDAY) == WorkingDay(time(13), time(17), None, 45, HALF)
    long_morning = Change(HALF, MONDAY, MONDAY, hours=(time(8), time(14)))
    assert day_of(WEEK, [long_morning], MONDAY).lunch == (time(11, 30), time(13, 30))  # still fits: kept


def test_a_swap_gives_up_one_day_and_works_another_with_the_given_up_days_hours():
    swap = Change(SWAP, MONDAY, MONDAY, works_on=SATURDAY)
    assert day_of(WEEK, [swap], MONDAY) == DayOff(SWAP)
    assert day_of(WEEK, [swap], SATURDAY) == WorkingDay(time(8), time(17), (time(11, 30), time(13, 30)), 45, SWAP)
    short = Change(SWAP, MONDAY, MONDAY, works_on=SATURDAY, hours=(time(7, 30), time(11, 30)))
    assert day_of(WEEK, [short], SATURDAY) == WorkingDay(time(7, 30), time(11, 30), None, 45, SWAP)


def test_a_week_is_refused_day_by_day_where_it_breaks_the_office_or_its_own_lunch():
    week = Week(
        {"mon": ["07:00", "17:00"], "tue": ["08:00", "12:00"], "sun": ["08:00", "11:00"]},
        {"tue": ["11:00", "13:00"], "wed": ["11:30", "13:00"], "mon": ["12:00", "12:30"]},
        45,
    )
    assert week_errors(week, OFFICE) == {
        "shifts.mon": "a shift falls within the post office's opening hours that day",
        "lunch.mon": "the lunch window is shorter than the lunch itself",
        "lunch.tue": "the lunch falls inside the shift",
        "lunch.wed": "a lunch needs a shift that day",
        "shifts.sun": "the post office is closed that day",
    }
    assert week_errors(WEEK, OFFICE) == {}


def errors(change: Change, *others: Change) -> set[str]:
    return set(change_errors(change, WEEK, OFFICE, others, MONDAY))


def test_a_change_is_refused_naming_each_field_it_gets_wrong():
    assert errors(Change(LEAVE, date(2026, 11, 20), date(2026, 11, 20))) == {"first_day"}
    assert errors(Change(LEAVE, date(2026, 11, 25), MONDAY)) == {"last_day"}
    assert errors(Change(LEAVE, MONDAY, date(2027, 11, 24))) == {"last_day"}  # more than a year
    assert errors(Change(LEAVE, MONDAY, date(2027, 11, 23))) == set()
    assert errors(Change(SICK, MONDAY, MONDAY, hours=(time(8), time(12)))) == {"hours"}
    assert errors(Change(HALF, MONDAY, MONDAY, hours=(time(12), time(8)))) == {"hours"}
    assert errors(Change(HALF, MONDAY, MONDAY, hours=(time(7), time(12)))) == {"hours"}  # before the shift
    assert errors(Change(HALF, SATURDAY, SATURDAY)) == {"first_day"}  # the week does not work Saturdays
    afternoons = Week({"mon": ["13:00", "17:00"]}, {}, 45)
    late = change_errors(Change(HALF, MONDAY, MONDAY), afternoons, OFFICE, (), MONDAY)
    assert set(late) == {"hours"}  # the morning until noon is no part of an afternoon shift
    assert errors(Change(LEAVE, MONDAY, MONDAY, works_on=SATURDAY)) == {"works_on"}


def test_a_swap_must_give_up_a_working_day_for_one_the_week_leaves_off_when_the_office_is_open():
    assert errors(Change(SWAP, MONDAY, MONDAY)) == {"works_on"}
    assert errors(Change(SWAP, MONDAY, MONDAY, works_on=date(2026, 11, 24))) == {"works_on"}  # already worked
    assert errors(Change(SWAP, SATURDAY, SATURDAY, works_on=SUNDAY)) == {"first_day", "works_on"}
    assert errors(Change(SWAP, MONDAY, date(2026, 11, 24), works_on=SATURDAY)) == {"last_day", "works_on"}
    assert errors(Change(SWAP, MONDAY, MONDAY, works_on=SATURDAY)) == {"works_on"}  # 08:00-17:00, closes 11:30
    assert errors(Change(SWAP, MONDAY, MONDAY, works_on=SATURDAY, hours=(time(8), time(11)))) == set()


def test_changes_of_one_courier_never_share_a_day_a_swaps_day_worked_included():
    leave = Change(LEAVE, date(2026, 11, 24), date(2026, 11, 26), id=1)
    assert errors(Change(HALF, date(2026, 11, 26), date(2026, 11, 26)), leave) == {"first_day"}
    assert errors(Change(HALF, date(2026, 11, 27), date(2026, 11, 27)), leave) == set()
    swap = Change(SWAP, MONDAY, MONDAY, works_on=SATURDAY, hours=(time(8), time(11)), id=2)
    assert errors(Change(LEAVE, SATURDAY, SATURDAY), swap) == {"first_day"}


def test_a_courier_is_planned_inside_both_their_hours_and_the_offices_with_lunch_only_while_it_can_start():
    opening = Window(7 * 3600 + 1800, 17 * 3600 + 1800)
    day = WorkingDay(time(8), time(17), (time(11, 30), time(13, 45)), 45)
    lunch = Break(Window(11 * 3600 + 1800, 13 * 3600), 45 * 60)
    assert courier_hours(day, opening, 0) == (Window(8 * 3600, 17 * 3600), (lunch,))
    at_noon = courier_hours(day, opening, 12 * 3600)
    assert at_noon == (Window(12 * 3600, 17 * 3600), (Break(Window(12 * 3600, 13 * 3600), 45 * 60),))
    assert courier_hours(day, opening, 13 * 3600 + 60)[1] == ()  # too late to start lunch
    early = WorkingDay(time(6), time(19), None, 45)
    assert courier_hours(early, opening, 0) == (opening, ())
    assert courier_hours(day, opening, 18 * 3600)[0] == Window(opening.end, opening.end)  # the day is over
