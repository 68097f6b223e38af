"""The address a label's QR opens: a public status page that shows no personal data."""

from __future__ import annotations

from flask import Blueprint, current_app, redirect, render_template, session, url_for
from werkzeug.wrappers import Response

from postal_service import qr
from postal_service.queries import parcels

from ..requests_context import context

bp = Blueprint("public", __name__)


@bp.get("/sw.js")
def service_worker() -> Response:
    """The courier's day offline (api/static/sw.js), served from the root so it may control /courier pages; always
    checked afresh, so a new version reaches the phones at their next load."""
    response = current_app.send_static_file("sw.js")
    response.headers["Cache-Control"] = "no-cache"
    return response


@bp.get("/t/<token>")
def track(token: str) -> str | Response:
    """Anyone holding the envelope sees where it is; its owner, signed in, goes to the whole timeline."""
    ctx = context()
    envelope = qr.verify(ctx.settings.qr_key_ring, token)
    status = parcels.public_status(ctx, envelope.tracking_number)
    if session.get("citizen") == status.reference:
        return redirect(url_for("citizen.track", reference=status.reference))
    return render_template("public_status.html", status=status)


@bp.get("/")
def home() -> str:
    return render_template("home.html")
