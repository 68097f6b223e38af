"""Use cases of the result leg: agency -> courier (two-party) -> citizen, with failed attempts and holds."""

from __future__ import annotations

from sqlmodel import col, select

from postal_service.db.queries import ParcelBundle, parcels_of
from postal_service.db.tables import Parcel, ServiceRequest
from postal_service.domain.errors import InvalidTransition, NotFound
from postal_service.domain.lifecycle import Action, DossierStatus, Leg, ResultStatus

from .context import Actor, Context
from .custody import begin_step
from .schemas import Delivery, FailedAttempt, ResultOffer, Step
from .steps import collect_cash, courier_named, finish, receiver_evidence


def result_tracking_for_dossier_code(ctx: Context, dossier_code: str) -> str:
    """Clerks find a result by the dossier code they issued."""
    query = (
        select(Parcel.tracking_number)
        .join(ServiceRequest, col(ServiceRequest.id) == col(Parcel.request_id))
        .where(ServiceRequest.dossier_code == dossier_code, Parcel.leg == Leg.RESULT.value)
    )
    tracking = ctx.session.exec(query).first()
    if tracking is None:
        raise NotFound(f"no result parcel for dossier {dossier_code}")
    return tracking


def mark_result_ready(ctx: Context, tracking: str, data: Step) -> Parcel:
    bundle, target = begin_step(ctx, tracking, Action.MARK_RESULT_READY)
    dossier = next((p for p in parcels_of(ctx.session, bundle.request.id) if p.leg == Leg.DOSSIER.value), None)
    if dossier is not None and dossier.status != DossierStatus.RECEIVED_BY_AGENCY.value:
        raise InvalidTransition(f"the dossier has not been received by the agency yet (it is {dossier.status})")
    bundle.request.national_status = 9
    message = f"Ket qua ho so {bundle.request.reference} da san sang; buu ta se den nhan va giao cho ban."
    return finish(ctx, bundle, Action.MARK_RESULT_READY, target, data, message=message)


def offer_result(ctx: Context, tracking: str, data: ResultOffer) -> Parcel:
    """First party of the result handover: the clerk names the courier who is taking the envelope."""
    bundle, target = begin_step(ctx, tracking, Action.OFFER_RESULT)
    courier = courier_named(ctx, data.courier_username, "courier_username", bundle.request.post_office_id)
    bundle.parcel.courier_id = courier.id
    return finish(ctx, bundle, Action.OFFER_RESULT, target, data, counterparty=f"user:{courier.username}")


def retract_offer(ctx: Context, tracking: str, data: Step) -> Parcel:
    bundle, target = begin_step(ctx, tracking, Action.RETRACT_OFFER)
    bundle.parcel.courier_id = None
    return finish(ctx, bundle, Action.RETRACT_OFFER, target, data)


def confirm_result_collection(ctx: Context, tracking: str, data: Step) -> Parcel:
    """Second party: the named courier scans and confirms; the transit clock (J) starts now."""
    bundle, target = begin_step(ctx, tracking, Action.CONFIRM_RESULT_COLLECTION)
    bundle.parcel.started_on = ctx.today
    return finish(
        ctx, bundle, Action.CONFIRM_RESULT_COLLECTION, target, data, counterparty=f"agency:{bundle.agency.code}"
    )


def _check_next_attempt(ctx: Context, bundle: ParcelBundle) -> None:
    parcel, settings = bundle.parcel, ctx.settings
    if parcel.status != ResultStatus.ATTEMPT_FAILED.value:
        return
    if parcel.attempts >= settings.delivery_max_attempts:
        raise InvalidTransition(f"{parcel.attempts} attempts made; hold the result at the post office instead")
    assert parcel.last_attempt_on is not None
    if settings.calendar.working_days_between(parcel.last_attempt_on, ctx.today) < settings.attempt_gap_working_days:
        raise InvalidTransition(f"attempts must be at least {settings.attempt_gap_working_days} working day(s) apart")


def start_delivery(ctx: Context, tracking: str, data: Step) -> Parcel:
    bundle, target = begin_step(ctx, tracking, Action.START_DELIVERY)
    _check_next_attempt(ctx, bundle)
    bundle.parcel.courier_id = ctx.actor.user_id
    return finish(
        ctx,
        bundle,
        Action.START_DELIVERY,
        target,
        data,
        message=f"Ket qua {bundle.request.reference} dang duoc giao den ban hom nay.",
    )


def _deliver(ctx: Context, tracking: str, data: Delivery, action: Action, method: str) -> Parcel:
    bundle, target = begin_step(ctx, tracking, action)
    evidence = receiver_evidence(bundle, data)
    collect_cash(ctx, bundle, data.cash_collected, method)
    bundle.request.national_status = 10
    message = f"Ket qua ho so {bundle.request.reference} da duoc giao cho {data.receiver_name}."
    return finish(ctx, bundle, action, target, data, evidence, message=message)


def deliver(ctx: Context, tracking: str, data: Delivery) -> Parcel:
    return _deliver(ctx, tracking, data, Action.DELIVER, "cash_to_courier")


def collect_at_counter(ctx: Context, tracking: str, data: Delivery) -> Parcel:
    """The citizen fetches a held result at the post office."""
    return _deliver(ctx, tracking, data, Action.COLLECT_AT_COUNTER, "counter")


def record_failed_attempt(ctx: Context, tracking: str, data: FailedAttempt) -> Parcel:
    bundle, target = begin_step(ctx, tracking, Action.RECORD_FAILED_ATTEMPT)
    bundle.parcel.attempts += 1
    bundle.parcel.last_attempt_on = ctx.today
    left = ctx.settings.delivery_max_attempts - bundle.parcel.attempts
    then = "Buu ta se giao lai vao ngay lam viec tiep theo." if left > 0 else "Ket qua se duoc luu tai buu cuc."
    message = f"Giao ket qua {bundle.request.reference} khong thanh cong ({data.reason.value}). {then}"
    return finish(
        ctx,
        bundle,
        Action.RECORD_FAILED_ATTEMPT,
        target,
        data,
        {"reason": data.reason.value, "attempt": bundle.parcel.attempts},
        message=message,
    )


def hold_at_post_office(ctx: Context, tracking: str, data: Step) -> Parcel:
    bundle, target = begin_step(ctx, tracking, Action.HOLD_AT_POST_OFFICE)
    if bundle.parcel.attempts < ctx.settings.delivery_max_attempts:
        raise InvalidTransition(f"only {bundle.parcel.attempts} attempt(s) made; try delivering again first")
    until = ctx.settings.calendar.add_working_days(ctx.today, ctx.settings.hold_working_days)
    bundle.parcel.hold_until = until
    message = (
        f"Ket qua {bundle.request.reference} duoc luu tai buu cuc den {until:%d/%m/%Y}; "
        f"sau ngay nay se tra lai co quan."
    )
    return finish(
        ctx, bundle, Action.HOLD_AT_POST_OFFICE, target, data, {"hold_until": until.isoformat()}, message=message
    )


def return_to_agency(ctx: Context, tracking: str, data: Step) -> Parcel:
    bundle, target = begin_step(ctx, tracking, Action.RETURN_TO_AGENCY)
    if bundle.parcel.hold_until is None or ctx.today <= bundle.parcel.hold_until:
        raise InvalidTransition(f"the result is held until {bundle.parcel.hold_until}; it cannot go back yet")
    message = f"Het thoi han luu, ket qua {bundle.request.reference} da duoc tra lai co quan."
    return finish(
        ctx, bundle, Action.RETURN_TO_AGENCY, target, data, counterparty=f"agency:{bundle.agency.code}", message=message
    )


def expire_holds(ctx: Context) -> list[str]:
    """Scheduler entry: every hold that ran out goes back to the agency; running twice does nothing more."""
    query = select(Parcel.tracking_number).where(
        Parcel.status == ResultStatus.HELD_AT_POST_OFFICE.value, col(Parcel.hold_until) < ctx.today
    )
    system = Context(ctx.session, ctx.settings, Actor.system(), ctx.now)
    returned = []
    for tracking in list(ctx.session.exec(query)):
        return_to_agency(system, tracking, Step(note="hold expired"))
        returned.append(tracking)
    return returned
