"""Booking as a newcomer does it at 360×740: search without marks, drop off with the defaults, receive only,
change the province; every step says what is wrong on that step, and the review and confirmation say it all."""

from playwright.sync_api import expect

from postal_service.queries import geography

from ..factories import CUA_NAM, HOAN_KIEM, PROCEDURE


def _search_and_choose(citizen) -> None:
    citizen.visit("/book")
    citizen.page.fill("#q", "giay phep xuat ban")  # typed without the marks
    citizen.page.get_by_role("button", name="Tìm").click()
    citizen.check("search")
    found = citizen.page.locator(".results li", has_text="Cấp giấy phép xuất bản tài liệu không kinh doanh")
    expect(found).to_contain_text("Cục Xuất bản, In và Phát hành")
    found.get_by_role("link", name="Gửi qua bưu chính").click()
    citizen.check("details")


def _contact(citizen, consent: bool = True) -> None:
    citizen.page.fill("#contact-name", "Trần Thị Bình")
    citizen.page.fill("#contact-phone", "0987 654 321")
    citizen.page.fill("#contact-id_number", "001190654321")
    if consent:
        citizen.page.check("input[name=consent]")
    citizen.page.get_by_role("button", name="Tiếp tục").click()


def test_a_drop_off_with_the_other_defaults_books_without_a_dead_end(phones, server):
    citizen = phones("citizen")
    _search_and_choose(citizen)
    citizen.page.check("input[name=intake][value=drop_off]")
    expect(citizen.page.locator("#pickup_address-street")).to_be_hidden()  # no pickup: no pickup address
    expect(citizen.page.locator("input[name=delivery_same]")).to_be_hidden()  # nothing to be "the same" as
    expect(citizen.page.locator("#pickup_address-latitude")).to_have_attribute("type", "hidden")
    citizen.page.select_option("#delivery_address-commune_code", str(CUA_NAM))
    citizen.page.fill("#delivery_address-street", "12 Phố Huế")
    citizen.page.get_by_role("button", name="Tiếp tục").click()
    citizen.check("drop-off-office")
    citizen.page.locator("input[name=drop_off_post_office_code]").first.check()
    citizen.page.get_by_role("button", name="Tiếp tục").click()
    _contact(citizen, consent=False)
    citizen.check("consent-missing")
    expect(citizen.page.locator("p.error", has_text="đồng ý")).to_be_visible()  # said on step 3, not at the end
    citizen.page.check("input[name=consent]")
    citizen.page.get_by_role("button", name="Tiếp tục").click()
    citizen.check("review")
    review = citizen.page.locator("main")
    expect(review).to_contain_text("12 Phố Huế")
    expect(review).to_contain_text("Gửi tại bưu cục")
    expect(citizen.page.get_by_role("link", name="Sửa")).to_have_count(4)
    citizen.page.get_by_role("button", name="Xác nhận đặt lịch").click()
    citizen.check("confirmation")
    expect(citizen.page.locator("section.next")).to_contain_text("Các bước tiếp theo")
    expect(citizen.page.locator("section.next")).to_contain_text("hủy miễn phí")
    expect(citizen.page.locator("section.next")).to_contain_text("1900 54 54 81")


def test_receiving_only_asks_for_the_dossier_code_and_the_delivery_address_then_goes_on(phones, server):
    citizen = phones("citizen")
    citizen.visit(f"/book/procedure/{PROCEDURE}")
    citizen.page.check("input[name=service][value=receive]")
    expect(citizen.page.locator("input[name=intake]").first).to_be_hidden()
    citizen.page.fill("#dossier_code", "000.00.15.G02-261120-0007")
    citizen.page.select_option("#delivery_address-commune_code", str(CUA_NAM))
    citizen.page.fill("#delivery_address-street", "3 Hàng Khay")
    citizen.page.get_by_role("button", name="Tiếp tục").click()
    citizen.check("contact")
    _contact(citizen)
    citizen.check("review")
    expect(citizen.page.locator("main")).to_contain_text("3 Hàng Khay")
    citizen.page.get_by_role("button", name="Xác nhận đặt lịch").click()
    citizen.check("confirmation")
    expect(citizen.page.locator("#reference")).to_contain_text("D45-")


def test_the_slot_days_have_their_weekday_and_a_new_province_brings_its_wards_in_vietnamese_order(phones, server):
    citizen = phones("citizen")
    citizen.visit(f"/book/procedure/{PROCEDURE}")
    citizen.page.select_option("#pickup_address-commune_code", str(CUA_NAM))
    with citizen.page.expect_navigation():
        citizen.page.select_option("#pickup_address-province_code", "79")  # Hồ Chí Minh City
    citizen.check("province-changed")
    expect(citizen.page.locator("#pickup_address-commune_code-error")).to_be_visible()
    names = citizen.page.locator("#pickup_address-commune_code option").all_inner_texts()[1:]
    assert names == [name for _, name in geography.communes_of(79)] and len(names) > 50
    with citizen.page.expect_navigation():
        citizen.page.select_option("#pickup_address-province_code", "1")
    citizen.page.select_option("#pickup_address-commune_code", str(CUA_NAM))
    citizen.page.fill("#pickup_address-street", "5 Phố Tràng Thi")
    citizen.page.get_by_role("button", name="Tiếp tục").click()
    citizen.check("slots")
    expect(citizen.page.locator("fieldset legend").first).to_contain_text("Thứ")


def test_an_old_district_era_address_becomes_the_new_one_and_the_citizen_sees_it(phones, server):
    citizen = phones("citizen")
    citizen.visit(f"/book/procedure/{PROCEDURE}")
    citizen.page.locator("details.old-address").first.locator("summary").click()
    citizen.page.fill("#pickup_address-old", "5 Phố Tràng Thi, Phường Hàng Trống, Quận Hoàn Kiếm, Hà Nội")
    citizen.page.get_by_role("button", name="Tìm địa chỉ mới").first.click()
    citizen.check("converted")
    expect(citizen.page.locator("#converted")).to_contain_text("5 Phố Tràng Thi, Phường Hoàn Kiếm, Thành phố Hà Nội")
    expect(citizen.page.locator("#pickup_address-commune_code")).to_have_value(str(HOAN_KIEM))
    expect(citizen.page.locator("#pickup_address-street")).to_have_value("5 Phố Tràng Thi")
    citizen.page.get_by_role("button", name="Tiếp tục").click()
    citizen.check("slots")
    expect(citizen.page.locator("input[name=slot_start]").first).to_be_visible()


def test_an_address_that_cannot_be_matched_is_said_so_in_vietnamese(phones, server):
    citizen = phones("citizen")
    citizen.visit(f"/book/procedure/{PROCEDURE}")
    citizen.page.locator("details.old-address").first.locator("summary").click()
    citizen.page.fill("#pickup_address-old", "nơi nào đó")
    citizen.page.get_by_role("button", name="Tìm địa chỉ mới").first.click()
    citizen.check("not-matched")
    expect(citizen.page.locator("#pickup_address-old-error")).to_contain_text("không tìm được xã, phường")
