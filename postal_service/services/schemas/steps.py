"""What each custody step is told (the domain reads these through its step_inputs protocols)."""

from __future__ import annotations

from typing import Any, Self

from pydantic import ConfigDict, Field, model_validator

from postal_service.domain.claims import ClaimKind, Verdict
from postal_service.domain.identifiers import TRACKING_FORMAT
from postal_service.domain.money import ProofKind
from postal_service.domain.national_status import NationalStatus
from postal_service.domain.notices import FailureReason
from postal_service.domain.scanning import UnscannedReason

from .fields import (
    MAX_DOCUMENT_PHOTOS,
    AgencyCode,
    Amount,
    AwareDatetime,
    Day,
    DossierCode,
    EvidenceRef,
    Flag,
    IdNumber,
    Latitude,
    Longitude,
    LongText,
    Strict,
    Text,
    Username,
    state_the_text_rule,
)


class Location(Strict):
    latitude: Latitude | None = None
    longitude: Longitude | None = None


class Step(Location):
    """Common evidence of a custody step: the QR scanned (or not) and a note."""

    scanned_qr: str | None = Field(None, max_length=512)
    unscanned_reason: UnscannedReason | None = Field(None, description="why the label was not scanned (typed)")
    note: LongText | None = None
    device_time: AwareDatetime | None = Field(None, description="when the step was taken, by the phone's clock")
    offline_since: AwareDatetime | None = Field(None, description="since when the phone was offline, if it was")


class Pickup(Step):
    seal_number: str = Field(min_length=3, max_length=32, pattern=r"^[A-Za-z0-9\-]+$")
    documents_present: list[Text] = Field(min_length=1)
    id_checked: Flag
    cash_collected: Amount
    signature_ref: EvidenceRef | None = None
    photo_ref: EvidenceRef | None = None
    document_photos: list[EvidenceRef] = Field(
        default_factory=list,
        max_length=MAX_DOCUMENT_PHOTOS,
        description="a photo of each page, uploaded first (POST /evidence): the digitised dossier, one PDF",
    )
    exemption_proof_kind: ProofKind | None = Field(None, description="the paper proving a declared exemption")
    exemption_proof_number: str | None = Field(None, max_length=32, pattern=r"^[\w./ -]+$")


class IncompleteIntake(Step):
    missing_documents: list[Text] = Field(min_length=1)


class AgencyReceipt(Step):
    dossier_code: DossierCode
    appointment_date: Day
    procedure_fee_received: Amount = 0


class AgencyRefusal(Step):
    reason: LongText
    missing_documents: list[Text] = Field(default_factory=list)


class SupplementRequest(Step):
    """Form 02: the agency keeps the dossier and names what the citizen must add."""

    reason: LongText
    missing_documents: list[Text] = Field(min_length=1, description="names from the procedure's document list")
    dossier_code: DossierCode | None = Field(None, description="required when the dossier has no code yet")
    procedure_fee_received: Amount = 0


class ResultOffer(Step):
    courier_username: Username


def _state_the_proof_rule(schema: dict[str, Any]) -> None:
    state_the_text_rule(schema)
    schema["anyOf"] = [
        {"required": [name], "properties": {name: {"type": "string", "minLength": 1}}}
        for name in ("signature_ref", "photo_ref")
    ]


class Delivery(Step):
    model_config = ConfigDict(json_schema_extra=_state_the_proof_rule)

    receiver_name: Text
    receiver_id_number: IdNumber
    proxy_authorisation_ref: EvidenceRef | None = Field(None, description="a photo of the signed authorisation")
    cash_collected: Amount = 0
    signature_ref: EvidenceRef | None = None
    photo_ref: EvidenceRef | None = None

    @model_validator(mode="after")
    def _needs_proof(self) -> Self:
        if not (self.signature_ref or self.photo_ref):
            raise ValueError("a delivery needs a signature or a photo as proof")
        return self


class FailedAttempt(Step):
    reason: FailureReason


class CourierAssignment(Strict):
    courier_username: Username


# Vietnam with its islands: a place outside (latitude and longitude swapped, a sign lost) is a typo.
VIETNAM_LATITUDES, VIETNAM_LONGITUDES = (8.0, 24.0), (102.0, 118.0)


class DoorPlace(Strict):
    """Where the citizen's door is, placed by the dispatcher when the address came without coordinates."""

    latitude: float = Field(ge=VIETNAM_LATITUDES[0], le=VIETNAM_LATITUDES[1], examples=[21.0285])
    longitude: float = Field(ge=VIETNAM_LONGITUDES[0], le=VIETNAM_LONGITUDES[1], examples=[105.852])


class NationalStatusUpdate(Strict):
    """What the agency's one-stop system reports; 9 (processing completed) marks a waiting result ready."""

    code: NationalStatus = Field(description="national one-stop status: 1 registered ... 10 result returned")
    note: LongText | None = None
    reported_at: AwareDatetime | None = Field(None, description="when the status changed; now when absent")
    appointment_date: Day | None = Field(None, description="a new date for the result (the appointment moved)")


class ScanIn(Strict):
    payload: str = Field(min_length=1, max_length=512, description="the QR content: a token or a URL carrying it")


class CashHandIn(Strict):
    """A courier's cash of a day, counted in at the post office."""

    courier_username: Username
    day: Day | None = Field(None, description="the day the cash was collected; today by default")
    declared: Amount = Field(description="what the courier says they hand in, in đồng")
    counted: Amount = Field(description="what the post office counted, in đồng")
    note: LongText | None = None


class CashSignOff(Strict):
    note: LongText | None = None


class StatementPeriod(Strict):
    """An agency's procedure fees collected by one post office over a period of days that are over."""

    agency_code: AgencyCode
    period_start: Day
    period_end: Day = Field(description="the last day included; before today, at most 92 days after the start")


class ClaimCreate(Strict):
    """A complaint about one envelope of the request."""

    tracking_number: str = Field(
        min_length=13, max_length=13, json_schema_extra={"pattern": TRACKING_FORMAT}, description="the envelope"
    )
    kind: ClaimKind
    description: LongText = Field(description="what happened, in the citizen's words")


class ClaimAssignment(Strict):
    assignee_username: Username = Field(description="a member of staff of the claim's post office")


class ClaimResolution(Strict):
    verdict: Verdict
    resolution: LongText = Field(description="the answer the citizen reads")
