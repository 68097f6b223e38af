"""A courier's cash at the end of a day, reconciled at the post office (DOMAIN.md, "Money").

Expected is what the payments say the courier collected in cash that day; declared is what the courier says they
hand in; counted is what the post office counts. A difference between counted and expected is flagged, and the
day is closed only when a manager signs it off, who may not be the person who counted the cash.
"""

from __future__ import annotations

from dataclasses import dataclass

from .errors import Conflict, Forbidden, InvalidField


@dataclass(frozen=True)
class CashDay:
    expected: int
    declared: int
    counted: int
    counted_by: str
    signed_off_by: str | None = None

    @property
    def difference(self) -> int:
        """Positive: more cash than the payments say; negative: cash missing."""
        return self.counted - self.expected

    @property
    def flagged(self) -> bool:
        return self.difference != 0 or self.declared != self.counted


DIFFERENCE_NEEDS_A_NOTE = "a day whose cash differs is signed off with a note saying why"


def check_sign_off(day: CashDay, manager: str, note: str | None = None) -> None:
    """Four eyes: the person who counted the cash does not close the day, and a day is closed once; a day whose
    cash differs (from the payments or from what the courier declared) is closed only with the reason written."""
    if day.signed_off_by is not None:
        raise Conflict(f"this cash day was already signed off by {day.signed_off_by}")
    if manager == day.counted_by:
        raise Forbidden("the person who counted the cash may not sign it off; another manager does")
    if day.flagged and not (note or "").strip():
        raise InvalidField.single("note", DIFFERENCE_NEEDS_A_NOTE)
