"""The webhooks page: a clerk manages their agency's endpoints without the API; an administrator any agency's,
and the national portal's feed."""

from __future__ import annotations

import re

from ..factories import AGENCY_CODE, OTHER_AGENCY_CODE
from .test_dispatch_pages import signed_in

SECRET = re.compile(r'<code class="secret-value">([0-9a-f]{64})</code>')


def _endpoint_id(client, action: str) -> str:
    page = client.get("/webhooks").get_data(as_text=True)
    return re.search(rf"/webhooks/{re.escape(AGENCY_CODE)}/(\d+)/{action}", page).group(1)


def _add(client, url: str = "https://one-stop.example.vn/hooks/post"):
    return client.post(f"/webhooks/{AGENCY_CODE}", data={"url": url, "events": ["*"]})


def test_a_clerk_adds_an_endpoint_sees_its_secret_once_and_then_only_its_address(app):
    clerk = signed_in(app, "clerk")
    page = _add(clerk)
    assert page.status_code == 200 and len(SECRET.findall(page.get_data(as_text=True))) == 1
    listing = clerk.get("/webhooks").get_data(as_text=True)
    assert "https://one-stop.example.vn/hooks/post" in listing and not SECRET.search(listing)
    assert 'href="/webhooks"' in listing  # the header links the page for whoever may manage webhooks


def test_a_bad_address_is_named_on_the_page_and_nothing_is_kept(app):
    clerk = signed_in(app, "clerk")
    page = clerk.post(f"/webhooks/{AGENCY_CODE}", data={"url": "not a url", "events": []})
    text = page.get_data(as_text=True)
    assert page.status_code == 422 and 'id="url-error"' in text and "events" in text and not SECRET.search(text)
    assert "No endpoint yet" in clerk.get("/webhooks?lang=en").get_data(as_text=True)


def test_rotation_shows_the_new_secret_and_how_long_the_old_one_still_signs(app):
    clerk = signed_in(app, "clerk")
    first = SECRET.search(_add(clerk).get_data(as_text=True)).group(1)
    endpoint = _endpoint_id(clerk, "rotation")
    rotated = clerk.post(f"/webhooks/{AGENCY_CODE}/{endpoint}/rotation?lang=en").get_data(as_text=True)
    assert SECRET.search(rotated).group(1) != first and "The old secret still signs until" in rotated


def test_the_delivery_log_lists_each_status_change_and_a_delivery_can_be_sent_again(app, api):
    clerk = signed_in(app, "clerk")
    _add(clerk, "http://127.0.0.1:9/closed")  # nothing listens there: every try fails
    endpoint = _endpoint_id(clerk, "rotation")
    api.dossier_to_agency_desk(api.book("send"))
    log = clerk.get(f"/webhooks/{AGENCY_CODE}/{endpoint}?lang=en").get_data(as_text=True)
    deliveries = re.findall(rf"/webhooks/{re.escape(AGENCY_CODE)}/\d+/deliveries/(\d+)/resend", log)
    assert deliveries and "Waiting to be sent" in log
    resent = clerk.post(f"/webhooks/{AGENCY_CODE}/{endpoint}/deliveries/{deliveries[0]}/resend?lang=en")
    assert resent.status_code == 200 and f"Delivery {deliveries[0]} will be sent again" in resent.get_data(as_text=True)


def test_a_clerk_cannot_manage_another_agencys_webhooks_and_a_courier_not_at_all(app):
    clerk = signed_in(app, "clerk")
    assert clerk.get(f"/webhooks?agency={OTHER_AGENCY_CODE}").status_code == 403
    assert (
        clerk.post(f"/webhooks/{OTHER_AGENCY_CODE}", data={"url": "https://x.example.vn", "events": ["*"]}).status_code
        == 403
    )
    assert signed_in(app, "courier1").get("/webhooks").status_code == 403


def test_removing_an_endpoint_takes_it_off_the_list(app):
    clerk = signed_in(app, "clerk")
    _add(clerk)
    endpoint = _endpoint_id(clerk, "removal")
    clerk.post(f"/webhooks/{AGENCY_CODE}/{endpoint}/removal")
    assert "one-stop.example.vn" not in clerk.get("/webhooks").get_data(as_text=True)


def test_an_administrator_manages_any_agency_and_sets_the_national_portal_feed(app):
    admin = signed_in(app, "admin")
    page = admin.get(f"/webhooks?agency={OTHER_AGENCY_CODE}").get_data(as_text=True)
    assert f'value="{OTHER_AGENCY_CODE}" selected' in page and "National portal feed" in admin.get(
        "/webhooks?lang=en"
    ).get_data(as_text=True)
    set_feed = admin.post("/webhooks/portal", data={"portal_url": "https://dichvucong.example.gov.vn/feed"})
    assert set_feed.status_code == 200 and SECRET.search(set_feed.get_data(as_text=True))
    assert "https://dichvucong.example.gov.vn/feed" in admin.get("/webhooks").get_data(as_text=True)
    assert (
        signed_in(app, "clerk").post("/webhooks/portal", data={"portal_url": "https://x.example.vn"}).status_code == 403
    )
