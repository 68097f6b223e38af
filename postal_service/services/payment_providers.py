"""Payment providers behind one adapter: where the citizen pays (`checkout`), and how the provider's word is
read and proved. The embedded provider (`fake`, development only) behaves like a bank's VietQR transfer: a QR any
banking app scans, and a callback signed with the secret shared with us. VNPAY's merchant protocol is in
services/vnpay.py; PAYMENT_PROVIDER chooses."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from pydantic import BaseModel, Field, ValidationError

from postal_service.config import Settings
from postal_service.domain.errors import Forbidden, InvalidField
from postal_service.domain.online_payment import sign, signed_by, vietqr_payload

SIGNATURE_HEADER = "X-Payment-Signature"


class Callback(BaseModel):
    """What a provider tells us: this transfer of this amount paid this intent."""

    intent_ref: str = Field(min_length=1, max_length=24)
    transaction_id: str = Field(min_length=1, max_length=64)
    amount: int = Field(ge=0)
    status: str = Field(pattern="^(paid)$")


@dataclass(frozen=True)
class Intent:
    """A payment as a provider needs it: its reference, amount, when it started and from where."""

    intent_ref: str
    amount: int
    created_at: datetime
    client_ip: str


@dataclass(frozen=True)
class Checkout:
    pay_url: str  # where the citizen completes the payment
    qr_payload: str  # what a banking app scans


class Provider(Protocol):
    name: str

    def checkout(self, settings: Settings, intent: Intent, reference: str) -> Checkout: ...


class FakeBank:
    """The local stand-in for a bank: its payment page is ours (`/pay/fake/<intent>`), and it signs its callback
    with PAYMENT_CALLBACK_SECRET exactly as a bank would."""

    name = "fake"

    def checkout(self, settings: Settings, intent: Intent, reference: str) -> Checkout:
        purpose = f"{reference} {intent.intent_ref}"
        payload = vietqr_payload(settings.payment_bank_bin, settings.payment_account, intent.amount, purpose)
        return Checkout(pay_url=f"/pay/fake/{intent.intent_ref}", qr_payload=payload)

    def settle(self, settings: Settings, intent_ref: str, amount: int, transaction_id: str) -> tuple[bytes, str]:
        """The bank's side of a transfer made on its page: the callback it sends, and its signature."""
        body = json.dumps(
            {"intent_ref": intent_ref, "transaction_id": transaction_id, "amount": amount, "status": "paid"}
        ).encode()
        return body, sign(settings.payment_callback_secret.encode(), body)

    def read_callback(self, settings: Settings, body: bytes, signature: str | None) -> Callback:
        if not signed_by(settings.payment_callback_secret.encode(), body, signature):
            raise Forbidden(f"the callback is not signed by the provider ({SIGNATURE_HEADER})")
        try:
            return Callback.model_validate(json.loads(body))
        except (ValueError, ValidationError) as error:
            raise InvalidField.single("body", f"not a payment callback: {error}") from None
