"""What a citizen sends to book, reschedule or cancel one of the three services."""

from __future__ import annotations

from enum import StrEnum

from pydantic import Field

from postal_service.domain.lifecycle import Leg
from postal_service.domain.money import Exemption

from .fields import Address, AwareDatetime, DossierCode, IdNumber, LongText, Phone, Strict, Text


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


class BookingCreate(Strict):
    """A citizen's booking: one of three services for a postal-eligible procedure."""

    service: Service
    procedure_code: str = Field(max_length=32)
    intake: Intake | None = None
    pickup_address: Address | None = None
    slot_start: AwareDatetime | None = None
    drop_off_post_office_code: str | None = Field(None, pattern=r"^\d{5,6}$")
    delivery_address: Address | None = None
    contact: Contact
    exemption: Exemption = Exemption.NONE
    dossier_code: DossierCode | None = None
    consent: bool = Field(description="the citizen agrees that the post handles this personal data for the service")


class Cancellation(Strict):
    reason: LongText | None = None


class Reschedule(Strict):
    slot_start: AwareDatetime
