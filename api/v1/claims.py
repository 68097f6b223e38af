"""Claims: the citizen (or staff for them) files one about an envelope; the office hands it to someone and a
manager answers it within the legal time (5 working days within a province, 7 across)."""

from __future__ import annotations

from flask import Response
from flask_openapi3 import APIBlueprint, Tag
from pydantic import Field, RootModel

from postal_service.queries import catalogue
from postal_service.queries.claims import ClaimOut, claims_for_reference, office_claims
from postal_service.services import claims
from postal_service.services.schemas import ClaimAssignment, ClaimCreate, ClaimResolution
from postal_service.services.schemas.fields import Clean

from ..requests_context import context
from .common import BEARER, ERRORS, CodePath, ReferencePath, answer

bp = APIBlueprint("claims", __name__, url_prefix="/api/v1", abp_tags=[Tag(name="claims")], abp_responses=ERRORS)


class ClaimList(RootModel[list[ClaimOut]]):
    pass


class ClaimPath(Clean):
    claim_id: int = Field(ge=1, le=2_147_483_647)


class OfficeClaimsQuery(Clean):
    open_only: bool = Field(True, description="leave out the answered ones")


@bp.post("/requests/<reference>/claims", responses={201: ClaimOut}, security=BEARER)
def file(path: ReferencePath, body: ClaimCreate) -> Response:
    """A claim about one envelope of the request, within 6 months of its last step (422 after); the answer date
    is fixed now and texted to the citizen."""
    return answer(claims.file_claim(context(), path.reference, body), 201)


@bp.get("/requests/<reference>/claims", responses={200: ClaimList}, security=BEARER)
def of_request(path: ReferencePath) -> Response:
    return answer(claims_for_reference(context(), path.reference))


@bp.get("/post-offices/<code>/claims", responses={200: ClaimList}, security=BEARER)
def of_office(path: CodePath, query: OfficeClaimsQuery) -> Response:
    """The office's claims, the nearest answer date first, with the working days left."""
    ctx = context()
    office = catalogue.post_office(ctx, path.code)
    return answer(office_claims(ctx, office.id or 0, query.open_only))


@bp.post("/claims/<int:claim_id>/assignment", responses={200: ClaimOut}, security=BEARER)
def assign(path: ClaimPath, body: ClaimAssignment) -> Response:
    """Hand the claim to a member of the office's staff to look into."""
    return answer(claims.assign_claim(context(), path.claim_id, body))


@bp.post("/claims/<int:claim_id>/resolution", responses={200: ClaimOut}, security=BEARER)
def resolve(path: ClaimPath, body: ClaimResolution) -> Response:
    """A manager answers an assigned claim: upheld (compensation from the tariff, times the postal charge) or
    not; once (409 after); not by the one who filed it (403)."""
    return answer(claims.resolve_claim(context(), path.claim_id, body))
