"""The dispatcher keeps the couriers' rosters on a phone: a weekly pattern saved, leave added and withdrawn, a
swap onto the Saturday the new week leaves off, a refused half day that names its field; the board then says
who is off."""

from __future__ import annotations

from playwright.sync_api import expect


def test_the_dispatcher_sets_a_week_adds_leave_and_a_swap_and_the_board_says_who_is_off(phones):
    dispatcher = phones("dispatcher")
    dispatcher.login("dispatcher")
    page = dispatcher.page
    page.get_by_role("link", name="Lịch bưu tá").click()
    dispatcher.check("roster")
    courier1 = page.locator("section[id^=courier-]").first
    expect(courier1.locator("h2")).to_contain_text("courier1")
    saturday = page.locator('tr[data-courier="courier1"] td').nth(5)
    expect(saturday).to_contain_text("07:30–11:30")  # nobody rostered: the office's hours

    courier1.locator("summary").filter(has_text="Lịch tuần").click()
    week = courier1.locator("form[data-method=PUT]")
    week.locator('input[name="shifts.sat"]').first.fill("")
    week.locator('input[name="shifts.sat"]').last.fill("")
    with page.expect_navigation():
        week.get_by_role("button", name="Lưu lịch tuần").click()
    dispatcher.check("week-saved")
    expect(page.locator('tr[data-courier="courier1"] td').nth(5)).to_contain_text("nghỉ")

    courier1 = page.locator("section[id^=courier-]").first
    courier1.locator("summary").filter(has_text="Thêm ngày nghỉ phép").click()
    change = courier1.locator("form:not([data-method])").first
    change.locator("select[name=kind]").select_option("half_day")
    change.locator('input[name="first_day"]').fill("2026-11-24")
    change.locator('input[name="hours"]').first.fill("13:00")
    change.locator('input[name="hours"]').last.fill("12:00")
    change.get_by_role("button", name="Thêm vào lịch").click()
    expect(change.locator(".field-error")).to_contain_text("giờ kết thúc phải sau giờ bắt đầu")
    dispatcher.errors.clear()  # the browser logs the 422 itself; it is expected

    change.locator("select[name=kind]").select_option("swap")
    change.locator('input[name="first_day"]').fill("2026-11-27")
    change.locator('input[name="works_on"]').fill("2026-11-28")
    change.locator('input[name="hours"]').first.fill("07:30")
    change.locator('input[name="hours"]').last.fill("11:30")
    change.locator('input[name="note"]').fill("đổi với chị Lan")
    with page.expect_navigation():
        change.get_by_role("button", name="Thêm vào lịch").click()
    dispatcher.check("swap-added")
    row = page.locator('tr[data-courier="courier1"] td')
    expect(row.nth(4)).to_contain_text("đổi ngày làm")  # Friday given up
    expect(row.nth(5)).to_contain_text("07:30–11:30")  # the Saturday worked instead

    courier2 = page.locator("section[id^=courier-]").nth(1)
    courier2.locator("summary").filter(has_text="Thêm ngày nghỉ phép").click()
    leave = courier2.locator("form:not([data-method])").first
    leave.locator("select[name=kind]").select_option("leave")
    leave.locator('input[name="first_day"]').fill("2026-11-23")
    leave.locator('input[name="last_day"]').fill("2026-11-24")
    with page.expect_navigation():
        leave.get_by_role("button", name="Thêm vào lịch").click()
    dispatcher.check("leave-added")
    expect(page.locator('tr[data-courier="courier2"] td').nth(0)).to_contain_text("nghỉ phép")

    page.get_by_role("link", name="Điều phối").click()
    expect(page.locator("#away")).to_contain_text("Courier2 (nghỉ phép)")
    page.locator("#away").get_by_role("link").click()
    courier2 = page.locator("section[id^=courier-]").nth(1)
    with page.expect_navigation():
        courier2.get_by_role("button", name="Rút lại").click()
    dispatcher.check("leave-withdrawn")
    expect(page.locator('tr[data-courier="courier2"] td').nth(0)).not_to_contain_text("nghỉ phép")
    assert dispatcher.errors == []
