"""An exemption is declared at booking and proved at the first intake: the paper's kind and number are checked
and sealed into the custody record; a supplement is not asked again."""

from __future__ import annotations

import pytest

from postal_service.domain.errors import InvalidField
from postal_service.domain.lifecycle import Leg
from postal_service.domain.money import Exemption

from .aggregate_fixtures import COURIER, DOSSIER, Intake, at, request


def _exempt(exemption: Exemption):
    r = request(Leg.DOSSIER)
    r.exemption = exemption
    return r


def test_a_declared_exemption_without_its_paper_is_refused_naming_both_fields():
    with pytest.raises(InvalidField) as refused:
        _exempt(Exemption.HALF).pick_up(DOSSIER, at(COURIER), Intake())
    assert set(refused.value.errors) == {"exemption_proof_kind", "exemption_proof_number"}


def test_a_paper_that_proves_another_category_is_refused():
    intake = Intake(exemption_proof_kind="poor_household", exemption_proof_number="HN-123")
    with pytest.raises(InvalidField) as refused:
        _exempt(Exemption.HALF).pick_up(DOSSIER, at(COURIER), intake)
    assert set(refused.value.errors) == {"exemption_proof_kind"}


def test_the_paper_shown_is_sealed_into_the_intake():
    intake = Intake(exemption_proof_kind="disability", exemption_proof_number=" KT-2024/0917 ")
    outcome = _exempt(Exemption.HALF).pick_up(DOSSIER, at(COURIER), intake)
    proof = outcome.events[0].evidence["exemption"]
    assert proof == {"category": "half", "proof": "disability", "number": "KT-2024/0917"}


def test_nothing_is_asked_when_no_exemption_was_declared():
    outcome = _exempt(Exemption.NONE).pick_up(DOSSIER, at(COURIER), Intake())
    assert "exemption" not in outcome.events[0].evidence
