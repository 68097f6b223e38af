"""A plan's state, as the dispatcher's page polls it while a worker solves."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from pydantic import BaseModel

from postal_service.context import Context
from postal_service.db.tables import PlanRun, PostOffice
from postal_service.domain.access import Capability, may_plan_for, require
from postal_service.domain.errors import Forbidden, NotFound


def plan_run(ctx: Context, run_id: int) -> tuple[PlanRun, PostOffice]:
    require(ctx.actor, Capability.PLAN_ROUTES)
    run = ctx.session.get(PlanRun, run_id)
    office = ctx.session.get(PostOffice, run.post_office_id) if run else None
    if run is None or office is None:
        raise NotFound(f"no plan {run_id}")
    if not may_plan_for(ctx.actor, office.id):
        raise Forbidden("a dispatcher sees only the plans of their own post office")
    return run, office


class PlanOut(BaseModel):
    id: int
    post_office_code: str
    day: date
    status: str  # queued | running | done | unchanged (same inputs as the plan in force) | failed
    trigger: str
    started_at: datetime
    finished_at: datetime | None
    vehicles: int
    distance_m: int
    seconds: float
    unassigned: list[dict[str, Any]]
    note: str


def plan_view(ctx: Context, run_id: int) -> PlanOut:
    run, office = plan_run(ctx, run_id)
    return PlanOut(post_office_code=office.code, **run.model_dump(exclude={"post_office_id", "inputs_digest"}))
