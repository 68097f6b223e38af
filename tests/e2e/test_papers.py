"""The Circular 17 papers and forms 02/03 as PDF, drawn from the custody steps they record; read back with
pdftotext (and pdfimages) the way a clerk or an auditor reads the printed page."""

from __future__ import annotations

import subprocess
from datetime import date

from postal_service.domain.lifecycle import Leg

from ..factories import AGENCY_CODE, DOCUMENTS, PROCEDURE
from .test_digitised_dossier import _page_photo
from .test_dispatch_pages import signed_in
from .test_tracking_page import _citizen

VI = {"Accept-Language": "vi"}


def pdf_text(response) -> str:
    assert response.status_code == 200, response.get_data(as_text=True)[:500]
    assert response.mimetype == "application/pdf"
    done = subprocess.run(["pdftotext", "-", "-"], input=response.data, capture_output=True, check=True)
    return " ".join(done.stdout.decode().split())  # one line, single spaces: table cells read in order


def pdf_images(response) -> int:
    done = subprocess.run(["pdfimages", "-list", "-", "-"], input=response.data, capture_output=True, check=False)
    if done.returncode != 0:  # older poppler reads only files
        with open("/tmp/paper-under-test.pdf", "wb") as file:
            file.write(response.data)
        done = subprocess.run(["pdfimages", "-list", "/tmp/paper-under-test.pdf"], capture_output=True, check=True)
    return len(done.stdout.decode().splitlines()) - 2  # two header lines, then one line per image


def _envelopes(text: str) -> str:
    return text.split("trong lần này")[1].split("đã đối chiếu")[0]


def paper(api, tracking: str, name: str, as_: str = "dispatcher"):
    return api.get(f"/parcels/{tracking}/papers/{name}.pdf", as_=as_, headers=VI)


def _signature(api) -> str:
    """The signature drawn on the courier's phone, uploaded as evidence like any photo."""
    return _page_photo(api, "navy", (300, 120))


def _confirm(api, tracking: str, number: str = "0001") -> None:
    body = {"dossier_code": f"{AGENCY_CODE}-261123-{number}", "appointment_date": "2026-12-07"}
    api.ok(
        api.post(
            f"/parcels/{tracking}/agency-receipt", body | {"scanned_qr": api.label(tracking, Leg.DOSSIER)}, as_="clerk"
        )
    )


def test_the_dossier_slip_states_the_sender_the_documents_the_seal_and_both_signatures(api):
    booked = api.book("send")
    tracking = api.tracking_of(booked, "dossier")
    assert paper(api, tracking, "dossier-slip").status_code == 409  # nothing taken in yet: no slip
    api.ok(api.post(f"/parcels/{tracking}/assignment", {"courier_username": "courier1"}, as_="dispatcher"))
    api.at(date(2026, 11, 23), 9, 45)
    body = api.pickup_body(tracking, booked["request"]["quote"]["total"], signature_ref=_signature(api))
    api.ok(api.post(f"/parcels/{tracking}/pickup", body, as_="courier1"))

    slip = paper(api, tracking, "dossier-slip")
    text = pdf_text(slip)
    assert "PHIẾU GỬI HỒ SƠ" in text and tracking in text and booked["request"]["reference"] in text
    assert "Nguyễn Văn An" in text and "001090123456" in text and "0912345678" in text
    assert PROCEDURE in text and all(name in text for name in DOCUMENTS)
    assert "SEAL-0001" in text and "Bưu tá" in text and "Người gửi" in text
    assert pdf_images(slip) == 1  # the citizen's signature, drawn on the courier's phone
    assert paper(api, tracking, "dossier-slip", as_="courier2").status_code == 403  # not their envelope


def test_the_handover_record_lists_every_envelope_of_the_visit_and_only_the_parties_print_it(api):
    first, second = api.book("send"), api.book("send")
    one, two = api.dossier_to_agency_desk(first), api.dossier_to_agency_desk(second)
    assert paper(api, one, "handover-record").status_code == 409  # the clerk has not taken it in yet
    _confirm(api, one)
    api.ok(api.post(f"/parcels/{two}/agency-rejection", {"reason": "Không thuộc thẩm quyền"}, as_="clerk"))

    text = pdf_text(paper(api, one, "handover-record", as_="clerk"))
    assert "BIÊN BẢN GIAO NHẬN HỒ SƠ" in text
    assert one in text and two in text and f"{AGENCY_CODE}-261123-0001" in text
    assert "Từ chối hồ sơ" in text  # the second envelope's outcome
    from_the_other = pdf_text(paper(api, two, "handover-record", as_="courier1"))
    assert _envelopes(text) == _envelopes(from_the_other)  # one visit, one list, whichever envelope it is opened from
    citizen = api.client.get(f"/api/v1/parcels/{one}/papers/handover-record.pdf")
    assert citizen.status_code in (401, 403)
    assert paper(api, one, "handover-record", as_="otherclerk").status_code == 403
    log = api.ok(api.get("/access-log", as_="admin", reference=second["request"]["reference"]))
    assert any(row["purpose"] == "print_handover_record" and row["actor"] == "user:clerk" for row in log)


def test_the_result_handover_names_the_receiver_with_the_id_masked(api):
    booked = api.book("receive")
    result = api.tracking_of(booked, "result")
    api.ok(api.post(f"/parcels/{result}/result-ready", {}, as_="clerk"))
    api.ok(api.post(f"/parcels/{result}/result-offer", {"courier_username": "courier1"}, as_="clerk"))
    assert paper(api, result, "result-handover").status_code == 409
    api.ok(api.post(f"/parcels/{result}/result-collection", {}, as_="courier1"))
    before = pdf_text(paper(api, result, "result-handover"))
    assert "Chưa giao" in before
    api.ok(api.post(f"/parcels/{result}/delivery-start", {}, as_="courier1"))
    body = api.deliver_body(result, cash_collected=booked["request"]["quote"]["total"])
    api.ok(api.post(f"/parcels/{result}/delivery", body, as_="courier1"))
    text = pdf_text(paper(api, result, "result-handover"))
    assert (
        "BIÊN BẢN GIAO NHẬN KẾT QUẢ" in text
        and "********3456" in text
        and "001090123456" not in text.split("Người nhận")[-1]
    )
    assert "Cán bộ tiếp nhận" in text and "Người nhận" in text


def test_the_supplement_and_rejection_notices_carry_the_agencys_reason_and_list(api):
    asked, refused = api.book("send"), api.book("send")
    dossier = api.dossier_to_agency_desk(asked)
    assert paper(api, dossier, "supplement-notice").status_code == 409
    ask = {
        "reason": "Tờ khai chưa ký",
        "missing_documents": [DOCUMENTS[0]],
        "dossier_code": f"{AGENCY_CODE}-261123-0009",
    }
    api.ok(api.post(f"/parcels/{dossier}/supplement-request", ask, as_="clerk"))
    text = pdf_text(paper(api, dossier, "supplement-notice"))
    assert "MẪU 02" in text and "Tờ khai chưa ký" in text and DOCUMENTS[0] in text
    assert paper(api, dossier, "rejection-notice").status_code == 409

    refused = api.dossier_to_agency_desk(refused)
    api.ok(api.post(f"/parcels/{refused}/agency-rejection", {"reason": "Không thuộc thẩm quyền"}, as_="clerk"))
    assert "Không thuộc thẩm quyền" in pdf_text(paper(api, refused, "rejection-notice", as_="clerk"))


def test_an_unknown_paper_is_a_422_naming_it(api):
    dossier = api.dossier_to_agency_desk(api.book("send"))
    response = api.get(f"/parcels/{dossier}/papers/receipt.pdf", as_="dispatcher")
    assert response.status_code == 422 and "paper" in response.get_data(as_text=True)


def test_the_pages_link_each_party_to_its_papers_and_the_desk_checks_against_the_slip(app, api):
    booked = api.book("send")
    reference = booked["request"]["reference"]
    tracking = api.dossier_to_agency_desk(booked)
    desk = signed_in(app, "clerk").get(f"/agency/parcel/{tracking}?lang=vi").get_data(as_text=True)
    assert "Đối chiếu giấy tờ với phiếu gửi hồ sơ" in desk and all(name in desk for name in DOCUMENTS)
    assert f"/api/v1/parcels/{tracking}/papers/dossier-slip.pdf" in desk
    _confirm(api, tracking)
    counter = signed_in(app, "counter").get(f"/counter/parcel/{tracking}?lang=vi").get_data(as_text=True)
    assert f"/api/v1/parcels/{tracking}/papers/handover-record.pdf" in counter
    citizen = _citizen(app, reference)
    page = citizen.get(f"/track/{reference}?lang=vi").get_data(as_text=True)
    assert "Phiếu gửi hồ sơ" in page and "handover-record" not in page  # it names other citizens' dossiers
    assert pdf_text(citizen.get(f"/api/v1/parcels/{tracking}/papers/dossier-slip.pdf")).count("Nguyễn Văn An") >= 1


def test_a_paper_fetched_without_a_language_is_in_vietnamese_and_in_english_only_when_asked(api):
    booked = api.book("send")
    tracking = api.tracking_of(booked, "dossier")
    api.ok(api.post(f"/parcels/{tracking}/assignment", {"courier_username": "courier1"}, as_="dispatcher"))
    api.at(date(2026, 11, 23), 9, 45)
    api.ok(api.post(f"/parcels/{tracking}/pickup", api.pickup_body(tracking, 33_000), as_="courier1"))
    path = f"/parcels/{tracking}/papers/dossier-slip.pdf"
    assert "PHIẾU GỬI HỒ SƠ" in pdf_text(api.get(path, as_="dispatcher"))  # no Accept-Language at all
    english = pdf_text(api.get(path, as_="dispatcher", headers={"Accept-Language": "en"}))
    assert "PHIẾU GỬI HỒ SƠ" not in english
