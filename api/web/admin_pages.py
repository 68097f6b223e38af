"""The administrator's watching pages: the access log (filter by request, person and day; download the same
entries as CSV), the S10 ranges (used, left, and when each runs out), and the running service's parts."""

from __future__ import annotations

from datetime import date

from flask import Blueprint, render_template, request

from postal_service.domain.access import Capability
from postal_service.queries import operations as running
from postal_service.queries.access_log import access_log
from postal_service.queries.serial_ranges import serial_ranges

from ..observability import broker_state
from ..requests_context import context, services
from .common import staff_page

bp = Blueprint("admin", __name__, url_prefix="/admin")
SHOWN = 200  # entries on the page; the CSV export takes up to 10,000


@bp.get("/access-log")
@staff_page(Capability.READ_ACCESS_LOG)
def access() -> str:
    reference = (request.args.get("reference") or "").strip().upper() or None
    actor = (request.args.get("actor") or "").strip() or None
    try:
        since: date | None = date.fromisoformat(request.args.get("since") or "")
    except ValueError:
        since = None
    rows = access_log(context(), reference, actor, since, SHOWN)
    filters = {k: v for k, v in (("reference", reference), ("actor", actor), ("since", since)) if v}
    return render_template("admin/access_log.html", rows=rows, filters=filters, shown=SHOWN)


@bp.get("/numbers")
@staff_page(Capability.MANAGE_CATALOGUE)
def numbers() -> str:
    return render_template("admin/numbers.html", ranges=serial_ranges(context()))


@bp.get("/operations")
@staff_page(Capability.MANAGE_CATALOGUE)
def operations() -> str:
    """Each part of the running service and what needs action, with the way to it."""
    ctx = context()
    return render_template(
        "admin/operations.html",
        ops=running.operations(ctx),
        broker=broker_state(services().tasks),
        now=ctx.now,
        late_message_minutes=running.LATE_MESSAGE_MINUTES,
        late_plan_minutes=running.LATE_PLAN_MINUTES,
    )
