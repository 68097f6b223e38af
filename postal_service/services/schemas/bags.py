"""What staff and drivers send to move bags: open one for a run, scan envelopes in, seal, hand over, take on
board, receive with the seal checked, unpack against the manifest."""

from __future__ import annotations

from typing import Annotated, Any, Self

from pydantic import ConfigDict, Field, model_validator

from postal_service.domain import network
from postal_service.domain.identifiers import TRACKING_FORMAT

from .fields import Strict, Username, present, state_the_text_rule
from .network import PointCode

SealNumber = Annotated[str, Field(min_length=3, max_length=32, pattern=r"^[A-Za-z0-9\-]+$", examples=["KC-000123"])]
Label = Annotated[str, Field(min_length=10, max_length=300, description="the payload of a scanned QR label")]
Tracking = Annotated[str, Field(pattern=TRACKING_FORMAT, examples=["RH000000015VN"])]


class BagOpen(Strict):
    """A bag from the caller's point to the next one, for the next run whose bags have not closed (or the run
    named)."""

    destination: PointCode
    run: str | None = Field(None, pattern=network.RUN_CODE_FORMAT)


def _state_the_scan_rule(schema: dict[str, Any]) -> None:
    state_the_text_rule(schema)
    schema["anyOf"] = [present(scanned_qr="string"), present(tracking_number="string")]


class EnvelopeScan(Strict):
    """An envelope scanned into the bag (or back out of it while it is open): its label (as the phone read it) or
    its tracking number typed; given both, they must name the same envelope."""

    model_config = ConfigDict(json_schema_extra=_state_the_scan_rule)

    scanned_qr: Label | None = None
    tracking_number: Tracking | None = None

    @model_validator(mode="after")
    def _one_of_them(self) -> Self:
        if self.scanned_qr is None and self.tracking_number is None:
            raise ValueError("give the scanned label or the tracking number")
        return self


class BagSeal(Strict):
    seal_number: SealNumber


class DriverHandover(Strict):
    driver_username: Username


class BagBoarding(Strict):
    """The driver scans the bag's own label: the bag in hand is the bag handed over."""

    scanned_qr: Label


class SealCheck(Strict):
    seal_number: SealNumber = Field(description="the number read on the seal as the bag arrives")
    note: str | None = Field(None, max_length=500)


class BagUnpacking(Strict):
    """Every envelope found in the bag, scanned out (labels or tracking numbers); what the manifest lists and is
    not here is missing, what is here and not on it is extra."""

    scanned: list[Annotated[str, Field(min_length=13, max_length=300)]] = Field(max_length=500)
