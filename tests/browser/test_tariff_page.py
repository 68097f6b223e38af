"""The administrator's price page: a new table is entered through its form from tomorrow (started from today's
prices, a weight band added), a table for today refused with its reason, and the history lists it."""

from __future__ import annotations

from playwright.sync_api import expect


def test_the_administrator_enters_tomorrows_prices_with_a_weight_band_on_the_page(phones, server):
    admin = phones("admin")
    admin.login("admin")
    admin.page.get_by_role("link", name="Giá cước").click()
    admin.check("tariffs")
    expect(admin.page.locator("table.tariffs tbody")).to_contain_text("áp dụng giá cấu hình")
    expect(admin.page.locator("#band-2-price")).to_have_value("22000")  # started from the configured prices
    admin.page.fill("#tariff-from", "2026-11-23")  # today: too late
    admin.page.fill("#band-0-limit", "500")
    admin.page.fill("#band-0-price", "25000")
    admin.page.fill("#band-2-price", "32000")  # heavier than 500 g, within the commune
    admin.page.fill("#tariff-note", "Biểu giá 2027")
    admin.page.get_by_role("button", name="Nhập bảng giá").click()
    expect(admin.page.locator("form.card .form-error")).to_contain_text("sớm nhất từ ngày mai")
    assert [e for e in admin.errors if "422" not in e] == []  # the browser logs the refusal itself: expected
    admin.errors.clear()
    admin.page.fill("#tariff-from", "2026-11-24")
    with admin.page.expect_navigation():
        admin.page.get_by_role("button", name="Nhập bảng giá").click()
    admin.check("entered")
    row = admin.page.locator("table.tariffs tbody tr").first
    expect(row).to_contain_text("24/11/2026")
    expect(row).to_contain_text("Toàn quốc")
    expect(row).to_contain_text("Nội xã, đến 500 g: 25.000 ₫")
    expect(row).to_contain_text("Nội xã, nặng hơn: 32.000 ₫")
    expect(row).to_contain_text("Liên tỉnh, nặng hơn: 60.500 ₫")  # the zones not touched keep today's price
    [table] = admin.page.request.get(f"{server.url}/api/v1/tariffs").json()
    assert [(b["zone"], b["up_to_grams"], b["price"]) for b in table["bands"]][:2] == [
        ("same_commune", 500, 25_000),
        ("same_commune", None, 32_000),
    ]
    assert table["note"] == "Biểu giá 2027" and table["created_by"].endswith("admin")
