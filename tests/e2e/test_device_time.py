"""A step sent late keeps the phone's time beside the server's; a phone time that cannot be right is flagged, and
the dispatcher's parcel page says which step and why."""

from __future__ import annotations

from datetime import timedelta

from .test_dispatch_pages import signed_in


def test_the_phone_time_is_kept_and_a_future_or_unexplained_one_is_flagged(app, api):
    booked = api.book("receive")
    result = api.tracking_of(booked, "result")
    api.ok(api.post(f"/parcels/{result}/result-ready", {}, as_="clerk"))
    api.ok(api.post(f"/parcels/{result}/result-offer", {"courier_username": "courier1"}, as_="clerk"))
    api.later(hours=1)  # taken in the agency's basement half an hour after the offer, sent now
    taken_offline = (api.now - timedelta(minutes=30)).isoformat()
    since = (api.now - timedelta(minutes=45)).isoformat()
    body = {"device_time": taken_offline, "offline_since": since}
    kept = api.ok(api.post(f"/parcels/{result}/result-collection", body, as_="courier1"))["events"][-1]
    assert kept["evidence"]["device_time"].startswith(taken_offline[:16])
    assert kept["evidence"]["offline_since"].startswith(since[:16])
    assert "device_time_doubt" not in kept["evidence"]

    api.later(hours=3)
    future = {"device_time": (api.now + timedelta(hours=1)).isoformat()}
    flagged = api.ok(api.post(f"/parcels/{result}/arrival", future, as_="courier1"))["events"][-1]
    assert flagged["evidence"]["device_time_doubt"] == "future"
    api.later(hours=3)
    unexplained = {"device_time": (api.now - timedelta(hours=2, minutes=30)).isoformat()}
    late = api.ok(api.post(f"/parcels/{result}/delivery-start", unexplained, as_="courier1"))["events"][-1]
    assert late["evidence"]["device_time_doubt"] == "not_offline"

    page = signed_in(app, "dispatcher").get(f"/dispatch/parcel/{result}?lang=vi").get_data(as_text=True)
    assert "Các bước có giờ điện thoại đáng ngờ" in page
    assert "giờ trên điện thoại muộn hơn giờ máy chủ" in page and "không ghi nhận thời gian mất mạng" in page


def test_a_phone_time_without_its_zone_is_refused_naming_the_field(api):
    booked = api.book("receive")
    result = api.tracking_of(booked, "result")
    api.ok(api.post(f"/parcels/{result}/result-ready", {}, as_="clerk"))
    refused = api.post(
        f"/parcels/{result}/result-offer", {"courier_username": "courier1", "device_time": "10:02"}, as_="clerk"
    )
    assert refused.status_code == 422
    assert [f["field"] for f in refused.get_json()["error"]["fields"]] == ["device_time"]
