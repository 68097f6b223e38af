"""Couriers' cash: each day's expected amount, counted in at the post office, signed off by a manager."""

from __future__ import annotations

from flask import Response
from flask_openapi3 import APIBlueprint, Tag
from pydantic import Field, RootModel

from postal_service.queries import catalogue
from postal_service.queries.cash import CashDayOut, CourierCashOut, office_cash
from postal_service.services import cash
from postal_service.services.schemas import CashHandIn, CashSignOff
from postal_service.services.schemas.fields import Clean, Day

from ..requests_context import context
from .common import BEARER, ERRORS, CodePath, answer

bp = APIBlueprint("cash", __name__, url_prefix="/api/v1", abp_tags=[Tag(name="cash")], abp_responses=ERRORS)


class CourierCashList(RootModel[list[CourierCashOut]]):
    pass


class CashQuery(Clean):
    day: Day | None = Field(None, description="the local day; today by default")


class HandoverPath(Clean):
    handover_id: int = Field(ge=1, le=2_147_483_647)


@bp.get("/post-offices/<code>/cash", responses={200: CourierCashList}, security=BEARER)
def office_day(path: CodePath, query: CashQuery) -> Response:
    """Each courier of the office: cash the payments expect for the day, and the handover once counted."""
    ctx = context()
    return answer(office_cash(ctx, catalogue.post_office(ctx, path.code), query.day or ctx.today))


@bp.post("/post-offices/<code>/cash-handovers", responses={201: CashDayOut}, security=BEARER)
def count_in(path: CodePath, body: CashHandIn) -> Response:
    """Count a courier's cash of the day in; a difference from the payments is flagged."""
    ctx = context()
    return answer(cash.count_in(ctx, catalogue.post_office(ctx, path.code), body), 201)


@bp.post("/cash-handovers/<int:handover_id>/sign-off", responses={200: CashDayOut}, security=BEARER)
def sign_off(path: HandoverPath, body: CashSignOff) -> Response:
    """A manager closes the courier's cash day; not the person who counted it (403), and only once (409)."""
    return answer(cash.sign_off(context(), path.handover_id, body))
