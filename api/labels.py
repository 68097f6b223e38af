"""The address a label's QR opens: a public status page that shows no personal data."""

from __future__ import annotations

from flask import Blueprint, render_template

from postal_service import qr
from postal_service.services import tracking

from .requests_context import context

bp = Blueprint("public", __name__)


@bp.get("/t/<token>")
def track(token: str) -> str:
    ctx = context()
    envelope = qr.verify(ctx.settings.qr_key_ring, token)
    return render_template("public_status.html", status=tracking.public_status(ctx, envelope.tracking_number))


@bp.get("/")
def home() -> str:
    return render_template("home.html")
