"""The supplement loop at 360×740: the clerk keeps the dossier and asks for one document; the citizen sees what
is missing and the clock paused, and books its pickup; the courier collects only that document, for nothing; the
clerk receives it into the same dossier code."""

from __future__ import annotations

import re
from datetime import UTC, datetime

from playwright.sync_api import expect
from sqlmodel import col, select

from postal_service.db.tables import Notification, Parcel, ServiceRequest
from postal_service.domain.lifecycle import Leg
from postal_service.services import assignment
from postal_service.services.schemas import CourierAssignment

from ..conftest import work_session
from ..factories import AGENCY_CODE, DOCUMENTS
from .test_offline_rejection_roles import Desk

CODE = f"{AGENCY_CODE}-261123-0007"
PHONE = "0987654321"  # Desk.booked's contact


def sign_in(citizen, desk: Desk, reference: str) -> None:
    """The citizen asks for a code and types the one the outbox holds for their phone (no gateway needed)."""
    citizen.visit("/track")
    citizen.page.fill("#reference", reference)
    citizen.page.fill("#phone", PHONE)
    citizen.page.get_by_role("button", name="Gửi mã cho tôi").click()
    expect(citizen.page.locator("#code")).to_be_visible()
    with work_session(desk.engine, desk.settings) as session:
        body = session.exec(
            select(Notification.body).where(Notification.topic == "sign_in_code").order_by(col(Notification.id).desc())
        ).first()
    citizen.page.fill("#code", re.search(r": (\d{6})\.", body or "").group(1))
    citizen.page.get_by_role("button", name="Xem yêu cầu").click()
    citizen.check("signed-in")


def after_the_desk(server, moment: datetime) -> None:
    """The server's clock goes on from the desk's last step, so that the timeline keeps the order of the story."""
    started = datetime.now(UTC)
    server.app.extensions["postal"].clock = lambda: moment + (datetime.now(UTC) - started)


def supplement_of(desk: Desk, reference: str) -> str:
    with work_session(desk.engine, desk.settings) as session:
        request = session.exec(select(ServiceRequest).where(ServiceRequest.reference == reference)).one()
        tracking = session.exec(
            select(Parcel.tracking_number).where(Parcel.request_id == request.id, Parcel.leg == "supplement")
        ).one()
        assignment.assign_courier(
            desk._ctx(session, "dispatcher"), tracking, CourierAssignment(courier_username="courier1")
        )
    return tracking


def test_only_the_missing_document_travels_into_the_same_dossier_and_nothing_more_is_paid(phones, server, tmp_path):
    desk = Desk(server)
    reference, dossier = desk.at_desk()
    after_the_desk(server, desk.now)

    clerk = phones("clerk")
    clerk.login("clerk")
    clerk.visit(f"/agency/parcel/{dossier}")
    ask = clerk.page.locator('form[data-action="request_supplement"]')
    ask.locator("textarea[name=reason]").fill("Tờ khai chưa có chữ ký")
    ask.get_by_label(DOCUMENTS[0]).check()
    ask.locator("input[name=dossier_code]").fill(CODE)
    clerk.submit_step("request_supplement")
    expect(clerk.page.locator(".status").first).to_have_text("Cơ quan yêu cầu bổ sung hồ sơ")

    citizen = phones("citizen")
    sign_in(citizen, desk, reference)
    card = citizen.page.locator("section.supplement")
    expect(card.locator("ul.missing li")).to_have_text([DOCUMENTS[0]])
    expect(card).to_contain_text(f"mã {CODE}")
    expect(card).to_contain_text("tạm dừng từ Thứ Hai, 23/11/2026")
    citizen.check("supplement-asked")
    card.get_by_role("button", name="Đặt gửi bổ sung").click()
    citizen.check("supplement-booked")
    expect(citizen.page.locator(".notice").first).to_contain_text("Bạn không phải trả thêm")
    expect(citizen.page.locator("section.supplement form")).to_have_count(0)  # booked once
    supplement = supplement_of(desk, reference)
    assert supplement != dossier

    courier = phones("courier")
    courier.login("courier1")
    courier.visit(f"/courier/parcel/{supplement}")
    photo = tmp_path / "supplement.jpg"
    photo.write_bytes(server.label_photo(supplement, Leg.SUPPLEMENT))
    courier.page.set_input_files("#scan-photo", str(photo))
    expect(courier.page.locator(".scan-result")).to_contain_text(supplement)
    pickup = courier.page.locator('form[data-action="pick_up"]')
    expect(pickup.locator("input[name=documents_present]")).to_have_count(1)  # only what the agency asked for
    expect(pickup.locator("input[name=cash_collected]")).to_have_value("0")
    expect(pickup.locator("input[name=cash_collected]")).to_have_attribute("type", "hidden")  # not asked again
    expect(pickup.locator(".nothing-to-collect")).to_be_visible()
    pickup.get_by_label(DOCUMENTS[0], exact=False).check()
    pickup.get_by_label("Đã kiểm tra giấy tờ tùy thân", exact=False).check()
    pickup.locator("input[name=seal_number]").fill("NP-000777")
    courier.sign('form[data-action="pick_up"] canvas')
    courier.submit_step("pick_up")
    courier.submit_step("depart_to_agency")
    courier.submit_step("present_at_agency")

    clerk.visit(f"/agency/parcel/{supplement}")
    expect(clerk.page.locator("#dossier-code")).to_have_value(CODE)  # the same dossier
    clerk.page.fill("#appointment", "2026-12-07")
    clerk.submit_step("confirm_agency_receipt")
    clerk.visit(f"/agency/parcel/{dossier}")
    expect(clerk.page.locator(".status").first).to_have_text("Cơ quan đã tiếp nhận")

    citizen.visit(f"/track/{reference}")
    expect(citizen.page.locator("section.supplement")).to_have_count(0)
    steps = citizen.page.locator("ol.timeline li strong").all_inner_texts()
    assert steps[-2:] == ["Cơ quan đã tiếp nhận", "Cơ quan đã tiếp nhận"]  # the supplement, then the dossier
    desk.close()
