"""Where each member of staff can go: the header's links, each shown to whoever holds its capability, and the page
each role lands on after signing in. Declared once, so a page no one can reach from another is a missing line here
(the every-form browser test walks these links for every role)."""

from __future__ import annotations

from dataclasses import dataclass

from flask import g, request, url_for
from flask_babel import lazy_gettext as _l
from flask_babel.speaklater import LazyString

from postal_service.domain.access import Capability
from postal_service.domain.roles import Role

from .common import known_caller_may

HOME = {
    Role.COURIER: "courier.route",
    Role.AGENCY: "agency.desk",
    Role.DISPATCHER: "dispatch.board",
    Role.COUNTER: "counter.desk",
    Role.MANAGER: "dispatch.kpis",
    Role.HUB: "network_pages.bags",
    Role.DRIVER: "network_pages.bags",
    Role.ADMIN: "dispatch.board",
}


@dataclass(frozen=True)
class Place:
    endpoint: str
    label: LazyString
    capability: Capability


PLACES = (
    Place("courier.route", _l("My route"), Capability.WORK_A_ROUTE),
    Place("agency.desk", _l("Desk"), Capability.WORK_THE_DESK),
    Place("agency.import_orders", _l("Import orders"), Capability.PLACE_ORDERS),
    Place("counter.desk", _l("Counter"), Capability.WORK_THE_COUNTER),
    Place("counter.book", _l("Book for a citizen"), Capability.BOOK_FOR_CITIZENS),
    Place("dispatch.board", _l("Dispatch"), Capability.DISPATCH),
    Place("dispatch.roster", _l("Rosters"), Capability.KEEP_ROSTERS),
    Place("dispatch.cash", _l("Couriers' cash"), Capability.COUNT_CASH),
    Place("dispatch.fee_statements", _l("Fee statements"), Capability.ISSUE_FEE_STATEMENTS),
    Place("dispatch.claims_page", _l("Complaints"), Capability.HANDLE_CLAIMS),
    Place("dispatch.kpis", _l("Figures"), Capability.READ_KPIS),
    Place("network_pages.bags", _l("Bags"), Capability.SEE_BAGS),
    Place("network_pages.timetable", _l("Timetable"), Capability.MANAGE_CATALOGUE),
    Place("calendar_page.calendar", _l("Calendar"), Capability.MANAGE_CATALOGUE),
    Place("tariff_page.tariffs_page", _l("Prices"), Capability.MANAGE_CATALOGUE),
    Place("admin.operations", _l("Operations"), Capability.MANAGE_CATALOGUE),
    Place("admin.numbers", _l("S10 numbers"), Capability.MANAGE_CATALOGUE),
    Place("webhook_pages.index", _l("Webhooks"), Capability.MANAGE_WEBHOOKS),
    Place("admin.access", _l("Access log"), Capability.READ_ACCESS_LOG),
)


def staff_places() -> list[tuple[str, LazyString, bool]]:
    """The header's links for the signed-in caller: (address, words, whether it is the page shown)."""
    return [
        (url_for(place.endpoint), place.label, request.endpoint == place.endpoint)
        for place in PLACES
        if known_caller_may(place.capability)
    ]


def caller_role() -> str | None:
    """The signed-in caller's role, for pages that say different things to each (an error page's hint)."""
    ctx = g.get("ctx")
    return ctx.actor.role.value if ctx is not None and g.get("actor_known") else None


def home_url() -> str:
    """Where "back to the start" leads: the caller's own first page when signed in, else the public home."""
    ctx = g.get("ctx")
    if ctx is not None and g.get("actor_known") and ctx.actor.role in HOME:
        return url_for(HOME[ctx.actor.role])
    return url_for("public.home")
