"""Words for the back office: paper names, the parties who sign, how and for whom money was paid, claims,
couriers' roster changes."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import Flask
from flask_babel import get_locale
from flask_babel import lazy_gettext as _l

from postal_service.domain.custody import cites_proof
from postal_service.domain.money import EXEMPTION_PROOFS, Exemption
from postal_service.domain.paperwork import Paper, papers_recorded
from postal_service.domain.rosters import ChangeKind
from postal_service.queries.views import RequestOut

PAPER_LABELS = {
    "dossier-slip": _l("Dossier slip"),
    "handover-record": _l("Record of dossier handover"),
    "result-handover": _l("Record of result handover"),
    "supplement-notice": _l("Request to supplement the dossier (form 02)"),
    "rejection-notice": _l("Refusal to accept the dossier (form 03)"),
}
PARTY_LABELS = {
    "courier": _l("Courier"),
    "agency": _l("Agency clerk"),
    "counter": _l("Post office counter"),
    "dispatcher": _l("Post office"),
    "citizen": _l("Sender"),
    "receiver": _l("Receiver"),
}
PAYMENT_METHOD_LABELS = {
    "cash_to_courier": _l("in cash to the courier"),
    "counter": _l("at the post office counter"),
    "online": _l("online"),
    "refund": _l("refunded"),
}
CLAIM_KIND_LABELS = {
    "lost": _l("Lost"),
    "damaged": _l("Damaged"),
    "late": _l("Late"),
    "conduct": _l("Staff conduct"),
}
CLAIM_STATUS_LABELS = {"open": _l("Received"), "assigned": _l("Being looked into"), "resolved": _l("Answered")}
VERDICT_LABELS = {"upheld": _l("Upheld"), "not_upheld": _l("Not upheld")}
PROOF_LABELS = {
    "meritorious_service": _l("Card of a person with meritorious service"),
    "poor_household": _l("Poor household certificate"),
    "near_poor_household": _l("Near-poor household certificate"),
    "disability": _l("Disability certificate"),
    "other": _l("Another paper from the commune"),
}
EVIDENCE_LABELS = {
    "signature_ref": _l("Signature"),
    "photo_ref": _l("Photo at the handover"),
    "proxy_authorisation_ref": _l("The proxy's authorisation"),
}
ZONE_LABELS = {
    "same_commune": _l("Within the commune"),
    "same_province": _l("Within the province"),
    "other_province": _l("To another province"),
}
EXEMPTION_LABELS = {"none": _l("none"), "free": _l("free of charge"), "half": _l("half the charge")}
BUCKET_LABELS = {"day": _l("day"), "week": _l("week"), "month": _l("month")}
PAYMENT_KIND_LABELS = {"postal_charge": _l("Postal charge"), "procedure_fee": _l("Procedure fee")}


def papers_of(request: RequestOut, staff: bool) -> list[tuple[str, Paper]]:
    """Each envelope's papers, for the links under a request: (tracking number, paper)."""
    return [
        (parcel.tracking_number, paper)
        for parcel in request.parcels
        for paper in papers_recorded({event.action for event in parcel.events}, staff)
    ]


def proven(request: RequestOut) -> list[str]:
    """The envelopes whose proof can be downloaded: a step of theirs carries a signature or a photo."""
    return [p.tracking_number for p in request.parcels if any(cites_proof(e.evidence) for e in p.events)]


def proofs_for(category: str) -> list[str]:
    """The papers that prove a declared exemption, for the intake form's choice."""
    return sorted(kind.value for kind in EXEMPTION_PROOFS.get(Exemption(category), frozenset()))


def change_label(code: str | None) -> str:
    """A roster change as the dispatcher reads it: leave, sick, half day, swap (the domain's words)."""
    return ChangeKind(code).label(str(get_locale() or "vi")) if code in set(ChangeKind) else ""


def register(app: Flask, label: Callable[[dict[str, Any]], Callable[[str], str]]) -> None:
    app.add_template_filter(change_label, "change_label")
    app.add_template_filter(label(PAPER_LABELS), "paper_label")
    app.add_template_filter(label(PARTY_LABELS), "party_label")
    app.add_template_filter(label(PAYMENT_METHOD_LABELS), "payment_method_label")
    app.add_template_filter(label(PAYMENT_KIND_LABELS), "payment_kind_label")
    app.add_template_filter(label(CLAIM_KIND_LABELS), "claim_kind_label")
    app.add_template_filter(label(CLAIM_STATUS_LABELS), "claim_status_label")
    app.add_template_filter(label(VERDICT_LABELS), "verdict_label")
    app.add_template_filter(label(BUCKET_LABELS), "bucket_label")
    app.add_template_filter(label(PROOF_LABELS), "proof_label")
    app.add_template_filter(label(EXEMPTION_LABELS), "exemption_label")
    app.add_template_filter(label(EVIDENCE_LABELS), "evidence_label")
    app.add_template_filter(label(ZONE_LABELS), "zone_label")
    app.add_template_global(proofs_for, "exemption_proofs")
    app.add_template_global(papers_of, "papers_of")
    app.add_template_global(proven, "proven_envelopes")
