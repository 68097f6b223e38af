"""Agencies, procedures, post offices and staff: the catalogue every booking refers to."""

from __future__ import annotations

from typing import TypeVar

from sqlalchemy.exc import IntegrityError
from sqlmodel import select

from postal_service.context import Context
from postal_service.db.queries import by_code_in_field
from postal_service.db.tables import Agency, ExchangeHub, PostOffice, Procedure, User
from postal_service.domain.access import Capability, require
from postal_service.domain.errors import Conflict, InvalidField

from .auth import hash_secret
from .schemas import AgencyCreate, PostOfficeCreate, ProcedureCreate, StaffCreate, StaffRole
from .schemas.catalogue import AT_A_POST_OFFICE

Row = TypeVar("Row", Agency, Procedure, PostOffice, User)


def require_admin(ctx: Context) -> None:
    require(ctx.actor, Capability.MANAGE_CATALOGUE)


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
    """Couriers, dispatchers and counter staff belong to a post office, clerks to an agency, exchange staff to a
    hub; say so when one is missing."""
    require_admin(ctx)
    errors: dict[str, str] = {}
    agency_id = post_office_id = None
    if data.role is StaffRole.AGENCY:
        if data.agency_code is None:
            errors["agency_code"] = "an agency clerk needs the agency's code"
        else:
            agency_id = by_code_in_field(ctx.session, Agency, data.agency_code, "agency_code").id
    if data.role in AT_A_POST_OFFICE:
        if data.post_office_code is None:
            errors["post_office_code"] = f"a {data.role.value} needs the post office's code"
        else:
            post_office_id = by_code_in_field(ctx.session, PostOffice, data.post_office_code, "post_office_code").id
    hub_id = None
    if data.role is StaffRole.HUB:
        if data.hub_code is None:
            errors["hub_code"] = "an exchange centre's staff need the hub's code"
        else:
            hub = ctx.session.exec(select(ExchangeHub).where(ExchangeHub.code == data.hub_code)).first()
            if hub is None:
                errors["hub_code"] = f"no hub with code {data.hub_code}"
            hub_id = hub.id if hub else None
    if errors:
        raise InvalidField(errors)
    row = User(
        username=data.username,
        password_hash=hash_secret(data.password, ctx.settings),
        role=data.role.value,
        full_name=data.full_name,
        phone=data.phone,
        agency_id=agency_id,
        post_office_id=post_office_id,
        hub_id=hub_id,
        may_carry_cash=data.may_carry_cash,
    )
    return _save(ctx, row, f"user {data.username}")
