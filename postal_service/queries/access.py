"""May this actor see or act on this request or parcel? Ask the access policy (`domain.access`); say what was shown.

A read only notes its disclosures on the context (`Context.disclose`); the unit of work writes them to the access
log in its one commit. A use case asks the same questions here before it acts, and its access is logged the same way.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, TypeVar

from postal_service.context import Context
from postal_service.db.queries import parcels_of, procedure_and_agency, request_by_reference
from postal_service.db.tables import Parcel, Procedure, ServiceRequest
from postal_service.domain.access import may_see_request, may_touch_parcel
from postal_service.domain.errors import Forbidden

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
    ctx.disclose(request.id, purpose)


def require_parcel(ctx: Context, parcel: Parcel, request: ServiceRequest, procedure: Procedure, purpose: str) -> None:
    if not may_touch_parcel(ctx.actor, parcel, request, procedure):
        raise Forbidden(f"parcel {parcel.tracking_number} is not yours to {purpose.replace('_', ' ')}")
    ctx.disclose(request.id, purpose)


def disclose_listing(ctx: Context, rows: list[Row], purpose: str) -> list[Row]:
    """Rows are tuples of a query that holds the ServiceRequest; they are given back as they came."""
    requests = (item for row in rows for item in row if isinstance(item, ServiceRequest))
    disclose_listed(ctx, (r.id for r in requests if r.id is not None), purpose)
    return rows


def disclose_listed(ctx: Context, request_ids: Iterable[int], purpose: str) -> None:
    """A list shows personal data too (names, addresses): each request on it is disclosed once per view, in the
    order listed."""
    for request_id in dict.fromkeys(request_ids):
        ctx.disclose(request_id, purpose)
