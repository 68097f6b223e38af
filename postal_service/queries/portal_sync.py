"""What the National Public Service Portal, or a province's LGSP, pulls to reconcile what it missed (Decision
31/2021/QĐ-TTg, art. 30: postal send and receive information and fee payments synchronised to the portal): every
postal event of a dossier and every payment, each once, from a cursor the caller keeps.

The order is the writing transaction's, then the kind, then the row id (db/tables/columns.py). A page holds only
rows of transactions older than the oldest one still running, so a row committed late by a slow writer is never
passed over: it waits for the next page. The same horizon bounds both tables of one page. Both reads go through
the (txid, id) indexes: a page costs its own rows, whatever the history. No personal data is in a record (codes,
statuses and amounts only), so reading the feed discloses nobody.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel
from sqlalchemy import and_, false, or_, true
from sqlalchemy import select as sql_select
from sqlmodel import col, select

from postal_service.context import Context
from postal_service.db.queries import CHAIN_JOIN
from postal_service.db.tables import Agency, CustodyEvent, Parcel, Payment, Procedure, ServiceRequest
from postal_service.db.tables.columns import committed_before
from postal_service.domain.access import Capability, require
from postal_service.domain.errors import InvalidField
from postal_service.domain.national_status import POSTAL_CHANNEL
from postal_service.domain.roles import Role

from .receipts import receipt_of

Kind = Literal["postal_event", "fee_payment"]
RANK: dict[Kind, int] = {"postal_event": 0, "fee_payment": 1}  # within one transaction, events come first
BAD_CURSOR = "a cursor is the `next` of an earlier page, or absent to start from the beginning"
CURSOR_FORMAT = r"^[0-9]{1,18}\.[01]\.[0-9]{1,18}$"  # transaction . kind . row (each within a bigint)


@dataclass(frozen=True, order=True)
class Cursor:
    txid: int
    rank: int
    id: int

    def __str__(self) -> str:
        return f"{self.txid}.{self.rank}.{self.id}"

    @classmethod
    def parse(cls, text: str | None) -> Cursor:
        if not text:
            return cls(0, 0, 0)  # before every row: ids start at 1
        if not re.match(CURSOR_FORMAT, text):
            raise InvalidField.single("after", BAD_CURSOR)
        txid, rank, row = (int(part) for part in text.split("."))
        return cls(txid, rank, row)


class PortalRecord(BaseModel):
    """One postal event or payment of a dossier; README "Portal sync" names each field's source."""

    id: str  # stable across pages and resends: a receiver keeps what it has seen by it
    cursor: str
    kind: Kind
    occurred_at: datetime
    dossier_code: str | None  # the one-stop dossier code (MaHoSo); none while a send-only dossier awaits it
    procedure_code: str  # the national procedure code (MaTTHC)
    agency_code: str  # the receiving agency's code
    reference: str  # the postal request
    service: str  # send | receive | both
    channel: int  # 3: by public post
    tracking_number: str | None = None  # postal events: the envelope, its leg, what happened, its status after
    leg: str | None = None
    action: str | None = None
    status: str | None = None
    payment_kind: str | None = None  # payments: procedure_fee (the agency's) | postal_charge; refunds negative
    amount: int | None = None
    method: str | None = None
    receipt_number: str | None = None


class FeedPage(BaseModel):
    records: list[PortalRecord]
    next: str  # ask after this next time; unchanged when nothing new was committed


def feed(ctx: Context, after: str | None, limit: int) -> FeedPage:
    """Administrators and the portal's system read every agency's; an agency's key reads its own."""
    require(ctx.actor, Capability.READ_PORTAL_FEED)
    cursor = Cursor.parse(after)
    horizon = int(ctx.session.execute(sql_select(committed_before())).scalar_one())
    mine = Procedure.agency_id == ctx.actor.agency_id if ctx.actor.role is Role.AGENCY else true()
    records = sorted(
        _events(ctx, cursor, horizon, mine, limit) + _payments(ctx, cursor, horizon, mine, limit),
        key=lambda r: Cursor.parse(r.cursor),
    )[:limit]
    return FeedPage(records=records, next=records[-1].cursor if records else str(cursor))


def _after(txid: Any, row_id: Any, cursor: Cursor, rank: int) -> Any:
    """Past the cursor in (transaction, kind, id) order, for rows of one kind."""
    same_transaction = row_id > cursor.id if rank == cursor.rank else (true() if rank > cursor.rank else false())
    return or_(txid > cursor.txid, and_(txid == cursor.txid, same_transaction))


def _about(ctx: Context, requests: list[ServiceRequest]) -> dict[int, dict[str, Any]]:
    """What every record of a request says of its dossier, by request id (one catalogue read for the page)."""
    ids = {r.procedure_id for r in requests}
    codes = {
        procedure_id: (procedure_code, agency_code)
        for procedure_id, procedure_code, agency_code in ctx.session.exec(
            select(Procedure.id, Procedure.code, Agency.code)
            .join(Agency, col(Agency.id) == col(Procedure.agency_id))
            .where(col(Procedure.id).in_(ids))
        )
    }
    return {
        r.id or 0: {
            "dossier_code": r.dossier_code,
            "procedure_code": codes[r.procedure_id][0],
            "agency_code": codes[r.procedure_id][1],
            "reference": r.reference,
            "service": r.service,
            "channel": POSTAL_CHANNEL,
        }
        for r in requests
    }


def _events(ctx: Context, cursor: Cursor, horizon: int, mine: Any, limit: int) -> list[PortalRecord]:
    rank = RANK["postal_event"]
    rows = ctx.session.exec(
        select(CustodyEvent, Parcel, ServiceRequest)
        .join(Parcel, CHAIN_JOIN)
        .join(ServiceRequest, col(ServiceRequest.id) == col(Parcel.request_id))
        .join(Procedure, col(Procedure.id) == col(ServiceRequest.procedure_id))
        .where(_after(col(CustodyEvent.txid), col(CustodyEvent.id), cursor, rank), col(CustodyEvent.txid) < horizon)
        .where(col(CustodyEvent.from_status) != col(CustodyEvent.to_status), mine)
        .order_by(col(CustodyEvent.txid), col(CustodyEvent.id))
        .limit(limit)
    ).all()
    about = _about(ctx, [request for _, _, request in rows])
    return [
        PortalRecord(
            id=f"event-{event.id}",
            cursor=str(Cursor(event.txid or 0, rank, event.id or 0)),
            kind="postal_event",
            occurred_at=event.occurred_at,
            tracking_number=parcel.tracking_number,
            leg=parcel.leg,
            action=event.action,
            status=event.to_status,
            **about[request.id or 0],
        )
        for event, parcel, request in rows
    ]


def _payments(ctx: Context, cursor: Cursor, horizon: int, mine: Any, limit: int) -> list[PortalRecord]:
    rank = RANK["fee_payment"]
    rows = ctx.session.exec(
        select(Payment, ServiceRequest)
        .join(ServiceRequest, col(ServiceRequest.id) == col(Payment.request_id))
        .join(Procedure, col(Procedure.id) == col(ServiceRequest.procedure_id))
        .where(_after(col(Payment.txid), col(Payment.id), cursor, rank), col(Payment.txid) < horizon, mine)
        .order_by(col(Payment.txid), col(Payment.id))
        .limit(limit)
    ).all()
    about = _about(ctx, [request for _, request in rows])
    return [
        PortalRecord(
            id=f"payment-{payment.id}",
            cursor=str(Cursor(payment.txid or 0, rank, payment.id or 0)),
            kind="fee_payment",
            occurred_at=payment.collected_at,
            payment_kind=payment.kind,
            amount=payment.amount,
            method=payment.method,
            receipt_number=receipt_of(payment),
            **about[request.id or 0],
        )
        for payment, request in rows
    ]
