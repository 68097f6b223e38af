"""Plain objects for the aggregate's unit tests: a request, actors, a clock, and step inputs."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, timedelta

from postal_service.domain.aggregate import Request
from postal_service.domain.calendar import WorkingCalendar
from postal_service.domain.lifecycle import Leg
from postal_service.domain.request import DeliveryRules, Moment, Parcel
from postal_service.domain.roles import Actor, Role

MONDAY = date(2026, 11, 23)
DOCUMENTS = ("Tờ khai", "Bản sao CCCD")
BOOKER_ID = "001090123456"
AGENCY = "000.00.15.G02"
RULES = DeliveryRules(max_attempts=2, attempt_gap_working_days=1, hold_working_days=10, calendar=WorkingCalendar())

COURIER = Actor(Role.COURIER, "user:courier1", user_id=7, post_office_id=1, may_carry_cash=True)
NO_CASH_COURIER = replace(COURIER, principal="user:courier4", user_id=8, may_carry_cash=False)
CLERK = Actor(Role.AGENCY, "user:clerk", user_id=9, agency_id=3)
DISPATCHER = Actor(Role.DISPATCHER, "user:dispatcher", user_id=10, post_office_id=1)
CITIZEN = Actor(Role.CITIZEN, "citizen:D45-AAAAAA", request_id=1)
SYSTEM = Actor.system()


def at(actor: Actor, day: date = MONDAY, hour: int = 9) -> Moment:
    now = datetime(day.year, day.month, day.day, hour, tzinfo=UTC)
    return Moment(actor, now, day, RULES)


def request(*legs: Leg, dossier: str = "booked", result: str = "awaiting_result", fee: int = 11_000) -> Request:
    parcels = []
    if Leg.DOSSIER in legs:
        parcels.append(Parcel("RH000000015VN", Leg.DOSSIER, dossier, courier_id=7, courier="user:courier1"))
    if Leg.RESULT in legs:
        parcels.append(Parcel("RK000000029VN", Leg.RESULT, result))
    return Request(
        reference="D45-AAAAAA",
        contact_id_number=BOOKER_ID,
        post_office_id=1,
        agency_code=AGENCY,
        documents=DOCUMENTS,
        postal_charge=22_000,
        procedure_fee=fee,
        parcels=parcels,
    )


DOSSIER, RESULT, SUPPLEMENT = "RH000000015VN", "RK000000029VN", "RH000000032VN"


@dataclass
class Intake:
    seal_number: str = "S-1"
    documents_present: list[str] = field(default_factory=lambda: list(DOCUMENTS))
    id_checked: bool = True
    cash_collected: int = 33_000
    signature_ref: str | None = "evidence:sig"
    photo_ref: str | None = None
    document_photos: list[str] = field(default_factory=list)
    exemption_proof_kind: str | None = None
    exemption_proof_number: str | None = None


@dataclass
class Missing:
    missing_documents: list[str]


@dataclass
class Receipt:
    dossier_code: str = f"{AGENCY}-261123-0001"
    appointment_date: date = MONDAY + timedelta(days=14)
    procedure_fee_received: int = 11_000


@dataclass
class Refusal:
    reason: str = "Không thuộc thẩm quyền"
    missing_documents: list[str] = field(default_factory=list)


@dataclass
class Supplement:
    reason: str = "Tờ khai thiếu chữ ký"
    missing_documents: list[str] = field(default_factory=lambda: ["Tờ khai"])
    dossier_code: str | None = f"{AGENCY}-261123-0001"
    procedure_fee_received: int = 11_000


@dataclass
class Receiver:
    receiver_name: str = "Nguyễn Văn An"
    receiver_id_number: str = BOOKER_ID
    proxy_authorisation_ref: str | None = None
    cash_collected: int = 0
    signature_ref: str | None = "evidence:sig"
    photo_ref: str | None = None


@dataclass
class Failure:
    reason: str = "nobody_home"


@dataclass(frozen=True)
class Courier:
    id: int | None = 7
    username: str = "courier1"
