"""Several envelopes handed over at once, at an agency desk or a door: one request, one unit of work, the same custody
step for each envelope (each scanned or ticked, one event each), all recorded or none.

The requests are locked in id order, as every step locks its own, so a batch and a single step on one of its
envelopes queue: whichever comes second finds the envelope moved and is refused (409 naming it); a refused batch
writes nothing. The step's own input (a signature at a door, the receiver's name) is given once and holds for each
envelope, so one drawn signature is the proof of every envelope of the batch.
"""

from __future__ import annotations

from typing import Any

from pydantic import ValidationError
from sqlmodel import col, select

from postal_service.context import Context
from postal_service.db.repository import request_id_of
from postal_service.db.tables import Parcel
from postal_service.domain.errors import DomainError, InvalidField
from postal_service.domain.language import N_

from .custody_steps import take_step
from .schemas.handovers import HandoverBatch
from .step_registry import STEPS, CustodyStep

UNKNOWN_STEP = N_("no custody step has that name")
EACH_ENVELOPE = N_("a scanned label or the reason for none is given with each envelope, not for all")
BY_PATH = {step.path: step for step in STEPS}
PER_ENVELOPE = ("scanned_qr", "unscanned_reason")


def hand_over(ctx: Context, batch: HandoverBatch) -> list[Parcel]:
    step = BY_PATH.get(batch.step)
    if step is None:
        raise InvalidField({"step": UNKNOWN_STEP})
    misplaced = {f"fields.{name}": EACH_ENVELOPE for name in PER_ENVELOPE if name in batch.fields}
    if misplaced:  # a label scanned belongs to one envelope: never taken for all, never dropped
        raise InvalidField(misplaced)
    bodies = [_body(step, batch.fields, n, e.scanned_qr, e.unscanned_reason) for n, e in enumerate(batch.envelopes)]
    ids = {e.tracking_number: request_id_of(ctx.session, e.tracking_number) for e in batch.envelopes}
    order = sorted(range(len(bodies)), key=lambda n: (ids[batch.envelopes[n].tracking_number], n))
    parcel_ids = frozenset(_parcel_ids(ctx, list(ids)))
    taken = {}
    for n in order:
        tracking = batch.envelopes[n].tracking_number
        try:
            taken[n] = take_step(ctx, tracking, step, bodies[n], parcel_ids)
        except InvalidField as error:
            raise InvalidField({_where(n, field): message for field, message in error.errors.items()}) from None
        except DomainError as error:
            raise type(error)(f"{tracking}: {error}") from None
    return [taken[n] for n in range(len(bodies))]


def _body(step: CustodyStep, fields: dict[str, Any], n: int, scanned: str | None, unscanned: Any) -> Any:
    """The step's input for one envelope: the shared fields, and the envelope's own label or reason."""
    try:
        return step.body.model_validate({**fields, "scanned_qr": scanned, "unscanned_reason": unscanned})
    except ValidationError as error:
        named = {
            _where(n, ".".join(str(p) for p in e["loc"]) or "fields"): str(e["msg"]).removeprefix("Value error, ")
            for e in error.errors()
        }
        raise InvalidField(named) from None


def _where(n: int, field: str) -> str:
    return f"envelopes.{n}.{field}" if field in PER_ENVELOPE else f"fields.{field}"


def _parcel_ids(ctx: Context, trackings: list[str]) -> list[int]:
    return [i for i in ctx.session.exec(select(Parcel.id).where(col(Parcel.tracking_number).in_(trackings))) if i]
