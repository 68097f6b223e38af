"""Ten dossiers dropped off in Đà Nẵng for a Hà Nội agency, carried in bags through the real use cases on their
own clock, stopping along the way so that every status an envelope has between offices shows, on both legs: in a
bag, on a trunk run, at an exchange centre, missing from a bag opened short; the rest reach the agency's desk and
their results come back the same way, one of them to the citizen's door."""

from __future__ import annotations

from datetime import datetime, time, timedelta

from sqlmodel import Session, select

from postal_service import qr
from postal_service.config import Settings
from postal_service.context import Context
from postal_service.db.queries import amount_owed_on, parcel_bundle, parcels_of, request_by_reference, user_by_username
from postal_service.db.tables import TrunkRun
from postal_service.domain.lifecycle import Action
from postal_service.domain.roles import ANONYMOUS
from postal_service.domain.timeslots import LOCAL_TZ
from postal_service.services import assignment, bag_unpacking, bags, booking
from postal_service.services.auth import actor_for_user
from postal_service.services.custody_steps import scan_and_take
from postal_service.services.schemas import (
    AgencyReceipt,
    BookingCreate,
    Contact,
    CourierAssignment,
    Delivery,
    Intake,
    Pickup,
    ResultOffer,
    Service,
)
from postal_service.services.schemas.bags import (
    BagBoarding,
    BagOpen,
    BagSeal,
    BagUnpacking,
    DriverHandover,
    EnvelopeScan,
    SealCheck,
)

from .catalogue import AGENCIES
from .pages import signed

AGENCY_CLERK = "clerk02"  # of Cục Xuất bản, In và Phát hành, whose desk the Hà Nội centre office (100000) serves
HA_NOI_OFFICE, DA_NANG_OFFICE = "100000", "550000"
PROCEDURE = "1.003725"
assert AGENCIES[1][0] == "000.00.15.G02"


class NetworkWalk:
    """The demo's clock and the people who act on it."""

    def __init__(self, session: Session, settings: Settings, start: datetime) -> None:
        self.session, self.settings, self.clock = session, settings, start
        self.seals = iter(range(1, 1000))

    def ctx(self, username: str | None, minutes: float = 10) -> Context:
        """The next moment, acted on by a member of staff (or by the citizen, for a booking)."""
        self.clock += timedelta(minutes=minutes)
        actor = actor_for_user(user_by_username(self.session, username)) if username else ANONYMOUS
        return Context(self.session, self.settings, actor, self.clock)

    def book(self, n: int) -> tuple[str, str]:
        """A dossier and its result, dropped off at the Đà Nẵng counter and taken in: (dossier, result)."""
        address = {"street": f"{10 + n} Lê Duẩn", "province_code": 48, "commune_code": 20242}
        data = BookingCreate(
            service=Service.BOTH,
            procedure_code=PROCEDURE,
            intake=Intake.DROP_OFF,
            drop_off_post_office_code=DA_NANG_OFFICE,
            delivery_address={**address, "latitude": 16.0717 + n / 1000, "longitude": 108.2200},  # type: ignore[arg-type]
            contact=Contact(name=f"Trần Thị Thu {n}", phone=f"0905{n:06d}", id_number=f"04819{n:07d}"),
            consent=True,
        )
        request = booking.book(self.ctx(None), data)
        legs = {p.leg: p.tracking_number for p in parcels_of(self.session, request.id)}
        ctx = self.ctx("counter-dn")
        bundle = parcel_bundle(self.session, legs["dossier"])
        intake = Pickup(
            seal_number=f"SEAL-DN{n:04d}",
            documents_present=[d["name"] for d in bundle.procedure.documents],
            id_checked=True,
            cash_collected=amount_owed_on(self.session, request).total,
        )
        scan_and_take(ctx, legs["dossier"], Action.ACCEPT_AT_COUNTER, intake)
        return legs["dossier"], legs["result"]

    def bag(self, staff: str, to: str, envelopes: list[str], until: str) -> str:
        """One bag from the staff's point to `to`, taken as far as `until`: open, sealed, on_board, unpacked."""
        code = bags.open_bag(self.ctx(staff), BagOpen(destination=to)).code
        for tracking in envelopes:
            bags.add_envelope(self.ctx(staff, 2), code, EnvelopeScan(tracking_number=tracking))
        if until == "open":
            return code
        seal = f"KC-{next(self.seals):06d}"
        bags.seal(self.ctx(staff, 2), code, BagSeal(seal_number=seal))
        driver = "driver1" if to.startswith("KT") else "driver2"
        bags.hand_to_driver(self.ctx(staff, 2), code, DriverHandover(driver_username=driver))
        row = bags.locked_bag(self.ctx(None, 0), code)[0]
        self.clock = max(self.clock, row.departs - timedelta(minutes=10))
        label = qr.sign_bag(self.settings.qr_key_ring, code)
        bags.take_on_board(self.ctx(driver), code, BagBoarding(scanned_qr=label))
        if until == "on_board":
            return code
        run = self.session.exec(select(TrunkRun).where(TrunkRun.code == row.run)).one()
        self.clock = row.departs + timedelta(minutes=run.arrives - run.departs)
        receiver = "dispatcher1" if to == HA_NOI_OFFICE else "dispatcher-dn" if to == DA_NANG_OFFICE else _hub_staff(to)
        bags.receive(self.ctx(receiver), code, SealCheck(seal_number=seal))
        found = envelopes[1:] if until == "short" else envelopes
        bag_unpacking.unpack(self.ctx(receiver), code, BagUnpacking(scanned=found))
        return code

    def to_the_desk(self, tracking: str) -> None:
        """The Hà Nội office's courier takes the dossier to the desk, and the clerk receives it."""
        assignment.assign_courier(self.ctx("dispatcher1"), tracking, CourierAssignment(courier_username="courier01"))
        scan_and_take(self.ctx("courier01", 30), tracking, Action.DEPART_TO_AGENCY)
        scan_and_take(self.ctx("courier01", 30), tracking, Action.PRESENT_AT_AGENCY)
        receipt = AgencyReceipt(
            dossier_code=f"000.00.15.G02-{self.clock:%y%m%d}-{tracking[-6:-2]}",
            appointment_date=self.settings.calendar.add_working_days(self.clock.astimezone(LOCAL_TZ).date(), 3),
        )
        scan_and_take(self.ctx(AGENCY_CLERK, 5), tracking, Action.CONFIRM_AGENCY_RECEIPT, receipt)

    def result_back_to_the_office(self, tracking: str) -> None:
        """The clerk hands the result to the Hà Nội office's courier, who brings it to the office for its bag."""
        scan_and_take(self.ctx(AGENCY_CLERK), tracking, Action.MARK_RESULT_READY)
        scan_and_take(
            self.ctx(AGENCY_CLERK, 5), tracking, Action.OFFER_RESULT, ResultOffer(courier_username="courier01")
        )
        scan_and_take(self.ctx("courier01", 5), tracking, Action.CONFIRM_RESULT_COLLECTION)
        scan_and_take(self.ctx("courier01", 40), tracking, Action.ARRIVE_AT_POST_OFFICE)

    def deliver(self, tracking: str, reference: str) -> None:
        """The Đà Nẵng office's courier takes the result to the citizen's door."""
        assignment.assign_courier(
            self.ctx("dispatcher-dn"), tracking, CourierAssignment(courier_username="courier-dn1")
        )
        courier = self.ctx("courier-dn1", 30)
        scan_and_take(courier, tracking, Action.START_DELIVERY)
        request = request_by_reference(self.session, reference)
        proof = Delivery(
            receiver_name=request.contact_name,
            receiver_id_number=request.contact_id_number,
            signature_ref=signed(courier, tracking),
            cash_collected=0,
        )
        scan_and_take(courier, tracking, Action.DELIVER, proof)


def _hub_staff(code: str) -> str:
    return {"KTHN": "hub-hn", "KTDN": "hub-dn", "KTHCM": "hub-hcm"}[code]


def walk_network(session: Session, settings: Settings, now: datetime) -> int:
    """Ten requests through the network, starting a week before `now` so that every step is in the past."""
    start = datetime.combine((now - timedelta(days=7)).astimezone(LOCAL_TZ).date(), time(8, 0), LOCAL_TZ)
    walk = NetworkWalk(session, settings, start)
    trips = [walk.book(n) for n in range(1, 11)]
    dossiers, results = [d for d, _ in trips], [r for _, r in trips]
    walk.bag("counter-dn", "KTDN", dossiers[:1], "open")  # in a bag at the office
    walk.bag("counter-dn", "KTDN", dossiers[1:2], "on_board")  # on the trunk run
    walk.bag("counter-dn", "KTDN", dossiers[2:], "unpacked")  # at the Đà Nẵng hub
    walk.bag("hub-dn", "KTHN", dossiers[3:], "short")  # the first of them missing from the bag
    walk.bag("hub-hn", HA_NOI_OFFICE, dossiers[5:], "unpacked")  # the fifth stays at the Hà Nội hub
    for tracking in dossiers[5:]:
        walk.to_the_desk(tracking)
        walk.result_back_to_the_office(results[dossiers.index(tracking)])
    back = results[5:]
    walk.bag("dispatcher1", "KTHN", back[:1], "open")
    walk.bag("dispatcher1", "KTHN", back[1:2], "on_board")
    walk.bag("dispatcher1", "KTHN", back[2:], "unpacked")
    walk.bag("hub-hn", "KTDN", back[3:], "short")
    walk.bag("hub-dn", DA_NANG_OFFICE, back[4:], "unpacked")
    reference = parcel_bundle(session, back[4]).request.reference
    walk.deliver(back[4], reference)
    return len(trips)
