"""Every handover starts by scanning the envelope's QR label. When it cannot be scanned, the courier types the
tracking number and says why; the reason is kept in the custody event, so an audit sees every handover that
rests on a typed number."""

from __future__ import annotations

from enum import StrEnum

from .errors import InvalidField
from .language import Bilingual, in_language
from .roles import Role

MUST_SCAN = frozenset({Role.COURIER})  # on the road, every handover rests on the label or on a stated reason
NOT_SCANNED = "scan the envelope's label, or say why it cannot be scanned"


class UnscannedReason(StrEnum):
    LABEL_DAMAGED = "label_damaged"
    CAMERA_FAILED = "camera_failed"
    NO_LIGHT = "no_light"
    OTHER = "other"

    def label(self, language: str = "vi") -> str:
        return in_language(REASON_LABELS[self], language)


REASON_LABELS: dict[UnscannedReason, Bilingual] = {
    UnscannedReason.LABEL_DAMAGED: ("Nhãn bị rách, bẩn hoặc mờ", "The label is torn, dirty or faded"),
    UnscannedReason.CAMERA_FAILED: ("Máy ảnh điện thoại không hoạt động", "The phone's camera does not work"),
    UnscannedReason.NO_LIGHT: ("Không đủ ánh sáng để quét", "Too dark to scan"),
    UnscannedReason.OTHER: ("Lý do khác (ghi chú)", "Another reason (in the note)"),
}


def check_scanned(role: Role, scanned_qr: str | None, reason: UnscannedReason | None) -> None:
    """A courier's step without the scanned label and without a reason is refused, naming the label's field."""
    if role in MUST_SCAN and scanned_qr is None and reason is None:
        raise InvalidField.single("scanned_qr", NOT_SCANNED)
