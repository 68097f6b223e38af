"""The signature every webhook carries, checked the way the README tells receivers to check it."""

from __future__ import annotations

from postal_service.domain.webhooks import signature, verify, wants

BODY = b'{"id":"RH000000015VN.3","type":"parcel.status_changed"}'
NOW = 1_795_000_000


def test_a_receiver_accepts_a_fresh_post_signed_with_its_secret_and_nothing_else():
    header = signature([b"new-secret", b"old-secret"], NOW, BODY)
    assert header.startswith(f"t={NOW},v1=") and header.count("v1=") == 2
    assert verify(b"new-secret", header, BODY, NOW + 10) and verify(b"old-secret", header, BODY, NOW + 10)
    assert not verify(b"another-secret", header, BODY, NOW)
    assert not verify(b"new-secret", header, BODY + b" ", NOW)  # the body was changed
    assert not verify(b"new-secret", header, BODY, NOW + 301)  # replayed later than five minutes
    assert not verify(b"new-secret", header.replace(f"t={NOW}", f"t={NOW + 5}"), BODY, NOW)  # the time was changed


def test_an_endpoint_gets_the_events_it_subscribed_to():
    assert wants(["*"], "parcel.status_changed") and wants(["parcel.status_changed"], "parcel.status_changed")
    assert not wants(["parcel.something_else"], "parcel.status_changed")
