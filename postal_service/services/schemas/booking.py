"""What a citizen sends to book, reschedule or cancel one of the three services."""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from pydantic import ConfigDict, EmailStr, Field

from postal_service.domain.lifecycle import Leg
from postal_service.domain.money import Exemption
from postal_service.domain.notices import Language

from .fields import (
    POST_OFFICE_CODE,
    Address,
    AwareDatetime,
    DossierCode,
    Flag,
    IdNumber,
    LongText,
    Phone,
    Strict,
    Text,
    present,
    state_the_text_rule,
    when,
)


class Service(StrEnum):
    SEND = "send"
    RECEIVE = "receive"
    BOTH = "both"

    @property
    def legs(self) -> tuple[Leg, ...]:
        return {
            Service.SEND: (Leg.DOSSIER,),
            Service.RECEIVE: (Leg.RESULT,),
            Service.BOTH: (Leg.DOSSIER, Leg.RESULT),
        }[self]


class Intake(StrEnum):
    PICKUP = "pickup"
    DROP_OFF = "drop_off"


class Contact(Strict):
    name: Text
    phone: Phone
    id_number: IdNumber
    email: EmailStr | None = Field(None, max_length=254, description="notices are e-mailed here too when given")


def _receive_only_rule() -> dict[str, Any]:
    """Receive-only: the agency's dossier code is given, and there is no dossier to pick up (intake absent or null)."""
    rule = present(dossier_code="string")
    rule["properties"]["intake"] = {"type": "null"}
    return rule


_SENDS, _RECEIVES = (Service.SEND.value, Service.BOTH.value), (Service.RECEIVE.value, Service.BOTH.value)
BOOKING_RULES = [  # the rules between fields that a schema can state; the rest need the catalogue (plan_booking)
    when("service", _SENDS, {"required": ["intake"], "properties": {"intake": {"enum": list(Intake)}}}),
    when("service", (Service.RECEIVE.value,), _receive_only_rule()),
    when("intake", (Intake.PICKUP.value,), present(pickup_address="object", slot_start="string")),
    when("intake", (Intake.DROP_OFF.value,), present(drop_off_post_office_code="string")),
    when("service", _RECEIVES, {"anyOf": [present(delivery_address="object"), present(pickup_address="object")]}),
]


def _state_the_booking_rules(schema: dict[str, Any]) -> None:
    state_the_text_rule(schema)
    schema["allOf"] = BOOKING_RULES
    schema["properties"]["consent"]["const"] = True


class BookingCreate(Strict):
    """A citizen's booking: one of three services for a postal-eligible procedure."""

    model_config = ConfigDict(json_schema_extra=_state_the_booking_rules)

    service: Service
    procedure_code: str = Field(max_length=32)
    intake: Intake | None = None
    pickup_address: Address | None = None
    slot_start: AwareDatetime | None = None
    drop_off_post_office_code: str | None = Field(None, pattern=POST_OFFICE_CODE)
    delivery_address: Address | None = None
    contact: Contact
    exemption: Exemption = Exemption.NONE
    weight_grams: int | None = Field(
        None,
        ge=1,
        le=100_000,
        description="the envelope's weight when known (weighed at the counter): its band's "
        "price; absent: the lightest band, a dossier of a few sheets",
    )
    dossier_code: DossierCode | None = None
    consent: Flag = Field(description="the citizen agrees that the post handles this personal data for the service")
    language: Language = Field(Language.VIETNAMESE, description="the language of the SMS and e-mail notices")


class Cancellation(Strict):
    reason: LongText | None = None


class Reschedule(Strict):
    slot_start: AwareDatetime


class SupplementBooking(Strict):
    """How the documents an agency asked for reach it: collected in a slot, or dropped off at the post office."""

    intake: Intake
    slot_start: AwareDatetime | None = Field(None, description="an offered slot; required for a pickup")
