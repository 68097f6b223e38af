"""The whole Decision 45 story in a real browser at phone size: book, pick up, receive, return, deliver, track."""

from playwright.sync_api import expect

from postal_service.domain.lifecycle import Leg

from ..factories import AGENCY_CODE, CUA_NAM, DOCUMENTS


def book_both(citizen) -> tuple[str, str, str]:
    citizen.visit("/book")
    citizen.page.get_by_role("link", name="Cục Xuất bản, In và Phát hành").click()
    citizen.check("procedures")
    citizen.page.locator("section", has_text="1.003725").get_by_role("link", name="Gửi qua bưu chính").click()
    citizen.check("details")
    citizen.page.select_option("#pickup_address-commune_code", str(CUA_NAM))
    citizen.page.fill("#pickup_address-street", "5 Phố Tràng Thi")
    citizen.page.get_by_role("button", name="Tiếp tục").click()
    citizen.check("slot")
    citizen.page.locator("input[name=slot_start]").first.check()
    citizen.page.get_by_role("button", name="Tiếp tục").click()
    citizen.check("contact")
    citizen.page.fill("#contact-name", "Nguyễn Văn An")
    citizen.page.fill("#contact-phone", "0912 345 678")
    citizen.page.fill("#contact-id_number", "001090123456")
    citizen.page.check("input[name=consent]")
    citizen.page.get_by_role("button", name="Tiếp tục").click()
    citizen.check("review")
    expect(citizen.page.locator("#total")).to_have_text("66.000 ₫")
    citizen.page.get_by_role("button", name="Xác nhận đặt lịch").click()
    citizen.check("confirmation")
    reference = citizen.page.locator("#reference").inner_text()
    dossier, result = citizen.page.locator(".tracking").all_inner_texts()
    return reference, dossier, result


def test_citizen_courier_and_clerk_carry_a_both_request_from_booking_to_delivery(phones, server, tmp_path):
    citizen = phones("citizen")
    reference, dossier, result = book_both(citizen)
    assert dossier.startswith("RH") and result.startswith("RK")

    dispatcher = phones("dispatcher")
    dispatcher.login("dispatcher")
    card = dispatcher.page.locator("section.card", has_text=dossier)
    card.locator("select").select_option("courier1")
    with dispatcher.page.expect_navigation():
        card.get_by_role("button", name="Phân công").click()
    dispatcher.check("assigned")

    courier = phones("courier")
    courier.login("courier1")
    expect(courier.page.locator("#done-count")).to_have_text("0 / 1")  # the day: done / total
    next_stop = courier.page.locator("section.next-stop")
    expect(next_stop).to_contain_text("Điểm tiếp theo")
    box = next_stop.get_by_role("link", name="Mở").bounding_box()
    assert box["height"] >= 44 and box["width"] >= 44  # a thumb's target
    next_stop.get_by_role("link", name="Mở").click()
    courier.check("stop")
    photo = tmp_path / "label.jpg"
    photo.write_bytes(server.label_photo(dossier, Leg.DOSSIER))
    courier.page.set_input_files("#scan-photo", str(photo))
    expect(courier.page.locator(".scan-result")).to_contain_text(f"Đã quét bì: {dossier}")
    pickup = courier.page.locator('form[data-action="pick_up"]')
    for name in DOCUMENTS:
        pickup.get_by_label(name, exact=False).check()
    pickup.get_by_label("Đã kiểm tra giấy tờ tùy thân", exact=False).check()
    pickup.locator("input[name=seal_number]").fill("NP-000123")
    courier.sign('form[data-action="pick_up"] canvas')
    courier.check("pickup-filled")
    courier.submit_step("pick_up")
    expect(courier.page.locator(".status").first).to_have_text("Đã nhận và niêm phong hồ sơ")
    courier.submit_step("depart_to_agency")
    courier.submit_step("present_at_agency")

    clerk = phones("clerk")
    clerk.login("clerk")
    clerk.page.get_by_role("link", name=dossier).click()
    clerk.check("incoming")
    clerk.page.fill("#dossier-code", f"{AGENCY_CODE}-261123-0001")
    clerk.page.fill("#appointment", "2026-12-07")
    clerk.submit_step("confirm_agency_receipt")
    expect(clerk.page.locator(".status").first).to_have_text("Cơ quan đã tiếp nhận")

    clerk.visit(f"/agency?q={AGENCY_CODE}-261123-0001")
    expect(clerk.page.locator("h1")).to_have_text(result)
    clerk.submit_step("mark_result_ready")
    clerk.page.select_option('form[data-action="offer_result"] select', "courier1")
    clerk.submit_step("offer_result")

    courier.visit(f"/courier/parcel/{result}")
    courier.page.set_input_files("#scan-photo", str(_photo(server, tmp_path, result)))
    expect(courier.page.locator(".scan-result")).to_contain_text(result)
    courier.submit_step("confirm_result_collection")
    courier.submit_step("start_delivery")
    delivery = courier.page.locator('form[data-action="deliver"]')
    delivery.locator("input[name=receiver_id_number]").fill("001090123456")
    courier.sign('form[data-action="deliver"] canvas')
    courier.submit_step("deliver")
    expect(courier.page.locator(".status").first).to_have_text("Đã giao kết quả")

    citizen.visit(f"/track/{reference}")
    steps = citizen.page.locator("ol.timeline li strong").all_inner_texts()
    assert steps == [
        "Đã đặt lịch",
        "Chờ kết quả",
        "Đã nhận và niêm phong hồ sơ",
        "Đang chuyển đến cơ quan",
        "Đang bàn giao tại bộ phận một cửa",
        "Cơ quan đã tiếp nhận",
        "Kết quả đã sẵn sàng tại cơ quan",
        "Cơ quan đang bàn giao kết quả cho bưu tá",
        "Bưu tá đã nhận kết quả",
        "Đang giao kết quả",
        "Đã giao kết quả",
    ]
    proofs = citizen.page.get_by_role("link", name="Bằng chứng giao nhận")  # the signatures at pickup and delivery
    expect(proofs).to_have_count(2)
    downloaded = citizen.page.request.get(server.url + f"/api/v1/parcels/{result}/proof.pdf")
    assert proofs.nth(1).get_attribute("href") == f"/api/v1/parcels/{result}/proof.pdf"
    assert downloaded.status == 200 and downloaded.headers["content-type"] == "application/pdf"


def _photo(server, tmp_path, tracking):
    path = tmp_path / f"{tracking}.jpg"
    path.write_bytes(server.label_photo(tracking, Leg.RESULT))
    return path
