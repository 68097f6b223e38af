"""`postal-service demo-data`: a believable day in Hà Nội, built only through the real use cases.

Every request is walked through the same service functions the API calls, so the demo's custody chains,
payments and notifications are exactly what production would write.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from sqlmodel import Session, func, select

from postal_service.config import Settings
from postal_service.context import Actor, Context
from postal_service.db.queries import (
    amount_owed_on,
    fees_to_forward,
    parcel_bundle,
    parcels_of,
    request_by_reference,
    user_by_username,
)
from postal_service.db.tables import Agency, PostOffice, Procedure, User
from postal_service.domain.lifecycle import Action
from postal_service.domain.money import EXEMPTION_PROOFS, Exemption
from postal_service.domain.roles import Role
from postal_service.domain.timeslots import LOCAL_TZ
from postal_service.queries import slots
from postal_service.services import assignment, booking, catalogue, supplements
from postal_service.services.auth import actor_for_citizen, actor_for_user
from postal_service.services.custody_steps import scan_and_take
from postal_service.services.schemas import (
    Address,
    AgencyCreate,
    AgencyReceipt,
    AgencyRefusal,
    BookingCreate,
    Contact,
    CourierAssignment,
    Delivery,
    DocumentItem,
    FailedAttempt,
    FailureReason,
    IncompleteIntake,
    Intake,
    Pickup,
    PostOfficeCreate,
    ProcedureCreate,
    ResultOffer,
    Service,
    StaffCreate,
    StaffRole,
    Step,
    SupplementBooking,
    SupplementRequest,
)

from .catalogue import (
    AGENCIES,
    FAMILY_NAMES,
    GIVEN_NAMES,
    MIDDLE_NAMES,
    POST_OFFICE_HOURS,
    POST_OFFICES,
    PROCEDURES,
    STREETS,
    WARD_CENTRES,
    WEEKDAYS_OFFICE,
)
from .network import load_network
from .network_walks import walk_network
from .pages import photographed, signed

DEMO_PASSWORD = "demo-password"
COURIERS_PER_OFFICE = 4


def is_empty(session: Session) -> bool:
    return session.exec(select(func.count()).select_from(Agency)).one() == 0


def load_catalogue(session: Session, settings: Settings, now: datetime) -> None:
    ctx = Context(session, settings, Actor.system(), now)
    for code, name, street, commune, lat, lon in AGENCIES:
        address = Address(street=street, province_code=1, commune_code=commune, latitude=lat, longitude=lon)
        catalogue.create_agency(
            ctx,
            AgencyCreate.model_validate(
                {"code": code, "name": name, "address": address.model_dump(), "office_hours": WEEKDAYS_OFFICE}
            ),
        )
    for agency_index, code, name, fee, eligible, days, documents in PROCEDURES:
        catalogue.create_procedure(
            ctx,
            ProcedureCreate(
                code=code,
                name=name,
                agency_code=AGENCIES[agency_index][0],
                procedure_fee=fee,
                postal_eligible=eligible,
                processing_days=days,
                documents=[DocumentItem(name=n, original=o, count=c) for n, o, c in documents],
            ),
        )
    for code, name, street, commune, lat, lon, served in POST_OFFICES:
        place = {"street": street, "province_code": 1, "commune_code": commune, "latitude": lat, "longitude": lon}
        catalogue.create_post_office(
            ctx,
            PostOfficeCreate.model_validate(
                {
                    "code": code,
                    "name": name,
                    "address": place,
                    "communes_served": list(served),
                    "opening_hours": POST_OFFICE_HOURS,
                    "slot_capacity": 12,
                }
            ),
        )
    _load_staff(ctx)


def _staff(ctx: Context, username: str, role: StaffRole, name: str, **where: str | bool) -> None:
    catalogue.create_staff(
        ctx,
        StaffCreate.model_validate(
            {"username": username, "password": DEMO_PASSWORD, "role": role, "full_name": name, **where}
        ),
    )


def _load_staff(ctx: Context) -> None:
    _staff(ctx, "admin", StaffRole.ADMIN, "Quản trị hệ thống")
    for office_number, office in enumerate(POST_OFFICES, start=1):
        _staff(
            ctx,
            f"dispatcher{office_number}",
            StaffRole.DISPATCHER,
            f"Điều phối bưu cục {office[1]}",
            post_office_code=office[0],
        )
        _staff(
            ctx,
            f"manager{office_number}",
            StaffRole.MANAGER,
            f"Trưởng bưu cục {office[1]}",
            post_office_code=office[0],
        )
        _staff(
            ctx,
            f"counter{office_number}",
            StaffRole.COUNTER,
            f"Giao dịch viên bưu cục {office[1]}",
            post_office_code=office[0],
        )
        for n in range(1, COURIERS_PER_OFFICE + 1):
            number = (office_number - 1) * COURIERS_PER_OFFICE + n
            _staff(
                ctx,
                f"courier{number:02d}",
                StaffRole.COURIER,
                f"Bưu tá {GIVEN_NAMES[number % 14]} {number:02d}",
                post_office_code=office[0],
                may_carry_cash=number != 4,
            )
    for index, agency in enumerate(AGENCIES, start=1):
        _staff(ctx, f"clerk{index:02d}", StaffRole.AGENCY, f"Cán bộ một cửa – {agency[1]}", agency_code=agency[0])


@dataclass
class Walk:
    """One demo request moving through its steps on its own clock."""

    ctx_factory: Callable[[Actor, datetime], Context]
    reference: str
    clock: datetime
    courier: User
    clerk: User
    dispatcher: User
    trackings: dict[str, str] = field(default_factory=dict)

    def _ctx(self, user: User | None) -> Context:
        self.clock += timedelta(minutes=25)
        return self.ctx_factory(actor_for_user(user) if user else Actor.system(), self.clock)

    def next_working_morning(self, calendar_days: int = 1) -> None:
        day = self.clock.astimezone(LOCAL_TZ).date() + timedelta(days=calendar_days)
        while day.weekday() >= 5:
            day += timedelta(days=1)
        self.clock = datetime.combine(day, time(8, 0), LOCAL_TZ)

    def step(self, name: str) -> None:
        getattr(self, name)()

    def assign(self) -> None:
        assignment.assign_courier(
            self._ctx(self.dispatcher),
            self.trackings["dossier"],
            CourierAssignment(courier_username=self.courier.username),
        )

    def _pickup_data(self, ctx: Context) -> Pickup:
        request = request_by_reference(ctx.session, self.reference)
        bundle = parcel_bundle(ctx.session, self.trackings["dossier"])
        documents = [d["name"] for d in bundle.procedure.documents]
        return Pickup(
            seal_number=f"SEAL{bundle.parcel.id:06d}",
            documents_present=documents,
            document_photos=photographed(ctx, documents),
            id_checked=True,
            cash_collected=amount_owed_on(ctx.session, request).total,
            signature_ref=signed(ctx, self.trackings["dossier"]),
            scanned_qr=None,
            **_proof_shown(Exemption(request.exemption), request.id or 0),
        )

    def pickup(self) -> None:
        ctx = self._ctx(self.courier)
        scan_and_take(ctx, self.trackings["dossier"], Action.PICK_UP, self._pickup_data(ctx))

    def counter(self) -> None:
        ctx = self._ctx(self.dispatcher)
        scan_and_take(ctx, self.trackings["dossier"], Action.ACCEPT_AT_COUNTER, self._pickup_data(ctx))

    def incomplete(self) -> None:
        ctx = self._ctx(self.courier)
        bundle = parcel_bundle(ctx.session, self.trackings["dossier"])
        missing = [bundle.procedure.documents[-1]["name"]]
        scan_and_take(
            ctx, self.trackings["dossier"], Action.RECORD_INCOMPLETE_INTAKE, IncompleteIntake(missing_documents=missing)
        )

    def _move(self, action: Action, leg: str = "dossier", user: User | None = None) -> None:
        scan_and_take(self._ctx(user or self.courier), self.trackings[leg], action)

    def arrive(self) -> None:
        self._move(Action.ARRIVE_AT_POST_OFFICE)

    def depart(self) -> None:
        self._move(Action.DEPART_TO_AGENCY)

    def present(self) -> None:
        self._move(Action.PRESENT_AT_AGENCY)

    def confirm(self) -> None:
        ctx = self._ctx(self.clerk)
        bundle = parcel_bundle(ctx.session, self.trackings["dossier"])
        fees = fees_to_forward(ctx.session, bundle.request.id)
        code = f"{bundle.agency.code}-{ctx.today:%y%m%d}-{(bundle.request.id or 0) % 10_000:04d}"  # four digits a day
        appointment = ctx.settings.calendar.add_working_days(ctx.today, max(bundle.procedure.processing_days, 1))
        scan_and_take(
            ctx,
            self.trackings["dossier"],
            Action.CONFIRM_AGENCY_RECEIPT,
            AgencyReceipt(dossier_code=code, appointment_date=appointment, procedure_fee_received=fees),
        )

    def reject(self) -> None:
        scan_and_take(
            self._ctx(self.clerk),
            self.trackings["dossier"],
            Action.REJECT_DOSSIER,
            AgencyRefusal(reason="Hồ sơ không thuộc thẩm quyền giải quyết"),
        )

    def supplement(self) -> None:
        ctx = self._ctx(self.clerk)
        bundle = parcel_bundle(ctx.session, self.trackings["dossier"])
        asked = SupplementRequest(
            reason="Thiếu chữ ký trên giấy tờ",
            missing_documents=[bundle.procedure.documents[-1]["name"]],
            dossier_code=f"{bundle.agency.code}-{ctx.today:%y%m%d}-{bundle.request.id:04d}",
            procedure_fee_received=fees_to_forward(ctx.session, bundle.request.id),
        )
        scan_and_take(ctx, self.trackings["dossier"], Action.REQUEST_SUPPLEMENT, asked)

    def book_supplement(self) -> None:
        """The citizen will bring the missing document to the counter."""
        self.clock += timedelta(hours=3)
        request = request_by_reference(self.ctx_factory(Actor.system(), self.clock).session, self.reference)
        ctx = self.ctx_factory(actor_for_citizen(request), self.clock)
        parcel = supplements.book_supplement(ctx, self.reference, SupplementBooking(intake=Intake.DROP_OFF))
        self.trackings["supplement"] = parcel.tracking_number

    def counter_supplement(self) -> None:
        ctx = self._ctx(self.dispatcher)
        request = request_by_reference(ctx.session, self.reference)
        documents = list(request.missing_documents)
        intake = Pickup(
            seal_number=f"SEAL-S{request.id:05d}",
            documents_present=documents,
            document_photos=photographed(ctx, documents),
            id_checked=True,
            cash_collected=0,
            scanned_qr=None,
        )
        scan_and_take(ctx, self.trackings["supplement"], Action.ACCEPT_AT_COUNTER, intake)
        to_the_courier = CourierAssignment(courier_username=self.courier.username)
        assignment.assign_courier(self._ctx(self.dispatcher), self.trackings["supplement"], to_the_courier)

    def depart_supplement(self) -> None:
        self._move(Action.DEPART_TO_AGENCY, "supplement")

    def present_supplement(self) -> None:
        self._move(Action.PRESENT_AT_AGENCY, "supplement")

    def receive_supplement(self) -> None:
        ctx = self._ctx(self.clerk)
        request = request_by_reference(ctx.session, self.reference)
        appointment = ctx.settings.calendar.add_working_days(ctx.today, 5)
        receipt = AgencyReceipt(dossier_code=request.dossier_code or "", appointment_date=appointment)
        scan_and_take(ctx, self.trackings["supplement"], Action.CONFIRM_AGENCY_RECEIPT, receipt)

    def collect_return(self) -> None:
        self._move(Action.COLLECT_RETURN)

    def _delivery(self, ctx: Context, leg: str) -> Delivery:
        request = request_by_reference(ctx.session, self.reference)
        due = amount_owed_on(ctx.session, request).total
        return Delivery(
            receiver_name=request.contact_name,
            receiver_id_number=request.contact_id_number,
            signature_ref=signed(ctx, self.trackings[leg]),
            cash_collected=due if leg == "result" else 0,
        )

    def deliver_return(self) -> None:
        ctx = self._ctx(self.courier)
        scan_and_take(ctx, self.trackings["dossier"], Action.DELIVER_RETURN, self._delivery(ctx, "dossier"))

    def ready(self) -> None:
        scan_and_take(self._ctx(self.clerk), self.trackings["result"], Action.MARK_RESULT_READY)

    def offer(self) -> None:
        offer = ResultOffer(courier_username=self.courier.username)
        scan_and_take(self._ctx(self.clerk), self.trackings["result"], Action.OFFER_RESULT, offer)

    def collect(self) -> None:
        scan_and_take(self._ctx(self.courier), self.trackings["result"], Action.CONFIRM_RESULT_COLLECTION)

    def result_arrive(self) -> None:
        self._move(Action.ARRIVE_AT_POST_OFFICE, "result")

    def start(self) -> None:
        scan_and_take(self._ctx(self.courier), self.trackings["result"], Action.START_DELIVERY)

    def deliver(self) -> None:
        ctx = self._ctx(self.courier)
        scan_and_take(ctx, self.trackings["result"], Action.DELIVER, self._delivery(ctx, "result"))

    def fail(self) -> None:
        failure = FailedAttempt(reason=FailureReason.NOBODY_HOME)
        scan_and_take(self._ctx(self.courier), self.trackings["result"], Action.RECORD_FAILED_ATTEMPT, failure)
        self.next_working_morning()

    def hold(self) -> None:
        scan_and_take(self._ctx(self.dispatcher), self.trackings["result"], Action.HOLD_AT_POST_OFFICE)
        self.next_working_morning(16)

    def return_to_agency(self) -> None:
        scan_and_take(
            self._ctx(self.dispatcher), self.trackings["result"], Action.RETURN_TO_AGENCY, Step(note="hết hạn lưu")
        )

    def cancel(self) -> None:
        ctx = self._ctx(None)
        ctx.actor = actor_for_citizen(request_by_reference(ctx.session, self.reference))
        booking.cancel(ctx, self.reference, "Đổi ý, tự nộp trực tiếp")


DELIVERY = ["ready", "offer", "collect", "start", "deliver"]
SCENARIOS: dict[str, tuple[Service, Intake | None, list[str]]] = {
    "both_pickup": (
        Service.BOTH,
        Intake.PICKUP,
        ["assign", "pickup", "arrive", "depart", "present", "confirm", *DELIVERY],
    ),
    "send_pickup_direct": (Service.SEND, Intake.PICKUP, ["assign", "pickup", "depart", "present", "confirm"]),
    "send_drop_off": (Service.SEND, Intake.DROP_OFF, ["counter", "assign", "depart", "present", "confirm"]),
    "incomplete": (Service.BOTH, Intake.PICKUP, ["assign", "incomplete", "pickup", "depart"]),
    "cancelled": (Service.BOTH, Intake.PICKUP, ["cancel"]),
    "rejected": (
        Service.BOTH,
        Intake.PICKUP,
        ["assign", "pickup", "depart", "present", "reject", "collect_return", "deliver_return"],
    ),
    "supplement": (
        Service.BOTH,
        Intake.PICKUP,
        [
            *("assign", "pickup", "depart", "present", "supplement", "book_supplement", "counter_supplement"),
            *("depart_supplement", "present_supplement", "receive_supplement", "ready"),
        ],
    ),
    "receive_via_office": (Service.RECEIVE, None, ["ready", "offer", "collect", "result_arrive", "start", "deliver"]),
    "receive_failed": (
        Service.RECEIVE,
        None,
        ["ready", "offer", "collect", "start", "fail", "start", "fail", "hold", "return_to_agency"],
    ),
}
WEIGHTS = {
    "both_pickup": 60,
    "send_pickup_direct": 25,
    "send_drop_off": 20,
    "incomplete": 15,
    "cancelled": 10,
    "rejected": 15,
    "supplement": 10,
    "receive_via_office": 25,
    "receive_failed": 20,
}


def _last_working_day(today: date, settings: Settings) -> date:
    day = today - timedelta(days=1)
    while day.weekday() >= 5 or settings.calendar.is_holiday(day):
        day -= timedelta(days=1)
    return day


def load_requests(session: Session, settings: Settings, now: datetime, count: int = 200, seed: int = 45) -> int:
    """`count` requests spread over every state, walked through the real use cases on their own clocks."""
    rng = random.Random(seed)
    offices = list(session.exec(select(PostOffice)))
    agencies = {a.id: a for a in session.exec(select(Agency))}
    procedures = [p for p in session.exec(select(Procedure)) if p.postal_eligible]
    clerks = {u.agency_id: u for u in session.exec(select(User).where(User.role == "agency"))}
    names = list(WEIGHTS)
    work_day = _last_working_day(now.astimezone(LOCAL_TZ).date(), settings)

    def factory(actor: Actor, at: datetime) -> Context:
        return Context(session, settings, actor, at)

    # First every stopping point of every scenario (so every state appears), then a weighted random mix.
    every_state = [(name, depth) for name, (_, _, steps) in SCENARIOS.items() for depth in range(len(steps) + 1)]
    for i in range(count):
        if i < len(every_state):
            scenario, depth = every_state[i]
            service, intake, steps = SCENARIOS[scenario]
        else:
            scenario = rng.choices(names, weights=[WEIGHTS[n] for n in names])[0]
            service, intake, steps = SCENARIOS[scenario]
            depth = len(steps) if rng.random() < 0.35 else rng.randint(0, len(steps))
        office = offices[i % len(offices)]
        commune = rng.choice(office.communes_served)
        procedure = rng.choice(procedures)
        day = work_day - timedelta(days=21) if scenario == "receive_failed" else work_day
        booked_at = datetime.combine(day, time(6, 0), LOCAL_TZ) - timedelta(hours=rng.randint(1, 30))
        ctx = Context(session, settings, Actor(Role.CITIZEN, "anonymous"), booked_at)
        slot = None
        if intake is Intake.PICKUP:
            offered = [s for s, left in slots.offered_slots(ctx, office, day) if left > 0]
            if depth == 0 or not offered:  # still to pick up: today's coming slots, else the next working day's
                offered = _coming_slots(ctx, office, now, settings)
            slot = rng.choice(offered)
        address = _citizen_address(rng, commune)
        data = BookingCreate(
            service=service,
            procedure_code=procedure.code,
            intake=intake,
            pickup_address=address if intake is Intake.PICKUP else None,
            slot_start=slot.start if slot else None,
            drop_off_post_office_code=office.code if intake is Intake.DROP_OFF else None,
            delivery_address=address,
            contact=_contact(rng, i),
            exemption=rng.choices(list(Exemption), weights=[90, 4, 6])[0],
            dossier_code=f"{agencies[procedure.agency_id].code}-{day:%y%m%d}-{(9000 + i) % 10_000:04d}"  # four digits
            if service is Service.RECEIVE
            else None,
            consent=True,
        )
        request = booking.book(ctx, data)
        couriers = [
            u
            for u in session.exec(select(User).where(User.post_office_id == office.id, User.role == "courier"))
            if u.may_carry_cash
        ]
        walk = Walk(
            factory,
            request.reference,
            slot.start if slot else booked_at + timedelta(hours=2),
            courier=rng.choice(couriers),
            clerk=clerks[procedure.agency_id],
            dispatcher=user_by_username(session, f"dispatcher{offices.index(office) + 1}"),
            trackings={p.leg: p.tracking_number for p in parcels_of(session, request.id)},
        )
        for name in steps[:depth]:
            if walk.clock > now:
                break
            walk.step(name)
    return count


def _coming_slots(ctx: Context, office: PostOffice, now: datetime, settings: Settings) -> list[Any]:
    """Slots still ahead of the demo's start, so that a newcomer's today (or next working day) has pickups."""
    day = now.astimezone(LOCAL_TZ).date()
    for _ in range(14):
        coming = [s for s, left in slots.offered_slots(ctx, office, day) if left > 0 and s.start > now]
        if coming:
            return coming
        day += timedelta(days=1)
        while day.weekday() >= 5 or ctx.calendar.is_holiday(day):
            day += timedelta(days=1)
    raise RuntimeError(f"no slot offered by {office.code} in the next two weeks")


def _citizen_address(rng: random.Random, commune: int) -> Address:
    lat, lon = WARD_CENTRES.get(commune, (21.0285, 105.8520))
    return Address(
        street=f"{rng.randint(1, 250)} {rng.choice(STREETS)}",
        province_code=1,
        commune_code=commune,
        latitude=round(lat + rng.uniform(-0.006, 0.006), 6),
        longitude=round(lon + rng.uniform(-0.006, 0.006), 6),
    )


def _contact(rng: random.Random, i: int) -> Contact:
    name = f"{rng.choice(FAMILY_NAMES)} {rng.choice(MIDDLE_NAMES)} {rng.choice(GIVEN_NAMES)}"
    phone = f"09{rng.randint(10_000_000, 99_999_999)}"
    id_number = f"001{rng.choice('0123')}{rng.randint(60, 99):02d}{rng.randint(0, 999_999):06d}"
    return Contact(name=name, phone=phone, id_number=id_number)


def load(session: Session, settings: Settings, now: datetime, requests: int = 200) -> int:
    """The Hà Nội catalogue and its requests, then the network to Đà Nẵng and TP Hồ Chí Minh and its requests."""
    load_catalogue(session, settings, now)
    count = load_requests(session, settings, now, requests)
    load_network(Context(session, settings, Actor.system(), now), DEMO_PASSWORD)
    return count + walk_network(session, settings, now)


def _proof_shown(exemption: Exemption, request_id: int) -> dict[str, str]:
    """The paper a citizen who declared an exemption shows at the door: the first kind that proves it."""
    kinds = sorted(kind.value for kind in EXEMPTION_PROOFS[exemption])
    return {"exemption_proof_kind": kinds[0], "exemption_proof_number": f"GCN-{request_id:06d}"} if kinds else {}
