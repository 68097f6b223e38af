import base64
import hashlib
import hmac

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from postal_service import qr
from postal_service.domain.custody import GENESIS_HASH, event_hash, verify_chain
from postal_service.domain.errors import ForgedToken
from postal_service.domain.lifecycle import Leg

KEYS = {"k2": b"new-secret", "k1": b"old-secret"}


def chain(n):
    rows, previous = [], GENESIS_HASH
    for sequence in range(1, n + 1):
        fields = {"sequence": sequence, "action": f"step{sequence}"}
        digest = event_hash(fields, previous)
        rows.append((sequence, fields, previous, digest))
        previous = digest
    return rows


def test_an_untouched_chain_verifies():
    assert verify_chain("RH000000014VN", chain(5)) == []


def test_an_edited_event_is_named_by_its_sequence():
    rows = chain(5)
    sequence, fields, previous, digest = rows[2]
    rows[2] = (sequence, {**fields, "action": "forged"}, previous, digest)
    broken = verify_chain("RH000000014VN", rows)
    assert [(b.sequence, b.problem) for b in broken] == [(3, "content does not match its hash (edited?)")]


def test_a_removed_event_breaks_the_next_link():
    rows = chain(4)
    del rows[1]
    assert {b.sequence for b in verify_chain("X", rows)} == {3}


def test_a_signed_label_verifies_and_names_its_parcel():
    token = qr.sign(KEYS, "RH000000014VN", Leg.DOSSIER)
    envelope = qr.verify(KEYS, token)
    assert (envelope.tracking_number, envelope.leg, envelope.key_id) == ("RH000000014VN", Leg.DOSSIER, "k2")


def test_a_label_signed_with_an_older_key_still_verifies_after_rotation():
    token = qr.sign({"k1": b"old-secret"}, "RK000000014VN", Leg.RESULT)
    assert qr.verify(KEYS, token).leg is Leg.RESULT


def test_the_url_form_of_a_label_verifies():
    token = qr.sign(KEYS, "RH000000014VN", Leg.DOSSIER)
    assert qr.verify(KEYS, qr.label_url("https://post.example/", token)).tracking_number == "RH000000014VN"


@pytest.mark.parametrize(
    "tamper",
    [
        lambda t: t.replace("RH000000014VN", "RH000000028VN"),
        lambda t: t.replace(".D.", ".R."),
        lambda t: t[:-2] + ("AA" if not t.endswith("AA") else "BB"),
        lambda t: t.replace(".k2.", ".k9."),
        lambda t: "not a label",
    ],
)
def test_forged_or_altered_labels_are_refused(tamper):
    token = qr.sign(KEYS, "RH000000014VN", Leg.DOSSIER)
    with pytest.raises(ForgedToken):
        qr.verify(KEYS, tamper(token))


def test_a_label_checks_against_the_public_key_alone():
    """What a phone does offline: it holds the public key, never the secret."""
    token = qr.sign(KEYS, "RH000000014VN", Leg.DOSSIER)
    body, signature = token.rsplit(".", 1)
    public = Ed25519PublicKey.from_public_bytes(base64.urlsafe_b64decode(qr.public_keys(KEYS)["k2"] + "="))
    public.verify(base64.urlsafe_b64decode(signature + "=="), body.encode())  # raises when it does not verify
    assert set(qr.public_keys(KEYS)) == {"k2", "k1"}


def test_a_label_printed_before_ed25519_still_verifies_on_the_server():
    body = "RH000000014VN.D.k1"
    old = base64.urlsafe_b64encode(hmac.new(b"old-secret", body.encode(), hashlib.sha256).digest()[:16])
    token = f"{body}.{old.rstrip(b'=').decode()}"
    assert qr.verify(KEYS, token).tracking_number == "RH000000014VN"
    with pytest.raises(ForgedToken):
        qr.verify(KEYS, token.replace(".k1.", ".k2."))


def test_labels_render_as_png_and_svg():
    content = qr.label_url("http://127.0.0.1:5000", qr.sign(KEYS, "RH000000014VN", Leg.DOSSIER))
    assert qr.render_png(content).startswith(b"\x89PNG")
    assert b"<svg" in qr.render_svg(content)
