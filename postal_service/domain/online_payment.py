"""Online payment: what a payment provider's callback must prove, and the VietQR transfer that carries the
booking's reference. Stdlib only; the provider adapters (services) speak HTTP and keep the secrets."""

from __future__ import annotations

import hashlib
import hmac
from enum import StrEnum


class IntentStatus(StrEnum):
    PENDING = "pending"  # shown to the citizen; the provider has not confirmed a transfer
    PAID = "paid"  # a signed callback confirmed it; the payments are recorded
    FAILED = "failed"  # the provider says it did not go through: nothing was paid
    REFUNDED = "refunded"  # it came after the amount was paid otherwise, and was given back through the provider


SIGNATURE_PREFIX = "sha256="


def sign(secret: bytes, body: bytes) -> str:
    """The callback's signature: HMAC-SHA256 of the exact bytes sent, so nothing in them can be changed."""
    return SIGNATURE_PREFIX + hmac.new(secret, body, hashlib.sha256).hexdigest()


def signed_by(secret: bytes, body: bytes, signature: str | None) -> bool:
    return signature is not None and hmac.compare_digest(sign(secret, body), signature.strip())


def _tlv(tag: str, value: str) -> str:
    return f"{tag}{len(value):02d}{value}"


def _crc16(text: str) -> str:
    """CRC-16/CCITT-FALSE, as EMVCo QR codes end with."""
    crc = 0xFFFF
    for byte in text.encode():
        crc ^= byte << 8
        for _ in range(8):
            crc = ((crc << 1) ^ 0x1021) if crc & 0x8000 else crc << 1
            crc &= 0xFFFF
    return f"{crc:04X}"


def vietqr_payload(bank_bin: str, account: str, amount: int, reference: str) -> str:
    """A VietQR (NAPAS 247, EMVCo) transfer of `amount` đồng to the post's account, with the reference as its
    purpose: any banking app scans it, and the bank's notice names the booking it pays."""
    beneficiary = _tlv("00", bank_bin) + _tlv("01", account)
    merchant = _tlv("00", "A000000727") + _tlv("01", beneficiary) + _tlv("02", "QRIBFTTA")
    body = (
        _tlv("00", "01")
        + _tlv("01", "12")  # dynamic: one amount, one payment
        + _tlv("38", merchant)
        + _tlv("53", "704")  # đồng
        + _tlv("54", str(amount))
        + _tlv("58", "VN")
        + _tlv("62", _tlv("08", reference))
        + "6304"
    )
    return body + _crc16(body)
