"""A label is read and checked on the courier's phone with no network: the photo's QR is decoded in the browser
(zxing-wasm from npm, as Chromium on Linux has no BarcodeDetector) and its Ed25519 signature checked against the
public keys cached with the day, so a forged label is refused in the basement, and a genuine one lets the step be
taken as scanned, sent when the network returns."""

import io
from pathlib import Path

from PIL import Image
from playwright.sync_api import expect

from postal_service.domain.lifecycle import Leg

from ..e2e.servers import until
from .conftest import BROWSER_ARGS, CHROMIUM, Phone
from .test_offline_day import CACHED_PAGES
from .test_offline_rejection_roles import Desk

FORGED = "Nhãn bị giả mạo hoặc sửa đổi: chữ ký không khớp. Không nhận bì này; hãy gọi điều phối viên."
CHECKED_HERE = "Đã quét bì, nhãn đã được kiểm tra trên điện thoại:"
SCAN_KEYS = "() => Object.keys(sessionStorage).filter(k => k.startsWith('scan:'))"


def test_a_label_photo_is_checked_on_the_phone_offline_and_a_forged_one_refused(phones, server, tmp_path):
    desk = Desk(server)
    tracking = desk.picked_up()[1]
    courier = phones("courier")
    courier.login("courier1")
    courier.visit("/courier")  # online: the day, its stop pages and the decoder are kept
    stop_page = f"{server.url}/courier/parcel/{tracking}"
    decoder = f"{server.url}/static/vendor/zxing_reader.wasm"
    assert until(lambda: {stop_page, decoder} <= set(courier.page.evaluate(CACHED_PAGES)), attempts=100, pause=0.1)
    asked_server: list[str] = []
    courier.page.on("request", lambda r: asked_server.append(r.url) if "/api/v1/scan" in r.url else None)

    courier.context.set_offline(True)
    courier.page.goto(stop_page)
    forged, genuine = tmp_path / "forged.jpg", tmp_path / "label.jpg"
    forged.write_bytes(server.label_photo(tracking, Leg.DOSSIER, forged=True))
    genuine.write_bytes(server.label_photo(tracking, Leg.DOSSIER))
    result = courier.page.locator(".scan-result")
    courier.page.locator(".scan-photo").set_input_files(str(forged))
    expect(result).to_have_text(FORGED)
    expect(result).to_have_class("scan-result error")
    assert courier.page.evaluate(SCAN_KEYS) == []  # a forged label is never taken as a scan

    courier.page.locator(".scan-photo").set_input_files(str(genuine))
    expect(result).to_have_text(f"{CHECKED_HERE} {tracking}")
    expect(result).to_have_class("scan-result success")
    courier.check("offline-scan")
    depart = courier.page.locator('form[data-action="depart_to_agency"]')
    expect(depart.locator("[data-unscanned]")).to_be_hidden()  # scanned: no reason asked
    depart.get_by_role("button").click()
    expect(courier.page.locator(".queue-text")).to_have_text("Đã lưu trên máy, sẽ gửi khi có mạng: 1")
    assert asked_server == []  # read and checked on the phone alone

    with courier.page.expect_navigation():
        courier.context.set_offline(False)
        courier.page.evaluate("window.dispatchEvent(new Event('online'))")
    departed = desk.last_event(tracking)
    assert departed.action == "depart_to_agency"
    assert departed.evidence["scanned_qr"] is True  # the server checked the label again when the step arrived
    desk.close()


def _camera_file(photo: bytes, path: Path) -> Path:
    """The label held in front of the phone's camera: one frame of raw video (YUV4MPEG2, 4:2:0), which Chromium's
    fake capture device plays in a loop."""
    frame = Image.new("RGB", (640, 480), (200, 200, 195))
    label = Image.open(io.BytesIO(photo)).convert("RGB")
    label.thumbnail((440, 440))
    frame.paste(label, ((640 - label.width) // 2, (480 - label.height) // 2))
    y, u, v = frame.convert("YCbCr").split()
    half = (320, 240)
    path.write_bytes(
        b"YUV4MPEG2 W640 H480 F10:1 Ip A1:1 C420jpeg\nFRAME\n"
        + y.tobytes()
        + u.resize(half).tobytes()
        + v.resize(half).tobytes()
    )
    return path


def test_the_live_camera_reads_and_checks_a_label_offline(driver, server, tmp_path, request):
    """Chromium on Linux has no BarcodeDetector: the camera's frames go to the npm decoder instead."""
    desk = Desk(server)
    tracking = desk.picked_up()[1]
    camera = _camera_file(server.label_photo(tracking, Leg.DOSSIER), tmp_path / "camera.y4m")
    browser = driver.chromium.launch(
        executable_path=CHROMIUM,
        args=[*BROWSER_ARGS, "--use-fake-device-for-media-stream", f"--use-file-for-fake-video-capture={camera}"],
    )
    try:
        courier = Phone(browser, server, "courier", request.node.name)
        courier.context.grant_permissions(["camera"], origin=server.url)
        courier.login("courier1")
        courier.visit("/courier")
        stop_page = f"{server.url}/courier/parcel/{tracking}"
        assert until(lambda: stop_page in courier.page.evaluate(CACHED_PAGES), attempts=100, pause=0.1)
        courier.context.set_offline(True)
        courier.page.goto(stop_page)
        courier.page.locator(".live-scan").click()
        expect(courier.page.locator(".scan-result")).to_have_text(f"{CHECKED_HERE} {tracking}", timeout=20_000)
        expect(courier.page.locator("video.scanner")).to_be_hidden()  # the camera is let go once a label is read
        errors = courier.errors
    finally:
        browser.close()
    assert errors == []
    desk.close()
