"""Field types shared by the inputs: each validator calls the domain's parser, so the 422 names the field."""

from __future__ import annotations

import re
from datetime import date as date_type
from datetime import datetime
from typing import Annotated, Any, Self

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, field_validator, model_validator

from postal_service.domain import identifiers
from postal_service.domain.timeslots import CLOCK_TIME_FORMAT, WEEKDAYS, OpeningHours, validate_opening_hours
from postal_service.queries import geography


def _aware(value: datetime) -> datetime:
    if value.tzinfo is None:
        raise ValueError("give a time zone, e.g. 2026-11-23T08:00:00+07:00")
    return value


# Each pattern is stated in the document and enforced by the domain's parser (with a message people understand).
Phone = Annotated[
    str,
    Field(max_length=20, examples=["0912345678"], json_schema_extra={"pattern": identifiers.PHONE_FORMAT}),
    AfterValidator(identifiers.normalise_phone),
]
Telephone = Annotated[  # an office's number: a mobile or a fixed line
    str,
    Field(max_length=20, examples=["02437654321"], json_schema_extra={"pattern": identifiers.TELEPHONE_FORMAT}),
    AfterValidator(identifiers.normalise_telephone),
]
IdNumber = Annotated[  # the pattern fixes the length (12 digits); the parser also strips surrounding spaces
    str,
    Field(max_length=32, examples=["001090123456"], json_schema_extra={"pattern": identifiers.ID_NUMBER_FORMAT}),
    AfterValidator(identifiers.parse_id_number),
]
DossierCode = Annotated[
    str,
    Field(
        max_length=32,
        examples=["000.17.22.H56-210531-0001"],
        json_schema_extra={"pattern": identifiers.DOSSIER_CODE_FORMAT},
    ),
    AfterValidator(identifiers.parse_dossier_code),
]
AgencyCode = Annotated[
    str,
    Field(max_length=16, json_schema_extra={"pattern": identifiers.AGENCY_CODE_FORMAT, "example": "000.17.22.H56"}),
    AfterValidator(identifiers.parse_agency_code),
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
_SPAN = {"type": "array", "items": {"type": "string", "pattern": CLOCK_TIME_FORMAT}, "minItems": 2, "maxItems": 2}
Hours = Annotated[
    OpeningHours,
    Field(json_schema_extra={"propertyNames": {"enum": list(WEEKDAYS)}, "additionalProperties": _SPAN}),
    AfterValidator(validate_opening_hours),
]
Text = Annotated[str, Field(min_length=1, max_length=255)]
EvidenceRef = Annotated[str, Field(pattern=identifiers.EVIDENCE_REF_FORMAT, description="as POST /evidence answered")]
MAX_DOCUMENT_PHOTOS = 40  # pages of one dossier photographed at intake
LongText = Annotated[str, Field(min_length=1, max_length=2000)]
Reference = Annotated[str, Field(min_length=4, max_length=16)]
Latitude = Annotated[float, Field(ge=-90, le=90)]
Longitude = Annotated[float, Field(ge=-180, le=180)]


CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")  # tab and line breaks stay allowed
MAX_AMOUNT = 2_147_483_647  # money columns are 32-bit integers of đồng
USERNAME_MAX = 48  # "user:" + username fits every 64-character audit column
PASSWORD_MIN, PASSWORD_MAX = 10, 128  # a passphrase a courier can type on a phone
Flag = Annotated[bool, Field(strict=True)]  # true or false only: 0, 1 and "yes" are what the document calls invalid
POST_OFFICE_CODE = r"^[0-9]{5,6}$"  # Vietnamese postcode of the office, e.g. 100000
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


_CONTROLS = "\\u0000-\\u0008\\u000b\\u000c\\u000e-\\u001f\\u007f"
# The white space a JSON Schema pattern's \s means (ECMA-262), spelled out so that Python strips the same.
SPACES = "\t\n\v\f\r \u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a"
SPACES += "\u2028\u2029\u202f\u205f\u3000\ufeff"
_SPACE_CLASS = "\\t\\n\\u000b\\u000c\\r \\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000\\ufeff"
# Empty, or some character that is neither a control nor a space: a text is never only white space.
NOT_BLANK_TEXT = f"^([^{_CONTROLS}]*[^{_CONTROLS}{_SPACE_CLASS}][^{_CONTROLS}]*)?$"


def state_the_text_rule(schema: dict[str, Any]) -> None:
    """The OpenAPI document states the rule too: a text without its own pattern may not be blank or hold controls."""
    for prop in schema.get("properties", {}).values():
        for part in (prop, prop.get("items", {}), *prop.get("anyOf", [])):
            if part.get("type") == "string" and "pattern" not in part and "format" not in part and "enum" not in part:
                part["pattern"] = NOT_BLANK_TEXT


def _tidy(value: Any) -> Any:
    """Strip surrounding white space after the length was checked on what was sent, as the document states it."""
    if type(value) is str:  # not an enum member: those were checked against their list already
        if CONTROL_CHARACTERS.search(value):
            raise ValueError("control characters (such as NUL) are not allowed")
        stripped = value.strip(SPACES)
        if not stripped and value:
            raise ValueError("must not be blank")
        return stripped
    if isinstance(value, list):
        return [_tidy(v) for v in value]
    if isinstance(value, tuple | set | dict) and _has_control_characters(value):
        raise ValueError("control characters (such as NUL) are not allowed")
    return value


def present(**kinds: str) -> dict[str, Any]:
    """A schema rule: these fields are given and not null (an address is an "object", a code a "string")."""
    return {"required": list(kinds), "properties": {name: {"type": kind} for name, kind in kinds.items()}}


def when(field: str, values: tuple[str, ...], then: dict[str, Any]) -> dict[str, Any]:
    """A schema rule between fields: when `field` is one of `values`, `then` holds too.

    Written "not (field in values), or then" because the OpenAPI library keeps `not` and `anyOf` but drops
    `if`/`then`."""
    return {"anyOf": [{"not": {"required": [field], "properties": {field: {"enum": list(values)}}}}, then]}


class Clean(BaseModel):
    """Every input model: a NUL or another control character in any text is a 422 naming the field, and so is a
    text of white space only; surrounding white space is stripped."""

    model_config = ConfigDict(json_schema_extra=state_the_text_rule)

    @field_validator("*", mode="after")
    @classmethod
    def _clean_text(cls, value: Any) -> Any:
        return _tidy(value)


class Strict(Clean):
    model_config = ConfigDict(extra="forbid", json_schema_extra=state_the_text_rule)


def _state_the_address_rules(schema: dict[str, Any]) -> None:
    """Coordinates come in pairs: both, or neither (which commune lies in which province needs the geography)."""
    state_the_text_rule(schema)
    neither = {"properties": {"latitude": {"type": "null"}, "longitude": {"type": "null"}}}
    schema["anyOf"] = [present(latitude="number", longitude="number"), neither]


class Address(Strict):
    model_config = ConfigDict(json_schema_extra=_state_the_address_rules)

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
