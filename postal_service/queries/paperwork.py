"""The papers of a parcel, as the custody steps recorded them: read with the parcel's access rule, each paper from
the one step it records (see `domain.paperwork`), nothing typed in twice."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import BaseModel
from sqlmodel import col, select

from postal_service.context import Context
from postal_service.db.queries import ParcelBundle, events_of, parcel_bundle
from postal_service.db.tables import CustodyEvent, Parcel, PostOffice
from postal_service.domain.errors import Forbidden
from postal_service.domain.lifecycle import Action
from postal_service.domain.paperwork import RESULT_RECEIVED, STAFF_ONLY, Paper, recording_step
from postal_service.domain.roles import Role

from .access import require_parcel
from .paper_parts import EnvelopeOut, LineOut, PartyOut, lines_of, names_of, party, signature_image, visit_envelopes
from .views import RequestOut, request_out


class PaperOut(BaseModel):
    paper: Paper
    tracking_number: str
    seal_number: str | None
    issued_at: datetime  # when the step it records happened
    request: RequestOut
    agency_address: str
    post_office_name: str
    evidence: dict[str, Any]  # what the step recorded: fees, reasons, missing documents, receiver
    lines: list[LineOut]  # the dossier slip's documents
    envelopes: list[EnvelopeOut]  # the handover record's
    parties: list[PartyOut]  # who signed, in the order they did


def paper_of(ctx: Context, tracking: str, paper: Paper) -> PaperOut:
    bundle = parcel_bundle(ctx.session, tracking)
    if paper in STAFF_ONLY and ctx.actor.role is Role.CITIZEN:
        raise Forbidden("the handover record lists other citizens' dossiers: only the parties to it print it")
    require_parcel(ctx, bundle.parcel, bundle.request, bundle.procedure, f"print_{paper.value.replace('-', '_')}")
    steps = list(events_of(ctx.session, bundle.parcel))
    anchor = recording_step(paper, steps)
    names = names_of(ctx, [s.actor for s in steps] + [s.counterparty for s in steps])
    lines: list[LineOut] = []
    envelopes: list[EnvelopeOut] = []
    evidence = dict(anchor.evidence)
    if paper is Paper.DOSSIER_SLIP:
        lines = lines_of(bundle.documents, anchor.evidence.get("documents") or [])
        parties = _slip_parties(ctx, bundle, anchor, names)
    elif paper is Paper.HANDOVER_RECORD:
        envelopes = visit_envelopes(ctx, anchor, bundle.procedure.agency_id)
        parties = _desk_parties(steps, anchor, names)
    elif paper is Paper.RESULT_HANDOVER:
        parties = _result_parties(ctx, steps, anchor, names)
        evidence.update(next((s.evidence for s in reversed(steps) if s.action in RESULT_RECEIVED), {}))
    else:
        parties = [party(names, anchor)]
    return PaperOut(
        paper=paper,
        tracking_number=bundle.parcel.tracking_number,
        seal_number=bundle.parcel.seal_number,
        issued_at=anchor.occurred_at,
        request=request_view(ctx, bundle),
        agency_address=bundle.agency.street,
        post_office_name=office_name(ctx, bundle),
        evidence=evidence,
        lines=lines,
        envelopes=envelopes,
        parties=parties,
    )


def request_view(ctx: Context, bundle: ParcelBundle) -> RequestOut:
    """The request as every paper about the dossier states it (sender, agency, procedure, envelopes)."""
    parcels = ctx.session.exec(select(Parcel).where(Parcel.request_id == bundle.request.id).order_by(col(Parcel.id)))
    return request_out(ctx, bundle, list(parcels))


def office_name(ctx: Context, bundle: ParcelBundle) -> str:
    office = ctx.session.get(PostOffice, bundle.request.post_office_id)
    return office.name if office else ""


def _slip_parties(ctx: Context, bundle: ParcelBundle, intake: CustodyEvent, names: dict[str, str]) -> list[PartyOut]:
    """Whoever took the dossier in, and the citizen who signed on their phone (or at the counter)."""
    citizen = PartyOut(
        name=bundle.request.contact_name,
        role=Role.CITIZEN.value,
        at=intake.occurred_at,
        record=intake.hash,
        signature=signature_image(ctx, intake.evidence.get("signature_ref")),
    )
    return [party(names, intake), citizen]


def _desk_parties(steps: list[CustodyEvent], end: CustodyEvent, names: dict[str, str]) -> list[PartyOut]:
    """The courier who presented the envelope at the desk, and the clerk who took it in or turned it away."""
    presented = [s for s in steps if s.action == Action.PRESENT_AT_AGENCY.value and s.sequence < end.sequence]
    courier = party(names, presented[-1]) if presented else party(names, end, end.counterparty, Role.COURIER.value)
    return [courier, party(names, end)]


def _result_parties(
    ctx: Context, steps: list[CustodyEvent], collected: CustodyEvent, names: dict[str, str]
) -> list[PartyOut]:
    """The clerk who offered the result, the courier who took it, then whoever received it, once someone has."""
    offered = [s for s in steps if s.action == Action.OFFER_RESULT.value and s.sequence < collected.sequence]
    parties = [party(names, offered[-1])] if offered else []
    parties.append(party(names, collected))
    received = [s for s in steps if s.action in RESULT_RECEIVED]
    if received:
        handed = received[-1]
        parties.append(party(names, handed))
        receiver = PartyOut(
            name=str(handed.evidence.get("receiver_name") or ""),
            role="receiver",
            at=handed.occurred_at,
            record=handed.hash,
            signature=signature_image(ctx, handed.evidence.get("signature_ref")),
        )
        parties.append(receiver)
    return parties
