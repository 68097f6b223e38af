"""The registry of custody steps: each step declared once, and everything about it derived from that declaration.

An entry names the URL segment, the action of the transition tables (which gives the legs and the roles allowed),
the input schema, the aggregate's method that decides (its docstring is the step's description), the words for
it (in English, marked for the catalogue), the kind of form the pages show, and whether it names a courier or
keeps document photos. From `STEPS` come: the API route and its OpenAPI entry (`api/v1/parcels.py`), the access
rule (the roles of its transitions), the page forms (`templates/step_forms.html`, by form kind), the action's
words (`api/presentation.ACTION_LABELS`), the property test's inputs (by form kind) and the access matrix's calls.

Recipe for a new custody step:
1. `domain/lifecycle.py`: its `Action` and transitions (source, action, target, roles); a new status also gets its
   words and next step in `api/presentation.py` (the label tests fail until it has them).
2. The rule: a method of the leg it moves (`domain/dossier_leg.py`, `supplement_leg.py`, `result_leg.py`) and the
   facade method on `domain/aggregate.Request` that hands it over, with the step's description as its docstring.
3. If it takes input: its schema in `services/schemas/steps.py` and an example body in the access matrix's
   `STEP_BODIES`; for a new form kind, the form's fields in `templates/step_forms.html` and an input in the
   property test's `INPUTS`.
4. One `CustodyStep` entry below.
5. `make messages`, then translate the new words in `api/translations/vi/LC_MESSAGES/messages.po`.
6. Tests: the rule's unit test in `tests/unit`; a journey through the API where it matters.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from postal_service.domain.aggregate import Request
from postal_service.domain.language import N_
from postal_service.domain.lifecycle import TRANSITIONS, Action, Leg
from postal_service.domain.request import Outcome
from postal_service.domain.roles import Role

from .schemas import (
    AgencyReceipt,
    AgencyRefusal,
    Delivery,
    FailedAttempt,
    IncompleteIntake,
    Pickup,
    ResultOffer,
    Step,
    SupplementRequest,
)


@dataclass(frozen=True)
class CustodyStep:
    path: str  # POST /api/v1/parcels/{tracking}/{path}
    action: Action
    body: type[Step]
    decide: Callable[..., Outcome]  # Request.<method>(tracking, moment[, input])
    label: str  # the words for the step on buttons and timelines, in English (N_): the catalogue translates them
    form: str = "plain"  # which fields the page form asks for (templates/step_forms.html)
    names_courier: bool = False  # the body names a courier, looked up before the domain decides
    keeps_pages: bool = False  # the body's document photos become the digitised dossier (services/digitised.py)

    @property
    def endpoint(self) -> str:
        return self.path.replace("-", "_")

    @property
    def takes_input(self) -> bool:
        return self.body is not Step

    @property
    def summary(self) -> str:
        return " ".join((self.decide.__doc__ or self.action.value).split())

    @property
    def legs(self) -> frozenset[Leg]:
        return frozenset(leg for leg, table in TRANSITIONS.items() if any(t.action is self.action for t in table))

    @property
    def roles(self) -> frozenset[Role]:
        return frozenset(r for table in TRANSITIONS.values() for t in table if t.action is self.action for r in t.roles)

    def run(self, aggregate: Request, tracking: str, at: Any, given: Any) -> Outcome:
        return self.decide(aggregate, tracking, at, given) if self.takes_input else self.decide(aggregate, tracking, at)


A, R = Action, Request
STEPS: tuple[CustodyStep, ...] = (
    CustodyStep("pickup", A.PICK_UP, Pickup, R.pick_up, N_("Pick up and seal"), "intake", keeps_pages=True),
    CustodyStep(
        "incomplete-intake",
        A.RECORD_INCOMPLETE_INTAKE,
        IncompleteIntake,
        R.record_incomplete_intake,
        N_("Documents missing"),
        "missing",
    ),
    CustodyStep(
        "counter-intake",
        A.ACCEPT_AT_COUNTER,
        Pickup,
        R.accept_at_counter,
        N_("Accept at the counter"),
        "intake",
        keeps_pages=True,
    ),
    CustodyStep("arrival", A.ARRIVE_AT_POST_OFFICE, Step, R.arrive_at_post_office, N_("Back at the post office")),
    CustodyStep("departure-to-agency", A.DEPART_TO_AGENCY, Step, R.depart_to_agency, N_("Leave for the agency")),
    CustodyStep("presentation", A.PRESENT_AT_AGENCY, Step, R.present_at_agency, N_("Hand over at the desk")),
    CustodyStep(
        "agency-receipt",
        A.CONFIRM_AGENCY_RECEIPT,
        AgencyReceipt,
        R.confirm_agency_receipt,
        N_("Confirm receipt"),
        "receipt",
    ),
    CustodyStep(
        "agency-rejection", A.REJECT_DOSSIER, AgencyRefusal, R.reject_dossier, N_("Reject the dossier"), "refusal"
    ),
    CustodyStep(
        "supplement-request",
        A.REQUEST_SUPPLEMENT,
        SupplementRequest,
        R.request_supplement,
        N_("Ask for a supplement"),
        "supplement",
    ),
    CustodyStep("return-collection", A.COLLECT_RETURN, Step, R.collect_return, N_("Take the dossier back")),
    CustodyStep(
        "return-delivery",
        A.DELIVER_RETURN,
        Delivery,
        R.deliver_return,
        N_("Give the dossier back to the sender"),
        "return",
    ),
    CustodyStep("result-ready", A.MARK_RESULT_READY, Step, R.mark_result_ready, N_("Result is ready")),
    CustodyStep(
        "result-offer",
        A.OFFER_RESULT,
        ResultOffer,
        R.offer_result,
        N_("Hand the result to a courier"),
        "offer",
        names_courier=True,
    ),
    CustodyStep("result-offer-retraction", A.RETRACT_OFFER, Step, R.retract_offer, N_("Take the result back")),
    CustodyStep(
        "result-collection", A.CONFIRM_RESULT_COLLECTION, Step, R.confirm_result_collection, N_("Take the result")
    ),
    CustodyStep("delivery-start", A.START_DELIVERY, Step, R.start_delivery, N_("Start delivery")),
    CustodyStep("delivery", A.DELIVER, Delivery, R.deliver, N_("Deliver"), "receiver"),
    CustodyStep(
        "failed-attempt",
        A.RECORD_FAILED_ATTEMPT,
        FailedAttempt,
        R.record_failed_attempt,
        N_("Delivery failed"),
        "failure",
    ),
    CustodyStep("hold", A.HOLD_AT_POST_OFFICE, Step, R.hold_at_post_office, N_("Hold at the post office")),
    CustodyStep(
        "counter-collection",
        A.COLLECT_AT_COUNTER,
        Delivery,
        R.collect_at_counter,
        N_("Hand over at the counter"),
        "receiver",
    ),
    CustodyStep("return-to-agency", A.RETURN_TO_AGENCY, Step, R.return_to_agency, N_("Return to the agency")),
)
BY_ACTION: dict[Action, CustodyStep] = {step.action: step for step in STEPS}
