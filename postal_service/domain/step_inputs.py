"""What each custody step needs to be told, as protocols: the API's validated bodies satisfy them as they are,
and unit tests pass plain objects. The domain never sees HTTP or pydantic."""

from __future__ import annotations

from datetime import date
from typing import Protocol

from .national_status import NationalStatus


class IntakeInput(Protocol):
    seal_number: str
    documents_present: list[str]
    id_checked: bool
    cash_collected: int
    signature_ref: str | None
    photo_ref: str | None
    document_photos: list[str]  # the pages photographed for the digitised dossier; may be empty
    exemption_proof_kind: str | None  # the paper proving a declared exemption, checked at the first intake
    exemption_proof_number: str | None


class MissingInput(Protocol):
    missing_documents: list[str]


class ReceiptInput(Protocol):
    dossier_code: str
    appointment_date: date
    procedure_fee_received: int


class RefusalInput(Protocol):
    reason: str
    missing_documents: list[str]


class SupplementInput(Protocol):
    """Form 02: what is missing, the dossier code the supplement will be received into (when the dossier has none
    yet) and the procedure fees the courier hands over with a dossier that is registered now."""

    reason: str
    missing_documents: list[str]
    dossier_code: str | None
    procedure_fee_received: int


class ReceiverInput(Protocol):
    receiver_name: str
    receiver_id_number: str
    proxy_authorisation_ref: str | None
    cash_collected: int
    signature_ref: str | None
    photo_ref: str | None


class FailureInput(Protocol):
    @property
    def reason(self) -> str: ...


class CourierRef(Protocol):
    """A courier already checked to exist, be active and work for the request's post office."""

    @property
    def id(self) -> int | None: ...

    @property
    def username(self) -> str: ...


class StatusReport(Protocol):
    """What an agency system reports about the dossier: its national status, maybe a new appointment date."""

    code: NationalStatus
    note: str | None
    appointment_date: date | None
