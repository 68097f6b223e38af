"""The paperwork of Circular 17/2017/TT-BTTTT (art. 5) and of Decree 61/2018's forms 02 and 03: which custody step
each paper records, so a paper exists exactly when its step happened and says what that step's evidence says."""

from __future__ import annotations

from collections.abc import Sequence
from enum import StrEnum
from typing import Protocol, TypeVar

from .errors import InvalidTransition
from .lifecycle import Action


class Paper(StrEnum):
    DOSSIER_SLIP = "dossier-slip"  # phiếu gửi hồ sơ: filled and signed at intake
    HANDOVER_RECORD = "handover-record"  # biên bản giao nhận: one per visit to the agency's desk
    RESULT_HANDOVER = "result-handover"  # the result from the agency to the courier, then to the receiver
    SUPPLEMENT_NOTICE = "supplement-notice"  # form 02: what the agency asks to be completed
    REJECTION_NOTICE = "rejection-notice"  # form 03: why the agency refuses the dossier


RECORDED_BY: dict[Paper, tuple[Action, ...]] = {
    Paper.DOSSIER_SLIP: (Action.PICK_UP, Action.ACCEPT_AT_COUNTER),
    Paper.HANDOVER_RECORD: (Action.CONFIRM_AGENCY_RECEIPT, Action.REQUEST_SUPPLEMENT, Action.REJECT_DOSSIER),
    Paper.RESULT_HANDOVER: (Action.CONFIRM_RESULT_COLLECTION,),
    Paper.SUPPLEMENT_NOTICE: (Action.REQUEST_SUPPLEMENT,),
    Paper.REJECTION_NOTICE: (Action.REJECT_DOSSIER,),
}

# The steps that end a visit at the desk: every envelope the clerk took or turned away from one courier that day.
VISIT_ENDS = RECORDED_BY[Paper.HANDOVER_RECORD]
# The receiver's side of the result handover, when it has happened.
RESULT_RECEIVED = (Action.DELIVER, Action.COLLECT_AT_COUNTER)
# Only the parties to a handover print the record of it; a citizen prints the papers about their own dossier.
STAFF_ONLY = frozenset({Paper.HANDOVER_RECORD})


class Step(Protocol):
    @property
    def action(self) -> str: ...


S = TypeVar("S", bound=Step)


def recording_step(paper: Paper, steps: Sequence[S]) -> S:
    """The latest step the paper records: a paper asked for before its step happened is a conflict (409)."""
    found = [step for step in steps if step.action in RECORDED_BY[paper]]
    if not found:
        wanted = " or ".join(action.value.replace("_", " ") for action in RECORDED_BY[paper])
        raise InvalidTransition(f"no {paper.value.replace('-', ' ')} yet: this envelope has no '{wanted}' step")
    return found[-1]


def papers_recorded(actions: set[str], staff: bool) -> list[Paper]:
    """The papers an envelope has, by the steps it went through; a citizen's list leaves out the staff's papers."""
    return [
        paper
        for paper, steps in RECORDED_BY.items()
        if actions & {step.value for step in steps} and (staff or paper not in STAFF_ONLY)
    ]
