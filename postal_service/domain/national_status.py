"""National dossier status codes of the one-stop systems and the national portal (DOMAIN.md, "Codes").

The postal status of a parcel is separate; the citizen's timeline shows both side by side.
"""

from __future__ import annotations

from enum import IntEnum

from .language import Bilingual, in_language

POSTAL_CHANNEL = 3  # the national portal's code for a dossier sent or returned by public post


class NationalStatus(IntEnum):
    NEWLY_REGISTERED = 1
    ACCEPTED = 2
    NOT_ACCEPTED = 3
    IN_PROCESS = 4
    SUPPLEMENT_REQUESTED = 5
    FINANCIAL_OBLIGATION_REQUESTED = 6
    WITHDRAWAL_REQUESTED = 7
    PROCESSING_STOPPED = 8
    PROCESSING_COMPLETED = 9
    RESULT_RETURNED = 10

    def label(self, language: str = "vi") -> str:
        """The label in Vietnamese (default) or English; other languages fall back to Vietnamese."""
        return in_language(LABELS[self], language)


LABELS: dict[NationalStatus, Bilingual] = {
    NationalStatus.NEWLY_REGISTERED: ("Mới đăng ký", "Newly registered"),
    NationalStatus.ACCEPTED: ("Đã tiếp nhận", "Accepted"),
    NationalStatus.NOT_ACCEPTED: ("Không được tiếp nhận", "Not accepted"),
    NationalStatus.IN_PROCESS: ("Đang xử lý", "In process"),
    NationalStatus.SUPPLEMENT_REQUESTED: ("Yêu cầu bổ sung giấy tờ", "Supplement requested"),
    NationalStatus.FINANCIAL_OBLIGATION_REQUESTED: (
        "Yêu cầu thực hiện nghĩa vụ tài chính",
        "Financial obligation requested",
    ),
    NationalStatus.WITHDRAWAL_REQUESTED: ("Công dân yêu cầu rút hồ sơ", "Withdrawal requested"),
    NationalStatus.PROCESSING_STOPPED: ("Dừng xử lý", "Processing stopped"),
    NationalStatus.PROCESSING_COMPLETED: ("Đã xử lý xong", "Processing completed"),
    NationalStatus.RESULT_RETURNED: ("Đã trả kết quả", "Result returned"),
}


def starting_status(service: str, has_dossier_code: bool) -> NationalStatus | None:
    """Where a dossier stands when its postal request is booked: a result asked for by post is of a dossier the
    agency is already processing; a dossier sent by post with its code was registered online; else unknown."""
    if service == "receive":
        return NationalStatus.IN_PROCESS
    return NationalStatus.NEWLY_REGISTERED if has_dossier_code else None
