"""Every handover starts by scanning the envelope's QR label. When it cannot be scanned, the courier types the
tracking number and says why; the reason is kept in the custody event, so an audit sees every handover that
rests on a typed number."""

from __future__ import annotations

from enum import StrEnum

from .language import Bilingual, in_language


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
