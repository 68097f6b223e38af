"""A dossier booked in Đà Nẵng for a Hà Nội agency, carried in a real browser at phone size: the Đà Nẵng courier
picks it up, the office bags it, drivers and exchange staff carry three bags to the Hà Nội office, whose courier
hands it over at the desk; the result comes back the same way to the citizen's door in Đà Nẵng. The citizen's
timeline shows each hop and the expected arrival; every chain, the envelopes' and the bags', verifies."""

from __future__ import annotations

from playwright.sync_api import expect
from sqlmodel import select

from postal_service import qr
from postal_service.db.engine import new_session
from postal_service.db.tables import Notification
from postal_service.domain.lifecycle import Leg
from postal_service.services.bag_chain import verify_bags
from postal_service.services.custody_audit import verify_custody

from ..e2e.conftest import Api
from ..e2e.network_world import DA_NANG, DA_NANG_OFFICE, HAI_CHAU, build_network, place
from ..factories import AGENCY_CODE, DOCUMENTS, OFFICE


def _network_and_booking(server) -> dict:
    """The Đà Nẵng office, the hubs, their staff and the timetable, through the API as an administrator loads
    them; then a citizen's booking (the booking pages have their own tests), on the server's own clock."""
    clock = server.app.extensions["postal"].clock
    api = Api(server.app)
    api.now = clock()
    build_network(api)
    booked = api.book("both", pickup_address=place(DA_NANG, HAI_CHAU, 16.071, 108.221))
    server.app.extensions["postal"].clock = clock
    return booked


def _signed_in_citizen(phones, server, reference: str):
    """The citizen asks for a code by SMS (read from the outbox here) and signs in to their request."""
    citizen = phones("citizen")
    citizen.visit("/track")
    citizen.page.fill("#reference", reference)
    citizen.page.fill("#phone", "0912345678")
    citizen.page.get_by_role("button", name="Gửi mã cho tôi").click()
    expect(citizen.page.locator("#code")).to_be_visible()
    with new_session(server.app.extensions["postal"].engine) as session:
        texts = session.exec(select(Notification.body).where(Notification.kind == "code")).all()
    citizen.page.fill("#code", texts[-1].split(": ")[1][:6])
    with citizen.page.expect_navigation():
        citizen.page.get_by_role("button", name="Xem yêu cầu").click()
    citizen.check("signed-in")
    return citizen


def _bag_page(phone, code: str) -> None:
    phone.visit(f"/network/bags/{code}")


def _step(phone, name: str, fill: dict[str, str] | None = None) -> None:
    """Send the bag page's step form whose heading is `name`, filling its fields first."""
    form = phone.page.locator("form.step", has=phone.page.locator("h2", has_text=name))
    for field, value in (fill or {}).items():
        form.locator(f"[name={field}]").fill(value)
    with phone.page.expect_navigation():
        form.locator("button[type=submit]").click()
    phone.check(name)


def _carry(
    phones, server, tracking: str, staff: str, to: str, driver: str, receiver: str, seal: str, taken_out_first=False
) -> str:
    """One bag on the pages: opened by the staff for `to`, the envelope scanned in (`taken_out_first`: and out
    again, then in), sealed, handed to the driver who takes it by its label, received with its seal read and
    unpacked by the staff at the other end."""
    sender = phones(staff)
    sender.login(staff)
    sender.visit("/network/bags")
    sender.page.select_option("#destination", to)
    with sender.page.expect_navigation():
        sender.page.get_by_role("button", name="Lập túi thư").click()
    sender.check("opened")
    link = sender.page.locator("section.leaving a").last
    code = link.inner_text()
    link.click()
    sender.check("bag")
    _step(sender, "Đóng bưu gửi vào túi", {"tracking_number": tracking})
    expect(sender.page.locator("table tbody tr")).to_have_count(1)
    if taken_out_first:  # scanned in by mistake: taken back out, then in again
        _step(sender, "Lấy bưu gửi ra khỏi túi", {"tracking_number": tracking})
        expect(sender.page.locator("table tbody tr")).to_have_count(0)
        expect(sender.page.locator("h2", has_text="Lấy bưu gửi ra khỏi túi")).to_have_count(0)  # nothing to take
        _step(sender, "Đóng bưu gửi vào túi", {"tracking_number": tracking})
        expect(sender.page.locator("table tbody tr")).to_have_count(1)
    _step(sender, "Đóng và niêm phong túi", {"seal_number": seal})
    _step(sender, "Giao túi cho lái xe", {"driver_username": driver})
    carrier = phones(driver)
    carrier.login(driver)
    carrier.page.get_by_role("link", name=code).click()
    _step(carrier, "Nhận túi lên xe", {"scanned_qr": qr.sign_bag(server.settings.qr_key_ring, code)})
    expect(carrier.page.locator("strong").filter(has_text="Đang trên chuyến thư")).to_be_visible()
    taker = phones(receiver)
    taker.login(receiver)
    _bag_page(taker, code)
    _step(taker, "Nhận túi và kiểm tra niêm phong", {"seal_number": seal})
    _step(taker, "Mở túi, đối chiếu bản kê", {"scanned": tracking})
    expect(taker.page.locator("table tbody tr td").nth(3)).to_have_text("Có")
    return code


def test_a_dossier_from_da_nang_reaches_a_ha_noi_desk_in_three_bags_and_its_result_comes_back(phones, server, tmp_path):
    booked = _network_and_booking(server)
    reference = booked["request"]["reference"]
    dossier, result = (
        next(p["tracking_number"] for p in booked["request"]["parcels"] if p["leg"] == leg)
        for leg in ("dossier", "result")
    )

    dispatcher = phones("dispatcher-dn")
    dispatcher.login("dispatcher-dn")
    card = dispatcher.page.locator("section.card", has_text=dossier)
    card.locator("select").select_option("courier-dn")
    with dispatcher.page.expect_navigation():
        card.get_by_role("button", name="Phân công").click()

    courier = phones("courier-dn")
    courier.login("courier-dn")
    courier.visit(f"/courier/parcel/{dossier}")
    photo = tmp_path / "label.jpg"
    photo.write_bytes(server.label_photo(dossier, Leg.DOSSIER))
    courier.page.set_input_files("#scan-photo", str(photo))
    expect(courier.page.locator(".scan-result")).to_contain_text(dossier)
    pickup = courier.page.locator('form[data-action="pick_up"]')
    for name in DOCUMENTS:
        pickup.get_by_label(name, exact=False).check()
    pickup.get_by_label("Đã kiểm tra giấy tờ tùy thân", exact=False).check()
    pickup.locator("input[name=seal_number]").fill("NP-DN-0001")
    courier.sign('form[data-action="pick_up"] canvas')
    courier.submit_step("pick_up")
    courier.submit_step("arrive_at_post_office")

    citizen = _signed_in_citizen(phones, server, reference)
    expect(citizen.page.locator(".transit")).to_contain_text("Đang chuyển đến Thành phố Hà Nội, dự kiến đến")

    bags = [
        _carry(phones, server, dossier, "dispatcher-dn", "KTDN", "driver1", "hub-dn", "KC-0001", taken_out_first=True),
        _carry(phones, server, dossier, "hub-dn", "KTHN", "driver2", "hub-hn", "KC-0002"),
        _carry(phones, server, dossier, "hub-hn", OFFICE, "driver3", "dispatcher", "KC-0003"),
    ]

    hanoi = phones("dispatcher")
    hanoi.login("dispatcher")
    card = hanoi.page.locator("section.card", has_text=dossier)
    card.locator("select").select_option("courier1")
    with hanoi.page.expect_navigation():
        card.get_by_role("button", name="Phân công").click()
    hanoi_courier = phones("courier1")
    hanoi_courier.login("courier1")
    hanoi_courier.visit(f"/courier/parcel/{dossier}")
    hanoi_courier.page.set_input_files("#scan-photo", str(photo))
    expect(hanoi_courier.page.locator(".scan-result")).to_contain_text(dossier)
    hanoi_courier.submit_step("depart_to_agency")
    hanoi_courier.submit_step("present_at_agency")
    clerk = phones("clerk")
    clerk.login("clerk")
    clerk.page.get_by_role("link", name=dossier).click()
    clerk.page.fill("#dossier-code", f"{AGENCY_CODE}-261123-0001")
    clerk.page.fill("#appointment", "2026-12-07")
    clerk.submit_step("confirm_agency_receipt")
    expect(clerk.page.locator(".status").first).to_have_text("Cơ quan đã tiếp nhận")

    clerk.visit(f"/agency?q={AGENCY_CODE}-261123-0001")
    clerk.submit_step("mark_result_ready")
    clerk.page.select_option('form[data-action="offer_result"] select', "courier1")  # the Hà Nội office's courier
    clerk.submit_step("offer_result")
    result_photo = tmp_path / "result.jpg"
    result_photo.write_bytes(server.label_photo(result, Leg.RESULT))
    hanoi_courier.visit(f"/courier/parcel/{result}")
    hanoi_courier.page.set_input_files("#scan-photo", str(result_photo))
    expect(hanoi_courier.page.locator(".scan-result")).to_contain_text(result)
    hanoi_courier.submit_step("confirm_result_collection")
    hanoi_courier.submit_step("arrive_at_post_office")

    bags += [
        _carry(phones, server, result, "dispatcher", "KTHN", "driver3", "hub-hn", "KC-0004"),
        _carry(phones, server, result, "hub-hn", "KTDN", "driver2", "hub-dn", "KC-0005"),
        _carry(phones, server, result, "hub-dn", DA_NANG_OFFICE, "driver1", "dispatcher-dn", "KC-0006"),
    ]
    dispatcher.visit("/dispatch")
    card = dispatcher.page.locator("section.card", has_text=result)
    card.locator("select").select_option("courier-dn")
    with dispatcher.page.expect_navigation():
        card.get_by_role("button", name="Phân công").click()
    courier.visit(f"/courier/parcel/{result}")
    courier.page.set_input_files("#scan-photo", str(result_photo))
    expect(courier.page.locator(".scan-result")).to_contain_text(result)
    courier.submit_step("start_delivery")
    delivery = courier.page.locator('form[data-action="deliver"]')
    delivery.locator("input[name=receiver_id_number]").fill("001090123456")
    courier.sign('form[data-action="deliver"] canvas')
    courier.submit_step("deliver")
    expect(courier.page.locator(".status").first).to_have_text("Đã giao kết quả")

    citizen.visit(f"/track/{reference}")
    timeline = citizen.page.locator("ol.timeline li").all_inner_texts()
    for code in bags:
        assert any(f"túi {code}" in line and "chuyến" in line for line in timeline), code  # each hop, by its bag
    assert timeline[-1].count("Đã giao kết quả") == 1
    with new_session(server.app.extensions["postal"].engine) as session:
        ring = server.settings.custody_key_ring
        assert verify_bags(session, ring) == (6, [])
        assert verify_custody(session, ring)[1] == []
