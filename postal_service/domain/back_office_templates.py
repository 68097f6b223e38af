"""The texts about money and claims: an online payment received, a claim received, looked into, answered, and
the office's warning that an answer is due. Same rules as `notice_templates`."""

from __future__ import annotations

from .language import DAY_FORMAT, Template
from .topics import Topic

_D = DAY_FORMAT
BACK_OFFICE_TEMPLATES: dict[Topic, Template] = {
    Topic.PAID_ONLINE: Template(
        "Đã nhận thanh toán",
        "Đã nhận thanh toán trực tuyến {total:vi} cho yêu cầu {reference}. Bưu tá không thu thêm tiền.",
        "Payment received",
        "Online payment of {total:en} received for request {reference}. The courier collects nothing more.",
    ),
    Topic.CLAIM_FILED: Template(
        "Đã nhận khiếu nại",
        "Đã nhận khiếu nại {number} về yêu cầu {reference}. Bưu điện trả lời trước hết ngày {until:" + _D + "}.",
        "Claim received",
        "Claim {number} about request {reference} received. We answer by the end of {until:" + _D + "}.",
    ),
    Topic.CLAIM_UPHELD: Template(
        "Khiếu nại được chấp nhận",
        "Khiếu nại {number} về yêu cầu {reference} được chấp nhận; bồi thường {total:vi}.",
        "Claim upheld",
        "Claim {number} about request {reference} is upheld; compensation {total:en}.",
    ),
    Topic.CLAIM_NOT_UPHELD: Template(
        "Trả lời khiếu nại",
        "Khiếu nại {number} về yêu cầu {reference} không được chấp nhận. Xem lý do tại trang theo dõi.",
        "Claim answered",
        "Claim {number} about request {reference} is not upheld. The reasons are on the tracking page.",
    ),
    Topic.CLAIM_DUE: Template(
        "Khiếu nại sắp quá hạn",
        "Khiếu nại {number} của yêu cầu {reference} phải được trả lời trước hết ngày {until:" + _D + "}.",
        "Claim due",
        "Claim {number} of request {reference} must be answered by the end of {until:" + _D + "}.",
    ),
    Topic.CLAIM_ASSIGNED: Template(
        "Khiếu nại đang được xử lý",
        "Khiếu nại {number} về yêu cầu {reference} đang được xử lý; trả lời trước hết ngày {until:" + _D + "}.",
        "Claim being looked into",
        "Claim {number} about request {reference} is being looked into; answer by the end of {until:" + _D + "}.",
    ),
}
