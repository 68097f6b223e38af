"""The one access policy: may this actor do this, and which requests and parcels may it see or touch.

Used by the use cases, the queries (as a filter), the API and the pages alike. Custody steps add the roles
of their transition (`lifecycle.authorise`); everything else an actor may do is a capability below.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Protocol

from .errors import Forbidden
from .roles import Actor, Role


class Capability(StrEnum):
    MANAGE_CATALOGUE = "manage_catalogue"
    ISSUE_API_KEYS = "issue_api_keys"
    ASSIGN_COURIERS = "assign_couriers"
    PLAN_ROUTES = "plan_routes"
    REPORT_NATIONAL_STATUS = "report_national_status"
    ATTACH_EVIDENCE = "attach_evidence"
    REVIEW_EVIDENCE = "review_evidence"
    LIST_COURIERS = "list_couriers"
    WORK_A_ROUTE = "work_a_route"  # the courier's pages
    WORK_THE_DESK = "work_the_desk"  # the one-stop desk's pages
    DISPATCH = "dispatch"  # the dispatcher's board
    REVOKE_ACCESS = "revoke_access"  # end a user's sessions and tokens, revoke an agency's API key
    CHANGE_OWN_PASSWORD = "change_own_password"  # staff who sign in with a password
    PLACE_ORDERS = "place_orders"  # an agency's one-stop system orders the postal service for its dossiers
    MANAGE_WEBHOOKS = "manage_webhooks"  # an agency's endpoints (its own only) and their delivery log
    BOOK_FOR_CITIZENS = "book_for_citizens"  # post office staff book at the counter for a citizen who is there
    WORK_THE_COUNTER = "work_the_counter"  # the counter's pages: take dossiers in, hand results out
    PRINT_RECEIPTS = "print_receipts"  # print a payment's receipt for the citizen in front of them
    COUNT_CASH = "count_cash"  # count a courier's cash of the day in at the post office
    SIGN_OFF_CASH = "sign_off_cash"  # a manager closes a courier's cash day
    READ_ACCESS_LOG = "read_access_log"  # who read or changed which citizen's dossier, and why
    READ_FEE_STATEMENTS = "read_fee_statements"  # procedure fees collected for an agency, by period
    ISSUE_FEE_STATEMENTS = "issue_fee_statements"  # close a period's statement: the remittance record
    READ_KPIS = "read_kpis"  # the office's figures by day, week or month, and their exports
    READ_PORTAL_FEED = "read_portal_feed"  # every dossier's postal events and payments since a cursor
    HANDLE_CLAIMS = "handle_claims"  # see the office's claims, hand one to someone to answer
    RESOLVE_CLAIMS = "resolve_claims"  # answer a claim, with compensation when upheld
    OPEN_BAGS = "open_bags"  # open a bag at one's office or hub for a trunk run
    SEE_INBOUND = "see_inbound"  # an agency's dossiers coming from other provinces, with their expected arrival
    SEE_BAGS = "see_bags"  # the bags leaving, reaching or carried by the caller, their manifests and chains
    KEEP_ROSTERS = "keep_rosters"  # the office's couriers' weekly patterns, leave, half days and swaps


ADMIN, SYSTEM, DISPATCHER = Role.ADMIN, Role.SYSTEM, Role.DISPATCHER
COURIER, AGENCY, COUNTER, MANAGER = Role.COURIER, Role.AGENCY, Role.COUNTER, Role.MANAGER
HUB, DRIVER = Role.HUB, Role.DRIVER
GRANTS: dict[Capability, tuple[frozenset[Role], str]] = {
    Capability.MANAGE_CATALOGUE: (frozenset({ADMIN, SYSTEM}), "only an administrator changes the catalogue"),
    Capability.ISSUE_API_KEYS: (frozenset({ADMIN, SYSTEM}), "only an administrator issues API keys"),
    Capability.ASSIGN_COURIERS: (frozenset({DISPATCHER, ADMIN}), "only a dispatcher assigns couriers"),
    Capability.PLAN_ROUTES: (frozenset({DISPATCHER, ADMIN, SYSTEM}), "only dispatchers plan routes"),
    Capability.REPORT_NATIONAL_STATUS: (
        frozenset({AGENCY, ADMIN}),
        "only the agency reports the dossier's national status",
    ),
    Capability.ATTACH_EVIDENCE: (
        frozenset({COURIER, AGENCY, DISPATCHER, COUNTER, ADMIN}),
        "only staff attach evidence",
    ),
    Capability.REVIEW_EVIDENCE: (frozenset({DISPATCHER, ADMIN}), "only the post office reviews evidence"),
    Capability.LIST_COURIERS: (frozenset({DISPATCHER, AGENCY, ADMIN}), "only staff may list couriers"),
    Capability.WORK_A_ROUTE: (frozenset({COURIER}), "only couriers have a route"),
    Capability.WORK_THE_DESK: (frozenset({AGENCY}), "only agency clerks have a desk"),
    Capability.DISPATCH: (frozenset({DISPATCHER, ADMIN}), "only dispatchers see the board"),
    Capability.REVOKE_ACCESS: (frozenset({ADMIN}), "only an administrator revokes access"),
    Capability.PLACE_ORDERS: (frozenset({AGENCY, ADMIN}), "only an agency (or an administrator) places orders"),
    Capability.MANAGE_WEBHOOKS: (
        frozenset({AGENCY, ADMIN}),
        "only the agency (or an administrator) manages its webhooks",
    ),
    Capability.BOOK_FOR_CITIZENS: (
        frozenset({DISPATCHER, COUNTER, ADMIN}),
        "only post office staff book at the counter for a citizen",
    ),
    Capability.WORK_THE_COUNTER: (frozenset({DISPATCHER, COUNTER}), "only post office staff work the counter"),
    Capability.PRINT_RECEIPTS: (
        frozenset({DISPATCHER, COUNTER, MANAGER, ADMIN}),
        "only post office staff print receipts",
    ),
    Capability.COUNT_CASH: (
        frozenset({DISPATCHER, COUNTER, MANAGER, ADMIN}),
        "only post office staff count couriers' cash",
    ),
    Capability.SIGN_OFF_CASH: (frozenset({DISPATCHER, MANAGER, ADMIN}), "only a manager signs off a courier's cash"),
    Capability.READ_ACCESS_LOG: (frozenset({ADMIN}), "only an administrator reads the access log"),
    Capability.READ_FEE_STATEMENTS: (
        frozenset({DISPATCHER, MANAGER, AGENCY, ADMIN}),
        "only the post office's managers and the agency read its fee statements",
    ),
    Capability.ISSUE_FEE_STATEMENTS: (
        frozenset({DISPATCHER, MANAGER, ADMIN}),
        "only a manager issues a fee statement",
    ),
    Capability.READ_KPIS: (frozenset({DISPATCHER, MANAGER, ADMIN}), "only the office's managers read its figures"),
    Capability.READ_PORTAL_FEED: (
        frozenset({AGENCY, ADMIN, SYSTEM}),
        "only the portal's system, an administrator or the agency (its own dossiers) read the sync feed",
    ),
    Capability.HANDLE_CLAIMS: (
        frozenset({DISPATCHER, COUNTER, MANAGER, ADMIN}),
        "only post office staff handle claims",
    ),
    Capability.RESOLVE_CLAIMS: (frozenset({DISPATCHER, MANAGER, ADMIN}), "only a manager answers a claim"),
    Capability.OPEN_BAGS: (frozenset({DISPATCHER, COUNTER, HUB}), "only the staff of an office or a hub open bags"),
    Capability.SEE_INBOUND: (frozenset({AGENCY, ADMIN}), "only the agency sees the dossiers coming to it"),
    Capability.SEE_BAGS: (
        frozenset({DISPATCHER, COUNTER, MANAGER, HUB, DRIVER, ADMIN}),
        "only the network's staff and drivers see bags",
    ),
    Capability.KEEP_ROSTERS: (
        frozenset({DISPATCHER, MANAGER, ADMIN}),
        "only the office's dispatchers and managers keep its couriers' rosters",
    ),
    Capability.CHANGE_OWN_PASSWORD: (
        frozenset({COURIER, AGENCY, DISPATCHER, COUNTER, MANAGER, HUB, DRIVER, ADMIN}),
        "only staff who sign in with a password may change it",
    ),
}


def may(actor: Actor, capability: Capability) -> bool:
    return actor.role in GRANTS[capability][0]


def require(actor: Actor, capability: Capability) -> None:
    if not may(actor, capability):
        raise Forbidden(GRANTS[capability][1])


@dataclass(frozen=True)
class Scope:
    """Which requests an actor may see: everything, or those of one office, agency, courier or request."""

    everything: bool = False
    post_office_id: int | None = None
    agency_id: int | None = None
    courier_id: int | None = None
    request_id: int | None = None


def scope_of(actor: Actor) -> Scope:
    """Missing ids mean nothing is visible (a citizen not signed in, a courier without an account id)."""
    match actor.role:
        case Role.ADMIN | Role.SYSTEM:
            return Scope(everything=True)
        case Role.DISPATCHER | Role.COUNTER | Role.MANAGER:
            return Scope(post_office_id=actor.post_office_id or -1)
        case Role.AGENCY:
            return Scope(agency_id=actor.agency_id or -1)
        case Role.COURIER:
            return Scope(courier_id=actor.user_id or -1)
    return Scope(request_id=actor.request_id or -1)


class RequestFacts(Protocol):
    @property
    def id(self) -> int | None: ...

    @property
    def post_office_id(self) -> int: ...


class ProcedureFacts(Protocol):
    @property
    def agency_id(self) -> int: ...


class ParcelFacts(Protocol):
    @property
    def courier_id(self) -> int | None: ...

    @property
    def office_id(self) -> int | None: ...  # the office working it, when not the request's (the network)


def may_see_request(
    actor: Actor, request: RequestFacts, procedure: ProcedureFacts, parcels: Sequence[ParcelFacts]
) -> bool:
    """A courier sees a request when one of its parcels is on their route or in their hands; an office's staff
    see their office's requests and those with an envelope their office works now (brought there by the network)."""
    scope = scope_of(actor)
    return (
        scope.everything
        or scope.post_office_id == request.post_office_id
        or any(scope.post_office_id == p.office_id for p in parcels if p.office_id is not None)
        or scope.agency_id == procedure.agency_id
        or scope.request_id == request.id
        or any(scope.courier_id == p.courier_id for p in parcels if p.courier_id is not None)
    )


def may_touch_parcel(actor: Actor, parcel: ParcelFacts, request: RequestFacts, procedure: ProcedureFacts) -> bool:
    """A courier touches only the parcels on its route or in its hands; others as for the request."""
    return may_see_request(actor, request, procedure, [parcel])


def may_act_for_office(actor: Actor, capability: Capability, post_office_id: int | None) -> bool:
    """Post office staff act for their own office; administrators for any."""
    return may(actor, capability) and (actor.role is Role.ADMIN or actor.post_office_id == post_office_id)


def may_read_statement(actor: Actor, post_office_id: int | None, agency_id: int | None) -> bool:
    """An office's managers read what it collected for any agency; an agency reads what any office owes it."""
    if not may(actor, Capability.READ_FEE_STATEMENTS):
        return False
    if actor.role is Role.AGENCY:
        return actor.agency_id == agency_id
    return may_act_for_office(actor, Capability.READ_FEE_STATEMENTS, post_office_id)


def may_plan_for(actor: Actor, post_office_id: int | None) -> bool:
    """A dispatcher plans their own office's day; administrators and the scheduler any office's."""
    return may(actor, Capability.PLAN_ROUTES) and (
        actor.role is not Role.DISPATCHER or actor.post_office_id == post_office_id
    )
