"""The access policy's scope as SQL: lists show exactly what `domain.access.may_see_request` allows."""

from __future__ import annotations

from sqlalchemy import ColumnElement, false, or_, true
from sqlmodel import col

from postal_service.db.tables import Parcel, Procedure, ServiceRequest
from postal_service.domain.access import scope_of
from postal_service.domain.roles import Actor


def visible_to(actor: Actor) -> ColumnElement[bool]:
    """A condition for a query that joins Parcel, ServiceRequest and Procedure."""
    scope = scope_of(actor)
    if scope.everything:
        return true()
    conditions = [
        condition
        for value, condition in (
            (scope.post_office_id, col(ServiceRequest.post_office_id) == scope.post_office_id),
            (scope.agency_id, col(Procedure.agency_id) == scope.agency_id),
            (scope.courier_id, col(Parcel.courier_id) == scope.courier_id),
            (scope.request_id, col(ServiceRequest.id) == scope.request_id),
        )
        if value is not None
    ]
    return or_(*conditions) if conditions else false()
