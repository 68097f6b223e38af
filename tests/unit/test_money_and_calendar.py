from datetime import UTC, date, datetime, timedelta

from postal_service.domain.calendar import WorkingCalendar, transit_deadline
from postal_service.domain.money import Exemption, Tariff, Zone, make_quote, zone_between
from postal_service.domain.timeslots import LOCAL_TZ, Slot, is_offered, slots_on, validate_opening_hours

TARIFF = Tariff()
HOURS = validate_opening_hours({"mon": ["07:30", "17:30"], "sat": ["07:30", "11:30"]})


def test_zones_follow_province_and_commune():
    assert zone_between(1, 70, 1, 70) is Zone.SAME_COMMUNE
    assert zone_between(1, 70, 1, 167) is Zone.SAME_PROVINCE
    assert zone_between(1, 70, 79, 26882) is Zone.OTHER_PROVINCE


def test_the_observed_district_tariff_prices_each_leg():
    quote = make_quote(
        TARIFF, [("dossier", Zone.SAME_PROVINCE), ("result", Zone.OTHER_PROVINCE)], 200_000, Exemption.NONE
    )
    assert quote.postal_charge == 33_000 + 60_500
    assert quote.procedure_fee == 200_000
    assert quote.total == 293_500


def test_exemptions_reduce_the_postal_charge_but_never_the_procedure_fee():
    half = make_quote(TARIFF, [("result", Zone.OTHER_PROVINCE)], 50_000, Exemption.HALF)
    free = make_quote(TARIFF, [("result", Zone.SAME_COMMUNE)], 50_000, Exemption.FREE)
    assert half.postal_charge == 30_250 and half.procedure_fee == 50_000
    assert free.postal_charge == 0 and free.total == 50_000


def test_working_days_skip_sundays_saturdays_and_holidays():
    calendar = WorkingCalendar(frozenset({date(2026, 9, 1), date(2026, 9, 2)}))
    friday = date(2026, 8, 28)
    assert calendar.add_working_days(friday, 1) == date(2026, 8, 31)  # Monday
    assert calendar.add_working_days(friday, 2) == date(2026, 9, 3)  # Tue/Wed are national day
    assert WorkingCalendar(saturday_is_working=True).add_working_days(friday, 1) == date(2026, 8, 29)


def test_deadlines_are_j_plus_one_two_three_by_zone():
    calendar = WorkingCalendar()
    monday = date(2026, 11, 23)
    days = {Zone.SAME_COMMUNE: 1, Zone.SAME_PROVINCE: 2, Zone.OTHER_PROVINCE: 3}
    assert transit_deadline(calendar, monday, Zone.SAME_COMMUNE, days) == date(2026, 11, 24)
    assert transit_deadline(calendar, monday, Zone.OTHER_PROVINCE, days) == date(2026, 11, 26)


def test_working_days_between_counts_only_days_after_the_start():
    calendar = WorkingCalendar()
    assert calendar.working_days_between(date(2026, 11, 20), date(2026, 11, 23)) == 1  # Fri -> Mon
    assert calendar.working_days_between(date(2026, 11, 23), date(2026, 11, 23)) == 0


def test_slots_fill_the_opening_hours_in_two_hour_blocks():
    monday = date(2026, 11, 23)
    slots = slots_on(HOURS, monday, timedelta(hours=2))
    assert [s.start.astimezone(LOCAL_TZ).strftime("%H:%M") for s in slots] == [
        "07:30",
        "09:30",
        "11:30",
        "13:30",
        "15:30",
    ]
    assert slots_on(HOURS, date(2026, 11, 22), timedelta(hours=2)) == []  # Sunday: closed
    assert len(slots_on(HOURS, date(2026, 11, 28), timedelta(hours=2))) == 2  # Saturday morning


def test_only_an_offered_slot_is_accepted():
    start = datetime(2026, 11, 23, 9, 30, tzinfo=LOCAL_TZ).astimezone(UTC)
    assert is_offered(HOURS, Slot(start, start + timedelta(hours=2)), timedelta(hours=2))
    off_grid = start + timedelta(minutes=15)
    assert not is_offered(HOURS, Slot(off_grid, off_grid + timedelta(hours=2)), timedelta(hours=2))
