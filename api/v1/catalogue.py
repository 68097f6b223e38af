"""The catalogue: units, agencies, procedures, post offices, slots, staff and API keys."""

from __future__ import annotations

from flask import Response
from flask_openapi3 import APIBlueprint, Tag
from pydantic import BaseModel, Field, RootModel

from postal_service.queries import catalogue as reads
from postal_service.queries import geography
from postal_service.queries.catalogue_views import AgencyOut, PostOfficeOut, ProcedureOut, SlotOut, StaffOut
from postal_service.queries.slots import offered_slots
from postal_service.services import auth, catalogue
from postal_service.services.schemas import (
    AgencyCreate,
    ApiKeyCreate,
    PostOfficeCreate,
    ProcedureCreate,
    ProvinceCode,
    StaffCreate,
)
from postal_service.services.schemas.fields import Clean, Day

from ..requests_context import context
from .common import BEARER, ERRORS, CodePath, answer

bp = APIBlueprint("catalogue", __name__, url_prefix="/api/v1", abp_tags=[Tag(name="catalogue")], abp_responses=ERRORS)


class Unit(BaseModel):
    code: int
    name: str


class UnitList(RootModel[list[Unit]]):
    pass


class AgencyList(RootModel[list[AgencyOut]]):
    pass


class ProcedureList(RootModel[list[ProcedureOut]]):
    pass


class PostOfficeList(RootModel[list[PostOfficeOut]]):
    pass


class SlotList(RootModel[list[SlotOut]]):
    pass


class StaffList(RootModel[list[StaffOut]]):
    pass


class ProvincePath(Clean):
    code: ProvinceCode


class AgencyQuery(Clean):
    province_code: ProvinceCode | None = None


class ProcedureQuery(Clean):
    agency_code: str | None = Field(None, max_length=16)


class SlotQuery(Clean):
    date: Day


class ApiKeyOut(BaseModel):
    api_key: str = Field(description="shown once; only its digest is stored")


@bp.get("/provinces", responses={200: UnitList})
def provinces() -> Response:
    """The 34 current provinces and centrally governed cities."""
    return answer([Unit(code=c, name=n) for c, n in sorted(geography.provinces().items())])


@bp.get("/provinces/<int:code>/communes", responses={200: UnitList})
def communes(path: ProvincePath) -> Response:
    return answer([Unit(code=c, name=n) for c, n in geography.communes_of(path.code)])


@bp.get("/agencies", responses={200: AgencyList})
def agencies(query: AgencyQuery) -> Response:
    rows = reads.list_agencies(context(), query.province_code)
    return answer([AgencyOut.model_validate(a, from_attributes=True) for a in rows])


@bp.post("/agencies", responses={201: AgencyOut}, security=BEARER)
def create_agency(body: AgencyCreate) -> Response:
    return answer(AgencyOut.model_validate(catalogue.create_agency(context(), body), from_attributes=True), 201)


@bp.get("/procedures", responses={200: ProcedureList})
def procedures(query: ProcedureQuery) -> Response:
    ctx = context()
    return answer([reads.procedure_view(ctx, p) for p in reads.list_procedures(ctx, query.agency_code)])


@bp.get("/procedures/<code>", responses={200: ProcedureOut})
def procedure(path: CodePath) -> Response:
    ctx = context()
    return answer(reads.procedure_view(ctx, reads.procedure(ctx, path.code)))


@bp.post("/procedures", responses={201: ProcedureOut}, security=BEARER)
def create_procedure(body: ProcedureCreate) -> Response:
    ctx = context()
    return answer(reads.procedure_view(ctx, catalogue.create_procedure(ctx, body)), 201)


@bp.get("/post-offices", responses={200: PostOfficeList})
def post_offices() -> Response:
    rows = reads.list_post_offices(context())
    return answer([PostOfficeOut.model_validate(o, from_attributes=True) for o in rows])


@bp.post("/post-offices", responses={201: PostOfficeOut}, security=BEARER)
def create_post_office(body: PostOfficeCreate) -> Response:
    office = catalogue.create_post_office(context(), body)
    return answer(PostOfficeOut.model_validate(office, from_attributes=True), 201)


@bp.get("/post-offices/<code>/slots", responses={200: SlotList})
def slots(path: CodePath, query: SlotQuery) -> Response:
    """Pickup slots of one day with places left; full slots are listed with 0 so the page can grey them out."""
    ctx = context()
    office = reads.post_office(ctx, path.code)
    offered = offered_slots(ctx, office, query.date)
    return answer(
        [SlotOut(start=s.start, end=s.end, label=s.local_label(), places_left=max(left, 0)) for s, left in offered]
    )


@bp.post("/staff", responses={201: StaffOut}, security=BEARER)
def create_staff(body: StaffCreate) -> Response:
    """Create a courier, agency clerk, dispatcher or administrator account."""
    return answer(StaffOut.model_validate(catalogue.create_staff(context(), body), from_attributes=True), 201)


@bp.get("/couriers", responses={200: StaffList}, security=BEARER)
def couriers() -> Response:
    """Couriers of the caller's post office (all of them for clerks and administrators)."""
    rows = reads.list_couriers(context())
    return answer([StaffOut.model_validate(u, from_attributes=True) for u in rows])


class UsernamePath(Clean):
    username: str = Field(min_length=1, max_length=64)


class KeyIdPath(Clean):
    key_id: str = Field(min_length=1, max_length=32)


class Revoked(BaseModel):
    revoked: bool = True


@bp.post("/staff/<username>/revocation", responses={200: Revoked}, security=BEARER)
def revoke_staff(path: UsernamePath) -> Response:
    """Administrator: end every session and token of this user (a lost phone, a leaving employee)."""
    auth.revoke_user_access(context(), path.username)
    return answer(Revoked())


@bp.post("/api-keys/<key_id>/revocation", responses={200: Revoked}, security=BEARER)
def revoke_api_key(path: KeyIdPath) -> Response:
    """Administrator: the agency system's key stops working at once."""
    auth.revoke_api_key(context(), path.key_id)
    return answer(Revoked())


@bp.post("/api-keys", responses={201: ApiKeyOut}, security=BEARER)
def create_api_key(body: ApiKeyCreate) -> Response:
    """Issue a key for one agency's information system."""
    return answer(ApiKeyOut(api_key=auth.create_api_key(context(), body.agency_code, body.label)), 201)
