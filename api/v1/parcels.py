"""Parcels: read, list, and every custody step of both legs, one endpoint per step."""

from __future__ import annotations

from collections.abc import Callable

from flask import Response
from flask_openapi3 import APIBlueprint, Tag
from flask_openapi3.types import ResponseDict
from pydantic import Field, RootModel

from postal_service.domain.lifecycle import Leg
from postal_service.domain.paperwork import Paper
from postal_service.queries import paperwork, parcels, proofs
from postal_service.queries.parcels import ParcelRow
from postal_service.queries.views import ParcelOut
from postal_service.services import assignment
from postal_service.services.custody_steps import take_step
from postal_service.services.schemas import CourierAssignment, DoorPlace, DossierCode, Step
from postal_service.services.schemas.fields import Clean
from postal_service.services.step_registry import STEPS, CustodyStep

from ..pdf import pdf_response, render_pdf
from ..requests_context import context
from .common import ERRORS, STAFF_OR_SYSTEM, TrackingPath, answer

bp = APIBlueprint(
    "parcels",
    __name__,
    url_prefix="/api/v1/parcels",
    abp_tags=[Tag(name="parcels")],
    abp_responses=ERRORS,
    abp_security=STAFF_OR_SYSTEM,
)
DONE: ResponseDict = {200: ParcelOut}


class ParcelRows(RootModel[list[ParcelRow]]):
    pass


class ParcelQuery(Clean):
    status: str | None = Field(None, max_length=32)
    leg: Leg | None = None
    dossier_code: DossierCode | None = None
    limit: int = Field(200, ge=1, le=1000)


@bp.get("", responses={200: ParcelRows})
def list_parcels(query: ParcelQuery) -> Response:
    """Parcels the caller may see, newest change first; filter by status, leg or dossier code."""
    rows = parcels.list_parcels(context(), query.status, query.leg, query.dossier_code, query.limit)
    return answer(rows)


@bp.get("/<tracking>", responses={200: ParcelOut})
def read(path: TrackingPath) -> Response:
    return answer(parcels.get_parcel(context(), path.tracking))


@bp.get("/<tracking>/dossier.pdf", responses={200: {"content": {"application/pdf": {}}}})
def dossier_pdf(path: TrackingPath) -> Response:
    """The digitised dossier: the pages the courier photographed at intake, as one PDF (404 when none were)."""
    return Response(parcels.dossier_pdf(context(), path.tracking), mimetype="application/pdf")


class PaperPath(TrackingPath):
    paper: Paper


@bp.get("/<tracking>/papers/<paper>.pdf", responses={200: {"content": {"application/pdf": {}}}})
def paper_pdf(path: PaperPath) -> Response:
    """A paper of Circular 17 or form 02/03 as PDF, from the custody step it records: the dossier slip (intake),
    the handover record of the visit to the desk (staff only: it lists every envelope of the visit), the result
    handover, the supplement and rejection notices. 409 while its step has not happened."""
    paper = paperwork.paper_of(context(), path.tracking, path.paper)
    document = render_pdf(f"papers/{paper.paper.value}.html", paper=paper)
    return pdf_response(document, f"{paper.paper.value}-{paper.tracking_number}.pdf")


@bp.get("/<tracking>/proof.pdf", responses={200: {"content": {"application/pdf": {}}}})
def proof_pdf(path: TrackingPath) -> Response:
    """The envelope's proof as one PDF: each step with a signature, a photo or a proxy's authorisation, the images
    inline, both the post's and the phone's time, and the custody record of each. 409 while there is none."""
    document = render_pdf("papers/proof.html", paper=proofs.proof_of(context(), path.tracking))
    return pdf_response(document, f"proof-{path.tracking}.pdf")


@bp.post("/<tracking>/assignment", responses=DONE)
def assign(path: TrackingPath, body: CourierAssignment) -> Response:
    """Dispatcher: put the parcel on a courier's route."""
    return answer(assignment.assign_courier(context(), path.tracking, body))


@bp.post("/<tracking>/door", responses=DONE)
def place_door(path: TrackingPath, body: DoorPlace) -> Response:
    """Dispatcher: place the citizen's door of a parcel whose address came without coordinates (a stop the plan
    left out as `no_location`); the next plan routes it there."""
    return answer(assignment.place_door(context(), path.tracking, body))


def _step_view(step: CustodyStep) -> Callable[[TrackingPath, Step], Response]:
    """One view per registered custody step; flask-openapi3 reads the body schema from the annotations."""

    def view(path: TrackingPath, body: Step) -> Response:
        ctx = context()
        return answer(parcels.describe(ctx, take_step(ctx, path.tracking, step, body)))

    view.__name__ = step.endpoint
    view.__doc__ = f"{step.summary}\n\nRoles: {', '.join(sorted(r.value for r in step.roles))}."
    view.__annotations__ = {"path": TrackingPath, "body": step.body, "return": Response}
    return view


for _step in STEPS:
    bp.post(f"/<tracking>/{_step.path}", responses=DONE)(_step_view(_step))
