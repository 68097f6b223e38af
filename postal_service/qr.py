"""Signed QR tokens on envelopes, and their PNG and SVG renderings.

The token is `<tracking>.<leg letter>.<key id>.<signature>`. The signature is Ed25519, so a courier's phone can
check a label with no network against the public keys cached with its day, and a forged label is refused in a
basement as at the counter; the key pair of each QR_KEYS entry grows from its secret, so rotation stays one setting:
the first key signs, every listed key verifies. Labels printed before (HMAC-SHA256 truncated to 128 bits, 22
characters) still verify on the server for as long as their key is listed; only a phone cannot check them.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import io
from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import urlparse

import qrcode
import qrcode.image.svg
import zxingcpp
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from PIL import Image, UnidentifiedImageError

from postal_service.domain.errors import ForgedToken
from postal_service.domain.identifiers import TrackingNumber
from postal_service.domain.lifecycle import Leg

_LEG_LETTER = {Leg.DOSSIER: "D", Leg.RESULT: "R", Leg.SUPPLEMENT: "S"}
DECODE_EDGE = 2000
_LETTER_LEG = {v: k for k, v in _LEG_LETTER.items()}
BAG_LETTER = "B"
_LABEL_KEY_CONTEXT = b"postal-label-ed25519/v1:"  # a label key never equals the secret another use derives
_HMAC_SIGNATURE_LENGTH = 22  # the labels printed before Ed25519


@dataclass(frozen=True)
class EnvelopeToken:
    tracking_number: str
    leg: Leg
    key_id: str


def _b64(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def _hmac_signature(key: bytes, message: str) -> str:
    return _b64(hmac.new(key, message.encode(), hashlib.sha256).digest()[:16])


@lru_cache(maxsize=16)
def _label_key(secret: bytes) -> Ed25519PrivateKey:
    return Ed25519PrivateKey.from_private_bytes(hashlib.sha256(_LABEL_KEY_CONTEXT + secret).digest())


def _signature(secret: bytes, message: str) -> str:
    return _b64(_label_key(secret).sign(message.encode()))


def _verifies(secret: bytes, message: str, signature: str) -> bool:
    if len(signature) == _HMAC_SIGNATURE_LENGTH:
        return hmac.compare_digest(_hmac_signature(secret, message), signature)
    try:
        raw = base64.urlsafe_b64decode(signature + "=" * (-len(signature) % 4))
        _label_key(secret).public_key().verify(raw, message.encode())
    except (ValueError, InvalidSignature):
        return False
    return True


def public_keys(keys: dict[str, bytes]) -> dict[str, str]:
    """Key id -> raw Ed25519 public key (base64url): what a phone needs to check labels with no network."""
    return {key_id: _b64(_label_key(secret).public_key().public_bytes_raw()) for key_id, secret in keys.items()}


def sign(keys: dict[str, bytes], tracking_number: str, leg: Leg) -> str:
    key_id = next(iter(keys))
    body = f"{tracking_number}.{_LEG_LETTER[leg]}.{key_id}"
    return f"{body}.{_signature(keys[key_id], body)}"


def _signed_parts(keys: dict[str, bytes], payload: str, kind: str) -> tuple[str, str, str]:
    """(number, letter, key id) of a signed token given bare or as a URL's last path segment."""
    text = payload.strip()
    if "://" in text:
        text = urlparse(text).path.rstrip("/").rsplit("/", 1)[-1]
    parts = text.split(".")
    if len(parts) != 4:
        raise ForgedToken(f"this QR code is not a postal {kind} label")
    number, letter, key_id, signature = parts
    if key_id not in keys:
        raise ForgedToken("this QR code was signed with a key we do not know")
    if not _verifies(keys[key_id], f"{number}.{letter}.{key_id}", signature):
        raise ForgedToken("this QR code's signature does not match: the label is forged or altered")
    return number, letter, key_id


def sign_bag(keys: dict[str, bytes], code: str) -> str:
    """A bag's label: its code, the letter B, and the same signature as an envelope's."""
    key_id = next(iter(keys))
    body = f"{code}.{BAG_LETTER}.{key_id}"
    return f"{body}.{_signature(keys[key_id], body)}"


def verify_bag(keys: dict[str, bytes], payload: str) -> str:
    """The code of the bag whose signed label this is; an envelope's label or a forged one is refused."""
    code, letter, _ = _signed_parts(keys, payload, "bag")
    if letter != BAG_LETTER:
        raise ForgedToken("this QR code is an envelope's label, not a bag's")
    return code


def verify(keys: dict[str, bytes], payload: str) -> EnvelopeToken:
    """Accept the bare token or a URL whose last path segment is the token; refuse anything unsigned."""
    tracking, letter, key_id = _signed_parts(keys, payload, "envelope")
    if letter not in _LETTER_LEG:
        raise ForgedToken("this QR code names an unknown leg")
    try:
        TrackingNumber.parse(tracking)
    except ValueError as error:
        raise ForgedToken(f"this QR code carries a bad tracking number: {error}") from error
    return EnvelopeToken(tracking, _LETTER_LEG[letter], key_id)


def label_url(base_url: str, token: str) -> str:
    """What the QR holds: a URL a phone camera opens on the tracking page, with the token inside."""
    return f"{base_url.rstrip('/')}/t/{token}"


def render_png(content: str, box_size: int = 8) -> bytes:
    image = qrcode.make(content, box_size=box_size, border=2, error_correction=qrcode.constants.ERROR_CORRECT_M)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


def render_svg(content: str) -> bytes:
    image = qrcode.make(content, image_factory=qrcode.image.svg.SvgPathImage, border=2)
    buffer = io.BytesIO()
    image.save(buffer)
    return buffer.getvalue()


def decode_photo(data: bytes) -> str:
    """Read the label QR from a phone photo (any angle, some blur) with the zxing-cpp decoder."""
    try:
        image = Image.open(io.BytesIO(data))
        image.draft("RGB", (DECODE_EDGE, DECODE_EDGE))  # JPEG decodes straight at a reduced scale
        image.load()
    except (UnidentifiedImageError, OSError, Image.DecompressionBombError) as error:
        raise ValueError("the file is not a photo we can read (use JPEG or PNG)") from error
    image.thumbnail((DECODE_EDGE, DECODE_EDGE))  # a label fills the frame: 2,000 pixels are plenty
    found = [r.text for r in zxingcpp.read_barcodes(image.convert("RGB")) if r.format == zxingcpp.BarcodeFormat.QRCode]
    if not found:
        raise ValueError("no QR code found in the photo; hold the label flat and fill the frame")
    return found[0]
