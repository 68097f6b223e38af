"""Codes and formats of the domain, each validated where it enters (DOMAIN.md, "Codes and formats")."""

from __future__ import annotations

import re
from dataclasses import dataclass

S10_WEIGHTS = (8, 6, 4, 2, 3, 5, 9, 7)
_S10_RE = re.compile(r"^([A-Z]{2})([0-9]{8})([0-9])([A-Z]{2})$")

# Each format is written once, as a pattern that its parser below enforces and the OpenAPI document states, in
# the syntax both Python and JSON Schema read alike: spaces around the value are allowed, digits are ASCII only
# ([0-9], never \d, which Python reads as any Unicode digit).
_AGENCY = r"[0-9]{3}\.[0-9]{2}\.[0-9]{2}\.[A-Za-z][0-9]{2}"
AGENCY_CODE_FORMAT = rf"^ *{_AGENCY} *$"
DOSSIER_CODE_FORMAT = rf"^ *{_AGENCY}-[0-9]{{6}}-[0-9]{{4}} *$"
TRACKING_FORMAT = r"^ *([A-Za-z] *){2}([0-9] *){9}([A-Za-z] *){2}$"  # UPU S10, e.g. RR 473 124 829 VN
_SEP = "[ .()-]*"  # what people write inside a phone number: 0912 345 678, 0378.123.456, (091) 234-5678
_TRUNK = rf"(\+{_SEP}8{_SEP}4|8{_SEP}4|0)"  # +84, 84 or 0 before the number
PHONE_FORMAT = rf"^{_SEP}{_TRUNK}{_SEP}[35789]({_SEP}[0-9]){{8}}{_SEP}$"
# An office's number (an agency sending a result): a mobile, or a fixed line, 02 then an area code and the
# subscriber's digits, 11 digits in all since 2017 (024 3765 4321 in Hà Nội).
TELEPHONE_FORMAT = rf"^({_SEP}{_TRUNK}{_SEP}[35789]({_SEP}[0-9]){{8}}|{_SEP}{_TRUNK}{_SEP}2({_SEP}[0-9]){{9}}){_SEP}$"
ID_NUMBER_FORMAT = r"^(00[1-9]|0[1-8][0-9]|09[0-6])[0-9]{9}$"  # CCCD: a birth-province code 001-096, 9 digits
OLD_ID_CARD_ENDED = (  # Law on Identification 2023, art. 46: the 9-digit cards (CMND) ended on 31 December 2024
    "the 9-digit ID card (CMND) is no longer valid since 1 January 2025; give the 12-digit citizen ID (CCCD)"
)
EVIDENCE_PREFIX = "evidence:"  # a stored photo or signature: evidence:<sha256 of its bytes>
EVIDENCE_REF_FORMAT = rf"^{EVIDENCE_PREFIX}[0-9a-f]{{64}}$"
RECEIPT_FORMAT = r"^BL[0-9]{4}[0-9]{8}$"  # a payment's receipt: BL, the year, the payment's own number


def receipt_number(payment_id: int, year: int) -> str:
    """Unique and in the order payments were taken; the year makes a printed receipt easy to file."""
    return f"BL{year:04d}{payment_id:08d}"


def statement_number(statement_id: int, year: int) -> str:
    """A fee statement's number, like a receipt's: BK + year + the statement's number."""
    return f"BK{year:04d}{statement_id:06d}"


def claim_number(claim_id: int, year: int) -> str:
    """A claim's ticket number: KN + year + the claim's number."""
    return f"KN{year:04d}{claim_id:06d}"


class WrongCheckDigit(ValueError):
    """Well formed, but no number the post ever issued: a typo, or a made-up number."""


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
        if not re.fullmatch(TRACKING_FORMAT, text):
            raise ValueError("a tracking number is 2 letters, 9 digits and 2 letters, e.g. RR473124829VN")
        candidate = text.replace(" ", "").upper()
        match = _S10_RE.match(candidate)
        if not match or s10_check_digit(match.group(2)) != int(match.group(3)):
            raise WrongCheckDigit("the check digit of this tracking number is wrong")
        return cls(candidate)

    def __str__(self) -> str:
        return self.value


def parse_dossier_code(text: str) -> str:
    """Dossier code per Circular 01/2018/TT-VPCP, e.g. 000.17.22.H56-210531-0001."""
    if not re.fullmatch(DOSSIER_CODE_FORMAT, text):
        raise ValueError("a dossier code looks like 000.17.22.H56-210531-0001")
    return text.strip().upper()


def parse_agency_code(text: str) -> str:
    """The agency identifier that opens every dossier code, e.g. 000.17.22.H56."""
    if not re.fullmatch(AGENCY_CODE_FORMAT, text):
        raise ValueError("an agency code looks like 000.17.22.H56")
    return text.strip().upper()


def normalise_phone(text: str) -> str:
    """Vietnamese mobile number: accept +84 / 84 / 0 forms and spaces or dots, return the 0... form."""
    if not re.fullmatch(PHONE_FORMAT, text):
        raise ValueError("a mobile number has 10 digits: 0 then 3, 5, 7, 8 or 9, then 8 digits")
    digits = re.sub(_SEP, "", text).removeprefix("+")
    return "0" + digits.removeprefix("84") if len(digits) == 11 else digits


def normalise_telephone(text: str) -> str:
    """A mobile or a fixed line, in the 0... form: an office's number, never texted."""
    if not re.fullmatch(TELEPHONE_FORMAT, text):
        raise ValueError("a telephone number is a mobile (10 digits) or a fixed line (11 digits starting 02)")
    digits = re.sub(_SEP, "", text).removeprefix("+")
    return "0" + digits.removeprefix("84") if digits.startswith("84") else digits


def parse_id_number(text: str) -> str:
    """Citizen ID (CCCD, 12 digits with a birth-province code 001-096). The old 9-digit card is refused with
    the reason, since a courier cannot check a handover against a card that is no longer valid."""
    value = text.strip()
    if len(value) == 9 and value.isascii() and value.isdigit():
        raise ValueError(OLD_ID_CARD_ENDED)
    if len(value) == 12 and value.isascii() and value.isdigit() and not 1 <= int(value[:3]) <= 96:
        raise ValueError("the first 3 digits of a CCCD are a birth-province code from 001 to 096")
    if not re.fullmatch(ID_NUMBER_FORMAT, value):
        raise ValueError("a citizen ID number (CCCD) has 12 digits")
    return value


def mask_id_number(value: str) -> str:
    """Couriers see only the last 4 digits: enough to compare with the card, not enough to copy it."""
    return "*" * (len(value) - 4) + value[-4:]
