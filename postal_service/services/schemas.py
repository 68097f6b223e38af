"""Inputs of the use cases, validated at the boundary; the API takes them as request bodies.

Field validators call the domain's parsers, so a bad phone or tracking number is named by field in the 422.
"""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum
from typing import Annotated, Self

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, model_validator

from postal_service.domain import identifiers
from postal_service.domain.lifecycle import Leg
from postal_service.domain.money import Exemption
from postal_service.domain.timeslots import OpeningHours, validate_opening_hours

from . import geography


def _aware(value: datetime) -> datetime:
    if value.tzinfo is None:
        raise ValueError("give a time zone, e.g. 2026-11-23T08:00:00+07:00")
    return value


Phone = Annotated[str, Field(max_length=20, examples=["0912345678"]), AfterValidator(identifiers.normalise_phone)]
IdNumber = Annotated[str, Field(max_length=12, examples=["001090123456"]), AfterValidator(identifiers.parse_id_number)]
DossierCode = Annotated[
    str, Field(max_length=32, examples=["000.17.22.H56-210531-0001"]), AfterValidator(identifiers.parse_dossier_code)
]
AgencyCode = Annotated[
    str, Field(max_length=16, examples=["000.17.22.H56"]), AfterValidator(identifiers.parse_agency_code)
]
ProvinceCode = Annotated[int, AfterValidator(geography.check_province)]
AwareDatetime = Annotated[datetime, AfterValidator(_aware)]
Hours = Annotated[OpeningHours, AfterValidator(validate_opening_hours)]
Text = Annotated[str, Field(min_length=1, max_length=255)]
LongText = Annotated[str, Field(min_length=1, max_length=2000)]
Reference = Annotated[str, Field(min_length=4, max_length=16)]
Latitude = Annotated[float, Field(ge=-90, le=90)]
Longitude = Annotated[float, Field(ge=-180, le=180)]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


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


class DocumentItem(Strict):
    name: Text
    original: bool
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
    procedure_fee: int = Field(ge=0)
    postal_eligible: bool = True
    processing_days: int = Field(ge=0, le=365)


class PostOfficeCreate(Strict):
    code: str = Field(pattern=r"^\d{5,6}$", examples=["100000"])
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
    ADMIN = "admin"


class StaffCreate(Strict):
    username: str = Field(pattern=r"^[a-z0-9_.\-]{3,64}$")
    password: str = Field(min_length=10, max_length=128)
    role: StaffRole
    full_name: Text
    phone: Phone | None = None
    agency_code: AgencyCode | None = None
    post_office_code: str | None = Field(None, pattern=r"^\d{5,6}$")
    may_carry_cash: bool = True


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


class Location(Strict):
    latitude: Latitude | None = None
    longitude: Longitude | None = None


class Step(Location):
    """Common evidence of a custody step: the QR scanned (or not) and a note."""

    scanned_qr: str | None = Field(None, max_length=512)
    note: LongText | None = None


class Pickup(Step):
    seal_number: str = Field(min_length=3, max_length=32, pattern=r"^[A-Za-z0-9\-]+$")
    documents_present: list[Text] = Field(min_length=1)
    id_checked: bool
    cash_collected: int = Field(ge=0)
    signature_ref: str | None = Field(None, max_length=255)
    photo_ref: str | None = Field(None, max_length=255)


class IncompleteIntake(Step):
    missing_documents: list[Text] = Field(min_length=1)


class AgencyReceipt(Step):
    dossier_code: DossierCode
    appointment_date: date
    procedure_fee_received: int = Field(0, ge=0)


class AgencyRefusal(Step):
    reason: LongText
    missing_documents: list[Text] = Field(default_factory=list)


class ResultOffer(Step):
    courier_username: str = Field(min_length=3, max_length=64)


class Delivery(Step):
    receiver_name: Text
    receiver_id_number: IdNumber
    proxy_authorisation_ref: str | None = Field(None, max_length=255)
    cash_collected: int = Field(0, ge=0)
    signature_ref: str | None = Field(None, max_length=255)
    photo_ref: str | None = Field(None, max_length=255)

    @model_validator(mode="after")
    def _needs_proof(self) -> Self:
        if not (self.signature_ref or self.photo_ref):
            raise ValueError("a delivery needs a signature or a photo as proof")
        return self


class FailureReason(StrEnum):
    NOBODY_HOME = "nobody_home"
    WRONG_ADDRESS = "wrong_address"
    REFUSED = "refused"
    ID_MISMATCH = "id_mismatch"
    UNREACHABLE_BY_PHONE = "unreachable_by_phone"
    OTHER = "other"


class FailedAttempt(Step):
    reason: FailureReason


class CourierAssignment(Strict):
    courier_username: str = Field(min_length=3, max_length=64)


class NationalStatusUpdate(Strict):
    code: int = Field(ge=1, le=10, description="national one-stop status: 1 registered ... 10 result returned")
    note: LongText | None = None


class Login(Strict):
    username: str = Field(min_length=1, max_length=64)
    password: str = Field(min_length=1, max_length=128)


class CitizenCodeRequest(Strict):
    reference: Reference
    phone: Phone


class CitizenCodeCheck(CitizenCodeRequest):
    code: str = Field(pattern=r"^\d{6}$")


class ScanIn(Strict):
    payload: str = Field(min_length=1, max_length=512, description="the QR content: a token or a URL carrying it")


class ApiKeyCreate(Strict):
    agency_code: AgencyCode
    label: Text
