"""Who may call each API endpoint, in the terms of the one access policy (`postal_service.domain.access`).

Checked before the view runs: a caller without credentials gets 401 wherever credentials are needed, a role
without the capability 403. Which request or parcel a caller may touch is decided after, by the use case
(`may_see_request` / `may_touch_parcel`), and a custody step's roles by its transition. Every API endpoint
must have a rule: the app refuses to start otherwise, and the access-matrix test is generated from this table.
"""

from __future__ import annotations

from enum import StrEnum

from flask import Flask

from postal_service.domain.access import Capability, require
from postal_service.domain.errors import Unauthenticated
from postal_service.domain.roles import ANONYMOUS, Actor
from postal_service.services.bag_steps import BAG_STEPS
from postal_service.services.step_registry import STEPS


class Reach(StrEnum):
    PUBLIC = "public"  # no credentials needed
    SIGNED_IN = "signed_in"  # any caller with credentials; lists are filtered to the caller's scope
    OWN_REQUEST = "own_request"  # signed in, and the request must be within the caller's scope
    OWN_PARCEL = "own_parcel"  # signed in, and the parcel must be within the caller's scope
    STEP = "step"  # own parcel, and the role must be one of the step's transition
    OWN_PROOF = "own_proof"  # signed in, and an envelope whose record cites the file must be within the caller's scope


Rule = Reach | Capability
CATALOGUE_READS = ("agencies", "procedures", "procedure", "post_offices", "slots", "provinces", "communes")
RULES: dict[str, Rule] = {
    **{f"openapi.{name}": Reach.PUBLIC for name in ("openapi", "doc_url", "static")},
    **{f"auth.{name}": Reach.PUBLIC for name in ("login", "citizen_code", "citizen_token")},
    **{f"catalogue.{name}": Reach.PUBLIC for name in CATALOGUE_READS},
    **{f"catalogue.{name}": Capability.MANAGE_CATALOGUE for name in ("create_agency", "create_procedure")},
    **{f"catalogue.{name}": Capability.MANAGE_CATALOGUE for name in ("create_post_office", "create_staff")},
    **{f"network.{name}": Reach.SIGNED_IN for name in ("hubs", "runs", "journey")},
    **{f"network.{name}": Capability.MANAGE_CATALOGUE for name in ("create_hub", "add_run", "remove_run")},
    "network.load_timetable": Capability.MANAGE_CATALOGUE,
    "serials.ranges": Capability.MANAGE_CATALOGUE,
    **{f"calendar.{name}": Capability.MANAGE_CATALOGUE for name in ("year", "declare_day", "withdraw_day")},
    **{f"rosters.{name}": Capability.KEEP_ROSTERS for name in ("office_roster", "set_week")},
    **{f"rosters.{name}": Capability.KEEP_ROSTERS for name in ("add_change", "withdraw_change")},
    "inbound.inbound_dossiers": Capability.SEE_INBOUND,
    **{f"bags.{name}": Capability.SEE_BAGS for name in ("todays", "read", "qr_png", "manifest")},
    "bags.open_bag": Capability.OPEN_BAGS,
    **{f"bags.{step.endpoint}": Reach.STEP for step in BAG_STEPS},
    "auth.change_password": Capability.CHANGE_OWN_PASSWORD,
    "catalogue.create_api_key": Capability.ISSUE_API_KEYS,
    "catalogue.revoke_staff": Capability.REVOKE_ACCESS,
    "catalogue.revoke_api_key": Capability.REVOKE_ACCESS,
    "catalogue.couriers": Capability.LIST_COURIERS,
    "plans.request_plan": Capability.PLAN_ROUTES,
    "plans.read_plan": Capability.PLAN_ROUTES,
    "cash.office_day": Capability.COUNT_CASH,
    "cash.count_in": Capability.COUNT_CASH,
    "cash.sign_off": Capability.SIGN_OFF_CASH,
    "access_log.entries": Capability.READ_ACCESS_LOG,
    "access_log.export": Capability.READ_ACCESS_LOG,
    "statements.read": Capability.READ_FEE_STATEMENTS,
    "statements.read_pdf": Capability.READ_FEE_STATEMENTS,
    "statements.read_xlsx": Capability.READ_FEE_STATEMENTS,
    "statements.issue": Capability.ISSUE_FEE_STATEMENTS,
    "payments.start": Reach.OWN_REQUEST,
    "kpis.read": Capability.READ_KPIS,
    "kpis.export_csv": Capability.READ_KPIS,
    "kpis.export_xlsx": Capability.READ_KPIS,
    "claims.file": Reach.OWN_REQUEST,
    "claims.of_request": Reach.OWN_REQUEST,
    "claims.of_office": Capability.HANDLE_CLAIMS,
    "claims.assign": Capability.HANDLE_CLAIMS,
    "claims.resolve": Capability.RESOLVE_CLAIMS,
    "payments.callback": Reach.PUBLIC,  # proved by the provider's signature, not by a caller's credentials
    "payments.vnpay_ipn": Reach.PUBLIC,  # likewise
    "tariffs.history": Reach.PUBLIC,  # the published prices
    "tariffs.add": Capability.MANAGE_CATALOGUE,
    **{f"webhooks.{name}": Capability.MANAGE_WEBHOOKS for name in ("create", "list_endpoints", "rotate", "remove")},
    **{f"webhooks.{name}": Capability.MANAGE_WEBHOOKS for name in ("deliveries", "resend")},
    "lgsp.place_order": Capability.PLACE_ORDERS,
    "webhooks.portal_feed": Capability.MANAGE_CATALOGUE,
    "webhooks.portal_events": Capability.READ_PORTAL_FEED,
    "requests.quote": Reach.PUBLIC,
    "requests.book": Reach.PUBLIC,
    "requests.read": Reach.OWN_REQUEST,
    "requests.cancel": Reach.OWN_REQUEST,
    "requests.reschedule": Reach.OWN_REQUEST,
    "requests.supplement": Reach.OWN_REQUEST,
    "requests.national_status": Capability.REPORT_NATIONAL_STATUS,
    "parcels.list_parcels": Reach.SIGNED_IN,
    "parcels.read": Reach.OWN_PARCEL,
    "parcels.dossier_pdf": Reach.OWN_PARCEL,
    "parcels.paper_pdf": Reach.OWN_PARCEL,
    "parcels.proof_pdf": Reach.OWN_PARCEL,
    "parcels.assign": Capability.ASSIGN_COURIERS,
    "parcels.place_door": Capability.ASSIGN_COURIERS,
    **{f"parcels.{step.endpoint}": Reach.STEP for step in STEPS},
    "labels_api.scan": Reach.SIGNED_IN,
    "labels_api.scan_photo": Reach.SIGNED_IN,
    "labels_api.upload_evidence": Capability.ATTACH_EVIDENCE,
    "labels_api.show_evidence": Reach.OWN_PROOF,
    "handovers.hand_over": Reach.SIGNED_IN,  # each envelope is then checked as its own step is
    **{f"labels_api.{name}": Reach.OWN_PARCEL for name in ("qr_png", "qr_svg", "label")},
}


def api_endpoints(app: Flask) -> set[str]:
    return {rule.endpoint for rule in app.url_map.iter_rules() if rule.rule.startswith("/api/")}


def check_every_endpoint_has_a_rule(app: Flask) -> None:
    missing = api_endpoints(app) - set(RULES)
    if missing:
        raise RuntimeError(f"API endpoints without an access rule in api/access_rules.py: {sorted(missing)}")


def enforce(endpoint: str | None, actor: Actor) -> None:
    """401 when credentials are needed and missing, 403 when the role lacks the capability."""
    rule = RULES.get(endpoint or "")
    if rule is None or rule is Reach.PUBLIC:
        return
    if actor is ANONYMOUS:
        raise Unauthenticated("sign in, or send 'Authorization: Bearer <token>' or an X-API-Key")
    if isinstance(rule, Capability):
        require(actor, rule)
