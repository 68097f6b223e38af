"""The access policy's scope as SQL: lists show exactly what `domain.access.may_see_request` allows."""

from __future__ import annotations

from sqlalchemy import ColumnElement, false, or_, true
from sqlmodel import col

from postal_service.db.tables import Parcel, Procedure, ServiceRequest
from postal_service.domain.access import scope_of
from postal_service.domain.roles import Actor


def works_at(office_id: int | None) -> ColumnElement[bool]:
    """The envelopes an office works: its requests' (unless the network took one to another office) and those the
    network brought to it (`Parcel.office_id`)."""
    at_home = col(Parcel.office_id).is_(None) & (col(ServiceRequest.post_office_id) == office_id)
    return at_home | (col(Parcel.office_id) == office_id)


def visible_to(actor: Actor) -> ColumnElement[bool]:
    """A condition for a query that joins Parcel, ServiceRequest and Procedure: an office's staff list the
    envelopes their office works (its request pages show the whole request, as `may_see_request` says)."""
    scope = scope_of(actor)
    if scope.everything:
        return true()
    conditions = [
        condition
        for value, condition in (
            (scope.post_office_id, works_at(scope.post_office_id)),
            (scope.agency_id, col(Procedure.agency_id) == scope.agency_id),
            (scope.courier_id, col(Parcel.courier_id) == scope.courier_id),
            (scope.request_id, col(ServiceRequest.id) == scope.request_id),
        )
        if value is not None
    ]
    return or_(*conditions) if conditions else false()
