"""Dossiers on their way to an agency from another province, with when each is expected at the office that hands
it over: for the agency's own system (`GET /api/v1/agencies/{code}/inbound`), filtered in SQL to the envelopes
still travelling (an indexed status), never the agency's history."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel
from sqlmodel import col, select

from postal_service.context import Context
from postal_service.db.queries import by_code
from postal_service.db.tables import Agency, Parcel, ParcelPath, PostOffice, Procedure, ServiceRequest
from postal_service.domain.access import Capability, require
from postal_service.domain.errors import Forbidden
from postal_service.domain.lifecycle import FROM_THE_CITIZEN, IN_THE_NETWORK, DossierStatus
from postal_service.domain.roles import Role

ON_THE_WAY = IN_THE_NETWORK | {DossierStatus.AT_POST_OFFICE, DossierStatus.OUT_TO_AGENCY}


class InboundOut(BaseModel):
    tracking_number: str
    leg: str
    reference: str
    status: str
    from_office: str  # the office that took it in
    to_office: str  # the office whose courier hands it over at the desk
    expected_arrival: datetime  # at that office


def inbound(ctx: Context, agency_code: str) -> list[InboundOut]:
    require(ctx.actor, Capability.SEE_INBOUND)
    agency = by_code(ctx.session, Agency, agency_code)
    if ctx.actor.role is Role.AGENCY and ctx.actor.agency_id != agency.id:
        raise Forbidden("an agency sees only the dossiers coming to it")
    rows = ctx.session.exec(
        select(Parcel, ServiceRequest, ParcelPath, PostOffice.code)
        .join(ServiceRequest, col(ServiceRequest.id) == col(Parcel.request_id))
        .join(Procedure, col(Procedure.id) == col(ServiceRequest.procedure_id))
        .join(ParcelPath, col(ParcelPath.parcel_id) == col(Parcel.id))
        .join(PostOffice, col(PostOffice.id) == col(ParcelPath.destination_office_id))
        .where(
            Procedure.agency_id == agency.id,
            col(Parcel.status).in_([s.value for s in ON_THE_WAY]),
            col(Parcel.leg).in_([leg.value for leg in FROM_THE_CITIZEN]),
        )
        .order_by(col(Parcel.id), col(ParcelPath.id))
    ).all()
    latest = {parcel.id: (parcel, request, path, office) for parcel, request, path, office in rows}  # newest path
    origins = dict(ctx.session.exec(select(PostOffice.id, PostOffice.code)).all()) if latest else {}
    return sorted(
        (
            InboundOut(
                tracking_number=parcel.tracking_number,
                leg=parcel.leg,
                reference=request.reference,
                status=parcel.status,
                from_office=origins.get(request.post_office_id, ""),
                to_office=office,
                expected_arrival=path.expected_arrival,
            )
            for parcel, request, path, office in latest.values()
        ),
        key=lambda out: (out.expected_arrival, out.tracking_number),
    )
