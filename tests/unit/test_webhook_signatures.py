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


def test_the_readmes_receiver_accepts_what_the_post_signs_with_the_secret_it_showed_as_text():
    import re
    import time
    from pathlib import Path

    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text()
    snippet = re.search(r"Checking a signature:\n\n```python\n(.*?)```", readme, re.DOTALL).group(1)  # type: ignore[union-attr]
    receiver: dict = {}
    exec(snippet, receiver)  # the receiver's code exactly as the README gives it
    shown = "9f2c" + "0" * 60  # a secret as the registration answer shows it: hex characters
    header = signature([shown.encode()], int(time.time()), BODY)  # what services/webhooks.py sends
    assert receiver["genuine"](shown, header, BODY)
    assert not receiver["genuine"](shown, header, BODY + b" ")
