"""The parts papers are made of: the parties who signed a step, the documents of a slip, the envelopes of a visit."""

from __future__ import annotations

import base64
from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any

from pydantic import BaseModel
from sqlmodel import col, select

from postal_service.context import Context
from postal_service.db.queries import CHAIN_JOIN
from postal_service.db.tables import CustodyEvent, Parcel, Procedure, ServiceRequest, User
from postal_service.domain.identifiers import EVIDENCE_PREFIX
from postal_service.domain.paperwork import VISIT_ENDS
from postal_service.domain.roles import user_principal, username_of
from postal_service.domain.timeslots import LOCAL_TZ, local_days

from .stored_files import stored


class PartyOut(BaseModel):
    """One side of a step: who, as what, when, and the custody record that binds them to it."""

    name: str
    role: str  # courier | agency | counter | dispatcher | citizen | receiver
    at: datetime
    record: str  # the custody event's hash, chained to every earlier step of the envelope
    signature: str | None = None  # the signature drawn on the phone, as a data: URI for the page or PDF


class LineOut(BaseModel):
    name: str
    original: bool | None  # original (bản chính) or copy (bản sao); None: the one-stop order did not say
    count: int


class EnvelopeOut(BaseModel):
    tracking_number: str
    reference: str
    procedure_name: str
    seal_number: str | None
    outcome: str  # confirm_agency_receipt | request_supplement | reject_dossier
    dossier_code: str | None
    fee_handed_over: int


def names_of(ctx: Context, principals: Iterable[str | None]) -> dict[str, str]:
    """Staff's full names by principal; anything else is shown as written."""
    usernames = {u for p in principals if p and (u := username_of(p))}
    users = ctx.session.exec(select(User).where(col(User.username).in_(usernames))).all() if usernames else []
    return {user_principal(u.username): u.full_name for u in users}


def signature_image(ctx: Context, ref: object) -> str | None:
    """The stored image a reference names, inline: a PDF renderer fetches nothing from the network."""
    if not isinstance(ref, str) or not ref.startswith(EVIDENCE_PREFIX):
        return None
    image = stored(ctx, ref)
    if image is None or not image.content_type.startswith("image/"):
        return None
    return f"data:{image.content_type};base64,{base64.b64encode(image.data).decode()}"


def party(names: dict[str, str], step: CustodyEvent, principal: str | None = None, role: str = "") -> PartyOut:
    who = principal or step.actor
    return PartyOut(name=names.get(who, who), role=role or step.actor_role, at=step.occurred_at, record=step.hash)


def lines_of(documents: Sequence[dict[str, Any]], present: Sequence[str]) -> list[LineOut]:
    """The dossier's list (db.queries.expected_documents), as far as the intake found the documents in the
    envelope."""
    listed = [LineOut(name=d["name"], original=d.get("original"), count=int(d.get("count", 1))) for d in documents]
    return [line for line in listed if line.name in set(present)]


def _local_day(moment: datetime) -> tuple[datetime, datetime]:
    day = moment.astimezone(LOCAL_TZ).date()
    return local_days(day, day)


def visit_envelopes(ctx: Context, anchor: CustodyEvent, agency_id: int) -> list[EnvelopeOut]:
    """Every envelope the desk took in or turned away from the same courier on the same day: one visit, one record.
    Each request listed is disclosed: the record names other citizens' dossiers."""
    start, end = _local_day(anchor.occurred_at)
    rows = ctx.session.exec(
        select(CustodyEvent, Parcel, ServiceRequest, Procedure)
        .join(Parcel, CHAIN_JOIN)
        .join(ServiceRequest, col(ServiceRequest.id) == col(Parcel.request_id))
        .join(Procedure, col(Procedure.id) == col(ServiceRequest.procedure_id))
        .where(
            col(CustodyEvent.action).in_([a.value for a in VISIT_ENDS]),
            CustodyEvent.counterparty == anchor.counterparty,
            Procedure.agency_id == agency_id,
            col(CustodyEvent.occurred_at) >= start,
            col(CustodyEvent.occurred_at) < end,
        )
        .order_by(col(CustodyEvent.occurred_at), col(CustodyEvent.id))
    ).all()
    envelopes = []
    for step, parcel, request, procedure in rows:
        ctx.disclose(request.id, "print_handover_record")
        envelopes.append(
            EnvelopeOut(
                tracking_number=parcel.tracking_number,
                reference=request.reference,
                procedure_name=procedure.name,
                seal_number=parcel.seal_number,
                outcome=step.action,
                dossier_code=step.evidence.get("dossier_code"),
                fee_handed_over=int(step.evidence.get("procedure_fee_received") or 0),
            )
        )
    return envelopes
