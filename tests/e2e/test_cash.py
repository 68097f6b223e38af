"""A courier's cash of the day: counted in against the payments, a difference flagged, a manager signs it off."""

import json
from datetime import date

from .crowd import post_at_once
from .test_dispatch_pages import signed_in

COUNT_IN = "/post-offices/100000/cash-handovers"


def test_the_cash_a_courier_hands_in_is_set_against_the_payments_and_signed_off_by_another_person(api):
    booked = api.book("send")
    api.dossier_to_agency_desk(booked)  # courier1 collected the quote in cash on Monday
    total = booked["request"]["quote"]["total"]
    api.at(date(2026, 11, 23), 17)
    day = api.ok(api.get("/post-offices/100000/cash", as_="counter", day="2026-11-23"))
    mine = next(c for c in day if c["courier_username"] == "courier1")
    assert mine["expected"] == total and mine["handover"] is None

    short = {"courier_username": "courier1", "declared": total, "counted": total - 1_000}
    counted = api.ok(api.post(COUNT_IN, short, as_="counter"), 201)
    assert counted["difference"] == -1_000 and counted["flagged"] and counted["counted_by"] == "user:counter"
    assert api.post(COUNT_IN, short, as_="counter").status_code == 409  # one count per courier and day

    sign_off = f"/cash-handovers/{counted['id']}/sign-off"
    assert api.post(sign_off, {}, as_="counter").status_code == 403  # counter staff count; managers close
    signed = api.ok(api.post(sign_off, {"note": "thiếu 1.000 đ, bưu tá nộp bù ngày mai"}, as_="dispatcher"))
    assert signed["signed_off_by"] == "user:dispatcher" and "nộp bù" in signed["note"]
    assert api.post(sign_off, {}, as_="admin").status_code == 409  # closed once


def test_whoever_counted_the_cash_may_not_sign_it_off(api):
    nothing = {"courier_username": "courier2", "declared": 0, "counted": 0}
    counted = api.ok(api.post(COUNT_IN, nothing, as_="dispatcher"), 201)
    assert not counted["flagged"]
    sign_off = f"/cash-handovers/{counted['id']}/sign-off"
    assert api.post(sign_off, {}, as_="dispatcher").status_code == 403
    assert api.ok(api.post(sign_off, {}, as_="admin"))["signed_off_by"] == "user:admin"


def test_a_bad_count_names_every_bad_field_and_keeps_nothing(api):
    bad = {"courier_username": "clerk", "declared": -5, "counted": "a lot"}
    answer = api.post(COUNT_IN, bad, as_="counter")
    assert answer.status_code == 422
    assert {f["field"] for f in answer.get_json()["error"]["fields"]} == {"declared", "counted"}
    not_a_courier = api.post(COUNT_IN, {"courier_username": "clerk", "declared": 0, "counted": 0}, as_="counter")
    assert not_a_courier.status_code == 422
    day = api.ok(api.get("/post-offices/100000/cash", as_="counter"))
    assert all(c["handover"] is None for c in day)


def test_five_people_counting_one_couriers_cash_at_once_record_it_once(api):
    calls = [(f"/api/v1{COUNT_IN}", json.dumps(body).encode(), api.login(name)) for name, body in _counts()]
    answers = post_at_once(api.app, calls)
    assert sorted(a.status for a in answers) == [201] + [409] * 4
    day = api.ok(api.get("/post-offices/100000/cash", as_="counter"))
    assert next(c for c in day if c["courier_username"] == "courier1")["handover"]["counted"] == 0


def test_two_managers_signing_off_one_day_at_once_close_it_once(api):
    counted = api.ok(
        api.post(COUNT_IN, {"courier_username": "courier1", "declared": 0, "counted": 0}, as_="counter"), 201
    )
    path = f"/api/v1/cash-handovers/{counted['id']}/sign-off"
    answers = post_at_once(api.app, [(path, b"{}", api.login(name)) for name in ("dispatcher", "admin")])
    assert sorted(a.status for a in answers) == [200, 409]


def _counts():
    return [
        (name, {"courier_username": "courier1", "declared": 0, "counted": 0})
        for name in ["counter", "dispatcher", "admin", "counter", "dispatcher"]
    ]


def test_the_cash_page_offers_a_count_for_each_courier_and_the_sign_off_to_another_manager(app, api):
    counted = api.ok(
        api.post(COUNT_IN, {"courier_username": "courier1", "declared": 0, "counted": 0}, as_="dispatcher"), 201
    )
    page = signed_in(app, "counter").get("/dispatch/cash?lang=vi").get_data(as_text=True)
    assert "Tiền mặt của bưu tá" in page and "/api/v1/post-offices/100000/cash-handovers" in page  # courier2's count
    assert f"/api/v1/cash-handovers/{counted['id']}/sign-off" not in page  # counter staff do not sign off
    mine = signed_in(app, "dispatcher").get("/dispatch/cash?lang=vi").get_data(as_text=True)
    assert "Người khác duyệt" in mine  # the dispatcher counted it: another manager signs off
    theirs = signed_in(app, "admin").get("/dispatch/cash").get_data(as_text=True)
    assert f"/api/v1/cash-handovers/{counted['id']}/sign-off" in theirs
    assert signed_in(app, "courier1").get("/dispatch/cash").status_code == 403


def test_a_day_whose_cash_differs_is_signed_off_only_with_a_note_saying_why(api):
    short = {"courier_username": "courier1", "declared": 5_000, "counted": 4_000}
    counted = api.ok(api.post(COUNT_IN, short, as_="counter"), 201)
    sign_off = f"/cash-handovers/{counted['id']}/sign-off"
    refused = api.post(sign_off, {}, as_="dispatcher", headers={"Accept-Language": "vi"})
    assert refused.status_code == 422 and [f["field"] for f in refused.get_json()["error"]["fields"]] == ["note"]
    assert "ghi chú" in refused.get_json()["error"]["fields"][0]["message"]
    day = api.ok(api.get("/post-offices/100000/cash", as_="counter"))
    assert next(c for c in day if c["courier_username"] == "courier1")["handover"]["signed_off_by"] is None
    assert api.ok(api.post(sign_off, {"note": "thiếu 1.000 đ"}, as_="dispatcher"))["signed_off_by"]
