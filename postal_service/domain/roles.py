"""Who may act. The transition tables name roles; `postal_service.access` decides about single objects."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Role(StrEnum):
    CITIZEN = "citizen"
    COURIER = "courier"
    AGENCY = "agency"  # a one-stop desk clerk or the agency's information system
    DISPATCHER = "dispatcher"  # post office staff: counter, planning, reassignment
    COUNTER = "counter"  # at a post office or commune centre counter: books for citizens, takes in, hands out
    MANAGER = "manager"  # runs one post office: its figures, money and claims; plans no route, takes no step
    HUB = "hub"  # an exchange centre's staff: they open, sort and re-bag
    DRIVER = "driver"  # a trunk run's driver: takes sealed bags from one point to the next
    ADMIN = "admin"
    SYSTEM = "system"  # the scheduler acting on deadlines and holds


@dataclass(frozen=True)
class Actor:
    """An authenticated principal. `principal` is the stable name written into custody events."""

    role: Role
    principal: str
    user_id: int | None = None
    agency_id: int | None = None
    post_office_id: int | None = None
    hub_id: int | None = None
    request_id: int | None = None
    may_carry_cash: bool = False

    @classmethod
    def system(cls) -> Actor:
        return cls(Role.SYSTEM, "system")


ANONYMOUS = Actor(Role.CITIZEN, "anonymous")


USER_PREFIX = "user:"


def user_principal(username: str) -> str:
    """The stable name a member of staff signs custody events, payments and counts with."""
    return f"{USER_PREFIX}{username}"


def username_of(principal: str) -> str | None:
    """The member of staff behind a principal; None for systems, citizens and API keys."""
    return principal.removeprefix(USER_PREFIX) if principal.startswith(USER_PREFIX) else None
