"""The administrator's calendar page: next year's swaps are asked for from October, a day is declared with its
announcement through the page's form, listed, and withdrawn with the row's button."""

from __future__ import annotations

from playwright.sync_api import expect


def test_the_administrator_declares_a_swapped_saturday_on_the_page_and_withdraws_it(phones):
    admin = phones("admin")
    admin.login("admin")
    admin.page.get_by_role("link", name="Lịch làm việc").click()
    admin.check("calendar")
    expect(admin.page.locator("ul.holidays")).to_contain_text("Ngày Văn hóa Việt Nam")
    expect(admin.page.get_by_role("alert").filter(has_text="năm sau")).to_be_visible()  # November, nothing for 2027
    admin.visit("/admin/calendar?year=2027")
    expect(admin.page.locator("ul.holidays")).to_contain_text("Tết Nguyên Đán")
    admin.page.fill("#declared-day", "2027-02-13")
    admin.page.get_by_label("ngày làm việc", exact=False).check()
    admin.page.fill("#declared-reference", "Thông báo 6150/TB-BLĐTBXH")
    admin.page.fill("#declared-note", "làm bù cho mùng sáu Tết")
    with admin.page.expect_navigation():
        admin.page.get_by_role("button", name="Khai báo một ngày").click()
    admin.check("declared")
    row = admin.page.locator("table.declared tbody tr").first
    expect(row).to_contain_text("13/02/2027")
    expect(row).to_contain_text("Ngày làm việc")
    expect(row).to_contain_text("Thông báo 6150/TB-BLĐTBXH")
    expect(admin.page.get_by_role("alert").filter(has_text="năm sau")).to_have_count(0)
    admin.page.fill("#declared-day", "2027-02-13")
    admin.page.get_by_label("ngày nghỉ", exact=False).check()
    admin.page.fill("#declared-reference", "Thông báo 6150/TB-BLĐTBXH")
    admin.page.get_by_role("button", name="Khai báo một ngày").click()
    expect(admin.page.locator("form.card .form-error")).to_be_visible()  # declared already: withdraw it first
    assert [e for e in admin.errors if "409" not in e] == []  # the browser logs the refusal itself; it is expected
    admin.errors.clear()
    with admin.page.expect_navigation():
        row.get_by_role("button", name="Rút lại").click()
    admin.check("withdrawn")
    expect(admin.page.locator("table.declared tbody")).to_contain_text("Chưa khai báo ngày nào cho năm này.")


def test_the_administrator_reads_each_s10_range_used_and_left(phones):
    admin = phones("admin")
    admin.login("admin")
    admin.page.get_by_role("link", name="Số hiệu S10").click()
    admin.check("numbers")
    rows = admin.page.locator("table.ranges tbody tr")
    expect(rows).to_have_count(2)  # the configured prefixes, nothing issued yet in this world
    expect(rows.first).to_contain_text("RH")
    expect(rows.first).to_contain_text("99.999.999")
    expect(rows.first).to_contain_text("chưa đủ số liệu")
