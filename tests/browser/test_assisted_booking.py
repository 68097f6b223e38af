"""Assisted booking at 360×740: counter staff (of a post office or a commune centre) book for a citizen at the
counter, who signs their consent on the screen; the slip is printed, the dossier is taken in at once, and the
citizen gets the same messages and tracking."""

from playwright.sync_api import expect
from sqlmodel import select

from postal_service.db.engine import make_engine
from postal_service.db.tables import CustodyEvent, Notification, Parcel, ServiceRequest

from ..conftest import work_session
from ..factories import CUA_NAM, PROCEDURE


def test_counter_staff_book_for_a_citizen_who_signs_take_the_dossier_in_and_print_the_slip(phones, server):
    staff = phones("counter")
    staff.login("counter")
    expect(staff.page.locator("h1")).to_have_text("Quầy giao dịch")  # counter staff land on their counter
    staff.page.get_by_role("link", name="Đặt dịch vụ hộ người dân tại quầy").click()
    staff.check("form")
    staff.page.select_option("#procedure_code", PROCEDURE)
    staff.page.select_option("#commune_code", str(CUA_NAM))
    staff.page.fill("#street", "8 Hàng Khay")
    staff.page.fill("#name", "Phạm Văn Cường")
    staff.page.fill("#phone", "0903 123 456")
    staff.page.fill("#id_number", "001090123456")
    staff.page.check("input[name=consent]")
    staff.page.get_by_role("button", name="Đặt dịch vụ và in phiếu").click()
    staff.check("unsigned")
    expect(staff.page.locator("#consent-error")).to_contain_text("ký trên màn hình")  # no signature, no booking
    staff.sign("#consent-signature")
    staff.page.get_by_role("button", name="Đặt dịch vụ và in phiếu").click()
    staff.check("slip")
    reference = staff.page.locator("#reference").inner_text()
    expect(staff.page.locator(".slip")).to_contain_text("Phiếu dịch vụ bưu chính công ích")
    expect(staff.page.locator(".slip .qr svg")).to_have_count(2)
    engine = make_engine(server.settings.database_url)
    with work_session(engine, server.settings) as session:
        request = session.exec(select(ServiceRequest).where(ServiceRequest.reference == reference)).one()
        booked = session.exec(
            select(CustodyEvent).join(Parcel).where(Parcel.request_id == request.id, CustodyEvent.action == "book")
        ).first()
        texted = session.exec(select(Notification).where(Notification.request_id == request.id)).all()
    engine.dispose()
    assert request.intake == "drop_off" and request.contact_phone == "0903123456"
    assert booked.evidence["assisted_by"] == "user:counter" and booked.evidence["consent_signature"].startswith(
        "evidence:"
    )
    assert [n.topic for n in texted] == ["booked"]  # the same message as a booking made by the citizen

    staff.page.locator("a.take-in").click()
    staff.check("take-in")
    intake = staff.page.locator('form[data-action="accept_at_counter"]')
    for box in intake.locator("input[name=documents_present]").all():
        box.check()
    intake.get_by_label("Đã kiểm tra giấy tờ tùy thân", exact=False).check()
    intake.locator("input[name=seal_number]").fill("QUAY-0001")
    staff.sign('form[data-action="accept_at_counter"] canvas')
    staff.submit_step("accept_at_counter")
    expect(staff.page.locator(".status").first).to_have_text("Tại bưu cục")
    staff.visit("/counter")
    expect(staff.page.locator("table.take-in")).not_to_contain_text(reference)
