"""A numbered receipt for every payment: what was paid, to whom it goes, how, when and who took it."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel
from sqlmodel import col, select

from postal_service.context import Context
from postal_service.db.tables import Payment
from postal_service.domain.errors import NotFound
from postal_service.domain.identifiers import receipt_number
from postal_service.domain.timeslots import LOCAL_TZ


class ReceiptOut(BaseModel):
    number: str
    kind: str  # postal_charge (the post's) | procedure_fee (the agency's, collected on its behalf)
    amount: int  # đồng
    method: str  # cash_to_courier | counter | online
    collected_by: str
    collected_at: datetime
    reason: str = ""  # why a refund (a negative amount) was made


def receipt_of(payment: Payment) -> str:
    """The payment's receipt number, filed under the local year it was taken in."""
    return receipt_number(payment.id or 0, payment.collected_at.astimezone(LOCAL_TZ).year)


def receipts_of(ctx: Context, request_id: int | None) -> list[ReceiptOut]:
    rows = ctx.session.exec(select(Payment).where(Payment.request_id == request_id).order_by(col(Payment.id)))
    return [
        ReceiptOut(
            number=receipt_of(p),
            kind=p.kind,
            amount=p.amount,
            method=p.method,
            collected_by=p.collected_by,
            collected_at=p.collected_at,
            reason=p.reason,
        )
        for p in rows
    ]


def one_of(receipts: list[ReceiptOut], number: str) -> ReceiptOut:
    """The receipt of that number among a request's (read with the request, so its access rule holds)."""
    found = next((r for r in receipts if r.number == number.strip().upper()), None)
    if found is None:
        raise NotFound(f"no receipt {number} on this request")
    return found
