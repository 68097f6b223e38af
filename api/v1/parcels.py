"""Parcels: read, list, and every custody step of both legs, one endpoint per step."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from flask import Response
from flask_openapi3 import APIBlueprint, Tag
from flask_openapi3.types import ResponseDict
from pydantic import BaseModel, Field, RootModel

from postal_service.db.tables import Parcel
from postal_service.domain.lifecycle import Action, Leg
from postal_service.services import dossier_leg, result_leg, tracking
from postal_service.services.context import Context
from postal_service.services.schemas import (
    AgencyReceipt,
    AgencyRefusal,
    CourierAssignment,
    Delivery,
    DossierCode,
    FailedAttempt,
    IncompleteIntake,
    Pickup,
    ResultOffer,
    Step,
)
from postal_service.services.tracking import ParcelRow
from postal_service.services.views import ParcelOut

from ..requests_context import context
from .common import ERRORS, STAFF_OR_SYSTEM, TrackingPath, answer

bp = APIBlueprint(
    "parcels",
    __name__,
    url_prefix="/api/v1/parcels",
    abp_tags=[Tag(name="parcels")],
    abp_responses=ERRORS,
    abp_security=STAFF_OR_SYSTEM,
)
Body = TypeVar("Body", bound=Step)
DONE: ResponseDict = {200: ParcelOut}


class ParcelRows(RootModel[list[ParcelRow]]):
    pass


class ParcelQuery(BaseModel):
    status: str | None = Field(None, max_length=32)
    leg: Leg | None = None
    dossier_code: DossierCode | None = None
    limit: int = Field(200, ge=1, le=1000)


def _take(step: Callable[[Context, str, Body], Parcel], path: TrackingPath, body: Body) -> Response:
    ctx = context()
    return answer(tracking.describe(ctx, step(ctx, path.tracking, body)))


def _move(action: Action) -> Callable[[Context, str, Step], Parcel]:
    return lambda ctx, tracking_number, body: dossier_leg.move(ctx, tracking_number, action, body)


@bp.get("", responses={200: ParcelRows})
def list_parcels(query: ParcelQuery) -> Response:
    """Parcels the caller may see, newest change first; filter by status, leg or dossier code."""
    rows = tracking.list_parcels(context(), query.status, query.leg, query.dossier_code, query.limit)
    return answer(rows)


@bp.get("/<tracking>", responses={200: ParcelOut})
def read(path: TrackingPath) -> Response:
    return answer(tracking.get_parcel(context(), path.tracking))


@bp.post("/<tracking>/assignment", responses=DONE)
def assign(path: TrackingPath, body: CourierAssignment) -> Response:
    """Dispatcher: put the parcel on a courier's route."""
    return answer(tracking.assign_courier(context(), path.tracking, body))


@bp.post("/<tracking>/pickup", responses=DONE)
def pickup(path: TrackingPath, body: Pickup) -> Response:
    """Courier: documents checked against the list, sealed in front of the citizen, fees collected."""
    return _take(dossier_leg.record_pickup, path, body)


@bp.post("/<tracking>/incomplete-intake", responses=DONE)
def incomplete_intake(path: TrackingPath, body: IncompleteIntake) -> Response:
    """Courier or counter: documents are missing; nothing is accepted and the citizen is told what to add."""
    return _take(dossier_leg.record_incomplete_intake, path, body)


@bp.post("/<tracking>/counter-intake", responses=DONE)
def counter_intake(path: TrackingPath, body: Pickup) -> Response:
    """Post office counter: the citizen dropped the dossier off."""
    return _take(dossier_leg.accept_at_counter, path, body)


@bp.post("/<tracking>/arrival", responses=DONE)
def arrival(path: TrackingPath, body: Step) -> Response:
    """Courier: the envelope is back at the post office."""
    return _take(_move(Action.ARRIVE_AT_POST_OFFICE), path, body)


@bp.post("/<tracking>/departure-to-agency", responses=DONE)
def departure(path: TrackingPath, body: Step) -> Response:
    return _take(_move(Action.DEPART_TO_AGENCY), path, body)


@bp.post("/<tracking>/presentation", responses=DONE)
def presentation(path: TrackingPath, body: Step) -> Response:
    """Courier at the one-stop desk: first half of the two-party handover."""
    return _take(_move(Action.PRESENT_AT_AGENCY), path, body)


@bp.post("/<tracking>/agency-receipt", responses=DONE)
def agency_receipt(path: TrackingPath, body: AgencyReceipt) -> Response:
    """Agency: confirms receipt with the dossier code and appointment date (second half of the handover)."""
    return _take(dossier_leg.confirm_agency_receipt, path, body)


@bp.post("/<tracking>/agency-rejection", responses=DONE)
def agency_rejection(path: TrackingPath, body: AgencyRefusal) -> Response:
    """Agency: rejects the dossier (form 03); it goes back to the citizen."""
    return _take(lambda c, t, b: dossier_leg.refuse_dossier(c, t, b, Action.REJECT_DOSSIER), path, body)


@bp.post("/<tracking>/supplement-request", responses=DONE)
def supplement_request(path: TrackingPath, body: AgencyRefusal) -> Response:
    """Agency: asks for a supplement (form 02); the dossier goes back to the citizen with the notice."""
    return _take(lambda c, t, b: dossier_leg.refuse_dossier(c, t, b, Action.REQUEST_SUPPLEMENT), path, body)


@bp.post("/<tracking>/return-collection", responses=DONE)
def return_collection(path: TrackingPath, body: Step) -> Response:
    """Courier: takes the refused dossier back for the citizen."""
    return _take(_move(Action.COLLECT_RETURN), path, body)


@bp.post("/<tracking>/return-delivery", responses=DONE)
def return_delivery(path: TrackingPath, body: Delivery) -> Response:
    return _take(dossier_leg.deliver_return, path, body)


@bp.post("/<tracking>/result-ready", responses=DONE)
def result_ready(path: TrackingPath, body: Step) -> Response:
    """Agency: the result is ready for collection."""
    return _take(result_leg.mark_result_ready, path, body)


@bp.post("/<tracking>/result-offer", responses=DONE)
def result_offer(path: TrackingPath, body: ResultOffer) -> Response:
    """Agency: hands the result envelope to a named courier (first half of the handover)."""
    return _take(result_leg.offer_result, path, body)


@bp.post("/<tracking>/result-offer-retraction", responses=DONE)
def result_offer_retraction(path: TrackingPath, body: Step) -> Response:
    return _take(result_leg.retract_offer, path, body)


@bp.post("/<tracking>/result-collection", responses=DONE)
def result_collection(path: TrackingPath, body: Step) -> Response:
    """Courier: scans and confirms taking the result (second half of the handover)."""
    return _take(result_leg.confirm_result_collection, path, body)


@bp.post("/<tracking>/delivery-start", responses=DONE)
def delivery_start(path: TrackingPath, body: Step) -> Response:
    return _take(result_leg.start_delivery, path, body)


@bp.post("/<tracking>/delivery", responses=DONE)
def delivery(path: TrackingPath, body: Delivery) -> Response:
    """Courier: delivered to the citizen or an authorised proxy, with signature or photo."""
    return _take(result_leg.deliver, path, body)


@bp.post("/<tracking>/failed-attempt", responses=DONE)
def failed_attempt(path: TrackingPath, body: FailedAttempt) -> Response:
    return _take(result_leg.record_failed_attempt, path, body)


@bp.post("/<tracking>/hold", responses=DONE)
def hold(path: TrackingPath, body: Step) -> Response:
    """After the last failed attempt: held at the post office for the configured working days."""
    return _take(result_leg.hold_at_post_office, path, body)


@bp.post("/<tracking>/counter-collection", responses=DONE)
def counter_collection(path: TrackingPath, body: Delivery) -> Response:
    """Post office counter: the citizen fetches a held result."""
    return _take(result_leg.collect_at_counter, path, body)


@bp.post("/<tracking>/return-to-agency", responses=DONE)
def return_to_agency(path: TrackingPath, body: Step) -> Response:
    """The hold ran out: the result goes back to the agency."""
    return _take(result_leg.return_to_agency, path, body)
