"""The current two-tier units (34 provinces, 3,321 communes) from the `vietnam-provinces` package."""

from __future__ import annotations

from functools import cache

from vietnam_provinces import Province, Ward

from postal_service.domain.vietnamese import collation_key


@cache
def provinces() -> dict[int, str]:
    return {int(p.code): p.name for p in Province.iter_all()}


@cache
def communes() -> dict[int, tuple[int, str]]:
    """commune code -> (province code, name)."""
    return {int(w.code): (int(w.province_code), w.name) for w in Ward.iter_all()}


@cache
def communes_of(province_code: int) -> list[tuple[int, str]]:
    """The province's communes and wards in Vietnamese alphabetical order (not code-point order); sorted once per
    process, as every booking page draws them. Callers copy before changing the list."""
    return sorted(
        ((code, name) for code, (province, name) in communes().items() if province == province_code),
        key=lambda item: collation_key(item[1]),
    )


def check_province(code: int) -> int:
    if code not in provinces():
        raise ValueError(f"{code} is not one of the 34 current province codes")
    return code


def check_commune(code: int, province_code: int | None = None) -> int:
    found = communes().get(code)
    if found is None:
        raise ValueError(f"{code} is not a current commune or ward code")
    if province_code is not None and found[0] != province_code:
        raise ValueError(f"commune {code} ({found[1]}) is not in province {province_code}")
    return code


def commune_label(code: int | None) -> str:
    if code is None or code not in communes():
        return ""
    province, name = communes()[code]
    return f"{name}, {provinces()[province]}"
