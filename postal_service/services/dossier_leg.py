"""Use cases of the dossier leg: citizen -> courier -> post office -> agency desk (two-party) -> agency."""

from __future__ import annotations

from postal_service.db.queries import ParcelBundle, parcels_of
from postal_service.db.tables import Parcel
from postal_service.domain.errors import InvalidField
from postal_service.domain.lifecycle import Action, Leg, find_transition

from .context import Context
from .custody import append_event, begin_step
from .schemas import AgencyReceipt, AgencyRefusal, Delivery, IncompleteIntake, Pickup, Step
from .steps import collect_cash, finish, principal_of, receiver_evidence, unforwarded_fees


def _missing_documents(bundle: ParcelBundle, present: list[str]) -> list[str]:
    return [d["name"] for d in bundle.procedure.documents if d["name"] not in set(present)]


def _intake(ctx: Context, tracking: str, data: Pickup, action: Action, method: str) -> Parcel:
    bundle, target = begin_step(ctx, tracking, action)
    errors: dict[str, str] = {}
    missing = _missing_documents(bundle, data.documents_present)
    if missing:
        errors["documents_present"] = f"missing: {'; '.join(missing)}. Record an incomplete intake instead"
    if not data.id_checked:
        errors["id_checked"] = "check the sender's ID card before sealing"
    if errors:
        raise InvalidField(errors)
    collect_cash(ctx, bundle, data.cash_collected, method)
    bundle.parcel.seal_number = data.seal_number
    bundle.parcel.started_on = ctx.today
    if action is Action.PICK_UP:
        bundle.parcel.courier_id = ctx.actor.user_id
    evidence = {
        "seal_number": data.seal_number,
        "documents": data.documents_present,
        "cash_collected": data.cash_collected,
        "signature_ref": data.signature_ref,
        "photo_ref": data.photo_ref,
    }
    message = f"Ho so {bundle.request.reference} da duoc niem phong (so niem phong {data.seal_number})."
    return finish(ctx, bundle, action, target, data, evidence, message=message)


def record_pickup(ctx: Context, tracking: str, data: Pickup) -> Parcel:
    """The courier checks the documents against the procedure's list, seals in front of the citizen, takes the fees."""
    return _intake(ctx, tracking, data, Action.PICK_UP, "cash_to_courier")


def accept_at_counter(ctx: Context, tracking: str, data: Pickup) -> Parcel:
    """The citizen drops the dossier off at the post office counter."""
    return _intake(ctx, tracking, data, Action.ACCEPT_AT_COUNTER, "counter")


def record_incomplete_intake(ctx: Context, tracking: str, data: IncompleteIntake) -> Parcel:
    """Never accept an incomplete dossier silently: record what is missing and tell the citizen."""
    bundle, target = begin_step(ctx, tracking, Action.RECORD_INCOMPLETE_INTAKE)
    known = {d["name"] for d in bundle.procedure.documents}
    unknown = [name for name in data.missing_documents if name not in known]
    if unknown:
        raise InvalidField.single("missing_documents", f"not in this procedure's list: {'; '.join(unknown)}")
    message = f"Ho so {bundle.request.reference} con thieu: {'; '.join(data.missing_documents)}. Vui long bo sung."
    return finish(
        ctx,
        bundle,
        Action.RECORD_INCOMPLETE_INTAKE,
        target,
        data,
        {"missing_documents": data.missing_documents},
        message=message,
    )


def move(ctx: Context, tracking: str, action: Action, data: Step) -> Parcel:
    """Steps that need nothing but the scan and place: arrive, depart, present at the desk, take a return."""
    bundle, target = begin_step(ctx, tracking, action)
    if ctx.actor.user_id is not None and action in (Action.DEPART_TO_AGENCY, Action.COLLECT_RETURN):
        bundle.parcel.courier_id = ctx.actor.user_id
    return finish(ctx, bundle, action, target, data)


def confirm_agency_receipt(ctx: Context, tracking: str, data: AgencyReceipt) -> Parcel:
    """Second party of the handover: only the agency can say it received the dossier, and gives its code."""
    bundle, target = begin_step(ctx, tracking, Action.CONFIRM_AGENCY_RECEIPT)
    errors: dict[str, str] = {}
    if not data.dossier_code.startswith(bundle.agency.code + "-"):
        errors["dossier_code"] = f"a dossier code of this agency starts with {bundle.agency.code}"
    if data.appointment_date < ctx.today:
        errors["appointment_date"] = "the appointment date cannot be in the past"
    fees = unforwarded_fees(ctx, bundle.request.id)
    owed = sum(p.amount for p in fees)
    if data.procedure_fee_received != owed:
        errors["procedure_fee_received"] = f"the courier hands over {owed} đồng of procedure fees"
    if errors:
        raise InvalidField(errors)
    for payment in fees:
        payment.forwarded_at = ctx.now
        ctx.session.add(payment)
    request = bundle.request
    request.dossier_code, request.appointment_date, request.national_status = (
        data.dossier_code,
        data.appointment_date,
        2,
    )
    evidence = {
        "dossier_code": data.dossier_code,
        "appointment_date": data.appointment_date.isoformat(),
        "procedure_fee_received": owed,
    }
    message = (
        f"Co quan da tiep nhan ho so {request.reference}: ma ho so {data.dossier_code}, "
        f"hen tra {data.appointment_date:%d/%m/%Y}."
    )
    return finish(
        ctx,
        bundle,
        Action.CONFIRM_AGENCY_RECEIPT,
        target,
        data,
        evidence,
        counterparty=principal_of(ctx, bundle.parcel.courier_id),
        message=message,
    )


def refuse_dossier(ctx: Context, tracking: str, data: AgencyRefusal, action: Action) -> Parcel:
    """Rejection (form 03) or a supplement request (form 02): the dossier goes back to the citizen by post."""
    bundle, target = begin_step(ctx, tracking, action)
    rejected = action is Action.REJECT_DOSSIER
    bundle.request.national_status = 3 if rejected else 5
    if rejected:
        _cancel_result_leg(ctx, bundle)
    what = "tu choi" if rejected else "yeu cau bo sung"
    message = f"Co quan {what} ho so {bundle.request.reference}: {data.reason}. Ho so se duoc chuyen tra."
    evidence = {"reason": data.reason, "missing_documents": data.missing_documents or None}
    return finish(
        ctx,
        bundle,
        action,
        target,
        data,
        evidence,
        counterparty=principal_of(ctx, bundle.parcel.courier_id),
        message=message,
    )


def _cancel_result_leg(ctx: Context, bundle: ParcelBundle) -> None:
    """A rejected dossier will have no result: its result leg is cancelled in the same transaction."""
    for parcel in parcels_of(ctx.session, bundle.request.id):
        if parcel.leg == Leg.RESULT.value:
            transition = find_transition(Leg.RESULT, parcel.status, Action.CANCEL)
            append_event(ctx, parcel, Action.CANCEL.value, transition.target, {"cause": "dossier rejected"})


def deliver_return(ctx: Context, tracking: str, data: Delivery) -> Parcel:
    bundle, target = begin_step(ctx, tracking, Action.DELIVER_RETURN)
    evidence = receiver_evidence(bundle, data)
    message = f"Ho so {bundle.request.reference} da duoc tra lai cho nguoi gui."
    return finish(ctx, bundle, Action.DELIVER_RETURN, target, data, evidence, message=message)
