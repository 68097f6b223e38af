"""Reads and writes of one request or parcel: ask the access policy (`domain.access`), log the access."""

from __future__ import annotations

from typing import Any, TypeVar

from postal_service.db.queries import parcels_of, procedure_and_agency, request_by_reference
from postal_service.db.tables import AccessLog, Parcel, Procedure, ServiceRequest
from postal_service.domain.access import may_see_request, may_touch_parcel
from postal_service.domain.errors import Forbidden

from .context import Context

Row = TypeVar("Row", bound=tuple[Any, ...])


def request_for(ctx: Context, reference: str, purpose: str) -> tuple[ServiceRequest, list[Parcel]]:
    """The request of that reference and its parcels, once the actor may act on it for `purpose` (403 else)."""
    request = request_by_reference(ctx.session, reference)
    parcels = parcels_of(ctx.session, request.id)
    procedure, _ = procedure_and_agency(ctx.session, request.procedure_id)
    require_request(ctx, request, procedure, parcels, purpose)
    return request, parcels


def require_request(
    ctx: Context, request: ServiceRequest, procedure: Procedure, parcels: list[Parcel], purpose: str
) -> None:
    if not may_see_request(ctx.actor, request, procedure, parcels):
        raise Forbidden(f"request {request.reference} is not yours to {purpose.replace('_', ' ')}")
    log_access(ctx, request, purpose)


def require_parcel(ctx: Context, parcel: Parcel, request: ServiceRequest, procedure: Procedure, purpose: str) -> None:
    if not may_touch_parcel(ctx.actor, parcel, request, procedure):
        raise Forbidden(f"parcel {parcel.tracking_number} is not yours to {purpose.replace('_', ' ')}")
    log_access(ctx, request, purpose)


def log_access(ctx: Context, request: ServiceRequest, purpose: str) -> None:
    """Added to the session; the use case's single commit writes it with everything else."""
    assert request.id is not None
    ctx.session.add(
        AccessLog(
            actor=ctx.actor.principal,
            actor_role=ctx.actor.role.value,
            request_id=request.id,
            purpose=purpose,
            at=ctx.now,
        )
    )


def log_listing(ctx: Context, rows: list[Row], purpose: str) -> list[Row]:
    """A list shows personal data too (names, addresses): each request on it is logged once per view. Rows are
    tuples of a query that holds the ServiceRequest; they are given back as they came."""
    seen: set[int] = set()
    for row in rows:
        for request in (item for item in row if isinstance(item, ServiceRequest)):
            if request.id is not None and request.id not in seen:
                seen.add(request.id)
                log_access(ctx, request, purpose)
    return rows
