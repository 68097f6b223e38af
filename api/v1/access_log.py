"""The access log for the administrator: who read or changed which citizen's dossier, as JSON or CSV."""

from __future__ import annotations

from flask import Response
from flask_openapi3 import APIBlueprint, Tag
from pydantic import Field, RootModel

from postal_service.queries.access_log import AccessRow, access_log, as_csv
from postal_service.services.schemas.fields import Clean, Day, Reference

from ..requests_context import context
from .common import BEARER, ERRORS, answer

bp = APIBlueprint("access_log", __name__, url_prefix="/api/v1", abp_tags=[Tag(name="access log")], abp_responses=ERRORS)


class AccessRows(RootModel[list[AccessRow]]):
    pass


class AccessQuery(Clean):
    reference: Reference | None = Field(None, description="one request's entries")
    actor: str | None = Field(None, max_length=64, description="one principal's entries, e.g. user:dispatcher")
    since: Day | None = Field(None, description="from this local day on")
    limit: int = Field(500, ge=1, le=10_000)


@bp.get("/access-log", responses={200: AccessRows}, security=BEARER)
def entries(query: AccessQuery) -> Response:
    """Newest first (Decree 13/2023): every read or change of a citizen's dossier, by whom and why."""
    return answer(access_log(context(), query.reference, query.actor, query.since, query.limit))


@bp.get("/access-log.csv", responses={200: {"content": {"text/csv": {}}}}, security=BEARER)
def export(query: AccessQuery) -> Response:
    """The same entries as a CSV file."""
    rows = access_log(context(), query.reference, query.actor, query.since, query.limit)
    headers = {"Content-Disposition": "attachment; filename=access-log.csv"}
    return Response(as_csv(rows), mimetype="text/csv", headers=headers)
