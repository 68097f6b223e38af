"""A handover's proof points to something: the images a step cites were uploaded and stored, and are not another
envelope's proof; and the proof is seen by those who may see its envelope, and refused to everyone else."""

from __future__ import annotations

import io

from PIL import Image

from .test_access_matrix import STRANGERS
from .test_papers import VI, pdf_images, pdf_text


def _at_the_door(api) -> tuple[dict, str]:
    """A receive-only result on courier1's way to the citizen's door."""
    booked = api.book("receive")
    result = api.tracking_of(booked, "result")
    api.ok(api.post(f"/parcels/{result}/result-ready", {}, as_="clerk"))
    api.ok(api.post(f"/parcels/{result}/result-offer", {"courier_username": "courier1"}, as_="clerk"))
    for step in ("result-collection", "arrival", "delivery-start"):
        api.ok(api.post(f"/parcels/{result}/{step}", {}, as_="courier1"))
    return booked, result


def _fields(response) -> dict[str, str]:
    assert response.status_code == 422, response.get_json()
    return {f["field"]: f["message"] for f in response.get_json()["error"]["fields"]}


def _deliver(api, result: str, **overrides):
    body = api.deliver_body(result, cash_collected=33_000, **overrides)
    return api.post(f"/parcels/{result}/delivery", body, as_="courier1")


def _signature_of(api, tracking: str) -> str:
    parcel = api.ok(api.get(f"/parcels/{tracking}", as_="admin"))
    return next(e["evidence"]["signature_ref"] for e in parcel["events"] if e["action"] == "deliver")


def test_a_delivery_citing_nothing_stored_or_another_envelopes_proof_is_refused_naming_the_field(api):
    first_booked, first = _at_the_door(api)
    api.ok(_deliver(api, first))
    theirs = _signature_of(api, first)
    _, second = _at_the_door(api)

    nothing = _fields(_deliver(api, second, signature_ref="evidence:" + "0" * 64))
    assert nothing == {
        "signature_ref": "the proof is an image uploaded first: send the ref that POST /api/v1/evidence answered"
    }
    assert set(_fields(_deliver(api, second, signature_ref="sig/2.png"))) == {"signature_ref"}  # not a ref at all
    another = _fields(_deliver(api, second, photo_ref=theirs))
    assert another == {"photo_ref": "this image is already the proof of another envelope"}
    both = _fields(
        _deliver(api, second, receiver_id_number="001090999999", proxy_authorisation_ref="evidence:" + "1" * 64)
    )
    assert set(both) == {"proxy_authorisation_ref"}
    vi = api.post(
        f"/parcels/{second}/delivery",
        api.deliver_body(second, cash_collected=33_000, photo_ref=theirs),
        as_="courier1",
        headers={"Accept-Language": "vi"},
    )
    assert _fields(vi) == {"photo_ref": "ảnh này đã là bằng chứng của một bì hồ sơ khác"}

    authorised = api.proof(second, "proxy authorisation")
    delivered = api.ok(_deliver(api, second, receiver_id_number="001090999999", proxy_authorisation_ref=authorised))
    assert delivered["status"] == "delivered"
    assert api.ok(api.get(f"/parcels/{first}", as_="admin"))["status"] == "delivered"  # the first kept its proof
    assert first_booked["request"]["reference"]


def test_the_proof_is_seen_by_whoever_may_see_its_envelope_and_refused_to_strangers(api):
    booked, result = _at_the_door(api)
    api.ok(_deliver(api, result))
    digest = _signature_of(api, result).removeprefix("evidence:")
    citizen = {"Authorization": f"Bearer {booked['citizen_token']}"}
    seen = api.get(f"/evidence/{digest}", headers=citizen)
    assert seen.status_code == 200 and seen.mimetype == "image/png"
    Image.open(io.BytesIO(seen.data)).verify()  # the very image the courier's phone uploaded
    for owner in ("dispatcher", "clerk", "courier1", "admin"):
        assert api.get(f"/evidence/{digest}", as_=owner).status_code == 200, owner
    other = api.book("receive")
    assert (
        api.get(f"/evidence/{digest}", headers={"Authorization": f"Bearer {other['citizen_token']}"}).status_code == 403
    )
    for stranger in (s for s in STRANGERS if s != "other_citizen"):
        assert api.get(f"/evidence/{digest}", as_=stranger).status_code == 403, stranger
    assert api.get(f"/evidence/{digest}").status_code == 401

    loose = api.proof(result, "not cited yet").removeprefix("evidence:")  # uploaded, no record cites it yet
    assert api.get(f"/evidence/{loose}", as_="dispatcher").status_code == 200
    assert api.get(f"/evidence/{loose}", headers=citizen).status_code == 403


def test_the_proof_downloads_as_one_pdf_with_its_images_both_clocks_and_records_for_those_who_may_see_it(api):
    booked, result = _at_the_door(api)
    citizen = {"Authorization": f"Bearer {booked['citizen_token']}"}
    assert api.get(f"/parcels/{result}/proof.pdf", headers=citizen).status_code == 409  # nothing to prove yet
    photo = api.proof(result, "the door")
    api.ok(_deliver(api, result, photo_ref=photo, device_time="2026-11-23T10:58:00+07:00"))

    document = api.get(f"/parcels/{result}/proof.pdf", headers=citizen | VI)
    text = pdf_text(document)
    assert document.headers["Content-Disposition"] == f'inline; filename="proof-{result}.pdf"'
    delivery = next(e for e in api.ok(api.get(f"/parcels/{result}", as_="admin"))["events"] if e["action"] == "deliver")
    assert "BẰNG CHỨNG GIAO NHẬN" in text and result in text and "Nguyễn Văn An" in text
    assert delivery["hash"] in text.replace(" ", "")  # the custody record it binds
    assert "Giờ trên điện thoại 10:58 23/11/2026" in text  # the phone's time beside the post's
    assert pdf_images(document) == 2  # the signature and the photo at the door, inline
    for owner in ("dispatcher", "clerk", "admin"):
        assert api.get(f"/parcels/{result}/proof.pdf", as_=owner).status_code == 200, owner
    other = api.book("receive")
    stranger = {"Authorization": f"Bearer {other['citizen_token']}"}
    assert api.get(f"/parcels/{result}/proof.pdf", headers=stranger).status_code == 403
    for someone in (s for s in STRANGERS if s != "other_citizen"):
        assert api.get(f"/parcels/{result}/proof.pdf", as_=someone).status_code == 403, someone
