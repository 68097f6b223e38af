"""The booking use case with a fake store (cosmicpython's FakeRepository): no database. The store answers what the
catalogue and the calendar would; the aggregate decides the request; the store is handed exactly what to keep."""

from __future__ import annotations

from datetime import datetime

import pytest

from postal_service.config import Settings
from postal_service.context import Context
from postal_service.db.tables import Agency, PostOffice, Procedure, ServiceRequest
from postal_service.domain.aggregate import Request
from postal_service.domain.errors import InvalidField
from postal_service.domain.identifiers import TrackingNumber
from postal_service.domain.lifecycle import INITIAL_STATUS, Leg
from postal_service.domain.money import Exemption, Zone, make_quote
from postal_service.domain.national_status import NationalStatus
from postal_service.domain.notices import Topic
from postal_service.domain.request import Outcome
from postal_service.domain.roles import Actor, Role
from postal_service.domain.timeslots import LOCAL_TZ, Slot
from postal_service.services import booking
from postal_service.services.booking_store import OrderTerms
from postal_service.services.quoting import Plan
from postal_service.services.schemas import BookingCreate

from ..factories import AGENCY_CODE, CUA_NAM, DOCUMENTS, PROCEDURE

SETTINGS = Settings(environment="test", _env_file=None)  # type: ignore[call-arg]
NOW = datetime(2026, 11, 23, 7, 0, tzinfo=LOCAL_TZ)
SLOT = datetime(2026, 11, 23, 9, 30, tzinfo=LOCAL_TZ)
ADDRESS = {
    "street": "5 Phố Tràng Thi",
    "province_code": 1,
    "commune_code": CUA_NAM,
    "latitude": 21.0,
    "longitude": 105.8,
}


class FakeBookingStore:
    """Answers like the catalogue would, issues numbers from a counter, and keeps what it is given in a list."""

    def __init__(self, refuse: dict[str, str] | None = None) -> None:
        self.refuse, self.serial = refuse, 0
        self.kept: list[tuple[BookingCreate, Request, Outcome]] = []

    def plan(self, data: BookingCreate) -> Plan:
        if self.refuse:
            raise InvalidField(self.refuse)
        legs = [(leg.value, Zone.SAME_PROVINCE) for leg in data.service.legs]
        fee = 50_000 if Leg.DOSSIER in data.service.legs else 0
        quote = make_quote(SETTINGS.tariff, legs, fee, data.exemption)
        procedure = Procedure(id=7, code=PROCEDURE, name="Cấp phép", agency_id=3, procedure_fee=fee, processing_days=5)
        procedure.documents = [{"name": name, "original": True, "count": 1} for name in DOCUMENTS]
        agency = Agency(id=3, code=AGENCY_CODE, name="Cục Xuất bản")
        office = PostOffice(id=5, code="BC-CUANAM", name="Bưu cục Cửa Nam")
        slot = Slot(SLOT, SLOT.replace(hour=10, minute=30)) if data.slot_start else None
        return Plan(procedure, agency, office, slot, data.delivery_address or data.pickup_address, quote)

    def new_reference(self) -> str:
        return "D45-TEST23"

    def tracking_number(self, leg: Leg) -> str:
        self.serial += 1
        return TrackingNumber.issue("RH" if leg is Leg.DOSSIER else "RK", self.serial).value

    def add(
        self, data: BookingCreate, plan: Plan, request: Request, outcome: Outcome, terms: OrderTerms
    ) -> ServiceRequest:
        self.kept.append((data, request, outcome))
        return ServiceRequest(reference=request.reference)


def _ctx() -> Context:
    citizen = Actor(Role.CITIZEN, "anonymous")
    return Context(None, SETTINGS, citizen, NOW, calendar_read=SETTINGS.calendar)  # type: ignore[arg-type]  # no database


def _booking(service: str, **fields: object) -> BookingCreate:
    body: dict[str, object] = {
        "service": service,
        "procedure_code": PROCEDURE,
        "contact": {"name": "Nguyễn Văn An", "phone": "+84 912 345 678", "id_number": "001090123456"},
        "consent": True,
    }
    if service != "receive":
        body |= {"intake": "pickup", "pickup_address": ADDRESS, "slot_start": SLOT.isoformat()}
    else:
        body |= {"delivery_address": ADDRESS, "dossier_code": f"{AGENCY_CODE}-261120-0007"}
    return BookingCreate.model_validate(body | fields)


def test_both_legs_open_an_envelope_each_in_its_first_status_and_the_citizen_is_told_the_numbers_and_price():
    store = FakeBookingStore()
    row = booking.book(_ctx(), _booking("both"), store=store)
    [(_, request, outcome)] = store.kept
    assert row.reference == request.reference == "D45-TEST23"
    assert [(p.leg, p.status) for p in request.parcels] == [
        (Leg.DOSSIER, INITIAL_STATUS[Leg.DOSSIER]),
        (Leg.RESULT, INITIAL_STATUS[Leg.RESULT]),
    ]
    numbers = [p.tracking_number for p in request.parcels]
    assert [(e.tracking_number, e.action, e.from_status, e.to_status) for e in outcome.events] == [
        (numbers[0], "book", "", INITIAL_STATUS[Leg.DOSSIER]),
        (numbers[1], "book", "", INITIAL_STATUS[Leg.RESULT]),
    ]
    assert all(e.evidence == {"reference": "D45-TEST23", "service": "both"} for e in outcome.events)
    assert outcome.message is not None and outcome.message.topic is Topic.BOOKED
    total = request.postal_charge + request.procedure_fee
    assert outcome.message.values["numbers"] == ", ".join(numbers) and outcome.message.values["total"] == total
    assert request.procedure_fee == 50_000 and request.postal_charge > 0
    assert request.leg_charges.keys() == {"dossier", "result"} and sum(request.leg_charges.values()) == total - 50_000
    assert request.pickup is not None and request.pickup.start == SLOT
    assert request.national_status is None  # nothing is known of the dossier yet


def test_receiving_only_opens_the_result_envelope_of_a_dossier_the_agency_is_already_processing():
    store = FakeBookingStore()
    booking.book(_ctx(), _booking("receive"), store=store)
    [(_, request, outcome)] = store.kept
    assert [p.leg for p in request.parcels] == [Leg.RESULT] and len(outcome.events) == 1
    assert request.national_status is NationalStatus.IN_PROCESS
    assert request.dossier_code == f"{AGENCY_CODE}-261120-0007"
    assert request.procedure_fee == 0 and request.pickup is None


def test_what_staff_witness_at_the_counter_is_kept_in_every_envelopes_first_event():
    store = FakeBookingStore()
    witnessed = {"assisted_by": "user:counter1", "consent_signature": "evidence:abc"}
    booking.book(_ctx(), _booking("send", exemption="half"), witnessed, store=store)
    [(_, request, outcome)] = store.kept
    assert [e.evidence for e in outcome.events] == [{"reference": "D45-TEST23", "service": "send", **witnessed}]
    assert request.exemption is Exemption.HALF


def test_a_booking_the_catalogue_refuses_keeps_nothing_and_issues_no_number():
    store = FakeBookingStore(refuse={"slot_start": "this slot is full; choose another"})
    with pytest.raises(InvalidField) as refused:
        booking.book(_ctx(), _booking("both"), store=store)
    assert refused.value.errors == {"slot_start": "this slot is full; choose another"}
    assert store.kept == [] and store.serial == 0
