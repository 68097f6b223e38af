"""Bags between points of the network: opened for a run, their steps (one route per registered bag step), their
manifest (bản kê) as a print view with the bag's signed QR label, and the caller's bags of the day."""

from __future__ import annotations

from collections.abc import Callable

from flask import Response, render_template
from flask_openapi3 import APIBlueprint, Tag
from pydantic import BaseModel, Field

from postal_service import qr
from postal_service.queries import bags as reads
from postal_service.services import bags
from postal_service.services.bag_steps import BAG_STEPS, BagStep
from postal_service.services.schemas.bags import BagOpen
from postal_service.services.schemas.fields import Clean

from ..requests_context import context
from .common import BEARER, ERRORS, answer

bp = APIBlueprint("bags", __name__, url_prefix="/api/v1/bags", abp_tags=[Tag(name="network")], abp_responses=ERRORS)


class BagPath(Clean):
    code: str = Field(min_length=1, max_length=16)


class BagSummary(BaseModel):
    code: str
    origin: str
    destination: str
    run: str
    departs: str
    status: str


class TodaysBags(BaseModel):
    leaving: list[BagSummary]  # still at the caller's point (or handed to the driver who asks)
    coming: list[BagSummary]  # on their way to it, or arrived and not unpacked (or in the driver's truck)


def _summary(bag: object) -> BagSummary:
    return BagSummary.model_validate(
        {
            name: getattr(bag, name) if name != "departs" else getattr(bag, name).isoformat()
            for name in BagSummary.model_fields
        }
    )


@bp.get("", responses={200: TodaysBags}, security=BEARER)
def todays() -> Response:
    leaving, coming = reads.todays_bags(context())
    return answer(TodaysBags(leaving=[_summary(b) for b in leaving], coming=[_summary(b) for b in coming]))


@bp.post("", responses={201: reads.BagOut}, security=BEARER)
def open_bag(body: BagOpen) -> Response:
    """Staff of an office or a hub: a new bag at their point for the next run to `destination` whose bags have
    not closed."""
    ctx = context()
    return answer(reads.bag_view(ctx, bags.open_bag(ctx, body).code), 201)


@bp.get("/<code>", responses={200: reads.BagOut}, security=BEARER)
def read(path: BagPath) -> Response:
    """The bag with its manifest and its own custody chain."""
    return answer(reads.bag_view(context(), path.code))


@bp.get("/<code>/qr.png", responses={200: {"content": {"image/png": {}}}}, security=BEARER)
def qr_png(path: BagPath) -> Response:
    """The bag's signed label, scanned by the driver who takes it and by the point that receives it."""
    ctx = context()
    bag = reads.bag_view(ctx, path.code)
    return Response(qr.render_png(qr.sign_bag(ctx.settings.qr_key_ring, bag.code)), mimetype="image/png")


@bp.get("/<code>/manifest", responses={200: {"content": {"text/html": {}}}}, security=BEARER)
def manifest(path: BagPath) -> Response:
    """The manifest (bản kê) as a print view: the bag's QR label, its run and seal, and every envelope in it."""
    ctx = context()
    bag = reads.bag_view(ctx, path.code)
    svg = qr.render_svg(qr.sign_bag(ctx.settings.qr_key_ring, bag.code)).decode()
    return Response(render_template("network/manifest.html", bag=bag, qr_svg=svg), mimetype="text/html")


def _step_view(step: BagStep) -> Callable[[BagPath, BaseModel], Response]:
    """One view per registered bag step; flask-openapi3 reads the body schema from the annotations."""

    def view(path: BagPath, body: BaseModel) -> Response:
        ctx = context()
        return answer(reads.bag_view(ctx, step.run(ctx, path.code, body).code))

    view.__name__ = step.endpoint
    view.__doc__ = f"{step.summary}\n\nRoles: {', '.join(sorted(r.value for r in step.roles))}."
    view.__annotations__ = {"path": BagPath, "body": step.body, "return": Response}
    return view


for _step in BAG_STEPS:
    bp.post(f"/<code>/{_step.path}", responses={200: reads.BagOut}, security=BEARER)(_step_view(_step))
