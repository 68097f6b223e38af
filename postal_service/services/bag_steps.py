"""The registry of a bag's steps, declared once as the envelope's custody steps are (`step_registry`): the URL
segment, the bag's action (which gives the roles allowed, from `domain.bags.BAG_TRANSITIONS`), the input schema,
the use case (its docstring is the step's description), the words for it and the kind of form the pages show.
From `BAG_STEPS` come the API routes and their OpenAPI entries (`api/v1/bags.py`), the access rules, the page
forms (`templates/network/bag_forms.html`) and the action's words (`api/presentation.ACTION_LABELS`).

Recipe for a new bag step: its action and transition in `domain/bags.py` with the rule as a `Bag` method; the
envelopes' moves it causes as transitions in `domain/lifecycle._network` and a `NetworkLeg` method; its use case
here in `services/bags.py` (or `bag_unpacking.py`) with its schema in `services/schemas/bags.py`; one `BagStep`
below; its words translated in the catalogue; a test of the rule and one through the API."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel

from postal_service.db.tables import Bag as BagRow
from postal_service.domain.bags import BAG_TRANSITIONS, BagAction
from postal_service.domain.language import N_
from postal_service.domain.roles import Role

from . import bag_unpacking, bags
from .schemas.bags import BagBoarding, BagSeal, BagUnpacking, DriverHandover, EnvelopeScan, SealCheck


@dataclass(frozen=True)
class BagStep:
    path: str  # POST /api/v1/bags/{code}/{path}
    action: BagAction
    body: type[BaseModel]
    run: Callable[[Any, str, Any], BagRow]  # the use case: (ctx, bag code, body)
    label: str  # in English (N_), translated by the catalogue
    form: str  # which fields the page form asks for

    @property
    def endpoint(self) -> str:
        return self.path.replace("-", "_")

    @property
    def summary(self) -> str:
        return " ".join((self.run.__doc__ or self.action.value).split())

    @property
    def roles(self) -> frozenset[Role]:
        return frozenset(role for t in BAG_TRANSITIONS if t.action is self.action for role in t.roles)


A = BagAction
BAG_STEPS: tuple[BagStep, ...] = (
    BagStep("envelopes", A.ADD_ENVELOPE, EnvelopeScan, bags.add_envelope, N_("Put an envelope in the bag"), "envelope"),
    BagStep("take-out", A.TAKE_OUT, EnvelopeScan, bags.take_out, N_("Take an envelope back out"), "envelope"),
    BagStep("seal", A.SEAL, BagSeal, bags.seal, N_("Close and seal the bag"), "seal"),
    BagStep(
        "handover", A.HAND_TO_DRIVER, DriverHandover, bags.hand_to_driver, N_("Hand the bag to the driver"), "driver"
    ),
    BagStep("boarding", A.TAKE_ON_BOARD, BagBoarding, bags.take_on_board, N_("Take the bag on board"), "boarding"),
    BagStep("arrival", A.RECEIVE, SealCheck, bags.receive, N_("Receive the bag and check its seal"), "seal_check"),
    BagStep("unpacking", A.UNPACK, BagUnpacking, bag_unpacking.unpack, N_("Unpack against the manifest"), "unpack"),
)
BY_BAG_ACTION: dict[BagAction, BagStep] = {step.action: step for step in BAG_STEPS}
