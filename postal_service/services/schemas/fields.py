"""Field types shared by the inputs: each validator calls the domain's parser, so the 422 names the field."""

from __future__ import annotations

import re
from datetime import date as date_type
from datetime import datetime
from typing import Annotated, Any, Self

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, field_validator, model_validator

from postal_service.domain import identifiers
from postal_service.domain.timeslots import OpeningHours, validate_opening_hours

from .. import geography


def _aware(value: datetime) -> datetime:
    if value.tzinfo is None:
        raise ValueError("give a time zone, e.g. 2026-11-23T08:00:00+07:00")
    return value


PHONE_PATTERN = r"^ *(\+84|84|0) *[35789]( *[0-9]){8} *$"  # what normalise_phone accepts, for the document
Phone = Annotated[
    str,
    Field(max_length=20, examples=["0912345678"], json_schema_extra={"pattern": PHONE_PATTERN}),
    AfterValidator(identifiers.normalise_phone),
]
IdNumber = Annotated[str, Field(max_length=12, examples=["001090123456"]), AfterValidator(identifiers.parse_id_number)]
DossierCode = Annotated[
    str, Field(max_length=32, examples=["000.17.22.H56-210531-0001"]), AfterValidator(identifiers.parse_dossier_code)
]
AgencyCode = Annotated[
    str, Field(max_length=16, examples=["000.17.22.H56"]), AfterValidator(identifiers.parse_agency_code)
]
ProvinceCode = Annotated[
    int, Field(json_schema_extra={"enum": sorted(geography.provinces())}), AfterValidator(geography.check_province)
]
AwareDatetime = Annotated[datetime, AfterValidator(_aware)]


def _calendar_day(value: object) -> object:
    """Only a written day, 2026-11-23: lax parsing would read 0 or 1700000000 as a day of 1970."""
    if not isinstance(value, date_type) and not (isinstance(value, str) and ISO_DAY.match(value)):
        raise ValueError("give a day as YYYY-MM-DD, e.g. 2026-12-07")
    return value


ISO_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
Day = Annotated[date_type, BeforeValidator(_calendar_day)]
Hours = Annotated[OpeningHours, AfterValidator(validate_opening_hours)]
Text = Annotated[str, Field(min_length=1, max_length=255)]
LongText = Annotated[str, Field(min_length=1, max_length=2000)]
Reference = Annotated[str, Field(min_length=4, max_length=16)]
Latitude = Annotated[float, Field(ge=-90, le=90)]
Longitude = Annotated[float, Field(ge=-180, le=180)]


CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")  # tab and line breaks stay allowed
MAX_AMOUNT = 2_147_483_647  # money columns are 32-bit integers of đồng
USERNAME_MAX = 48  # "user:" + username fits every 64-character audit column
PASSWORD_MIN, PASSWORD_MAX = 10, 128  # a passphrase a courier can type on a phone
Amount = Annotated[int, Field(ge=0, le=MAX_AMOUNT)]
Username = Annotated[str, Field(min_length=3, max_length=USERNAME_MAX)]


def _has_control_characters(value: Any) -> bool:
    if isinstance(value, str):
        return CONTROL_CHARACTERS.search(value) is not None
    if isinstance(value, list | tuple | set):
        return any(_has_control_characters(v) for v in value)
    if isinstance(value, dict):
        return any(_has_control_characters(k) or _has_control_characters(v) for k, v in value.items())
    return False


NO_CONTROL_CHARACTERS = "^[^\\u0000-\\u0008\\u000b\\u000c\\u000e-\\u001f\\u007f]*$"


def _state_the_text_rule(schema: dict[str, Any]) -> None:
    """The OpenAPI document states the rule too: a text without its own pattern gets the no-control pattern."""
    for prop in schema.get("properties", {}).values():
        for part in (prop, prop.get("items", {}), *prop.get("anyOf", [])):
            if part.get("type") == "string" and "pattern" not in part and "format" not in part and "enum" not in part:
                part["pattern"] = NO_CONTROL_CHARACTERS


class Clean(BaseModel):
    """Every input model: a NUL or another control character in any text is a 422 naming the field."""

    model_config = ConfigDict(json_schema_extra=_state_the_text_rule)

    @field_validator("*", mode="after")
    @classmethod
    def _no_control_characters(cls, value: Any) -> Any:
        if _has_control_characters(value):
            raise ValueError("control characters (such as NUL) are not allowed")
        return value


class Strict(Clean):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, json_schema_extra=_state_the_text_rule)


class Address(Strict):
    street: Text = Field(examples=["12 Phố Tràng Tiền"])
    province_code: ProvinceCode = Field(examples=[1])
    commune_code: int = Field(examples=[70])
    latitude: Latitude | None = None
    longitude: Longitude | None = None

    @model_validator(mode="after")
    def _commune_in_province(self) -> Self:
        geography.check_commune(self.commune_code, self.province_code)
        if (self.latitude is None) != (self.longitude is None):
            raise ValueError("give both latitude and longitude, or neither")
        return self


class PlacedAddress(Address):
    """Catalogue places must carry coordinates: routes are planned from them."""

    latitude: Latitude
    longitude: Longitude
