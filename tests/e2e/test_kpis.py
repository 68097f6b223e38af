"""A post office's figures, tested on two hand-built days whose answers are known; the manager reads its own
office's figures only, on a page with a server-drawn chart, and exports them as CSV and XLSX."""

from __future__ import annotations

import csv
import io
from datetime import date

from openpyxl import load_workbook

from ..factories import AGENCY_CODE, CAU_GIAY, HOURS, PASSWORD
from .test_dispatch_pages import signed_in

KPIS = "/post-offices/100000/kpis"
MON_TUE = {"first_day": "2026-11-23", "last_day": "2026-11-24"}
MONDAY = {"first_day": "2026-11-23", "last_day": "2026-11-23"}


def _two_days(api) -> None:
    """Monday: four bookings (two send, one both, one receive); two dossiers picked up at 9:45 and received by
    the agency an hour later (one with an appointment that same day); the receive service's result collected and
    a delivery attempt failed (nobody home); a claim; courier1's cash counted 1,000 đồng short. Tuesday: the
    result delivered, and the agency marks the other result ready a day after the appointment it gave."""
    send_a, _send_b = api.book("send"), api.book("send")
    both, receive = api.book("both"), api.book("receive")
    a = api.dossier_to_agency_desk(send_a)
    receipt = {"dossier_code": f"{AGENCY_CODE}-261123-0001", "appointment_date": "2026-12-07"}
    api.ok(api.post(f"/parcels/{a}/agency-receipt", receipt, as_="clerk"))
    c = api.dossier_to_agency_desk(both)
    receipt = {"dossier_code": f"{AGENCY_CODE}-261123-0002", "appointment_date": "2026-11-23"}
    api.ok(api.post(f"/parcels/{c}/agency-receipt", receipt, as_="clerk"))
    result = api.tracking_of(receive, "result")
    api.at(date(2026, 11, 23), 11)
    api.ok(api.post(f"/parcels/{result}/result-ready", {}, as_="clerk"))
    api.ok(api.post(f"/parcels/{result}/result-offer", {"courier_username": "courier1"}, as_="clerk"))
    api.ok(api.post(f"/parcels/{result}/result-collection", {}, as_="courier1"))
    api.ok(api.post(f"/parcels/{result}/delivery-start", {}, as_="courier1"))
    api.ok(api.post(f"/parcels/{result}/failed-attempt", {"reason": "nobody_home"}, as_="courier1"))
    claim = {"tracking_number": a, "kind": "late", "description": "Chậm"}
    api.ok(api.post(f"/requests/{send_a['request']['reference']}/claims", claim, as_="counter"), 201)
    api.at(date(2026, 11, 23), 17)
    expected = api.ok(api.get("/post-offices/100000/cash", as_="counter"))
    owed = next(c["expected"] for c in expected if c["courier_username"] == "courier1")
    count = {"courier_username": "courier1", "declared": owed, "counted": owed - 1_000}
    api.ok(api.post("/post-offices/100000/cash-handovers", count, as_="counter"), 201)
    api.at(date(2026, 11, 24), 9)
    api.ok(api.post(f"/parcels/{result}/delivery-start", {}, as_="courier1"))
    cash = receive["request"]["quote"]["total"]
    api.ok(api.post(f"/parcels/{result}/delivery", api.deliver_body(result, cash_collected=cash), as_="courier1"))
    api.ok(api.post(f"/parcels/{api.tracking_of(both, 'result')}/result-ready", {}, as_="clerk"))


def test_the_figures_of_two_known_days(api):
    _two_days(api)
    k = api.ok(api.get(KPIS, as_="manager", **MON_TUE))
    volumes = [(v["period"], v["send"], v["receive"], v["both"]) for v in k["volumes"]]
    assert volumes == [("2026-11-23", 2, 1, 1), ("2026-11-24", 0, 0, 0)] and k["requests"] == 4
    assert (k["post_on_time"], k["post_late"]) == (3, 0)  # two dossiers at the desk, one result at the door
    assert (k["agency_on_time"], k["agency_late"]) == (0, 1)  # ready a day after the appointment it gave
    assert (k["deliveries"], k["failed_attempts"], k["failed_attempt_rate"]) == (1, 1, 0.5)
    assert k["failure_reasons"] == {"nobody_home": 1}
    assert k["pickup_to_agency_hours"] == 1.0
    assert (k["claims_filed"], k["claims_answered"], k["claims_answered_on_time"]) == (1, 0, 0)
    assert k["cash_difference"] == -1_000
    agencies = [(a["agency_code"], a["requests"], a["agency_on_time"], a["agency_late"]) for a in k["agencies"]]
    assert agencies == [(AGENCY_CODE, 4, 0, 1)]
    courier1 = next(c for c in k["couriers"] if c["username"] == "courier1")
    assert (courier1["deliveries"], courier1["failed_attempts"], courier1["cash_difference"]) == (1, 1, -1_000)
    week = api.ok(api.get(KPIS, as_="manager", bucket="week", **MON_TUE))
    assert [(v["period"], v["send"] + v["receive"] + v["both"]) for v in week["volumes"]] == [("2026-11-23", 4)]
    only_tuesday = api.ok(api.get(KPIS, as_="dispatcher", first_day="2026-11-24", last_day="2026-11-24"))
    assert (only_tuesday["requests"], only_tuesday["post_on_time"], only_tuesday["deliveries"]) == (0, 1, 1)


def test_the_exports_carry_the_same_figures(api):
    _two_days(api)
    exported = api.get(f"{KPIS}.csv", as_="manager", **MON_TUE)
    rows = list(csv.reader(io.StringIO(exported.get_data(as_text=True))))
    assert rows[0] == ["figure", "of", "value", "meaning"]  # the last in the caller's language
    rows = [row[:3] for row in rows]
    assert ["post_on_time", "100000", "3"] in rows and ["volume:send", "2026-11-23", "2"] in rows
    assert ["cash_difference", "courier1", "-1000"] in rows
    sheets = load_workbook(io.BytesIO(api.get(f"{KPIS}.xlsx", as_="manager", **MON_TUE).data))
    assert sheets.sheetnames == ["Figures", "Volumes", "Couriers"]
    figures = {(r[0], r[1]): r[2] for r in sheets["Figures"].iter_rows(values_only=True) if r and r[0]}
    assert figures[("failed_attempt_rate", "100000")] == 0.5 and figures[("requests", AGENCY_CODE)] == 4


def test_a_manager_reads_the_own_offices_figures_only(api):
    office = {
        "code": "122000",
        "name": "Bưu cục Cầu Giấy",
        "address": {"street": "1 Trần Thái Tông", "province_code": 1, "commune_code": CAU_GIAY,
                    "latitude": 21.03, "longitude": 105.79},
        "communes_served": [CAU_GIAY],
        "opening_hours": HOURS,
    }  # fmt: skip
    api.ok(api.post("/post-offices", office, as_="admin"), 201)
    manager = {"username": "manager2", "password": PASSWORD, "role": "manager", "full_name": "Trưởng bưu cục",
               "post_office_code": "122000"}  # fmt: skip
    api.ok(api.post("/staff", manager, as_="admin"), 201)
    assert api.get(KPIS, as_="manager2", **MONDAY).status_code == 403
    assert api.get("/post-offices/122000/kpis", as_="manager2", **MONDAY).status_code == 200
    assert api.get(KPIS, as_="counter", **MONDAY).status_code == 403
    assert api.get(KPIS, as_="manager", **MONDAY).status_code == 200
    assert api.get("/parcels", as_="manager2").get_json() == []  # nor another office's parcels


def test_the_figures_page_draws_the_chart_and_links_the_exports(app, api):
    _two_days(api)
    page = signed_in(app, "manager").get("/dispatch/kpis?first_day=2026-11-23&last_day=2026-11-24&lang=vi")
    text = page.get_data(as_text=True)
    assert page.status_code == 200 and "<svg" in text and text.count('<rect class="series-') == 3
    assert 'id="requests">4<' in text and "kpis.xlsx?" in text and "kpis.csv?" in text
    assert signed_in(app, "manager").get("/dispatch").status_code == 403  # no board: a manager plans nothing
    home = signed_in(app, "manager").get("/dispatch/kpis")
    assert home.status_code == 200


def test_the_csv_says_what_each_figure_means_in_the_readers_language(api):
    _two_days(api)
    exported = api.get(f"{KPIS}.csv", as_="manager", headers={"Accept-Language": "vi"}, **MON_TUE)
    rows = list(csv.reader(io.StringIO(exported.get_data(as_text=True))))
    meaning = {r[0]: r[3] for r in rows[1:]}
    assert meaning["requests"] == "Yêu cầu đã đặt"
    assert all(meaning[code] and "_" not in meaning[code] for code in meaning)  # words, never a code
