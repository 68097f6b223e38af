"""A handover of several envelopes at once (an agency desk, a door): each envelope scanned or ticked, the step's
own input given once for all."""

from __future__ import annotations

from typing import Any, Self

from pydantic import Field, model_validator

from postal_service.domain.scanning import UnscannedReason

from .bags import Tracking
from .fields import Strict

MAX_ENVELOPES = 50  # a desk's visit; more is a bag's work (the network)


class BatchEnvelope(Strict):
    tracking_number: Tracking
    scanned_qr: str | None = Field(None, max_length=512, description="the envelope's label as scanned")
    unscanned_reason: UnscannedReason | None = Field(None, description="why the label was not scanned (ticked)")


class HandoverBatch(Strict):
    step: str = Field(max_length=40, examples=["result-collection"], description="the custody step's path segment")
    envelopes: list[BatchEnvelope] = Field(min_length=1, max_length=MAX_ENVELOPES)
    fields: dict[str, Any] = Field(default_factory=dict, description="the step's own input, the same for each")

    @model_validator(mode="after")
    def _each_envelope_once(self) -> Self:
        trackings = [e.tracking_number for e in self.envelopes]
        if len(set(trackings)) != len(trackings):
            raise ValueError("each envelope is named once")
        return self
