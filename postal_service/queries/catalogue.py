"""The catalogue as the pages and the API read it: agencies, procedures, post offices, couriers."""

from __future__ import annotations

from sqlmodel import col, select

from postal_service.context import Context
from postal_service.db.queries import by_code
from postal_service.db.tables import Agency, PostOffice, Procedure, ServiceRequest, User
from postal_service.domain.access import Capability, require
from postal_service.domain.errors import NotFound
from postal_service.domain.roles import Role
from postal_service.domain.vietnamese import collation_key, folded

from .catalogue_views import ProcedureOut


def list_agencies(ctx: Context, province_code: int | None = None) -> list[Agency]:
    query = select(Agency).order_by(col(Agency.name))
    if province_code is not None:
        query = query.where(Agency.province_code == province_code)
    return list(ctx.session.exec(query))


def list_procedures(ctx: Context, agency_code: str | None = None) -> list[Procedure]:
    query = select(Procedure).order_by(col(Procedure.name))
    if agency_code is not None:
        agency = by_code(ctx.session, Agency, agency_code)
        query = query.where(Procedure.agency_id == agency.id)
    return list(ctx.session.exec(query))


def search_procedures(ctx: Context, text: str, province_code: int | None = None) -> list[tuple[Procedure, Agency]]:
    """Procedures whose name holds every word typed, with or without Vietnamese marks ("ho chieu" finds "hộ
    chiếu"), or whose code is typed, across the agencies of the province; the citizen need not know the agency."""
    words = folded(text).split()
    if not words:
        return []
    query = select(Procedure, Agency).join(Agency, col(Agency.id) == Procedure.agency_id)
    if province_code is not None:
        query = query.where(Agency.province_code == province_code)
    found = [
        (procedure, agency)
        for procedure, agency in ctx.session.exec(query)
        if all(word in folded(procedure.name) for word in words) or text.strip() == procedure.code
    ]
    return sorted(found, key=lambda pair: (not pair[0].postal_eligible, collation_key(pair[0].name)))


def list_post_offices(ctx: Context) -> list[PostOffice]:
    return list(ctx.session.exec(select(PostOffice).order_by(col(PostOffice.code))))


def list_couriers(ctx: Context) -> list[User]:
    """Dispatchers see their own office's couriers; clerks and admins all (a clerk names who takes a result)."""
    require(ctx.actor, Capability.LIST_COURIERS)
    query = select(User).where(User.role == Role.COURIER.value, col(User.active).is_(True))
    if ctx.actor.role is Role.DISPATCHER:
        query = query.where(User.post_office_id == ctx.actor.post_office_id)
    return list(ctx.session.exec(query.order_by(col(User.username))))


def agency(ctx: Context, code: str) -> Agency:
    return by_code(ctx.session, Agency, code)


def procedure(ctx: Context, code: str) -> Procedure:
    return by_code(ctx.session, Procedure, code)


def agency_of(ctx: Context, row: Procedure) -> Agency:
    owner = ctx.session.get(Agency, row.agency_id)
    assert owner is not None  # a procedure's agency is never deleted
    return owner


def post_office(ctx: Context, code: str) -> PostOffice:
    return by_code(ctx.session, PostOffice, code)


def post_office_by_id(ctx: Context, office_id: int) -> PostOffice:
    office = ctx.session.get(PostOffice, office_id)
    if office is None:
        raise NotFound(f"no post office {office_id}")
    return office


def post_office_of_request(ctx: Context, reference: str) -> PostOffice:
    """The office that serves a request (its pickup slots are offered there); the caller checked access."""
    query = select(PostOffice).join(ServiceRequest, col(ServiceRequest.post_office_id) == col(PostOffice.id))
    office = ctx.session.exec(query.where(ServiceRequest.reference == reference.upper())).first()
    if office is None:
        raise NotFound(f"no request {reference}")
    return office


def procedure_view(ctx: Context, row: Procedure) -> ProcedureOut:
    return ProcedureOut(agency_code=agency_of(ctx, row).code, **row.model_dump(exclude={"id", "agency_id"}))
