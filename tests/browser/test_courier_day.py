"""The courier's day at 360×740: done out of total, the next stop first, one visit per place, a confirmation
after each step, and a typed number only with a reason."""

from playwright.sync_api import expect
from sqlmodel import select

from postal_service.db.tables import CustodyEvent, Parcel

from ..conftest import work_session
from .test_offline_rejection_roles import Desk


def test_two_dossiers_for_one_agency_are_one_visit_and_each_step_is_confirmed(phones, server):
    desk = Desk(server)
    first, second = desk.picked_up()[1], desk.picked_up()[1]
    courier = phones("courier")
    courier.login("courier1")
    expect(courier.page.locator("#done-count")).to_have_text("2 / 4")  # both picked up by courier1 today
    visit = courier.page.locator("section.visit").first
    expect(visit.locator(".stop")).to_have_count(2)  # the same agency: one place, two envelopes
    expect(courier.page.locator("section.next-stop")).to_contain_text("2 bưu gửi tại đây")
    courier.check("day")
    quick = visit.locator(f'.stop[data-tracking="{first}"] form[data-action="depart_to_agency"]')
    quick.get_by_role("button", name="Đi đến cơ quan").click()
    expect(quick.locator(".form-error")).to_contain_text("Quét bì hồ sơ trước")  # the day view asks too
    quick.locator("select[name=unscanned_reason]").select_option("label_damaged")
    with courier.page.expect_navigation():
        quick.get_by_role("button", name="Đi đến cơ quan").click()
    courier.check("confirmed")
    expect(courier.page.locator(".step-done")).to_contain_text("Đã ghi nhận: Đi đến cơ quan")
    for link in courier.page.locator("a.stop-link").all():
        assert link.bounding_box()["height"] >= 44

    courier.visit(f"/courier/parcel/{second}")
    form = courier.page.locator('form[data-action="depart_to_agency"]')
    form.get_by_role("button").click()
    expect(form.locator(".form-error")).to_contain_text("Quét bì hồ sơ trước")  # neither scanned nor explained
    form.locator("select[name=unscanned_reason]").select_option("camera_failed")
    courier.submit_step("depart_to_agency")
    with work_session(desk.engine, desk.settings) as session:
        parcel = session.exec(select(Parcel).where(Parcel.tracking_number == second)).one()
        last = session.exec(
            select(CustodyEvent).where(CustodyEvent.parcel_id == parcel.id).order_by(CustodyEvent.sequence.desc())
        ).first()
    assert last.action == "depart_to_agency" and last.evidence["unscanned_reason"] == "camera_failed"
    assert last.evidence["scanned_qr"] is False
    desk.close()
