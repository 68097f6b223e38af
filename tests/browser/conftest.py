"""A real server on a free port and Debian's headless Chromium driven by Playwright, at phone size.

Every page a test visits is screenshotted into test-artifacts/screenshots/; a console error or a form field
without a label fails the test.
"""

from __future__ import annotations

import io
import itertools
import re
import threading
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from PIL import Image
from sqlmodel import SQLModel
from werkzeug.serving import make_server

from api import create_app
from postal_service import qr
from postal_service.config import Settings
from postal_service.db.engine import make_engine
from postal_service.domain.lifecycle import Leg

from ..conftest import MONDAY_MORNING, PLANNING_EFFORT, SCREENSHOTS, work_session
from ..factories import PASSWORD, build_world

CHROMIUM = "/usr/bin/chromium"
ARTIFACTS = SCREENSHOTS
PHONE = {"width": 360, "height": 740}
BROWSER_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
]
SIGNATURES = itertools.count(1)  # every phone's signatures differ from every other's
# Words of English prose that no Vietnamese page has reason to show (proper names, codes and "QR", "PDF" or
# "CCCD" are not prose). Vietnamese words that look English ("to", "no", "an") are left out on purpose.
ENGLISH_WORDS = re.compile(
    r"\b(the|and|of|is|are|not|please|choose|enter|should|must|your|with|for|this|that|found|requested|server|"
    r"item|items|list|value|field|required|invalid|error|cannot|from|has|have|been|will|was|were|there|here|"
    r"which|what|when|where|who|how|sent|send|back|next|step|yet|only|more|less|than|into)\b",
    re.IGNORECASE,
)
VISIBLE_TEXT = "() => document.body.innerText"
LABELLESS_FIELDS = """() => Array.from(document.querySelectorAll('input, select, textarea'))
  .filter(el => el.type !== 'hidden' && !(el.labels && el.labels.length) && !el.getAttribute('aria-label'))
  .map(el => el.name || el.id || el.outerHTML.slice(0, 60))"""


class Server:
    def __init__(self, tmp: Path, **overrides: object) -> None:
        self.url_holder = ""
        database = f"sqlite:///{tmp}/browser.sqlite3"
        engine = make_engine(database)
        SQLModel.metadata.create_all(engine)
        broker = f"sqla+sqlite:///{tmp}/broker.sqlite3"  # the embedded broker, for the workers a test starts
        values: dict[str, object] = {
            "database_url": database,
            "environment": "test",
            "broker_url": broker,
            "task_queue": "browser",
            "planning_effort": PLANNING_EFFORT,
            "data_dir": str(tmp / "files"),
        }
        self.settings = Settings(_env_file=None, **(values | overrides))  # type: ignore[call-arg, arg-type]
        with work_session(engine, self.settings) as session:
            build_world(session, self.settings, MONDAY_MORNING)
        engine.dispose()
        self.app = create_app(self.settings)
        started = datetime.now(UTC)
        self.app.extensions["postal"].clock = lambda: MONDAY_MORNING + (datetime.now(UTC) - started)
        self.server = make_server("127.0.0.1", 0, self.app, threaded=True)
        self.url = f"http://127.0.0.1:{self.server.server_port}"
        self.app.extensions["postal"].settings.public_base_url = self.url
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def label_photo(self, tracking: str, leg: Leg, forged: bool = False) -> bytes:
        """A 'photo' of the printed label: the QR turned a little and set on a grey background. A forged one is
        printed by someone who copied the format and the key id but signs with a key of their own."""
        keys = self.settings.qr_key_ring
        if forged:
            keys = {key_id: b"a forger's own key" for key_id in keys}
        content = qr.label_url(self.url, qr.sign(keys, tracking, leg))
        code = Image.open(io.BytesIO(qr.render_png(content))).convert("RGB").rotate(7, expand=True, fillcolor="white")
        photo = Image.new("RGB", (code.width + 160, code.height + 220), (190, 190, 185))
        photo.paste(code, (80, 110))
        buffer = io.BytesIO()
        photo.save(buffer, format="JPEG", quality=85)
        return buffer.getvalue()

    def close(self) -> None:
        self.server.shutdown()
        self.app.extensions["postal"].engine.dispose()


@pytest.fixture
def server(tmp_path) -> Iterator[Server]:
    running = Server(tmp_path)
    yield running
    running.close()


@pytest.fixture(scope="session")
def driver():
    """Playwright itself, once per worker: the shared browser, and a test's own when it needs other flags."""
    from playwright.sync_api import sync_playwright

    ARTIFACTS.mkdir(parents=True, exist_ok=True)  # emptied once per run by the root conftest, not per worker
    with sync_playwright() as playwright:
        yield playwright


@pytest.fixture(scope="session")
def browser(driver):
    chromium = driver.chromium.launch(executable_path=CHROMIUM, args=BROWSER_ARGS)
    yield chromium
    chromium.close()


class Phone:
    """One person's phone: its own cookies, a console watcher, screenshots and label checks on every page."""

    def __init__(self, browser, server: Server, name: str, test: str) -> None:
        self.server, self.name, self.test = server, name, re.sub(r"\W+", "_", test)
        self.context = browser.new_context(
            viewport=PHONE, device_scale_factor=2, is_mobile=True, has_touch=True, locale="vi-VN"
        )
        self.page = self.context.new_page()
        self.errors: list[str] = []
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.shots = 0

    def visit(self, path: str) -> None:
        self.page.goto(self.server.url + path)
        self.check("visit")

    def check(self, what: str, keep: bool = True) -> None:
        """Every page must label its fields; each state is kept as a screenshot (unless a walk of many pages asks
        only for the checks)."""
        self.page.wait_for_load_state("load")
        assert self.page.evaluate(LABELLESS_FIELDS) == [], f"fields without a label on {self.page.url}"
        if self.page.evaluate("() => document.documentElement.lang") == "vi":
            english = sorted({m.group(0) for m in ENGLISH_WORDS.finditer(self.page.evaluate(VISIBLE_TEXT))})
            assert english == [], f"English words on a Vietnamese page {self.page.url}: {english}"
        if not keep:
            return
        self.shots += 1
        self.page.screenshot(path=ARTIFACTS / f"{self.test}-{self.name}-{self.shots:02d}-{what}.png", full_page=True)

    def login(self, username: str) -> None:
        self.visit("/login")
        self.page.fill("#username", username)
        self.page.fill("#password", PASSWORD)
        self.page.click("button[type=submit]")
        self.check("signed-in")

    def sign(self, canvas: str) -> None:
        """A stroke of its own each time, as two people's signatures are (the server refuses one image as the proof
        of two envelopes)."""
        self.signed = next(SIGNATURES)
        self.page.locator(canvas).scroll_into_view_if_needed()
        box = self.page.locator(canvas).bounding_box()
        x, y = box["x"], box["y"]
        self.page.mouse.move(x + 20, y + 40)
        self.page.mouse.down()
        for step in range(1, 12):
            self.page.mouse.move(x + 20 + step * 20, y + 40 + (step * self.signed % 3) * 25 + self.signed * 4)
        self.page.mouse.up()

    def submit_step(self, action: str) -> None:
        """Send a step form and wait for the page to show the new state."""
        with self.page.expect_navigation():
            self.page.locator(f'form[data-action="{action}"] button[type=submit]').click()
        self.check(action)


@pytest.fixture
def phones(browser, server, request):
    opened: list[Phone] = []

    def open_phone(name: str) -> Phone:
        phone = Phone(browser, server, name, request.node.name)
        opened.append(phone)
        return phone

    yield open_phone
    for phone in opened:
        errors = phone.errors
        phone.context.close()
        assert errors == [], f"browser console errors on {phone.name}'s phone: {errors}"
