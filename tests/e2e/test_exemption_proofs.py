"""An exemption declared at booking is proved at intake (the paper's kind and number, checked by the courier or
the counter), sealed into the custody record, printed on the slip and counted in the office's figures."""

from __future__ import annotations

from .test_dispatch_pages import signed_in
from .test_papers import pdf_text


def _exempt_at_the_door(api, exemption: str = "half") -> tuple[dict, str]:
    booked = api.book("send", exemption=exemption)
    tracking = api.tracking_of(booked, "dossier")
    api.ok(api.post(f"/parcels/{tracking}/assignment", {"courier_username": "courier1"}, as_="dispatcher"))
    return booked, tracking


def test_an_exempt_pickup_needs_the_paper_and_records_it(api):
    booked, tracking = _exempt_at_the_door(api)
    assert booked["request"]["quote"]["exemption"] == "half"
    api.at(api.now.date(), 9, 45)
    due = booked["request"]["quote"]["total"]
    refused = api.post(f"/parcels/{tracking}/pickup", api.pickup_body(tracking, due), as_="courier1")
    fields = {f["field"] for f in refused.get_json()["error"]["fields"]}
    assert refused.status_code == 422 and fields == {"exemption_proof_kind", "exemption_proof_number"}
    wrong = api.pickup_body(tracking, due, exemption_proof_kind="poor_household", exemption_proof_number="HN-1")
    assert api.post(f"/parcels/{tracking}/pickup", wrong, as_="courier1").status_code == 422
    proved = api.pickup_body(tracking, due, exemption_proof_kind="disability", exemption_proof_number="KT-2024/0917")
    parcel = api.ok(api.post(f"/parcels/{tracking}/pickup", proved, as_="courier1"))
    assert parcel["events"][-1]["evidence"]["exemption"] == {
        "category": "half",
        "proof": "disability",
        "number": "KT-2024/0917",
    }
    slip = pdf_text(
        api.get(f"/parcels/{tracking}/papers/dossier-slip.pdf", as_="dispatcher", headers={"Accept-Language": "en"})
    )
    assert "half the charge" in slip and "Disability certificate KT-2024/0917" in slip
    figures = api.ok(api.get("/post-offices/100000/kpis", as_="manager", first_day="2026-11-23", last_day="2026-11-23"))
    assert figures["exemptions"] == {"half:disability": 1}


def test_the_courier_is_asked_for_the_paper_on_the_stop_page_only_when_one_was_declared(app, api):
    _, exempt = _exempt_at_the_door(api, "free")
    _, plain = _exempt_at_the_door(api, "none")
    courier = signed_in(app, "courier1")
    page = courier.get(f"/courier/parcel/{exempt}?lang=vi").get_data(as_text=True)
    assert 'name="exemption_proof_kind"' in page and 'value="poor_household"' in page
    assert 'value="disability"' not in page  # it proves the half-price exemption, not this one
    assert 'name="exemption_proof_kind"' not in courier.get(f"/courier/parcel/{plain}").get_data(as_text=True)
