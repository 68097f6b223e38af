"""The journeys a newcomer was stopped on: a ward no office serves, an old address in a split ward, the document
list before booking, and a drop-off or receive-only booking that speaks of its own mode, never of a pickup."""

from playwright.sync_api import expect

from ..factories import CAU_GIAY, CUA_NAM, PROCEDURE
from .test_booking_journeys import _contact

SOC_SON = 376  # a commune of Hà Nội that no test post office serves


def test_a_ward_no_office_serves_offers_a_drop_off_and_a_way_back_instead_of_a_dead_end(phones, server):
    citizen = phones("citizen")
    citizen.visit(f"/book/procedure/{PROCEDURE}")
    citizen.page.select_option("#pickup_address-commune_code", str(SOC_SON))
    citizen.page.fill("#pickup_address-street", "Thôn Đông")
    citizen.page.get_by_role("button", name="Tiếp tục").click()
    citizen.check("unserved")
    expect(citizen.page.locator("p.error")).to_contain_text("Chưa có bưu cục nào nhận hồ sơ tại nhà")
    expect(citizen.page.get_by_role("link", name="Đổi địa chỉ nhận hồ sơ")).to_be_visible()
    citizen.page.get_by_role("button", name="Mang đến bưu cục").click()
    citizen.check("drop-off-instead")
    citizen.page.locator("input[name=drop_off_post_office_code]").first.check()
    citizen.page.get_by_role("button", name="Tiếp tục").click()
    citizen.check("contact")
    expect(citizen.page.locator("h1")).to_have_text("Người gửi")
    expect(citizen.page.get_by_role("link", name="Quay lại")).to_be_visible()


def test_an_old_address_in_a_split_ward_keeps_the_street_and_names_the_new_wards_to_choose_from(phones, server):
    citizen = phones("citizen")
    citizen.visit(f"/book/procedure/{PROCEDURE}")
    citizen.page.locator("details.old-address").first.locator("summary").click()
    citizen.page.fill("#pickup_address-old", "20 Xuân Thủy, Phường Dịch Vọng Hậu, Quận Cầu Giấy, Hà Nội")
    citizen.page.get_by_role("button", name="Tìm địa chỉ mới").first.click()
    citizen.check("split-ward")
    expect(citizen.page.locator("#pickup_address-street")).to_have_value("20 Xuân Thủy")
    expect(citizen.page.locator("#pickup_address-commune_code-error")).to_contain_text("Phường Cầu Giấy")
    expect(citizen.page.locator("#pickup_address-commune_code-error")).to_contain_text("Phường Nghĩa Đô")
    citizen.page.select_option("#pickup_address-commune_code", str(CAU_GIAY))
    citizen.page.get_by_role("button", name="Tiếp tục").click()
    citizen.check("slots")
    expect(citizen.page.locator("input[name=slot_start]").first).to_be_visible()


def test_the_first_step_shows_the_documents_to_prepare_and_the_fees(phones, server):
    citizen = phones("citizen")
    citizen.visit(f"/book/procedure/{PROCEDURE}")
    facts = citizen.page.locator("details.documents")
    expect(facts).to_contain_text("Thành phần hồ sơ")
    assert citizen.page.locator("details.documents .document-list li").count() == 2
    expect(facts).to_contain_text("Phí, lệ phí")


def test_a_drop_off_booking_names_the_post_office_and_never_speaks_of_a_courier_at_the_door(phones, server):
    citizen = phones("citizen")
    citizen.visit(f"/book/procedure/{PROCEDURE}")
    citizen.page.check("input[name=intake][value=drop_off]")
    citizen.page.select_option("#delivery_address-commune_code", str(CUA_NAM))
    citizen.page.fill("#delivery_address-street", "12 Phố Huế")
    citizen.page.get_by_role("button", name="Tiếp tục").click()
    office = citizen.page.locator("input[name=drop_off_post_office_code]").first
    office.check()
    name = citizen.page.locator("label.choice strong").first.inner_text()
    citizen.page.get_by_role("button", name="Tiếp tục").click()
    _contact(citizen)
    citizen.check("review")
    expect(citizen.page.locator("main")).to_contain_text("Thanh toán tại quầy bưu cục")
    citizen.page.get_by_role("button", name="Xác nhận đặt lịch").click()
    citizen.check("confirmation")
    expect(citizen.page.locator(".drop-off-office")).to_have_text(name)
    expect(citizen.page.locator("section.next")).not_to_contain_text("bưu tá đến")
    reference = citizen.page.locator("#reference").inner_text()
    citizen.visit(f"/track/{reference}")
    expect(citizen.page.locator(".next-step").first).to_contain_text(name)
    expect(citizen.page.locator("main")).not_to_contain_text("Bưu tá sẽ đến")


def test_a_receive_only_booking_asks_who_receives_and_how_they_pay_on_delivery(phones, server):
    citizen = phones("citizen")
    citizen.visit(f"/book/procedure/{PROCEDURE}")
    citizen.page.check("input[name=service][value=receive]")
    citizen.page.fill("#dossier_code", "000.00.15.G02-261120-0007")
    citizen.page.select_option("#delivery_address-commune_code", str(CUA_NAM))
    citizen.page.fill("#delivery_address-street", "3 Hàng Khay")
    citizen.page.get_by_role("button", name="Tiếp tục").click()
    citizen.check("contact")
    expect(citizen.page.locator("h1")).to_have_text("Ai nhận kết quả?")
    _contact(citizen)
    citizen.check("review")
    expect(citizen.page.locator("main")).to_contain_text("khi nhận kết quả")
    expect(citizen.page.locator("main")).not_to_contain_text("khi nhận hồ sơ")


def test_a_result_meant_for_the_pickup_address_still_goes_there_after_switching_to_a_drop_off(phones, server):
    citizen = phones("citizen")
    citizen.visit(f"/book/procedure/{PROCEDURE}")  # "both", the result to the same address: the defaults
    citizen.page.select_option("#pickup_address-commune_code", str(SOC_SON))
    citizen.page.fill("#pickup_address-street", "Thôn Đông")
    citizen.page.get_by_role("button", name="Tiếp tục").click()
    citizen.page.get_by_role("button", name="Mang đến bưu cục").click()
    citizen.page.locator("input[name=drop_off_post_office_code]").first.check()
    citizen.page.get_by_role("button", name="Tiếp tục").click()
    _contact(citizen)
    citizen.check("review")
    expect(citizen.page.locator("main")).to_contain_text("Thôn Đông")
    expect(citizen.page.get_by_role("button", name="Xác nhận đặt lịch")).to_be_visible()
