"""Claims (complaints) about a parcel: lost, damaged, late, or a member of staff's conduct. The law gives the
citizen 6 months from the event to complain and the operator 5 working days within a province, 7 across
provinces, to resolve (DOMAIN.md, "Deadlines"); the operator is warned before the breach, not after."""

from __future__ import annotations

from calendar import monthrange
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from .calendar import WorkingCalendar
from .errors import Forbidden, InvalidField, InvalidTransition
from .money import Zone


class ClaimKind(StrEnum):
    LOST = "lost"
    DAMAGED = "damaged"
    LATE = "late"
    CONDUCT = "conduct"


class ClaimStatus(StrEnum):
    OPEN = "open"  # filed; nobody answers for it yet
    ASSIGNED = "assigned"  # a member of staff works on it
    RESOLVED = "resolved"  # answered: upheld (with compensation) or not


UNANSWERED = frozenset({ClaimStatus.OPEN.value, ClaimStatus.ASSIGNED.value})  # read on the indexed status


class Verdict(StrEnum):
    UPHELD = "upheld"
    NOT_UPHELD = "not_upheld"


FILING_MONTHS = 6
RESOLVE_WORKING_DAYS = {Zone.SAME_COMMUNE: 5, Zone.SAME_PROVINCE: 5, Zone.OTHER_PROVINCE: 7}
WARN_WORKING_DAYS_LEFT = 1  # the office is texted when this little time is left and the claim is unresolved
MOVES: dict[tuple[ClaimStatus, str], ClaimStatus] = {  # (from, action) -> to
    (ClaimStatus.OPEN, "assign"): ClaimStatus.ASSIGNED,
    (ClaimStatus.ASSIGNED, "assign"): ClaimStatus.ASSIGNED,  # handed to someone else
    (ClaimStatus.ASSIGNED, "resolve"): ClaimStatus.RESOLVED,
}


@dataclass(frozen=True)
class CompensationTariff:
    """Compensation, as a multiple of the postal charge of the leg complained about (configurable)."""

    lost: int = 4
    damaged: int = 2
    late: int = 1
    conduct: int = 0

    def amount(self, kind: ClaimKind, postal_charge: int) -> int:
        return getattr(self, kind.value) * postal_charge


def move(status: ClaimStatus, action: str) -> ClaimStatus:
    target = MOVES.get((status, action))
    if target is None:
        raise InvalidTransition(f"a claim that is {status.value} cannot be {action}ed")
    return target


def filing_closes(event_day: date) -> date:
    """Six months after the event, the same day of the month (or that month's last day)."""
    index = event_day.month - 1 + FILING_MONTHS
    year, month = event_day.year + index // 12, index % 12 + 1
    return date(year, month, min(event_day.day, monthrange(year, month)[1]))


def check_filing(event_day: date, today: date) -> None:
    if today > filing_closes(event_day):
        raise InvalidField.single(
            "tracking_number",
            f"claims are accepted for {FILING_MONTHS} months after the event ({event_day:%d/%m/%Y})",
        )


def resolve_by(calendar: WorkingCalendar, filed_on: date, zone: Zone) -> date:
    """The legal answer date: 5 working days within a province, 7 across, counted from the day after filing."""
    return calendar.add_working_days(filed_on, RESOLVE_WORKING_DAYS[zone])


def check_resolver(resolver: str, filed_by: str) -> None:
    if resolver == filed_by:
        raise Forbidden("the one who filed a claim does not resolve it")
