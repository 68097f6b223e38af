"""Envelope labels: scan a QR, fetch its image, print the A6 label."""

from __future__ import annotations

from flask import Response, render_template
from flask_openapi3 import APIBlueprint, FileStorage, Tag
from pydantic import BaseModel

from postal_service import qr
from postal_service.domain.lifecycle import Leg
from postal_service.queries import parcels
from postal_service.queries.geography import commune_label
from postal_service.queries.parcels import ScanOut
from postal_service.services import evidence
from postal_service.services.schemas import ScanIn
from postal_service.services.schemas.fields import Clean

from ..requests_context import context
from .common import ERRORS, STAFF_OR_SYSTEM, TrackingPath, answer

bp = APIBlueprint(
    "labels_api",
    __name__,
    url_prefix="/api/v1",
    abp_tags=[Tag(name="labels")],
    abp_responses=ERRORS,
    abp_security=STAFF_OR_SYSTEM,
)


class PhotoForm(BaseModel):
    photo: FileStorage


class EvidenceForm(BaseModel):
    file: FileStorage


class EvidenceOut(BaseModel):
    ref: str


class DigestPath(Clean):
    digest: str


@bp.post("/scan/photo", responses={200: ScanOut})
def scan_photo(form: PhotoForm) -> Response:
    """A photo of the label, decoded on the server: for phones whose browser cannot read QR codes live."""
    return answer(evidence.scan_photo(context(), form.photo.read()))


@bp.post("/evidence", responses={201: EvidenceOut})
def upload_evidence(form: EvidenceForm) -> Response:
    """A signature drawing or a photo (PNG, JPEG, WebP up to 4 MB); steps then cite the returned ref."""
    return answer(EvidenceOut(ref=evidence.store(context(), form.file.read())), 201)


@bp.get("/evidence/<digest>", responses={200: {"content": {"image/png": {}}}})
def show_evidence(path: DigestPath) -> Response:
    row = evidence.load(context(), path.digest)
    return Response(row.data, mimetype=row.content_type)


@bp.post("/scan", responses={200: ScanOut})
def scan(body: ScanIn) -> Response:
    """Verify a scanned label: 400 when forged or altered; otherwise the parcel and this actor's next steps."""
    return answer(parcels.scan(context(), body.payload))


def _qr_content(tracking_number: str) -> str:
    ctx = context()
    bundle = parcels.label_bundle(ctx, tracking_number)
    token = qr.sign(ctx.settings.qr_key_ring, bundle.parcel.tracking_number, Leg(bundle.parcel.leg))
    return qr.label_url(ctx.settings.public_base_url, token)


@bp.get("/parcels/<tracking>/qr.png", responses={200: {"content": {"image/png": {}}}})
def qr_png(path: TrackingPath) -> Response:
    return Response(qr.render_png(_qr_content(path.tracking)), mimetype="image/png")


@bp.get("/parcels/<tracking>/qr.svg", responses={200: {"content": {"image/svg+xml": {}}}})
def qr_svg(path: TrackingPath) -> Response:
    return Response(qr.render_svg(_qr_content(path.tracking)), mimetype="image/svg+xml")


@bp.get("/parcels/<tracking>/label", responses={200: {"content": {"text/html": {}}}})
def label(path: TrackingPath) -> Response:
    """A6 envelope label as an HTML print view: QR, tracking number, sender, recipient, procedure, documents."""
    ctx = context()
    bundle = parcels.label_bundle(ctx, path.tracking)
    token = qr.sign(ctx.settings.qr_key_ring, bundle.parcel.tracking_number, Leg(bundle.parcel.leg))
    svg = qr.render_svg(qr.label_url(ctx.settings.public_base_url, token)).decode()
    html = render_template(
        "label.html",
        bundle=bundle,
        qr_svg=svg,
        dossier_leg=bundle.parcel.leg == Leg.DOSSIER.value,
        pickup_label=commune_label(bundle.request.pickup_commune_code),
        delivery_label=commune_label(bundle.request.delivery_commune_code),
        agency_label=commune_label(bundle.agency.commune_code),
    )
    return Response(html, mimetype="text/html")
