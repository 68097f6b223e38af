"""What every use case receives: the session, the settings, who acts, and the time it happens."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime

from sqlmodel import Session

from postal_service.config import Settings
from postal_service.domain.roles import Role
from postal_service.domain.timeslots import LOCAL_TZ


@dataclass(frozen=True)
class Actor:
    """An authenticated principal. `principal` is the stable name written into custody events."""

    role: Role
    principal: str
    user_id: int | None = None
    agency_id: int | None = None
    post_office_id: int | None = None
    request_id: int | None = None
    may_carry_cash: bool = False

    @classmethod
    def system(cls) -> Actor:
        return cls(Role.SYSTEM, "system")


ANONYMOUS = Actor(Role.CITIZEN, "anonymous")


@dataclass
class Context:
    session: Session
    settings: Settings
    actor: Actor = ANONYMOUS
    now: datetime = field(default_factory=lambda: datetime.now(UTC))

    def __post_init__(self) -> None:
        """Everything stored is UTC; a caller may pass any aware time."""
        if self.now.tzinfo is None:
            raise ValueError("the clock must be timezone-aware")
        self.now = self.now.astimezone(UTC)

    @property
    def today(self) -> date:
        """Working days are counted on the local calendar."""
        return self.now.astimezone(LOCAL_TZ).date()
