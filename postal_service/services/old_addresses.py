"""Addresses written with the district-era units (before 1 July 2025), as many citizens still write them: mapped to
the current province and commune by the maintained `vietnam-address-converter` package, so the citizen sees
their new address instead of a refusal. The package's own unit codes are its own; the current unit is found in
`vietnam-provinces` (geography.py) by its name within its province."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any

from postal_service.domain.errors import InvalidField
from postal_service.domain.vietnamese import folded

from . import geography

NOT_MATCHED = "this address could not be matched to a current commune or ward; choose it from the list"


@dataclass(frozen=True)
class Converted:
    street: str
    province_code: int
    commune_code: int

    @property
    def label(self) -> str:
        return f"{self.street}, {geography.commune_label(self.commune_code)}"


@cache
def _converter() -> Any:
    """Loaded once per process (its tables take a few seconds to build); every conversion after is sub-millisecond."""
    from vietnam_address_converter import create_converter

    return create_converter()


def convert(text: str, field: str = "old_address") -> Converted:
    """ "5 Phố Tràng Thi, Phường Hàng Trống, Quận Hoàn Kiếm, Hà Nội" -> 5 Phố Tràng Thi, Phường Hoàn Kiếm, Hà Nội."""
    if not text.strip():
        raise InvalidField.single(field, NOT_MATCHED)
    result = _converter().auto_convert_address(text)
    new = result.get("converted_new") or {}
    province = (new.get("province") or {}).get("name_with_type")
    ward = (new.get("ward") or {}).get("name_with_type")
    commune = _commune_named(province, ward) if province and ward else None
    if commune is None:
        raise InvalidField.single(field, NOT_MATCHED)
    street = ", ".join(str(result.get("normalized_text") or "").split(", ")[:-2]).strip()
    return Converted(street=street or text.split(",")[0].strip(), province_code=commune[0], commune_code=commune[1])


def _commune_named(province: str, ward: str) -> tuple[int, int] | None:
    provinces = {folded(name): code for code, name in geography.provinces().items()}
    province_code = provinces.get(folded(province))
    if province_code is None:
        return None
    return next(
        ((province_code, code) for code, name in geography.communes_of(province_code) if folded(name) == folded(ward)),
        None,
    )
