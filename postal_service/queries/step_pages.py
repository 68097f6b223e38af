"""The one parcel page every member of staff reads (its parts chosen by the access policy), what it needs beside
the parcel's timeline to draw its step forms, and the desk's search box."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from postal_service.context import Context
from postal_service.db.queries import (
    amount_owed_on,
    fees_to_forward,
    parcel_bundle,
    parcels_of,
    request_by_reference,
    result_tracking_for_dossier_code,
)
from postal_service.db.tables import Procedure
from postal_service.domain.access import Capability, may
from postal_service.domain.errors import NotFound
from postal_service.domain.identifiers import parse_dossier_code
from postal_service.domain.lifecycle import Action, Leg, next_actions
from postal_service.domain.roles import Actor
from postal_service.domain.supplement_leg import resumed_appointment

from .parcels import get_parcel, get_request
from .views import ParcelOut, RequestOut


@dataclass(frozen=True)
class PageParts:
    """The parts of the one parcel page a reader is shown, each by what the access policy lets them do."""

    on_the_road: bool  # a courier: the door's address, a call button, what to collect; steps on the scanned label
    at_the_desk: bool  # an agency clerk: the citizen's ID, the documents to check against the slip
    at_the_counter: bool  # post office staff: what is still to pay
    scans: str | None  # which page a scanned label opens (the courier's, the desk's, the counter's); None: no box
    lists_couriers: bool  # the result handover names a courier from the list
    places_doors: bool  # a door booked without coordinates is placed here
    reads_messages: bool  # the messages sent to the citizen, and how they went
    prints: bool  # the envelope label and the papers
    prints_receipts: bool  # the receipts of the request's payments


def parts_for(actor: Actor) -> PageParts:
    road, desk = may(actor, Capability.WORK_A_ROUTE), may(actor, Capability.WORK_THE_DESK)
    counter = may(actor, Capability.WORK_THE_COUNTER)
    return PageParts(
        on_the_road=road,
        at_the_desk=desk,
        at_the_counter=counter,
        scans="courier" if road else "agency" if desk else "counter" if counter else None,
        lists_couriers=may(actor, Capability.LIST_COURIERS),
        places_doors=may(actor, Capability.ASSIGN_COURIERS),
        reads_messages=may(actor, Capability.DISPATCH),
        prints=not road,
        prints_receipts=may(actor, Capability.PRINT_RECEIPTS),
    )


@dataclass(frozen=True)
class StepPage:
    parcel: ParcelOut
    request: RequestOut
    procedure: Procedure
    agency_code: str
    due: int  # what the citizen still owes, by the one amount-due rule
    fees_to_forward: int  # procedure fees the courier hands to the agency
    documents: list[dict[str, Any]]  # what this envelope carries: the dossier's list, or the supplement's part
    appointment_hint: date | None  # a supplement's: the appointment moved by the days the agency waited
    parts: PageParts


def step_page(ctx: Context, tracking: str) -> StepPage:
    """Read under the same access rule as the parcel itself (the read is logged)."""
    parcel = get_parcel(ctx, tracking.upper())
    bundle = parcel_bundle(ctx.session, parcel.tracking_number)
    request = bundle.request
    supplement = parcel.leg == Leg.SUPPLEMENT.value
    documents = bundle.documents
    if supplement:
        documents = [d for d in documents if d["name"] in request.missing_documents]
    hint = None
    if supplement and request.appointment_date and request.paused_since:
        hint = resumed_appointment(ctx.calendar, request.appointment_date, request.paused_since, ctx.today)
    return StepPage(
        parcel=parcel,
        request=get_request(ctx, bundle.request.reference),
        procedure=bundle.procedure,
        agency_code=bundle.agency.code,
        due=amount_owed_on(ctx.session, bundle.request).total,
        fees_to_forward=fees_to_forward(ctx.session, bundle.request.id),
        documents=documents,
        appointment_hint=hint,
        parts=parts_for(ctx.actor),
    )


def find_for_desk(ctx: Context, query: str) -> str | None:
    """A dossier code finds its result envelope; a reference finds the latest parcel waiting for a step of the
    searcher's other than cancelling (the dossier waiting at the counter, not the result leg behind it), else
    the latest one."""
    try:
        return result_tracking_for_dossier_code(ctx.session, parse_dossier_code(query))
    except (ValueError, NotFound):
        pass
    try:
        found = parcels_of(ctx.session, request_by_reference(ctx.session, query).id)
    except NotFound:
        return None
    waiting = [p for p in found if set(next_actions(Leg(p.leg), p.status, ctx.actor.role)) - {Action.CANCEL}]
    return (waiting or found)[-1].tracking_number if found else None
