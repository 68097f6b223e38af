"""Pages for developers only: the message sink (every message, sign-in codes too). A 404 in production."""

from __future__ import annotations

from flask import Blueprint, abort, render_template

from postal_service.queries import messages

from ..requests_context import context

bp = Blueprint("development", __name__, url_prefix="/dev")


@bp.get("/messages")
def sink() -> str:
    """Where a newcomer reads the sign-in code the README's first steps need, with no SMS gateway to set up."""
    ctx = context()
    if ctx.settings.environment == "production":
        abort(404)
    return render_template("development/messages.html", messages=messages.development_sink(ctx))
