"""The texts about an envelope between offices: on its way to another province, late on it, missing from its bag.
Same rules as `notice_templates`; times are local."""

from __future__ import annotations

from .language import DAY_FORMAT, Template
from .topics import Topic

_D = DAY_FORMAT
NETWORK_TEMPLATES: dict[Topic, Template] = {
    Topic.IN_TRANSIT: Template(
        "Đang chuyển đi tỉnh khác",
        "Bưu gửi {tracking} của yêu cầu {reference} đang được chuyển đến {city}, dự kiến đến {expected:%H:%M} "
        "ngày {expected:" + _D + "}.",
        "On its way",
        "Parcel {tracking} of request {reference} is on its way to {city}, expected at {expected:%H:%M} "
        "on {expected:" + _D + "}.",
    ),
    Topic.LATE_IN_TRANSIT: Template(
        "Bưu gửi bị chậm",
        "Bưu gửi {tracking} của yêu cầu {reference} lỡ chuyến thư; nay dự kiến đến {city} {expected:%H:%M} "
        "ngày {expected:" + _D + "}, sau hạn {until:" + _D + "}. Bưu điện xin lỗi.",
        "Parcel delayed",
        "Parcel {tracking} of request {reference} missed its trunk run; it is now expected in {city} at "
        "{expected:%H:%M} on {expected:" + _D + "}, after its deadline of {until:" + _D + "}. We apologise.",
    ),
    Topic.MISSING_IN_TRANSIT: Template(
        "Bưu gửi đang được tìm kiếm",
        "Bưu gửi {tracking} của yêu cầu {reference} không có trong túi thư khi mở. Bưu điện đã mở cuộc xác minh "
        "và sẽ báo kết quả; bạn có thể khiếu nại tại trang theo dõi.",
        "Parcel being traced",
        "Parcel {tracking} of request {reference} was not in its bag when the bag was opened. We are tracing it "
        "and will tell you; you may file a claim on the tracking page.",
    ),
    Topic.BAG_OPENED_SHORT: Template(
        "Túi thư mở thiếu",
        "Túi {bag} ({origin} - {destination}) mở thiếu bưu gửi {tracking} của yêu cầu {reference}. "
        "Đã mở xác minh {number}, trả lời trước hết ngày {until:" + _D + "}.",
        "Bag opened short",
        "Bag {bag} ({origin} - {destination}) was opened without parcel {tracking} of request {reference}. "
        "Investigation {number} is open, to be answered by the end of {until:" + _D + "}.",
    ),
}
