"""Where people see the messages: developers at /dev/messages (never in production), dispatchers per parcel."""

from __future__ import annotations

from postal_service.queries.messages import HIDDEN_CODE

from .test_dispatch_pages import signed_in


def _ask_for_a_code(app, reference: str) -> None:
    app.config["WTF_CSRF_ENABLED"] = False
    page = app.test_client().post("/track", data={"reference": reference, "phone": "0912345678"})
    assert page.status_code == 200


def test_a_newcomer_reads_the_booking_message_and_the_sign_in_code_at_dev_messages(app, api):
    booked = api.book("send")
    _ask_for_a_code(app, booked["request"]["reference"])
    page = app.test_client().get("/dev/messages").get_data(as_text=True)
    assert booked["request"]["reference"] in page and "Mã xác thực" in page


def test_dev_messages_does_not_exist_in_production(app, api):
    api.book("send")
    postal = app.extensions["postal"]
    postal.settings = postal.settings.model_copy(update={"environment": "production"})
    assert app.test_client().get("/dev/messages").status_code == 404


def test_the_dispatcher_sees_each_message_with_its_delivery_and_never_a_sign_in_code(app, api):
    booked = api.book("send")
    _ask_for_a_code(app, booked["request"]["reference"])
    dossier = api.tracking_of(booked, "dossier")
    page = signed_in(app, "dispatcher").get(f"/dispatch/parcel/{dossier}").get_data(as_text=True)
    assert "Tin nhắn gửi người dân" in page and "Đang chờ gửi" in page
    assert HIDDEN_CODE in page and "Mã xác thực cho" not in page
