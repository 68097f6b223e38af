"""An envelope's proof as one document: every step that cites an image taken at a handover (the signature drawn on
the phone, the photo at the door, a proxy's authorisation), with who took it, when the server received it and when
the phone says it happened, and the custody record binding it; so a dispute is settled from one file, by anyone
who may see the envelope (its office, its agency, its citizen), without opening each image apart."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel

from postal_service.context import Context
from postal_service.db.queries import events_of, parcel_bundle
from postal_service.domain.custody import EVIDENCE_FIELDS, cites_proof
from postal_service.domain.errors import InvalidTransition

from .access import require_parcel
from .paper_parts import names_of, signature_image
from .paperwork import office_name, request_view
from .views import RequestOut


class ProofImage(BaseModel):
    field: str  # signature_ref | photo_ref | proxy_authorisation_ref
    image: str  # a data: URI: the PDF renderer fetches nothing


class ProofStep(BaseModel):
    action: str
    received_at: datetime  # the server's time: the custody record's
    device_time: datetime | None  # the phone's, when the step was taken offline or sent from a phone
    device_time_doubt: str | None  # why the phone's time is doubtful (domain.device_clock), if it is
    actor_name: str
    actor_role: str
    receiver_name: str | None
    receiver_is_proxy: bool
    record: str  # the custody event's hash, chained to every earlier step
    images: list[ProofImage]


class ProofOut(BaseModel):
    tracking_number: str
    issued_at: datetime  # the latest step with proof
    request: RequestOut
    agency_address: str
    post_office_name: str
    steps: list[ProofStep]


def proof_of(ctx: Context, tracking: str) -> ProofOut:
    """409 while no step of the envelope has proof: the document would say nothing."""
    bundle = parcel_bundle(ctx.session, tracking)
    require_parcel(ctx, bundle.parcel, bundle.request, bundle.procedure, "view_proof")
    cited = [e for e in events_of(ctx.session, bundle.parcel) if cites_proof(e.evidence)]
    if not cited:
        raise InvalidTransition("no proof yet: no step of this envelope has a signature or a photo")
    names = names_of(ctx, [e.actor for e in cited])
    steps = []
    for event in cited:
        images = [(f, signature_image(ctx, event.evidence.get(f))) for f in EVIDENCE_FIELDS]
        phone = event.evidence.get("device_time")
        steps.append(
            ProofStep(
                action=event.action,
                received_at=event.occurred_at,
                device_time=datetime.fromisoformat(phone) if isinstance(phone, str) else None,
                device_time_doubt=event.evidence.get("device_time_doubt"),
                actor_name=names.get(event.actor, event.actor),
                actor_role=event.actor_role,
                receiver_name=event.evidence.get("receiver_name"),
                receiver_is_proxy=bool(event.evidence.get("receiver_is_proxy")),
                record=event.hash,
                images=[ProofImage(field=f, image=image) for f, image in images if image],
            )
        )
    return ProofOut(
        tracking_number=bundle.parcel.tracking_number,
        issued_at=cited[-1].occurred_at,
        request=request_view(ctx, bundle),
        agency_address=bundle.agency.street,
        post_office_name=office_name(ctx, bundle),
        steps=steps,
    )
