"""What every use case and every read receives: the session, the settings, who acts, and the time it happens.

It lives below both services and queries, so that a read never imports a use case. A read that shows a request's
personal data says so with `disclose`; the unit of work writes those disclosures to the access log in its one
commit, so reads stay reads."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any

from sqlmodel import Session, col, select

from postal_service.config import Settings
from postal_service.db.files import FileStore, open_store
from postal_service.db.tables import CalendarDay
from postal_service.domain.calendar import WorkingCalendar
from postal_service.domain.money import RefundPolicy
from postal_service.domain.request import DeliveryRules, Moment
from postal_service.domain.roles import ANONYMOUS, Actor
from postal_service.domain.timeslots import LOCAL_TZ

DISCLOSURES = "disclosures"  # the key in `Session.info` under which a unit of work's disclosures wait
CALENDAR = "calendar"  # and the calendar it read
REMOVALS = "file removals"  # and the stored files whose rows it deleted, removed once it committed


@dataclass(frozen=True)
class Disclosure:
    """One line of the access log to be: who saw which request, why, and when."""

    actor: str
    actor_role: str
    request_id: int
    purpose: str
    at: datetime


@dataclass
class Context:
    session: Session
    settings: Settings
    actor: Actor = ANONYMOUS
    now: datetime = field(default_factory=lambda: datetime.now(UTC))
    discarded: bool = False  # set by `discard`: the unit of work rolls back instead of committing
    outbox: list[Any] = field(default_factory=list)  # messages written: a task goes for each once committed
    calendar_read: WorkingCalendar | None = None  # the calendar once read (a test without a database gives it)

    def discard(self) -> None:
        """Nothing of this unit of work is to be kept (a replayed answer, a page that showed errors)."""
        self.discarded = True

    def __post_init__(self) -> None:
        """Everything stored is UTC; a caller may pass any aware time."""
        if self.now.tzinfo is None:
            raise ValueError("the clock must be timezone-aware")
        self.now = self.now.astimezone(UTC)

    def disclose(self, request_id: int | None, purpose: str) -> None:
        """This actor was shown request `request_id`'s data for `purpose`. Kept on the session, not on this context,
        so a context made for the system inside a use case (an expired hold) discloses into the same commit."""
        assert request_id is not None
        self.session.info.setdefault(DISCLOSURES, []).append(
            Disclosure(self.actor.principal, self.actor.role.value, request_id, purpose, self.now)
        )

    @property
    def files(self) -> FileStore:
        """Where photos, signatures and papers are kept (`db.files`)."""
        return open_store(self.settings.data_dir)

    def remove_file_after_commit(self, digest: str) -> None:
        """The row naming this file was deleted: the file goes once that deletion committed, never before (a
        rollback keeps both)."""
        self.session.info.setdefault(REMOVALS, []).append(digest)

    @property
    def moment(self) -> Moment:
        """What the domain needs to know about this step: who, when, and the delivery rules in force."""
        settings = self.settings
        rules = DeliveryRules(
            settings.delivery_max_attempts,
            settings.attempt_gap_working_days,
            settings.hold_working_days,
            self.calendar,
            RefundPolicy(settings.refund_rejected_fees, settings.refund_unused_legs),
        )
        return Moment(self.actor, self.now, self.today, rules)

    @property
    def deadline_horizon(self) -> date:
        """A legal deadline on or before this day is at risk today: the configured warning, in working days."""
        return self.calendar.add_working_days(self.today, self.settings.deadline_warning_working_days)

    @property
    def calendar(self) -> WorkingCalendar:
        """The law's days off and the configured ones, with the days declared by an administrator (a few a year),
        read once a unit of work and kept on its session (as the disclosures are) for the contexts it makes."""
        if self.calendar_read is None:
            known = self.session.info.get(CALENDAR)
            if known is None:
                declared = self.session.exec(select(col(CalendarDay.day), col(CalendarDay.working))).all()
                off, working = [d for d, w in declared if not w], [d for d, w in declared if w]
                known = self.session.info[CALENDAR] = self.settings.calendar.declaring(off, working)
            self.calendar_read = known
        return self.calendar_read

    def forget_calendar(self) -> None:
        """A day was declared or withdrawn: the next reading of the calendar sees it."""
        self.calendar_read = None
        self.session.info.pop(CALENDAR, None)

    @property
    def today(self) -> date:
        """Working days are counted on the local calendar."""
        return self.now.astimezone(LOCAL_TZ).date()


__all__ = ["ANONYMOUS", "DISCLOSURES", "REMOVALS", "Actor", "Context", "Disclosure"]
