"""Taking a custody step: the one use case behind every step of the registry (see `step_registry`)."""

from __future__ import annotations

from typing import Any, cast

from postal_service import qr
from postal_service.context import Context
from postal_service.db.queries import parcel_bundle
from postal_service.db.repository import Loaded, load_request, request_id_of, save
from postal_service.db.tables import Parcel
from postal_service.domain.lifecycle import Action, Leg
from postal_service.domain.request import Outcome
from postal_service.domain.scanning import MUST_SCAN, check_scanned
from postal_service.queries.access import require_parcel

from . import courier_notices, digitised, evidence, network_paths
from .custody import Where, append_event, device_evidence, scan_evidence
from .deadlines import close_alerts
from .network_paths import working_office
from .notices import notify
from .people import courier_named
from .schemas import Pickup, ResultOffer, Step
from .step_registry import BY_ACTION, CustodyStep


def take_step(
    ctx: Context, tracking: str, step: CustodyStep, body: Step, batch: frozenset[int] = frozenset()
) -> Parcel:
    """Lock the request, check the actor may touch the parcel, let the domain decide, record what it decided.
    `batch`: the other envelopes handed over at once, whose proof this one shares (handover_batches.py)."""
    loaded = load_request(ctx.session, request_id_of(ctx.session, tracking))
    row = loaded.parcels[tracking]
    require_parcel(ctx, row, loaded.request, loaded.procedure, step.action.value)
    loaded.aggregate.check(tracking, step.action, ctx.actor)  # 409 / 403 before any input is looked up
    check_scanned(ctx.actor.role, body.scanned_qr, body.unscanned_reason)
    evidence.check_proof(ctx, batch | {row.id or 0}, body.model_dump())
    given: Any = body
    if step.names_courier:  # an active courier of the request's post office, or a 422 naming the field
        given = courier_named(
            ctx, cast(ResultOffer, body).courier_username, "courier_username", working_office(row, loaded.request)
        )
    starting = row.started_on is None
    outcome = step.run(loaded.aggregate, tracking, ctx.moment, given)
    scanned = scan_evidence(ctx, row, body.scanned_qr)
    if body.scanned_qr is None and body.unscanned_reason is not None:
        scanned["unscanned_reason"] = body.unscanned_reason.value
    scanned |= device_evidence(ctx, row, body.device_time, body.offline_since)
    record(ctx, loaded, outcome, {**scanned, "note": body.note}, Where(body.latitude, body.longitude), tracking)
    if step.keeps_pages:
        digitised.keep_pages(ctx, row, cast(Pickup, body).document_photos)
    if starting and row.started_on is not None:  # the leg starts: its path over the network, if it has one
        network_paths.plan_path(ctx, loaded, row)
    courier_notices.announce_next_stop(ctx, row)  # a courier here: the next door on their route is told
    return row


def record(
    ctx: Context, loaded: Loaded, outcome: Outcome, step_evidence: dict[str, Any], where: Where, tracking: str
) -> None:
    """Write the decided state, one chained event per custody change, and the message to the citizen."""
    save(ctx.session, loaded, ctx.now)
    moved: set[int] = set()
    opened: set[int] = set()
    for custody in outcome.events:
        own = custody.tracking_number == tracking
        given = {**step_evidence, **custody.evidence} if own else custody.evidence
        parcel = loaded.parcels[custody.tracking_number]
        written = append_event(
            ctx,
            parcel,
            custody.action,
            custody.to_status,
            given,
            counterparty=custody.counterparty,
            where=where if own else Where(),
        )
        (opened if written.sequence == 1 else moved).add(parcel.id or 0)
    close_alerts(ctx, moved - opened)  # an envelope opened in this step has no alert yet
    if outcome.message:
        notify(ctx, loaded.request, outcome.message)
    ctx.session.flush()


def take(ctx: Context, tracking: str, action: Action, body: Step | None = None) -> Parcel:
    """The step of this action, for callers that are not HTTP (demo data, scheduler, tests)."""
    return take_step(ctx, tracking, BY_ACTION[action], body or Step())


def scan_and_take(ctx: Context, tracking: str, action: Action, body: Step | None = None) -> Parcel:
    """As a courier's phone sends it: the step with the label the courier scanned (demo data and tests)."""
    given = body or Step()
    if ctx.actor.role in MUST_SCAN and given.scanned_qr is None and given.unscanned_reason is None:
        leg = Leg(parcel_bundle(ctx.session, tracking).parcel.leg)
        label = qr.sign(ctx.settings.qr_key_ring, tracking, leg)
        given = given.model_copy(update={"scanned_qr": label})
    return take(ctx, tracking, action, given)
