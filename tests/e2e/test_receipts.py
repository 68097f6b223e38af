"""A numbered receipt for every payment, printable by post office staff and by the citizen."""

import re

from postal_service.domain.identifiers import RECEIPT_FORMAT

from .test_dispatch_pages import signed_in
from .test_tracking_page import _citizen


def test_a_payment_taken_at_pickup_has_a_numbered_receipt_that_the_counter_prints(app, api):
    booked = api.book("send")
    api.dossier_to_agency_desk(booked)  # the courier collected the whole quote in cash at the door
    reference = booked["request"]["reference"]
    receipts = api.ok(api.get(f"/requests/{reference}", as_="dispatcher"))["receipts"]
    assert receipts and all(re.match(RECEIPT_FORMAT, r["number"]) for r in receipts)
    assert sum(r["amount"] for r in receipts) == booked["request"]["quote"]["total"]
    assert {r["method"] for r in receipts} == {"cash_to_courier"}
    number = receipts[0]["number"]
    page = signed_in(app, "counter").get(f"/counter/receipts/{reference}/{number}?lang=vi").get_data(as_text=True)
    assert number in page and "Biên lai" in page and "tiền mặt cho bưu tá" in page
    assert signed_in(app, "counter").get(f"/counter/receipts/{reference}/BL202699999999").status_code == 404
    assert signed_in(app, "courier1").get(f"/counter/receipts/{reference}/{number}").status_code == 403


def test_the_citizen_finds_the_receipts_on_the_tracking_page_and_prints_each(app, api):
    booked = api.book("send")
    api.dossier_to_agency_desk(booked)
    reference = booked["request"]["reference"]
    citizen = _citizen(app, reference)
    page = citizen.get(f"/track/{reference}?lang=vi").get_data(as_text=True)
    number = re.search(r"BL[0-9]{12}", page).group(0)
    printed = citizen.get(f"/track/{reference}/receipts/{number}?lang=vi").get_data(as_text=True)
    assert number in printed and "Cước dịch vụ bưu chính" in printed
    assert app.test_client().get(f"/track/{reference}/receipts/{number}").status_code == 302  # sign in first
