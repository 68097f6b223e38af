"""The digitised dossier: pages photographed at intake become one PDF the agency reads before the envelope comes."""

from __future__ import annotations

import io
import json
from datetime import date

from PIL import Image
from sqlmodel import select

from postal_service.db.engine import make_engine, new_session
from postal_service.db.tables import WebhookDelivery

from ..factories import AGENCY_CODE, OTHER_AGENCY_CODE
from .test_failure_paths import fields


def _page_photo(api, colour: str, size: tuple[int, int] = (1200, 1700)) -> str:
    """A photographed page, uploaded as the courier's phone does (POST /evidence)."""
    buffer = io.BytesIO()
    Image.new("RGB", size, colour).save(buffer, "JPEG")
    upload = api.client.post(
        "/api/v1/evidence",
        data={"file": (io.BytesIO(buffer.getvalue()), "page.jpg")},
        headers=api.login("courier1"),
        content_type="multipart/form-data",
    )
    return api.ok(upload, 201)["ref"]


def _key(api, agency: str = AGENCY_CODE) -> dict[str, str]:
    key = api.ok(api.post("/api-keys", {"agency_code": agency, "label": "one-stop system"}, as_="admin"), 201)
    return {"X-API-Key": key["api_key"]}


def _picked_up_with(api, photos: list[str], booked: dict | None = None) -> str:
    booked = booked or api.book("send")
    tracking = api.tracking_of(booked, "dossier")
    api.ok(api.post(f"/parcels/{tracking}/assignment", {"courier_username": "courier1"}, as_="dispatcher"))
    api.at(date(2026, 11, 23), 9, 45)
    body = api.pickup_body(tracking, booked["request"]["quote"]["total"], document_photos=photos)
    api.ok(api.post(f"/parcels/{tracking}/pickup", body, as_="courier1"))
    return tracking


def test_the_agency_system_is_told_and_fetches_one_pdf_of_every_page_before_the_envelope_arrives(api):
    system = _key(api)
    api.ok(
        api.post(
            f"/agencies/{AGENCY_CODE}/webhooks",
            {"url": "https://one-stop.example.vn/h", "events": ["*"]},
            headers=system,
        ),
        201,
    )
    pages = [_page_photo(api, "white"), _page_photo(api, "lightgrey", (1700, 1200))]
    tracking = _picked_up_with(api, pages)
    parcel = api.ok(api.get(f"/parcels/{tracking}", headers=system))
    assert parcel["status"] == "picked_up" and parcel["dossier_pdf"] == f"/api/v1/parcels/{tracking}/dossier.pdf"
    assert parcel["events"][-1]["evidence"]["document_photos"] == pages  # sealed into the custody chain
    pdf = api.client.get(parcel["dossier_pdf"], headers=system)
    assert pdf.status_code == 200 and pdf.mimetype == "application/pdf" and pdf.data.startswith(b"%PDF")
    assert pdf.data.count(b"/Type /Page\n") + pdf.data.count(b"/Type /Page ") + pdf.data.count(b"/Type /Page>") >= 2
    engine = make_engine(api.app.extensions["postal"].settings.database_url)
    with new_session(engine) as session:
        told = session.exec(select(WebhookDelivery).where(WebhookDelivery.event_type == "dossier.digitised")).all()
    engine.dispose()
    assert len(told) == 1 and told[0].event_id == f"{tracking}.pdf"
    data = json.loads(told[0].body)["data"]
    assert data["pages"] == 2 and data["pdf_url"].endswith(f"/api/v1/parcels/{tracking}/dossier.pdf")


def test_another_agency_cannot_read_the_pdf_and_a_dossier_without_photos_has_none(api):
    later = api.book("send")  # booked now: the clock moves on with the first pickup
    tracking = _picked_up_with(api, [_page_photo(api, "white")])
    assert (
        api.client.get(f"/api/v1/parcels/{tracking}/dossier.pdf", headers=_key(api, OTHER_AGENCY_CODE)).status_code
        == 403
    )
    plain = _picked_up_with(api, [], later)
    assert api.ok(api.get(f"/parcels/{plain}", as_="clerk"))["dossier_pdf"] is None
    assert api.client.get(f"/api/v1/parcels/{plain}/dossier.pdf", headers=api.login("clerk")).status_code == 404


def test_a_photo_that_was_never_uploaded_is_named_and_the_pickup_is_not_kept(api):
    booked = api.book("send")
    tracking = api.tracking_of(booked, "dossier")
    api.ok(api.post(f"/parcels/{tracking}/assignment", {"courier_username": "courier1"}, as_="dispatcher"))
    api.at(date(2026, 11, 23), 9, 45)
    body = api.pickup_body(tracking, booked["request"]["quote"]["total"], document_photos=["evidence:" + "0" * 64])
    refused = api.post(f"/parcels/{tracking}/pickup", body, as_="courier1")
    assert refused.status_code == 422 and fields(refused) == {"document_photos.0"}
    assert api.ok(api.get(f"/parcels/{tracking}", as_="courier1"))["status"] == "booked"
    malformed = api.post(f"/parcels/{tracking}/pickup", body | {"document_photos": ["a photo"]}, as_="courier1")
    assert malformed.status_code == 422 and "document_photos.0" in fields(malformed)
