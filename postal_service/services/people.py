"""Naming a courier in a request body: an input check that needs the staff table."""

from __future__ import annotations

from postal_service.context import Context
from postal_service.db.queries import user_by_username
from postal_service.db.tables import User
from postal_service.domain.errors import InvalidField, NotFound
from postal_service.domain.roles import Role


def courier_named(ctx: Context, username: str, field: str, post_office_id: int | None = None) -> User:
    """An active courier (of this post office, when one is given), or a 422 naming the field."""
    try:
        user = user_by_username(ctx.session, username)
    except NotFound:
        raise InvalidField.single(field, "no such courier") from None
    if user.role != Role.COURIER.value or not user.active:
        raise InvalidField.single(field, f"{username} is not an active courier")
    if post_office_id is not None and user.post_office_id != post_office_id:
        raise InvalidField.single(field, f"{username} works for another post office")
    return user


OFFICE_STAFF = frozenset({Role.DISPATCHER.value, Role.COUNTER.value, Role.MANAGER.value})


def staff_named(ctx: Context, username: str, field: str, post_office_id: int) -> User:
    """An active member of this post office's staff (dispatcher or counter), or a 422 naming the field."""
    try:
        user = user_by_username(ctx.session, username)
    except NotFound:
        raise InvalidField.single(field, "no such member of staff") from None
    if user.role not in OFFICE_STAFF or not user.active or user.post_office_id != post_office_id:
        raise InvalidField.single(field, f"{username} is not on the staff of this post office")
    return user
