"""Every form of every page, for every role, submitted the way a person would: the pages are found by following
the links each role sees from its first page (never a hand-kept list), each form is filled with valid data and
sent with the fields the page itself sends, and the answer is checked.

A form fails the walk when its answer is a server error, refuses a field the form itself sent as unknown (the
complaint form's CSRF token once was), shows a field's internal name to the reader, speaks English on a
Vietnamese page, or leaves the reader with no way forward or back. Whether a particular step is possible now is
the other tests' business: a refusal in the page's words is a good answer here.
"""

from __future__ import annotations

import re
from collections import deque
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from ..factories import AGENCY_CODE, PASSWORD
from .test_offline_rejection_roles import Desk

ROLES = {  # the role's name in the issue, and who signs in (the citizen does not)
    "citizen": None,
    "courier": "courier1",
    "counter": "counter",
    "clerk": "clerk",
    "dispatcher": "dispatcher",
    "manager": "manager",
    "administrator": "admin",
}
# What a person would type into a field of that name: valid for it, whatever the form.
VALUES = {
    "q": "giay phep",
    "tracking": "RH000000014VN",
    "reference": "D45-AAAAAA",
    "phone": "0987654321",
    "contact.phone": "0987654321",
    "name": "Trần Văn Bình",
    "contact.name": "Trần Văn Bình",
    "id_number": "001190654321",
    "contact.id_number": "001190654321",
    "email": "binh@example.vn",
    "contact.email": "binh@example.vn",
    "street": "5 Phố Tràng Thi",
    "pickup_address.street": "5 Phố Tràng Thi",
    "delivery_address.street": "12 Phố Huế",
    "pickup_address.old": "5 Phố Tràng Thi, Phường Hàng Trống, Quận Hoàn Kiếm, Hà Nội",
    "delivery_address.old": "12 Phố Huế, Phường Hàng Bài, Quận Hoàn Kiếm, Hà Nội",
    "dossier_code": f"{AGENCY_CODE}-261123-0099",
    "appointment_date": "2026-12-15",
    "seal_number": "NP-0100",
    "exemption_proof_number": "HN-123456",
    "declared": "0",
    "counted": "0",
    "cash_collected": "0",
    "procedure_fee_received": "0",
    "receiver_name": "Trần Văn Bình",
    "receiver_id_number": "001190654321",
    "url": "https://motcua.example.gov.vn/postal-events",
    "portal_url": "https://dichvucong.example.gov.vn/sync",
    "current_password": PASSWORD,
    "new_password": "Another-passphrase-2026",
    "confirmation": "Another-passphrase-2026",
    "code": "000000",
}
TEXT = "Kiểm tra biểu mẫu"  # any other free text: a reason, a note, a description
SKIPPED_LINKS = re.compile(r"^/(api|static|dev)/|[?&]lang=|\.(pdf|csv|xlsx|png|svg|js|css)$")
PUBLIC = re.compile(r"^/($|book|track|login|pay)")  # the citizen's pages: staff walk their own
# The administrator's walk leaves the office pages to the dispatcher's, counter's and clerk's walks (the same
# pages and forms) and walks what only an administrator has.
WALKED_BY_OTHERS = re.compile(r"^/(dispatch|counter|courier|agency)(/|$)")
PER_PATTERN = 2  # pages of one shape visited (two parcel pages in two states, not every parcel)
MOST_PAGES, MOST_FORMS = 30, 45
UNKNOWN_FIELD = re.compile(r"không được dùng ở đây|not expected here", re.IGNORECASE)
INTERNAL_NAME = re.compile(r"\b[a-z]+_[a-z_]+\b")  # documents_present, csrf_token: a field's name, not words

FORMS = """() => Array.from(document.forms).map((form, index) => ({
  index,
  method: (form.getAttribute('method') || 'get').toLowerCase(),
  action: form.getAttribute('action') || form.dataset.endpoint || '',
  api: form.dataset.apiForm !== undefined,
  names: Array.from(form.elements).map(el => el.name).filter(Boolean).sort(),
  logout: form.classList.contains('logout'),
}))"""
LINKS = "() => Array.from(document.querySelectorAll('a[href]')).map(a => a.getAttribute('href'))"
WAYS_ON = "() => document.querySelectorAll('main a[href], main button, nav.staff-nav a').length"


def _shape(path: str) -> str:
    """A page's or form's address without its particulars: every parcel page is one shape."""
    path = re.sub(r"[A-Z]{2}[0-9]{9}VN", "{tracking}", path)
    path = re.sub(r"D45-[A-Z0-9]{6}", "{reference}", path)
    return re.sub(r"/[0-9]+(?=/|$)", "/{id}", path)


@dataclass
class Walk:
    """One role's walk: the pages seen, the forms sent, and what went wrong."""

    phone: object
    origin: str
    staff: bool
    administrator: bool = False
    pages: deque[str] = field(default_factory=deque)
    seen_pages: set[str] = field(default_factory=set)
    shapes: dict[str, int] = field(default_factory=dict)
    revisits: dict[str, int] = field(default_factory=dict)
    sent: set[tuple[str, str, tuple[str, ...]]] = field(default_factory=set)
    failures: list[str] = field(default_factory=list)
    server_errors: list[str] = field(default_factory=list)

    def add(self, href: str, base: str) -> None:
        parts = urlsplit(href if "://" in href else self.origin + (href if href.startswith("/") else "/" + href))
        if f"{parts.scheme}://{parts.netloc}" != self.origin or not parts.path or SKIPPED_LINKS.search(href):
            return
        if self.staff and PUBLIC.search(parts.path):
            return
        if self.administrator and WALKED_BY_OTHERS.search(parts.path):
            return
        address = parts.path + (f"?{parts.query}" if parts.query else "")
        shape = _shape(parts.path)
        if address in self.seen_pages or self.shapes.get(shape, 0) >= PER_PATTERN:
            return
        self.seen_pages.add(address)
        self.shapes[shape] = self.shapes.get(shape, 0) + 1
        self.pages.append(address)

    def led_to(self, url: str) -> None:
        parts = urlsplit(url)
        address = parts.path + (f"?{parts.query}" if parts.query else "")
        if f"{parts.scheme}://{parts.netloc}" != self.origin or (self.staff and PUBLIC.search(parts.path)):
            return
        if address not in self.seen_pages:
            self.add(address, url)
            if self.pages and self.pages[-1] == address:  # a journey goes on before the walk turns elsewhere
                self.pages.rotate(1)
        elif self.revisits.get(address, 0) < REVISITS and address not in self.pages:
            self.revisits[address] = self.revisits.get(address, 0) + 1
            self.pages.appendleft(address)


LAST = re.compile(r"/cancel$")  # a form that ends what the others act on goes after them
ANSWER_MS = 3_000  # a form's answer starts within this; a form the browser did not send waits no longer
REVISITS = 3  # a page that a form changed (the booking's steps keep their address) is walked again, this often


def _fill(page, form) -> None:
    """Each field as a person fills it: what the page offers is kept, what is empty gets a valid value."""
    for element in form.locator("input, select, textarea").all():
        if not element.is_visible():
            continue
        kind = (element.get_attribute("type") or "").lower()
        name = element.get_attribute("name") or ""
        tag = element.evaluate("el => el.tagName").lower()
        if kind in ("checkbox",):
            element.check()
        elif kind == "radio":
            group = form.locator(f'input[type=radio][name="{name}"]')
            if not any(r.is_checked() for r in group.all()):
                group.first.check()
        elif kind in ("file", "hidden", "submit", "button"):
            continue
        elif tag == "select":
            values = [v for v in element.evaluate("el => Array.from(el.options).map(o => o.value)") if v]
            if values and not element.input_value():
                element.select_option(values[0])
        elif kind == "time" and not element.input_value():  # a span's start, then its end
            element.fill("11:00" if element.get_attribute("data-span") == "1" else "08:00")
        elif not element.input_value():
            element.fill(VALUES.get(name, "2026-11-24" if kind == "date" else "0" if kind == "number" else TEXT))


def _settled(page, script: str):
    """Evaluate once the page stopped moving: a form's answer may still be navigating."""
    for _ in range(5):
        try:
            page.wait_for_load_state("networkidle")
            return page.evaluate(script)
        except PlaywrightError as error:
            if "context was destroyed" not in str(error) and "navigating" not in str(error):
                raise
    return page.evaluate(script)


def _press(page, button, api: bool) -> None:
    """Press the button as a person would (the browser's checks, then the page's script) and wait for the answer:
    the next page, or the API's answer to the page's script (which then reloads the page)."""
    waiting = (
        page.expect_response(lambda r: r.request.method != "GET" and "/api/" in r.url, timeout=ANSWER_MS)
        if api
        else page.expect_navigation(timeout=ANSWER_MS)
    )
    if not button.evaluate("b => b.form.checkValidity()"):
        button.evaluate("b => b.form.requestSubmit(b)")  # the browser says what is missing; nothing is sent
        return
    try:
        with waiting:
            button.evaluate("b => b.form.requestSubmit(b)")
    except PlaywrightTimeout:
        pass  # nothing was sent: the page asked for something first (a reason, a required field)
    _settled(page, "() => 1")


def _main_button(form):
    """The button a person presses to send the form: the unnamed one (named ones are side doors: convert an old
    address, refresh the communes), else any."""
    for selector in ("button[type=submit]:not([name])", "button:not([type]):not([name])", "button"):
        visible = [b for b in form.locator(selector).all() if b.is_visible()]
        if visible:
            return visible[-1]
    return None


def _submit(walk: Walk, address: str, form_index: int) -> None:
    page = walk.phone.page
    page.goto(walk.origin + address)
    page.wait_for_load_state("load")
    if page.locator("form").count() <= form_index:
        return  # the page changed since (an earlier form moved the parcel on)
    answered_by_post = _send(walk, address, form_index)
    if answered_by_post:  # a page answering a post (confirm a cancellation): its first form is sent in place
        first = next((f["index"] for f in _settled(page, FORMS) if not f["logout"]), None)
        if first is not None:
            _send(walk, page.url.removeprefix(walk.origin), first, navigated=False)


def _send(walk: Walk, address: str, form_index: int, navigated: bool = True) -> bool:
    """Fill and send one form of the page as it stands; whether the answer is a page rendered for the post (its
    address cannot be fetched again: its forms are sent in place)."""
    page = walk.phone.page
    form = page.locator("form").nth(form_index)
    form.evaluate("f => { const d = f.closest('details'); if (d) d.open = true; }")
    # a step form asks why the label was not scanned once pressed without a scan: a person answers it; so does the walk
    form.evaluate("f => f.querySelectorAll('[data-unscanned]').forEach(field => { field.hidden = false; })")
    button = _main_button(form)
    if button is None:
        return False  # not shown on this page as it stands (a hidden alternative, an empty list)
    names = tuple(sorted(form.evaluate("f => Array.from(f.elements).map(el => el.name).filter(Boolean)")))
    posts = form.evaluate("f => (f.getAttribute('method') || '').toLowerCase() === 'post' && !f.dataset.apiForm")
    action = form.evaluate("f => f.action")
    _fill(page, form)
    api = form.evaluate("f => f.dataset.apiForm !== undefined")
    for _ in range(2):  # a step form first asks why the label was not scanned, then sends
        _press(page, button, api)
        if page.url != walk.origin + address or page.locator("form").count() <= form_index:
            break
        if not any(not s.input_value() for s in form.locator("select:visible").all()):
            break
        _fill(page, form)
    answered_by_post = bool(posts and page.url == action)
    _judge(walk, address, names, follow=not answered_by_post)
    return answered_by_post and navigated


def _judge(walk: Walk, address: str, names: tuple[str, ...], follow: bool = True) -> None:
    page, where = walk.phone.page, f"{address} → {walk.phone.page.url}"
    text = _settled(page, "() => document.body.innerText")
    if UNKNOWN_FIELD.search(text):
        walk.failures.append(f"a field the form sent is refused as unknown: {where}")
    shown = {n for n in names if "_" in n and re.search(rf"\b{re.escape(n)}\b", text)}
    if shown:
        walk.failures.append(f"the page shows the fields' internal names {sorted(shown)}: {where}")
    if _settled(page, WAYS_ON) == 0:
        walk.failures.append(f"no way forward or back: {where}")
    try:
        walk.phone.check("after-form", keep=False)  # labels on every field, no English on a Vietnamese page
    except AssertionError as error:
        walk.failures.append(f"{error}: {where}")
        walk.phone.check("failed")  # the page that failed is kept as a screenshot
    if follow:
        walk.led_to(page.url)  # where the form led (the next step of a booking, the same page changed) is walked too
    for href in _settled(page, LINKS):
        walk.add(href, page.url)


def _walk(walk: Walk) -> None:
    pages = 0
    while walk.pages and pages < MOST_PAGES and len(walk.sent) < MOST_FORMS:
        address = walk.pages.popleft()
        pages += 1
        page = walk.phone.page
        page.goto(walk.origin + address)
        page.wait_for_load_state("load")
        if page.evaluate(WAYS_ON) == 0:
            walk.failures.append(f"no way forward or back: {address}")
        for href in page.evaluate(LINKS):
            walk.add(href, page.url)
        for form in sorted(page.evaluate(FORMS), key=lambda f: bool(LAST.search(f["action"]))):
            key = (_shape(address), _shape(form["action"]), tuple(form["names"]))
            if form["logout"] or key in walk.sent:
                continue  # signing out ends the walk: its own tests send it
            walk.sent.add(key)
            _submit(walk, address, form["index"])
            _forget_refusals(walk)
    _forget_refusals(walk)


def _forget_refusals(walk: Walk) -> None:
    """A refusal (4xx) is an answer the browser logs as an error; script errors and 5xx stay and fail the test."""
    walk.phone.errors[:] = [e for e in walk.phone.errors if not re.search(r"status of 4\d\d", e)]


@pytest.mark.long
@pytest.mark.parametrize("role", list(ROLES))
def test_every_form_of_every_page_a_role_reaches_is_answered_in_the_pages_words(role, phones, server):
    desk = Desk(server)
    desk.booked(), desk.picked_up(), desk.at_desk()  # something on every list: pickups, envelopes in hand, at the desk
    phone = phones(role)
    statuses: list[str] = []
    phone.page.on("response", lambda r: statuses.append(f"{r.status} {r.url}") if r.status >= 500 else None)
    if ROLES[role]:
        phone.login(ROLES[role])
    walk = Walk(phone, server.url, staff=ROLES[role] is not None, administrator=role == "administrator")
    first = "/webhooks" if role == "administrator" else urlsplit(phone.page.url).path if ROLES[role] else "/"
    walk.add(first, server.url)
    _walk(walk)
    desk.close()
    assert statuses == [], f"server errors: {statuses}"
    assert walk.failures == [], "\n".join(walk.failures)
    assert len(walk.sent) >= 3, f"{role} met only {len(walk.sent)} forms: the walk found too little to prove anything"
