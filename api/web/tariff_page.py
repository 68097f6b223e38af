"""The administrator's postal prices: every price table entered (the latest to apply first) and a form to enter
a new one from a coming day, started from the latest national prices."""

from __future__ import annotations

from flask import Blueprint, render_template

from postal_service.domain.access import Capability
from postal_service.domain.money import Zone
from postal_service.queries import geography, tariffs

from ..requests_context import context
from .common import staff_page

bp = Blueprint("tariff_page", __name__, url_prefix="/admin")


@bp.get("/tariffs")
@staff_page(Capability.MANAGE_CATALOGUE)
def tariffs_page() -> str:
    ctx = context()
    return render_template(
        "admin/tariffs.html",
        history=tariffs.history(ctx),
        start=tariffs.latest_national_bands(ctx),
        zones=[zone.value for zone in Zone],
        provinces=sorted(geography.provinces().items()),
    )
