"""What a booking resolved to before the request exists: the catalogue's answer, the firm quote, the numbers issued.

`Request.book` (domain/aggregate.py) opens the request from it; `services/booking.py` gathers it through its store.
"""

from __future__ import annotations

from dataclasses import dataclass

from .lifecycle import Leg
from .money import Exemption
from .timeslots import Slot


@dataclass(frozen=True)
class Booking:
    """What a booking resolved to before anything exists: the catalogue's answer and the firm quote."""

    reference: str
    service: str
    envelopes: dict[Leg, str]  # the tracking number issued for each leg of the service
    post_office_id: int
    agency_code: str
    documents: tuple[str, ...]
    postal_charge: int
    procedure_fee: int
    leg_charges: dict[str, int]
    exemption: Exemption
    contact_id_number: str
    dossier_code: str | None
    pickup: Slot | None  # the slot a courier collects the dossier in; None when it is dropped off or not sent
    witnessed: dict[str, str]  # what staff booking at the counter record with it (who, the consent signature)
    result_receiver_id_number: str | None = None  # whom a one-stop order sends the result to, when not the sender
