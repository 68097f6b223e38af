"""Who may see or touch which object: one rule per role, used by every read and write."""

from __future__ import annotations

from postal_service.db.tables import AccessLog, Parcel, Procedure, ServiceRequest
from postal_service.domain.errors import Forbidden
from postal_service.domain.roles import Role

from .context import Actor, Context


def may_see_request(actor: Actor, request: ServiceRequest, procedure: Procedure, parcels: list[Parcel]) -> bool:
    match actor.role:
        case Role.ADMIN | Role.SYSTEM:
            return True
        case Role.DISPATCHER:
            return actor.post_office_id == request.post_office_id
        case Role.AGENCY:
            return actor.agency_id == procedure.agency_id
        case Role.CITIZEN:
            return actor.request_id is not None and actor.request_id == request.id
        case Role.COURIER:
            return any(p.courier_id == actor.user_id for p in parcels)
    return False


def may_touch_parcel(actor: Actor, parcel: Parcel, request: ServiceRequest, procedure: Procedure) -> bool:
    """A courier touches only parcels on its route or in its hands; others as for the request."""
    if actor.role is Role.COURIER:
        return actor.user_id is not None and parcel.courier_id == actor.user_id
    return may_see_request(actor, request, procedure, [parcel])


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
