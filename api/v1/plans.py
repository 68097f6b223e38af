"""Plans of a post office's day: asked for here, solved by a worker, followed by polling."""

from __future__ import annotations

from flask import Response
from flask_openapi3 import APIBlueprint, Tag
from pydantic import Field

from postal_service.queries import catalogue
from postal_service.queries.plans import PlanOut, plan_view
from postal_service.services import plan_requests
from postal_service.services.schemas import Strict
from postal_service.services.schemas.fields import Clean, Day
from postal_service.worker import enqueue_plan

from ..requests_context import context, services
from .common import BEARER, ERRORS, CodePath, answer

bp = APIBlueprint("plans", __name__, url_prefix="/api/v1", abp_tags=[Tag(name="plans")], abp_responses=ERRORS)


class PlanRequest(Strict):
    day: Day | None = Field(None, description="the local day to plan; today by default")


class PlanPath(Clean):
    plan_id: int = Field(ge=1, le=2_147_483_647)


@bp.post("/post-offices/<code>/plans", responses={202: PlanOut}, security=BEARER)
def request_plan(path: CodePath, body: PlanRequest) -> Response:
    """Plan (or re-plan) the office's day on a worker; poll GET /plans/{plan_id} until it is done or failed."""
    ctx = context()
    run = plan_requests.request_plan(ctx, catalogue.post_office(ctx, path.code), body.day or ctx.today)
    enqueue_plan(services().tasks, run.id or 0)
    return answer(plan_view(ctx, run.id or 0), 202)


@bp.get("/plans/<int:plan_id>", responses={200: PlanOut}, security=BEARER)
def read_plan(path: PlanPath) -> Response:
    return answer(plan_view(context(), path.plan_id))
