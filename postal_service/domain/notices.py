"""What the citizen is told at each handover, declared once: a step decides which notice it sends and with which
values; the service renders it in the request's language when it writes the outbox row, adding the values every
notice may use (`reference`, `link` to the tracking page). The texts are in notice_templates.py. The SMS channel
strips the diacritics when configured (messages.sms_text).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum

from .language import ENGLISH, LANGUAGES, VIETNAMESE, Bilingual, Language, in_language
from .notice_templates import TEMPLATES, Topic

__all__ = ["ENGLISH", "LANGUAGES", "VIETNAMESE", "Dong", "FailureReason", "Language", "Notice", "Topic"]


class Dong(int):
    """An amount in đồng, written the Vietnamese way ("120.000 đồng") or the English way ("120,000 VND")."""

    def __format__(self, spec: str) -> str:
        grouped = f"{int(self):,}"
        return f"{grouped} VND" if spec == ENGLISH else f"{grouped.replace(',', '.')} đồng"


class FailureReason(StrEnum):
    """Why a delivery failed, in the words the citizen reads ("{reason:vi}")."""

    NOBODY_HOME = "nobody_home"
    WRONG_ADDRESS = "wrong_address"
    REFUSED = "refused"
    ID_MISMATCH = "id_mismatch"
    UNREACHABLE_BY_PHONE = "unreachable_by_phone"
    OTHER = "other"

    def label(self, language: str = VIETNAMESE) -> str:
        return in_language(REASON_LABELS[self], language)

    def __format__(self, spec: str) -> str:
        return self.label(spec) if spec in LANGUAGES else str.__format__(self.value, spec)


REASON_LABELS: dict[FailureReason, Bilingual] = {
    FailureReason.NOBODY_HOME: ("không có người nhận", "nobody at home"),
    FailureReason.WRONG_ADDRESS: ("sai địa chỉ", "wrong address"),
    FailureReason.REFUSED: ("người nhận từ chối", "refused"),
    FailureReason.ID_MISMATCH: ("giấy tờ tùy thân không khớp", "ID does not match"),
    FailureReason.UNREACHABLE_BY_PHONE: ("không liên lạc được", "could not be reached by phone"),
    FailureReason.OTHER: ("lý do khác", "other reason"),
}


@dataclass(frozen=True)
class Notice:
    """A message a step decided to send: which one, and the values its template needs."""

    topic: Topic
    values: Mapping[str, object] = field(default_factory=dict)

    def title(self, language: str) -> str:
        return TEMPLATES[self.topic].title(language)

    def text(self, language: str, **common: object) -> str:
        return TEMPLATES[self.topic].text(language).format(**common, **self.values)
