"""Agencies, procedures, post offices and staff: the catalogue every booking refers to."""

from __future__ import annotations

from typing import TypeVar

from sqlalchemy.exc import IntegrityError
from sqlmodel import col, select

from postal_service.db.queries import by_code, by_code_in_field
from postal_service.db.tables import Agency, PostOffice, Procedure, User
from postal_service.domain.errors import Conflict, Forbidden, InvalidField
from postal_service.domain.roles import Role

from .auth import hash_secret
from .context import Context
from .schemas import AgencyCreate, PostOfficeCreate, ProcedureCreate, StaffCreate, StaffRole

Row = TypeVar("Row", Agency, Procedure, PostOffice, User)


def require_admin(ctx: Context) -> None:
    if ctx.actor.role not in (Role.ADMIN, Role.SYSTEM):
        raise Forbidden("only an administrator changes the catalogue")


def _save(ctx: Context, row: Row, what: str) -> Row:
    require_admin(ctx)
    ctx.session.add(row)
    try:
        ctx.session.flush()
    except IntegrityError as error:
        raise Conflict(f"{what} already exists") from error
    return row


def create_agency(ctx: Context, data: AgencyCreate) -> Agency:
    row = Agency(
        code=data.code,
        name=data.name,
        **data.address.model_dump(),
        office_hours=data.office_hours,
    )
    return _save(ctx, row, f"agency {data.code}")


def create_procedure(ctx: Context, data: ProcedureCreate) -> Procedure:
    require_admin(ctx)
    agency = by_code_in_field(ctx.session, Agency, data.agency_code, "agency_code")
    assert agency.id is not None
    row = Procedure(
        code=data.code,
        name=data.name,
        agency_id=agency.id,
        documents=[d.model_dump() for d in data.documents],
        procedure_fee=data.procedure_fee,
        postal_eligible=data.postal_eligible,
        processing_days=data.processing_days,
    )
    return _save(ctx, row, f"procedure {data.code}")


def create_post_office(ctx: Context, data: PostOfficeCreate) -> PostOffice:
    row = PostOffice(
        code=data.code,
        name=data.name,
        **data.address.model_dump(),
        communes_served=sorted(set(data.communes_served)),
        opening_hours=data.opening_hours,
        slot_capacity=data.slot_capacity,
    )
    return _save(ctx, row, f"post office {data.code}")


def create_staff(ctx: Context, data: StaffCreate) -> User:
    """Couriers and dispatchers belong to a post office, clerks to an agency; say so when one is missing."""
    require_admin(ctx)
    errors: dict[str, str] = {}
    agency_id = post_office_id = None
    if data.role is StaffRole.AGENCY:
        if data.agency_code is None:
            errors["agency_code"] = "an agency clerk needs the agency's code"
        else:
            agency_id = by_code_in_field(ctx.session, Agency, data.agency_code, "agency_code").id
    if data.role in (StaffRole.COURIER, StaffRole.DISPATCHER):
        if data.post_office_code is None:
            errors["post_office_code"] = f"a {data.role.value} needs the post office's code"
        else:
            post_office_id = by_code_in_field(ctx.session, PostOffice, data.post_office_code, "post_office_code").id
    if errors:
        raise InvalidField(errors)
    row = User(
        username=data.username,
        password_hash=hash_secret(data.password),
        role=data.role.value,
        full_name=data.full_name,
        phone=data.phone,
        agency_id=agency_id,
        post_office_id=post_office_id,
        may_carry_cash=data.may_carry_cash,
    )
    return _save(ctx, row, f"user {data.username}")


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


def list_post_offices(ctx: Context) -> list[PostOffice]:
    return list(ctx.session.exec(select(PostOffice).order_by(col(PostOffice.code))))


def list_couriers(ctx: Context) -> list[User]:
    """Dispatchers see their own office's couriers; clerks and admins all (a clerk names who takes a result)."""
    if ctx.actor.role not in (Role.DISPATCHER, Role.AGENCY, Role.ADMIN):
        raise Forbidden("only staff may list couriers")
    query = select(User).where(User.role == StaffRole.COURIER.value, col(User.active).is_(True))
    if ctx.actor.role is Role.DISPATCHER:
        query = query.where(User.post_office_id == ctx.actor.post_office_id)
    return list(ctx.session.exec(query.order_by(col(User.username))))
