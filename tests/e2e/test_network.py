"""The network as data: hubs and trunk runs added, a timetable loaded whole, the earliest journey over it, and an
envelope's path kept when a leg crosses offices; bad lines named, nothing half-written."""

from __future__ import annotations

from ..factories import OFFICE
from .network_world import DA_NANG, DA_NANG_OFFICE, EVERY_DAY, HAI_CHAU, RUNS, build_network, place, put, run


def test_an_administrator_loads_a_timetable_and_the_earliest_journey_rides_the_overnight_run(api):
    build_network(api)
    runs = api.ok(api.get("/network/runs", as_="dispatcher", point="KTDN"))
    assert [r["code"] for r in runs] == ["DN-KT-1", "DN-KT-2", "KT-DN-1", "C1-DN-HN", "C1-HN-DN"]  # by origin, leaving
    assert runs[3]["arrives"] == "05:30+1" and runs[3]["cutoff_minutes"] == 60
    journey = api.ok(
        api.get(
            "/network/journey",
            as_="dispatcher",
            origin=DA_NANG_OFFICE,
            destination=OFFICE,
            ready="2026-11-23T12:00:00+07:00",
        )
    )
    assert [h["run"] for h in journey["hops"]] == ["DN-KT-2", "C1-DN-HN", "KT-HN-1"]
    assert journey["hops"][1]["closes"] == "2026-11-23T12:00:00Z"  # 19:00 local, an hour before it leaves
    assert journey["expected_arrival"] == "2026-11-24T00:30:00Z"  # Tuesday 07:30 in Hà Nội


def test_a_timetable_with_bad_lines_is_refused_line_by_line_and_the_old_one_stays(api):
    build_network(api)
    bad = [
        run("X1", DA_NANG_OFFICE, "KTDN", "11:00", "10:00"),  # arrives before it leaves
        run("X2", "999999", "KTDN", "11:00", "12:00"),  # no such office
        run("X3", "KTDN", "KTDN", "11:00", "12:00"),  # goes nowhere
        run("X3", "KTDN", "KTHN", "11:00", "12:00"),  # its code twice
    ]
    refused = put(api, "/network/timetable", {"runs": bad})
    assert refused.status_code == 422
    fields = {e["field"] for e in refused.get_json()["error"]["fields"]}
    assert fields == {"runs[0].arrives", "runs[1].origin", "runs[2].destination", "runs[3].code"}
    assert len(api.ok(api.get("/network/runs", as_="admin"))) == len(RUNS)


def test_runs_are_added_and_removed_one_by_one_by_an_administrator_only(api):
    build_network(api)
    added = api.post("/network/runs", run("C1-HN-DN-2", "KTHN", "KTDN", "13:00", "05:00+1"), as_="admin")
    assert api.ok(added, 201)["weekdays"] == EVERY_DAY
    assert (
        api.post("/network/runs", run("C1-HN-DN-2", "KTHN", "KTDN", "13:00", "05:00+1"), as_="admin").status_code == 409
    )
    assert api.post("/network/runs", run("Y1", "KTHN", "KTDN", "21:00", "06:00+1"), as_="dispatcher").status_code == 403
    late = api.post("/network/runs", run("Y2", "KTHN", "KTDN", "21:00", "20:00", weekdays=["mon", "mon"]), as_="admin")
    assert late.status_code == 422
    assert {e["field"] for e in late.get_json()["error"]["fields"]} >= {"weekdays"}
    removed = api.client.delete("/api/v1/network/runs/C1-HN-DN-2", headers=api._headers("admin", None, None))
    assert api.ok(removed) == {"removed": True}
    assert "C1-HN-DN-2" not in {r["code"] for r in api.ok(api.get("/network/runs", as_="admin"))}


def test_a_dossier_picked_up_in_da_nang_for_a_ha_noi_agency_gets_its_path_and_expected_arrival(api):
    build_network(api)
    pickup_address = place(DA_NANG, HAI_CHAU, 16.071, 108.221)
    booked = api.book("send", pickup_address=pickup_address)
    assert booked["request"]["post_office_code"] == DA_NANG_OFFICE
    tracking = api.tracking_of(booked, "dossier")
    assert booked["request"]["parcels"][0]["path"] is None  # chosen when the leg starts, not at booking
    api.ok(api.post(f"/parcels/{tracking}/assignment", {"courier_username": "courier-dn"}, as_="dispatcher-dn"))
    api.later(hours=2, minutes=45)  # 09:45
    body = api.pickup_body(tracking, booked["request"]["quote"]["total"], latitude=16.071, longitude=108.221)
    picked = api.ok(api.post(f"/parcels/{tracking}/pickup", body, as_="courier-dn"))
    path = picked["path"]
    assert path["destination_office_code"] == OFFICE and path["destination_province"] == "Thành phố Hà Nội"
    assert [h["run"] for h in path["hops"]] == ["DN-KT-1", "C1-DN-HN", "KT-HN-1"]
    assert path["expected_arrival"] == "2026-11-24T00:30:00Z"
    request = api.ok(api.get(f"/requests/{booked['request']['reference']}", as_="dispatcher-dn"))
    assert request["parcels"][0]["path"] == path  # kept, as the envelope's view shows it to whoever may see it


def test_a_leg_within_one_office_has_no_path(api):
    build_network(api)
    booked = api.book("send")
    tracking = api.dossier_to_agency_desk(booked)
    parcel = api.ok(api.get(f"/requests/{booked['request']['reference']}", as_="dispatcher"))["parcels"][0]
    assert parcel["tracking_number"] == tracking and parcel["path"] is None


def test_the_network_reads_need_credentials_and_writes_need_an_administrator(api):
    assert api.get("/network/runs").status_code == 401
    assert put(api, "/network/timetable", {"runs": RUNS}, as_="dispatcher").status_code == 403
