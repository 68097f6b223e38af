"""Words shown to people for the domain's codes (Vietnamese; English catalogues arrive with the pages)."""

from __future__ import annotations

from flask import Flask

STATUS_LABELS: dict[str, str] = {
    "booked": "Đã đặt lịch",
    "intake_incomplete": "Hồ sơ chưa đủ, cần bổ sung",
    "cancelled": "Đã huỷ",
    "picked_up": "Đã nhận và niêm phong hồ sơ",
    "at_post_office": "Tại bưu cục",
    "out_to_agency": "Đang chuyển đến cơ quan",
    "at_agency_desk": "Đang bàn giao tại bộ phận một cửa",
    "received_by_agency": "Cơ quan đã tiếp nhận",
    "rejected_by_agency": "Cơ quan từ chối hồ sơ",
    "supplement_requested": "Cơ quan yêu cầu bổ sung",
    "returning_to_citizen": "Đang chuyển trả người gửi",
    "returned_to_citizen": "Đã trả lại người gửi",
    "awaiting_result": "Chờ kết quả",
    "ready_at_agency": "Kết quả đã sẵn sàng tại cơ quan",
    "handover_offered": "Cơ quan đang bàn giao kết quả",
    "collected_from_agency": "Bưu tá đã nhận kết quả",
    "out_for_delivery": "Đang giao kết quả",
    "attempt_failed": "Giao không thành công",
    "delivered": "Đã giao kết quả",
    "held_at_post_office": "Đang lưu tại bưu cục",
    "returned_to_agency": "Đã trả lại cơ quan",
}
LEG_LABELS = {"dossier": "Chiều gửi hồ sơ", "result": "Chiều trả kết quả"}


def vnd(amount: int) -> str:
    """vi-VN grouping: 60.500 ₫."""
    return f"{amount:,}".replace(",", ".") + " ₫"


def register(app: Flask) -> None:
    app.add_template_filter(lambda s: STATUS_LABELS.get(s, s), "status_label")
    app.add_template_filter(lambda s: LEG_LABELS.get(s, s), "leg_label")
    app.add_template_filter(vnd, "vnd")
