"""The registry of custody steps, declared once.

Each entry names the URL segment, the action of the transition tables (which gives the leg and the roles
allowed), the input schema, the domain method that decides (its docstring is the step's description), and
the form the pages show. The API routes, their OpenAPI entries, the page forms and the access-matrix test
are generated from `STEPS`. Adding a step is one entry here and one method on `domain.aggregate.Request`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from postal_service.domain.aggregate import Request
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
    CustodyStep("pickup", A.PICK_UP, Pickup, R.pick_up, "intake", keeps_pages=True),
    CustodyStep(
        "incomplete-intake", A.RECORD_INCOMPLETE_INTAKE, IncompleteIntake, R.record_incomplete_intake, "missing"
    ),
    CustodyStep("counter-intake", A.ACCEPT_AT_COUNTER, Pickup, R.accept_at_counter, "intake", keeps_pages=True),
    CustodyStep("arrival", A.ARRIVE_AT_POST_OFFICE, Step, R.arrive_at_post_office),
    CustodyStep("departure-to-agency", A.DEPART_TO_AGENCY, Step, R.depart_to_agency),
    CustodyStep("presentation", A.PRESENT_AT_AGENCY, Step, R.present_at_agency),
    CustodyStep("agency-receipt", A.CONFIRM_AGENCY_RECEIPT, AgencyReceipt, R.confirm_agency_receipt, "receipt"),
    CustodyStep("agency-rejection", A.REJECT_DOSSIER, AgencyRefusal, R.reject_dossier, "refusal"),
    CustodyStep("supplement-request", A.REQUEST_SUPPLEMENT, SupplementRequest, R.request_supplement, "supplement"),
    CustodyStep("return-collection", A.COLLECT_RETURN, Step, R.collect_return),
    CustodyStep("return-delivery", A.DELIVER_RETURN, Delivery, R.deliver_return, "return"),
    CustodyStep("result-ready", A.MARK_RESULT_READY, Step, R.mark_result_ready),
    CustodyStep("result-offer", A.OFFER_RESULT, ResultOffer, R.offer_result, "offer", names_courier=True),
    CustodyStep("result-offer-retraction", A.RETRACT_OFFER, Step, R.retract_offer),
    CustodyStep("result-collection", A.CONFIRM_RESULT_COLLECTION, Step, R.confirm_result_collection),
    CustodyStep("delivery-start", A.START_DELIVERY, Step, R.start_delivery),
    CustodyStep("delivery", A.DELIVER, Delivery, R.deliver, "receiver"),
    CustodyStep("failed-attempt", A.RECORD_FAILED_ATTEMPT, FailedAttempt, R.record_failed_attempt, "failure"),
    CustodyStep("hold", A.HOLD_AT_POST_OFFICE, Step, R.hold_at_post_office),
    CustodyStep("counter-collection", A.COLLECT_AT_COUNTER, Delivery, R.collect_at_counter, "receiver"),
    CustodyStep("return-to-agency", A.RETURN_TO_AGENCY, Step, R.return_to_agency),
)
BY_ACTION: dict[Action, CustodyStep] = {step.action: step for step in STEPS}
