"""Agency systems are told of their parcels' status changes by signed webhooks, through a real local receiver."""

from __future__ import annotations

import json
from datetime import timedelta

from postal_service import channels
from postal_service.context import Actor
from postal_service.db.tables import WebhookDelivery
from postal_service.services import outbox, webhooks
from postal_service.services.unit_of_work import unit_of_work

from ..factories import AGENCY_CODE, OTHER_AGENCY_CODE
from ..peers import agency_receiver


def _register(api, url: str, as_: str = "clerk") -> dict:
    return api.ok(api.post(f"/agencies/{AGENCY_CODE}/webhooks", {"url": url, "events": ["*"]}, as_=as_), 201)


def _deliver_all(app, settings, at) -> list[str]:
    """What the workers do with each delivery that is due, at the given moment."""
    postal = app.extensions["postal"]
    settings = postal.settings
    with unit_of_work(postal.engine, settings, Actor.system(), at) as ctx:
        due = [d.id for d in outbox.due_rows(ctx, WebhookDelivery)]
    outcomes = []
    for delivery_id in due:
        with unit_of_work(postal.engine, settings, Actor.system(), at) as ctx:
            post = lambda url, body, headers: channels.post_webhook(settings, url, body, headers)  # noqa: E731
            outcomes.append(webhooks.deliver(ctx, delivery_id, post))
    return outcomes


def test_each_status_change_reaches_the_agency_signed_and_retried_until_it_is_taken(app, api, settings):
    with agency_receiver(answers=[500, 500]) as receiver:
        made = _register(api, receiver.url)
        receiver.secrets.append(made["secret"])
        booked = api.book("send")
        api.dossier_to_agency_desk(booked)
        tracking = api.tracking_of(booked, "dossier")
        at = api.now
        first = _deliver_all(app, settings, at)
        assert first[:2] == ["pending", "pending"] and set(first[2:]) == {"sent"}
        assert _deliver_all(app, settings, at + timedelta(seconds=31)) == ["sent", "sent"]
    statuses = [json.loads(body)["data"]["status"] for _, body, _ in receiver.received]
    assert {"picked_up", "out_to_agency", "at_agency_desk"} <= set(statuses)
    assert all(signed for _, _, signed in receiver.received)  # every POST verified with the agency's secret
    ids = [headers["X-Event-Id"] for headers, _, _ in receiver.received]
    assert ids[0] == ids[-2] or ids.count(ids[0]) == 2  # a retried event keeps its id
    assert all(i.startswith(tracking) for i in ids)
    log = api.ok(api.get(f"/agencies/{AGENCY_CODE}/webhooks/{made['id']}/deliveries", as_="clerk"))
    retried = next(d for d in log if d["attempts"] == 2)
    assert [a["status_code"] for a in retried["log"]] == [500, 200] and retried["status"] == "sent"


def test_a_receiver_that_never_answers_is_given_up_after_the_allowed_tries_and_can_be_resent(app, api, settings):
    postal = app.extensions["postal"]
    postal.settings = postal.settings.model_copy(update={"webhook_timeout_seconds": 0.5, "webhook_max_attempts": 2})
    with agency_receiver(hang=2.0) as receiver:
        made = _register(api, receiver.url)
        api.dossier_to_agency_desk(api.book("send"))
        assert set(_deliver_all(app, settings, api.now)) == {"pending"}
        assert set(_deliver_all(app, settings, api.now + timedelta(seconds=31))) == {"dead"}
        log = api.ok(api.get(f"/agencies/{AGENCY_CODE}/webhooks/{made['id']}/deliveries", as_="clerk"))
        assert all(d["status"] == "dead" and len(d["log"]) == 2 for d in log)
        assert "could not be reached" in log[0]["log"][0]["error"]
        receiver.hang = 0.0  # the agency's system is back
        path = f"/agencies/{AGENCY_CODE}/webhooks/{made['id']}/deliveries/{log[0]['id']}/resend"
        assert api.ok(api.post(path, {}, as_="clerk"), 202)["status"] == "pending"
        assert _deliver_all(app, settings, api.now + timedelta(minutes=5)) == ["sent"]


def test_a_rotated_secret_and_the_old_one_both_sign_until_the_overlap_ends(app, api, settings):
    with agency_receiver() as receiver:
        made = _register(api, receiver.url)
        rotated = api.ok(api.post(f"/agencies/{AGENCY_CODE}/webhooks/{made['id']}/rotation", {}, as_="clerk"))
        assert rotated["secret"] != made["secret"] and rotated["previous_valid_until"]
        receiver.secrets.append(made["secret"])  # a receiver still on the old secret
        first, second = api.book("send"), api.book("send")
        api.dossier_to_agency_desk(first)
        _deliver_all(app, settings, api.now)
        assert receiver.received and all(signed for _, _, signed in receiver.received)
        assert all(h["X-Signature"].count("v1=") == 2 for h, _, _ in receiver.received)
        receiver.received.clear()
        api.dossier_to_agency_desk(second)
        _deliver_all(app, settings, api.now + timedelta(hours=25))  # the overlap is over: only the new secret signs
        assert receiver.received and not any(signed for _, _, signed in receiver.received)
        assert all(h["X-Signature"].count("v1=") == 1 for h, _, _ in receiver.received)


def test_an_agency_manages_only_its_own_webhooks_and_the_secret_is_shown_only_once(api):
    made = _register(api, "https://hethong.example.vn/postal", as_="admin")
    assert (
        api.post(
            f"/agencies/{AGENCY_CODE}/webhooks", {"url": "https://x.example.vn", "events": ["*"]}, as_="otherclerk"
        ).status_code
        == 403
    )
    assert (
        api.post(f"/agencies/{OTHER_AGENCY_CODE}/webhooks/{made['id']}/rotation", {}, as_="otherclerk").status_code
        == 404
    )
    listed = api.ok(api.get(f"/agencies/{AGENCY_CODE}/webhooks", as_="clerk"))
    assert [w["id"] for w in listed] == [made["id"]] and "secret" not in listed[0]
    assert (
        api.post(f"/agencies/{AGENCY_CODE}/webhooks", {"url": "not a url", "events": []}, as_="clerk").status_code
        == 422
    )
    assert (
        api.post(f"/agencies/{AGENCY_CODE}/webhooks", {"url": "https://x.example.vn", "events": ["*"]}).status_code
        == 401
    )


def test_the_national_portal_is_sent_every_agencys_status_changes_with_the_postal_channel_code(app, api, settings):
    with agency_receiver() as portal:
        made = api.ok(api.post("/portal-feed", {"url": portal.url}, as_="admin"), 201)
        portal.secrets.append(made["secret"])
        assert api.post("/portal-feed", {"url": portal.url}, as_="clerk").status_code == 403
        api.dossier_to_agency_desk(api.book("send"))
        assert set(_deliver_all(app, settings, api.now)) == {"sent"}
    events = [json.loads(body)["data"] for _, body, _ in portal.received]
    assert events and all(e["channel"] == 3 and e["agency_code"] == AGENCY_CODE for e in events)
    assert all(signed for _, _, signed in portal.received)
    assert api.ok(api.get(f"/agencies/{AGENCY_CODE}/webhooks", as_="clerk")) == []  # not an agency's endpoint


INSIDE = [
    "http://127.0.0.1:5432/",
    "https://10.0.0.1/",
    "https://169.254.169.254/latest/meta-data",
    "https://localhost/h",
]


def test_in_production_a_receiver_inside_a_private_network_or_without_https_is_refused_naming_the_url(app, api):
    postal = app.extensions["postal"]
    postal.settings = postal.settings.model_copy(update={"environment": "production"})
    for url in INSIDE:
        refused = api.post(f"/agencies/{AGENCY_CODE}/webhooks", {"url": url, "events": ["*"]}, as_="clerk")
        assert refused.status_code == 422, url
        assert [f["field"] for f in refused.get_json()["error"]["fields"]] == ["url"]
    plain = api.post(
        f"/agencies/{AGENCY_CODE}/webhooks", {"url": "http://motcua.example.vn/", "events": ["*"]}, as_="clerk"
    )
    assert "https" in plain.get_json()["error"]["fields"][0]["message"]
    portal = api.post("/portal-feed", {"url": "https://127.0.0.1/"}, as_="admin")
    assert [f["field"] for f in portal.get_json()["error"]["fields"]] == ["url"]
    assert api.ok(api.get(f"/agencies/{AGENCY_CODE}/webhooks", as_="clerk")) == []


def test_a_receiver_registered_before_is_checked_again_at_delivery_and_never_called_inside_the_network(
    app, api, settings
):
    with agency_receiver() as receiver:
        made = _register(api, receiver.url)  # development allows the local receiver
        postal = app.extensions["postal"]
        postal.settings = postal.settings.model_copy(update={"environment": "production"})
        api.dossier_to_agency_desk(api.book("send"))
        assert set(_deliver_all(app, settings, api.now)) == {"pending"}
        assert receiver.received == []  # not one connection made
    log = api.ok(api.get(f"/agencies/{AGENCY_CODE}/webhooks/{made['id']}/deliveries", as_="clerk"))
    assert log and all(d["log"][0]["error"] == "not sent: the receiver's address must use https" for d in log)


def test_a_checked_receiver_is_connected_to_at_its_checked_address_carrying_its_name(monkeypatch, settings):
    """The address a name had when it was checked is the one connected to: a name re-pointed meanwhile (DNS
    rebinding) is never looked up again. Here the name resolves to the local receiver only through the check."""
    from postal_service import receivers

    with agency_receiver() as receiver:
        port = int(receiver.url.rsplit(":", 1)[1].split("/")[0])
        monkeypatch.setattr(receivers, "system_resolve", lambda host, _: ["127.0.0.1"] if host == "hooks.test" else [])
        monkeypatch.setattr(
            receivers, "is_public", lambda address: True
        )  # the local receiver stands in for a public one
        production = settings.model_copy(update={"environment": "test", "webhook_private_receivers": False})
        code = channels.post_webhook(production, f"http://hooks.test:{port}/postal-events", b"{}", {"X-Event-Id": "e1"})
        assert code == 200
    headers = receiver.received[0][0]
    assert headers["Host"] == f"hooks.test:{port}" and headers["X-Event-Id"] == "e1"
