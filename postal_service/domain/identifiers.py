"""Codes and formats of the domain, each validated where it enters (DOMAIN.md, "Codes and formats")."""

from __future__ import annotations

import re
from dataclasses import dataclass

S10_WEIGHTS = (8, 6, 4, 2, 3, 5, 9, 7)
_S10_RE = re.compile(r"^([A-Z]{2})(\d{8})(\d)([A-Z]{2})$")
_DOSSIER_CODE_RE = re.compile(r"^\d{3}\.\d{2}\.\d{2}\.[A-Z]\d{2}-\d{6}-\d{4}$")
_AGENCY_CODE_RE = re.compile(r"^\d{3}\.\d{2}\.\d{2}\.[A-Z]\d{2}$")
_PHONE_RE = re.compile(r"^0[35789]\d{8}$")
_CCCD_RE = re.compile(r"^\d{12}$")
_OLD_ID_RE = re.compile(r"^\d{9}$")


def s10_check_digit(serial: str) -> int:
    """UPU S10 check digit over the 8-digit serial: weights 8 6 4 2 3 5 9 7, 11 - (sum mod 11), 10->0, 11->5."""
    if len(serial) != 8 or not serial.isdigit():
        raise ValueError("the serial must be 8 digits")
    check = 11 - sum(int(d) * w for d, w in zip(serial, S10_WEIGHTS, strict=True)) % 11
    return {10: 0, 11: 5}.get(check, check)


@dataclass(frozen=True)
class TrackingNumber:
    """A UPU S10 item identifier such as RR473124829VN; built only through `parse` or `issue`."""

    value: str

    @classmethod
    def issue(cls, prefix: str, serial: int, country: str = "VN") -> TrackingNumber:
        if not re.fullmatch(r"[A-Z]{2}", prefix) or not 0 <= serial <= 99_999_999:
            raise ValueError("prefix must be 2 capital letters and serial 0..99,999,999")
        digits = f"{serial:08d}"
        return cls(f"{prefix}{digits}{s10_check_digit(digits)}{country}")

    @classmethod
    def parse(cls, text: str) -> TrackingNumber:
        candidate = text.strip().upper().replace(" ", "")
        match = _S10_RE.match(candidate)
        if not match:
            raise ValueError("a tracking number is 2 letters, 9 digits and 2 letters, e.g. RR473124829VN")
        if s10_check_digit(match.group(2)) != int(match.group(3)):
            raise ValueError("the check digit of this tracking number is wrong")
        return cls(candidate)

    def __str__(self) -> str:
        return self.value


def parse_dossier_code(text: str) -> str:
    """Dossier code per Circular 01/2018/TT-VPCP, e.g. 000.17.22.H56-210531-0001."""
    code = text.strip().upper()
    if not _DOSSIER_CODE_RE.match(code):
        raise ValueError("a dossier code looks like 000.17.22.H56-210531-0001")
    return code


def parse_agency_code(text: str) -> str:
    """The agency identifier that opens every dossier code, e.g. 000.17.22.H56."""
    code = text.strip().upper()
    if not _AGENCY_CODE_RE.match(code):
        raise ValueError("an agency code looks like 000.17.22.H56")
    return code


def normalise_phone(text: str) -> str:
    """Vietnamese mobile number: accept +84 / 84 / 0 forms and spaces or dots, return the 0... form."""
    digits = re.sub(r"[\s.\-()]", "", text)
    if digits.startswith("+84"):
        digits = "0" + digits[3:]
    elif digits.startswith("84") and len(digits) == 11:
        digits = "0" + digits[2:]
    if not _PHONE_RE.match(digits):
        raise ValueError("a mobile number has 10 digits: 0 then 3, 5, 7, 8 or 9, then 8 digits")
    return digits


def parse_id_number(text: str) -> str:
    """Citizen ID (CCCD, 12 digits with a birth-province code 001-096) or an old 9-digit ID card."""
    value = text.strip()
    if _OLD_ID_RE.match(value):
        return value
    if not _CCCD_RE.match(value):
        raise ValueError("an ID number has 12 digits (CCCD) or 9 digits (old ID card)")
    if not 1 <= int(value[:3]) <= 96:
        raise ValueError("the first 3 digits of a CCCD are a birth-province code from 001 to 096")
    return value


def mask_id_number(value: str) -> str:
    """Couriers see only the last 4 digits: enough to compare with the card, not enough to copy it."""
    return "*" * (len(value) - 4) + value[-4:]
