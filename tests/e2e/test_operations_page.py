"""The operator's page: each part of the running service in Vietnamese, what needs action marked and linked."""

from __future__ import annotations

import re

from sqlmodel import select

from postal_service.context import Actor
from postal_service.db.tables import WebhookDelivery
from postal_service.services.unit_of_work import unit_of_work

from ..factories import AGENCY_CODE
from .test_dispatch_pages import signed_in


def _row(page: str, part: str) -> str:
    return re.search(rf'<tr id="{part}">(.*?)</tr>', page, re.S).group(1)


def test_the_administrator_reads_each_part_and_is_led_to_what_needs_action(app, api):
    hook = {"url": "https://motcua.example.vn/hooks", "events": ["*"]}
    api.ok(api.post(f"/agencies/{AGENCY_CODE}/webhooks", hook, as_="clerk"), 201)
    api.dossier_to_agency_desk(api.book("send"))  # messages to the citizen and deliveries to the agency, waiting
    api.ok(api.post("/post-offices/100000/plans", {}, as_="dispatcher"), 202)  # no worker runs in this test
    postal = app.extensions["postal"]
    with unit_of_work(postal.engine, postal.settings, Actor.system(), api.now) as ctx:
        given_up = ctx.session.exec(select(WebhookDelivery)).first()
        given_up.status = "dead"
        ctx.session.add(given_up)
    admin = signed_in(app, "admin")
    page = admin.get("/admin/operations?lang=vi").get_data(as_text=True)
    assert "kết nối được" in _row(page, "database") and "chưa từng chạy" in _row(page, "scheduler")
    assert "kết nối được" in _row(page, "broker")
    assert re.search(r"\d+ đang chờ", _row(page, "messages"))
    assert "quá 10 phút" in _row(page, "messages")  # the booking's first message has waited since 07:00
    webhooks = _row(page, "webhooks")
    assert AGENCY_CODE in webhooks and ": 1" in webhooks and 'href="/webhooks"' in webhooks
    assert "1 đang chờ tiến trình xử lý" in _row(page, "plans") and "quá 5 phút" not in _row(page, "plans")
    assert "RH: còn 99.999.998" in re.sub(r"<[^>]+>", "", _row(page, "numbers")).replace("✓ ", "")  # one dossier booked

    api.later(minutes=20)  # nothing took the plan or the messages meanwhile: no worker runs
    late = admin.get("/admin/operations?lang=vi").get_data(as_text=True)
    assert "quá 5 phút" in _row(late, "plans")
    assert signed_in(app, "dispatcher").get("/admin/operations").status_code == 403
