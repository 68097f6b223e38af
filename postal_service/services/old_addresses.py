"""Addresses written with the district-era units (before 1 July 2025), as many citizens still write them: mapped to
the current province and commune by the maintained `vietnam-address-converter` package, so the citizen sees
their new address instead of a refusal. The package's own unit codes are its own; the current unit is found in
`vietnam-provinces` (geography.py) by its name within its province."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from vietnam_address_converter.conversion import convert_old_to_new

from postal_service.domain.errors import InvalidField
from postal_service.domain.vietnamese import folded
from postal_service.queries import geography

NOT_MATCHED = "this address could not be matched to a current commune or ward; choose it from the list"


@dataclass(frozen=True)
class Converted:
    """The street as typed and the current unit(s): one commune, or, where the old ward was split between several,
    each of them, for the citizen to choose the one their street is in."""

    street: str
    province_code: int
    candidates: tuple[int, ...]

    @property
    def commune_code(self) -> int | None:
        return self.candidates[0] if len(self.candidates) == 1 else None

    @property
    def label(self) -> str:
        return f"{self.street}, {geography.commune_label(self.candidates[0])}"


def convert(text: str, field: str = "old_address") -> Converted:
    """ "5 Phố Tràng Thi, Phường Hàng Trống, Quận Hoàn Kiếm, Hà Nội" -> 5 Phố Tràng Thi, Phường Hoàn Kiếm, Hà Nội.

    The address is read as people write it: the street, then ward, district and province, comma-separated; the
    package's structured lookup answers in well under a millisecond (its free-text parser builds tables for half
    a minute on first use, which no citizen should wait for). A ward split between new ones is not guessed: each new
    ward it went to is a candidate, for the citizen to choose."""
    parts = [part.strip() for part in text.split(",") if part.strip()]
    if len(parts) < 3:
        raise InvalidField.single(field, NOT_MATCHED)
    *street, ward, district, province = parts
    names = {"province_name": province, "district_name": district, "ward_name": ward}
    found = convert_old_to_new(names)
    if found.get("status") == "matched":
        answers = [found.get("result") or {}]
    elif found.get("status") == "ambiguous":
        answers = list(found.get("candidates") or [])
    else:
        answers = []
    communes = [_commune_of(answer) for answer in answers]
    units = sorted({c for c in communes if c is not None}, key=lambda c: geography.commune_label(c[1]))
    if not units or len({province for province, _ in units}) > 1:
        raise InvalidField.single(field, NOT_MATCHED)
    return Converted(
        street=", ".join(street), province_code=units[0][0], candidates=tuple(commune for _, commune in units)
    )


def _commune_of(answer: dict[str, Any]) -> tuple[int, int] | None:
    new_province = (answer.get("new_province") or {}).get("name_with_type")
    new_ward = (answer.get("new_ward") or {}).get("name_with_type")
    return _commune_named(new_province, new_ward) if new_province and new_ward else None


def _commune_named(province: str, ward: str) -> tuple[int, int] | None:
    provinces = {folded(name): code for code, name in geography.provinces().items()}
    province_code = provinces.get(folded(province))
    if province_code is None:
        return None
    return next(
        ((province_code, code) for code, name in geography.communes_of(province_code) if folded(name) == folded(ward)),
        None,
    )
