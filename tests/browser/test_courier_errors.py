"""What the courier reads when a step is refused or a number typed: the page's words beside the field, never the
API's field names, and a typed number checked against the envelope instead of a reload."""

from playwright.sync_api import expect

from postal_service.services import assignment
from postal_service.services.schemas import CourierAssignment

from ..conftest import work_session
from .test_offline_rejection_roles import Desk


def test_a_refused_pickup_says_what_to_fix_under_the_checklist_in_vietnamese(phones, server):
    desk = Desk(server)
    _, dossier = desk.booked()
    with work_session(desk.engine, desk.settings) as session:
        assignment.assign_courier(
            desk._ctx(session, "dispatcher"), dossier, CourierAssignment(courier_username="courier1")
        )
    courier = phones("courier")
    courier.login("courier1")
    courier.visit(f"/courier/parcel/{dossier}")
    form = courier.page.locator('form[data-action="pick_up"]')
    form.locator("input[name=id_checked]").check()
    form.locator("input[name=seal_number]").fill("NP-7")
    form.get_by_role("button").last.click()  # not scanned: the form asks why first
    form.locator("select[name=unscanned_reason]").select_option("label_damaged")
    form.get_by_role("button").last.click()
    expect(form.locator(".form-error")).to_contain_text("Hãy kiểm tra các mục được đánh dấu bên dưới.")
    courier.check("refused")
    checklist = form.locator("fieldset", has=courier.page.locator("input[name=documents_present]"))
    expect(checklist.locator(".field-error")).to_have_count(1)  # under the whole list, not beside one box
    assert "documents_present" not in courier.page.evaluate("() => document.body.innerText")
    assert [e for e in courier.errors if "422" not in e] == []  # the browser logs the refusal itself; it is expected
    courier.errors.clear()

    courier.page.fill("#manual-tracking", dossier.lower())
    courier.page.get_by_role("button", name="Mở").click()
    expect(courier.page.locator(".scan-result")).to_contain_text("Đã nhập số, đúng bì này")
    assert courier.page.url.endswith(f"/courier/parcel/{dossier}")
    desk.close()
