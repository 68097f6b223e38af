"""The network between offices: exchange hubs, the trunk runs of the timetable, and the earliest journey."""

from __future__ import annotations

from flask import Response
from flask_openapi3 import APIBlueprint, Tag
from pydantic import BaseModel, Field, RootModel

from postal_service.domain.errors import NotFound
from postal_service.queries import network as reads
from postal_service.queries.inbound import InboundOut, inbound
from postal_service.services import network
from postal_service.services.schemas.fields import AwareDatetime, Clean
from postal_service.services.schemas.network import HubCreate, PointCode, RunCreate, TimetableLoad

from ..requests_context import context
from .common import BEARER, ERRORS, answer

agencies = APIBlueprint("inbound", __name__, url_prefix="/api/v1", abp_tags=[Tag(name="network")], abp_responses=ERRORS)
bp = APIBlueprint(
    "network", __name__, url_prefix="/api/v1/network", abp_tags=[Tag(name="network")], abp_responses=ERRORS
)


class HubList(RootModel[list[reads.HubOut]]):
    pass


class RunList(RootModel[list[reads.RunOut]]):
    pass


class RunQuery(Clean):
    point: PointCode | None = None


class RunPath(Clean):
    code: str = Field(min_length=1, max_length=16)


class JourneyQuery(Clean):
    origin: PointCode
    destination: PointCode
    ready: AwareDatetime = Field(description="when the envelope is at the origin, ready to be bagged")


class InboundList(RootModel[list[InboundOut]]):
    pass


class AgencyPath(Clean):
    code: str = Field(min_length=1, max_length=16)


class Loaded(BaseModel):
    runs: int


@bp.get("/hubs", responses={200: HubList}, security=BEARER)
def hubs() -> Response:
    return answer([reads.HubOut.model_validate(h, from_attributes=True) for h in reads.list_hubs(context())])


@bp.post("/hubs", responses={201: reads.HubOut}, security=BEARER)
def create_hub(body: HubCreate) -> Response:
    """Administrator: an exchange centre that opens, sorts and re-bags."""
    return answer(reads.HubOut.model_validate(network.create_hub(context(), body), from_attributes=True), 201)


@bp.get("/runs", responses={200: RunList}, security=BEARER)
def runs(query: RunQuery) -> Response:
    """The timetable's runs, or those leaving or reaching one office or hub."""
    return answer([reads.run_view(row) for row in reads.list_runs(context(), query.point)])


@bp.post("/runs", responses={201: reads.RunOut}, security=BEARER)
def add_run(body: RunCreate) -> Response:
    """Administrator: one more scheduled run."""
    return answer(reads.run_view(network.add_run(context(), body)), 201)


class Removed(BaseModel):
    removed: bool = True


@bp.delete("/runs/<code>", responses={200: Removed}, security=BEARER)
def remove_run(path: RunPath) -> Response:
    """Administrator: the run no longer runs; envelopes already routed over it keep their planned path."""
    network.remove_run(context(), path.code)
    return answer(Removed())


@bp.put("/timetable", responses={200: Loaded}, security=BEARER)
def load_timetable(body: TimetableLoad) -> Response:
    """Administrator: a whole timetable; its hubs are added or renamed and its runs replace every run. Every
    bad line is answered 422 by its place (`runs[3].arrives`), and nothing is changed."""
    return answer(Loaded(runs=network.load_timetable(context(), body)))


@bp.get("/journey", responses={200: reads.JourneyOut}, security=BEARER)
def journey(query: JourneyQuery) -> Response:
    """The earliest arrival over the timetable, hop by hop, with each bag's closing time."""
    hops = reads.earliest(context(), query.origin, query.destination, query.ready)
    if hops is None:
        raise NotFound(f"no run joins {query.origin} to {query.destination}")
    return answer(reads.journey_view(hops, query.ready))


@agencies.get("/agencies/<code>/inbound", responses={200: InboundList}, security=BEARER)
def inbound_dossiers(path: AgencyPath) -> Response:
    """The agency's system: its dossiers on their way from another province, soonest first, each with the office
    that hands it over and when it is expected there (the same time the `dossier.inbound` webhook carries)."""
    return answer(inbound(context(), path.code))
