"""What an administrator sends to build the catalogue: agencies, procedures, post offices, staff, API keys."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated, Any, Self

from pydantic import ConfigDict, Field, model_validator

from postal_service.domain import network
from postal_service.queries import geography

from .fields import (
    PASSWORD_MAX,
    PASSWORD_MIN,
    POST_OFFICE_CODE,
    AgencyCode,
    Amount,
    Flag,
    Hours,
    Phone,
    PlacedAddress,
    Strict,
    Text,
    Username,
    present,
    state_the_text_rule,
    when,
)


class DocumentItem(Strict):
    name: Text
    original: Flag
    count: int = Field(1, ge=1, le=50)


class AgencyCreate(Strict):
    code: AgencyCode
    name: Text
    address: PlacedAddress
    office_hours: Hours


class ProcedureCreate(Strict):
    code: str = Field(pattern=r"^[0-9A-Z][0-9A-Z.\-]{2,31}$", examples=["1.004475"])
    name: Annotated[str, Field(min_length=1, max_length=500)]
    agency_code: AgencyCode
    documents: list[DocumentItem] = Field(min_length=1)
    procedure_fee: Amount
    postal_eligible: Flag = True
    processing_days: int = Field(ge=0, le=365)


class PostOfficeCreate(Strict):
    code: str = Field(pattern=POST_OFFICE_CODE, examples=["100000"])
    name: Text
    address: PlacedAddress
    communes_served: list[int] = Field(min_length=1)
    opening_hours: Hours
    slot_capacity: int = Field(8, ge=1, le=1000)

    @model_validator(mode="after")
    def _served_communes_exist(self) -> Self:
        for code in self.communes_served:
            geography.check_commune(code)
        return self


class StaffRole(StrEnum):
    COURIER = "courier"
    AGENCY = "agency"
    DISPATCHER = "dispatcher"
    COUNTER = "counter"  # a post office's or a commune centre's counter, attached to the post office
    MANAGER = "manager"  # the post office's manager: its figures, money and claims
    HUB = "hub"  # an exchange centre's staff, attached to the hub
    DRIVER = "driver"  # a trunk run's driver, attached to no point
    ADMIN = "admin"


AT_A_POST_OFFICE = (StaffRole.COURIER, StaffRole.DISPATCHER, StaffRole.COUNTER, StaffRole.MANAGER)


def _state_the_staff_rules(schema: dict[str, Any]) -> None:
    """Clerks belong to an agency, other staff to a post office (create_staff checks that they exist)."""
    state_the_text_rule(schema)
    schema["allOf"] = [
        when("role", (StaffRole.AGENCY.value,), present(agency_code="string")),
        when("role", tuple(role.value for role in AT_A_POST_OFFICE), present(post_office_code="string")),
        when("role", (StaffRole.HUB.value,), present(hub_code="string")),
    ]


class StaffCreate(Strict):
    model_config = ConfigDict(json_schema_extra=_state_the_staff_rules)

    username: Username = Field(pattern=r"^[a-z0-9_.\-]+$")
    password: str = Field(min_length=PASSWORD_MIN, max_length=PASSWORD_MAX)
    role: StaffRole
    full_name: Text
    phone: Phone | None = None
    agency_code: AgencyCode | None = None
    post_office_code: str | None = Field(None, pattern=POST_OFFICE_CODE)
    hub_code: str | None = Field(None, pattern=network.HUB_CODE_FORMAT)
    may_carry_cash: Flag = True


class ApiKeyCreate(Strict):
    agency_code: AgencyCode
    label: Text
