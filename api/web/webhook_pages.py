"""Webhooks on a page: an agency's clerk (or an administrator, for any agency) registers its system's endpoints,
rotates a secret, removes an endpoint, reads the delivery log and sends a delivery again; an administrator also
sets the national portal's feed. The same services as the API (/api/v1/agencies/{code}/webhooks); a secret is
shown once, on the page that made it."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, render_template, request
from flask_babel import gettext as _
from pydantic import ValidationError
from werkzeug.wrappers import Response

from postal_service.domain.access import Capability, may
from postal_service.domain.webhooks import ALL, EVENTS
from postal_service.queries import catalogue
from postal_service.queries import webhooks as webhook_views
from postal_service.services import webhook_endpoints
from postal_service.services.schemas.webhooks import PortalFeed, WebhookCreate

from ..requests_context import context
from .common import field_errors, staff_page

bp = Blueprint("webhook_pages", __name__, url_prefix="/webhooks")


def _agencies() -> list[Any]:
    """The agencies this user manages: their own, or every one for an administrator."""
    ctx = context()
    agencies = catalogue.list_agencies(ctx)
    return [a for a in agencies if ctx.actor.agency_id in (None, a.id)]


def _page(code: str | None, status: int = 200, **shown: Any) -> tuple[str, int]:
    ctx = context()
    agencies = _agencies()
    code = code or (agencies[0].code if agencies else None)
    if code is not None and code not in {a.code for a in agencies}:
        abort(403)
    portal = webhook_views.portal_endpoint(ctx) if may(ctx.actor, Capability.MANAGE_CATALOGUE) else None
    page = render_template(
        "webhooks/index.html",
        agencies=agencies,
        code=code,
        endpoints=webhook_views.endpoints(ctx, code) if code else [],
        events=(ALL, *EVENTS),
        portal=portal,
        may_set_portal=may(ctx.actor, Capability.MANAGE_CATALOGUE),
        errors=shown.pop("errors", {}),
        **shown,
    )
    return page, status


@bp.get("")
@staff_page(Capability.MANAGE_WEBHOOKS)
def index() -> tuple[str, int]:
    return _page(request.args.get("agency"))


@bp.post("/<code>")
@staff_page(Capability.MANAGE_WEBHOOKS)
def create(code: str) -> tuple[str, int]:
    form = {"url": request.form.get("url", "").strip(), "events": request.form.getlist("events")}
    try:
        body = WebhookCreate.model_validate(form)
    except ValidationError as error:
        return _page(code, 422, errors=field_errors(error), form=form)
    endpoint = webhook_endpoints.create_endpoint(context(), code, body)
    context().session.flush()
    return _page(code, secret=endpoint.secret, secret_for=endpoint.id)


@bp.post("/<code>/<int:webhook_id>/rotation")
@staff_page(Capability.MANAGE_WEBHOOKS)
def rotate(code: str, webhook_id: int) -> tuple[str, int]:
    endpoint = webhook_endpoints.rotate_secret(context(), code, webhook_id)
    return _page(code, secret=endpoint.secret, secret_for=endpoint.id, previous_until=endpoint.previous_until)


@bp.post("/<code>/<int:webhook_id>/removal")
@staff_page(Capability.MANAGE_WEBHOOKS)
def remove(code: str, webhook_id: int) -> tuple[str, int]:
    webhook_endpoints.remove_endpoint(context(), code, webhook_id)
    context().session.flush()
    return _page(code, removed=webhook_id)


@bp.get("/<code>/<int:webhook_id>")
@staff_page(Capability.MANAGE_WEBHOOKS)
def log(code: str, webhook_id: int, resent: int | None = None) -> str:
    ctx = context()
    endpoint = webhook_endpoints.endpoint_of(ctx, code, webhook_id)
    deliveries = webhook_views.deliveries(ctx, code, webhook_id)
    return render_template("webhooks/log.html", code=code, endpoint=endpoint, deliveries=deliveries, resent=resent)


@bp.post("/<code>/<int:webhook_id>/deliveries/<int:delivery_id>/resend")
@staff_page(Capability.MANAGE_WEBHOOKS)
def resend(code: str, webhook_id: int, delivery_id: int) -> str:
    webhook_endpoints.resend(context(), code, webhook_id, delivery_id)
    context().session.flush()
    return log(code, webhook_id, resent=delivery_id)


@bp.post("/portal")
@staff_page(Capability.MANAGE_CATALOGUE)
def portal() -> tuple[str, int] | Response:
    try:
        body = PortalFeed.model_validate({"url": request.form.get("portal_url", "").strip()})
    except ValidationError as error:
        errors = {f"portal_{k}": v for k, v in field_errors(error).items()}
        return _page(request.args.get("agency"), 422, errors=errors)
    endpoint = webhook_endpoints.set_portal_endpoint(context(), str(body.url))
    return _page(request.args.get("agency"), secret=endpoint.secret, secret_for="portal", notice=_("Portal feed set."))
