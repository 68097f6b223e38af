"""Deadlines met and missed, the post's part apart from the agency's, on a hand-built week."""

from datetime import date

from postal_service.domain.lifecycle import Leg

from ..factories import AGENCY_CODE
from .test_dispatch_pages import signed_in


def received(api, tracking, code, appointment):
    body = {"dossier_code": f"{AGENCY_CODE}-261123-{code}", "appointment_date": appointment}
    api.ok(
        api.post(
            f"/parcels/{tracking}/agency-receipt", body | {"scanned_qr": api.label(tracking, Leg.DOSSIER)}, as_="clerk"
        )
    )


def test_the_board_counts_the_posts_lateness_apart_from_the_agencys(app, api):
    on_time, late = api.book("both"), api.book("send")
    dossier = api.dossier_to_agency_desk(on_time)  # picked up and presented on Monday: due Wednesday at the latest
    received(api, dossier, "0001", "2026-11-25")
    api.at(date(2026, 11, 26), 9)  # Thursday: the result is ready a day after the appointment
    api.ok(api.post(f"/parcels/{api.tracking_of(on_time, 'result')}/result-ready", {}, as_="clerk"))

    tracking = api.tracking_of(late, "dossier")
    api.ok(api.post(f"/parcels/{tracking}/assignment", {"courier_username": "courier1"}, as_="dispatcher"))
    api.at(date(2026, 11, 23), 10)
    api.ok(
        api.post(
            f"/parcels/{tracking}/pickup", api.pickup_body(tracking, late["request"]["quote"]["total"]), as_="courier1"
        )
    )
    api.at(date(2026, 11, 27), 9)  # Friday: two days past its Wednesday deadline
    api.ok(api.post(f"/parcels/{tracking}/departure-to-agency", {}, as_="courier1"))
    api.later(minutes=20)
    api.ok(
        api.post(f"/parcels/{tracking}/presentation", {"scanned_qr": api.label(tracking, Leg.DOSSIER)}, as_="courier1")
    )

    board = signed_in(app, "dispatcher").get("/dispatch?lang=en").get_data(as_text=True)
    assert "The post (J+1/2/3): 1 on time, 1 late" in board
    assert "Agencies (appointment date): 0 on time, 1 late" in board
