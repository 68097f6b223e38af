"""An agency system's webhooks: register an endpoint, rotate its secret, read the delivery log, send again."""

from __future__ import annotations

from flask import Response
from flask_openapi3 import APIBlueprint, Tag
from pydantic import BaseModel, Field, RootModel

from postal_service.queries import portal_sync
from postal_service.queries import webhooks as webhook_views
from postal_service.queries.portal_sync import CURSOR_FORMAT, FeedPage
from postal_service.queries.webhooks import DeliveryOut, WebhookOut
from postal_service.services import webhook_endpoints
from postal_service.services.schemas.fields import Clean
from postal_service.services.schemas.webhooks import PortalFeed, WebhookCreate, WebhookSecret

from ..requests_context import context
from .common import ERRORS, STAFF_OR_SYSTEM, CodePath, answer

bp = APIBlueprint("webhooks", __name__, url_prefix="/api/v1", abp_tags=[Tag(name="webhooks")], abp_responses=ERRORS)
ID = Field(ge=1, le=2_147_483_647)


class EndpointPath(CodePath):
    webhook_id: int = ID


class DeliveryPath(EndpointPath):
    delivery_id: int = ID


class WebhookList(RootModel[list[WebhookOut]]):
    pass


class DeliveryList(RootModel[list[DeliveryOut]]):
    pass


class Removed(BaseModel):
    removed: bool = True


class Resent(Clean):
    id: int
    status: str


def _secret(endpoint) -> WebhookSecret:  # type: ignore[no-untyped-def]
    return WebhookSecret(id=endpoint.id or 0, secret=endpoint.secret, previous_valid_until=endpoint.previous_until)


@bp.post("/agencies/<code>/webhooks", responses={201: WebhookSecret}, security=STAFF_OR_SYSTEM)
def create(path: CodePath, body: WebhookCreate) -> Response:
    """Register an endpoint; the answer shows its signing secret, once."""
    return answer(_secret(webhook_endpoints.create_endpoint(context(), path.code, body)), 201)


@bp.get("/agencies/<code>/webhooks", responses={200: WebhookList}, security=STAFF_OR_SYSTEM)
def list_endpoints(path: CodePath) -> Response:
    return answer(webhook_views.endpoints(context(), path.code))


@bp.post(
    "/agencies/<code>/webhooks/<int:webhook_id>/rotation", responses={200: WebhookSecret}, security=STAFF_OR_SYSTEM
)
def rotate(path: EndpointPath) -> Response:
    """A new secret, shown once; the old one still signs (a second v1) until previous_valid_until."""
    return answer(_secret(webhook_endpoints.rotate_secret(context(), path.code, path.webhook_id)))


@bp.delete("/agencies/<code>/webhooks/<int:webhook_id>", responses={200: Removed}, security=STAFF_OR_SYSTEM)
def remove(path: EndpointPath) -> Response:
    webhook_endpoints.remove_endpoint(context(), path.code, path.webhook_id)
    return answer(Removed())


@bp.get(
    "/agencies/<code>/webhooks/<int:webhook_id>/deliveries",
    responses={200: DeliveryList},
    security=STAFF_OR_SYSTEM,
)
def deliveries(path: EndpointPath) -> Response:
    """The newest 100 deliveries, each with every attempt: the answer or the failure, and how long it took."""
    return answer(webhook_views.deliveries(context(), path.code, path.webhook_id))


@bp.post(
    "/agencies/<code>/webhooks/<int:webhook_id>/deliveries/<int:delivery_id>/resend",
    responses={202: Resent},
    security=STAFF_OR_SYSTEM,
)
def resend(path: DeliveryPath) -> Response:
    """Send a delivery again (a dead one too), with a fresh count of tries."""
    delivery = webhook_endpoints.resend(context(), path.code, path.webhook_id, path.delivery_id)
    return answer(Resent(id=delivery.id or 0, status=delivery.status), 202)


@bp.post("/portal-feed", responses={201: WebhookSecret}, security=STAFF_OR_SYSTEM)
def portal_feed(body: PortalFeed) -> Response:
    """Administrator: where the national portal takes every dossier's postal status (replaces the one before)."""
    return answer(_secret(webhook_endpoints.set_portal_endpoint(context(), str(body.url))), 201)


class FeedQuery(Clean):
    after: str | None = Field(
        None, pattern=CURSOR_FORMAT, description="the `next` of the page before; absent: from the start"
    )
    limit: int = Field(100, ge=1, le=500)


@bp.get("/portal-feed/events", responses={200: FeedPage}, security=STAFF_OR_SYSTEM)
def portal_events(query: FeedQuery) -> Response:
    """Every dossier's postal events and payments since `after`, each once, in the order they committed: the
    portal (or an agency, for its own dossiers) reconciles what its pushes missed (README, "Portal sync")."""
    return answer(portal_sync.feed(context(), query.after, query.limit))
