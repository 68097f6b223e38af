"""Postal prices as data: every price table ever entered (public: they are the published tariff), and a new one
from a coming day (an administrator)."""

from __future__ import annotations

from flask import Response
from flask_openapi3 import APIBlueprint, Tag
from pydantic import RootModel

from postal_service.queries import tariffs as reads
from postal_service.queries.tariffs import TariffOut
from postal_service.services import tariffs
from postal_service.services.schemas.tariffs import TariffCreate

from ..requests_context import context
from .common import BEARER, ERRORS, answer

bp = APIBlueprint("tariffs", __name__, url_prefix="/api/v1", abp_tags=[Tag(name="money")], abp_responses=ERRORS)


class TariffHistory(RootModel[list[TariffOut]]):
    pass


@bp.get("/tariffs", responses={200: TariffHistory})
def history() -> Response:
    """Every price table, the latest to apply first; a booking's quote names the one it was priced with."""
    return answer(reads.history(context()))


@bp.post("/tariffs", responses={201: TariffOut}, security=BEARER)
def add(body: TariffCreate) -> Response:
    """Administrator: a new price table from tomorrow or later, for the country or one province (422 naming each
    bad field: a zone unpriced, bands out of order, no open last band, a day not to come; 409 when a table
    already applies from that day there)."""
    return answer(tariffs.add(context(), body), 201)
