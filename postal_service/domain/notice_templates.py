"""The texts of the notices to citizens, one template per topic, in Vietnamese (with its diacritics) and English.

Values in braces are filled by `notices.Notice.text`; dates are written day/month/year in both languages, and
punctuation stays ASCII so that a text stripped of its diacritics fits the GSM alphabet of an SMS.
"""

from __future__ import annotations

from .back_office_templates import BACK_OFFICE_TEMPLATES
from .language import DAY_FORMAT, Template
from .network_templates import NETWORK_TEMPLATES
from .topics import Topic

_D = DAY_FORMAT
TEMPLATES: dict[Topic, Template] = {
    Topic.BOOKED: Template(
        "Đã đặt dịch vụ",
        "Đã đặt dịch vụ bưu chính công ích {reference}, số hiệu {numbers}, cước {total:vi}. Theo dõi: {link}",
        "Booking confirmed",
        "Public postal service {reference} booked, tracking {numbers}, charge {total:en}. Track it: {link}",
    ),
    Topic.RESCHEDULED: Template(
        "Đổi lịch lấy hồ sơ",
        "Lịch lấy hồ sơ {reference} đổi sang {start:%H:%M}-{end:%H:%M} ngày {start:" + _D + "}.",
        "Pickup moved",
        "The pickup of {reference} is now {start:%H:%M}-{end:%H:%M} on {start:" + _D + "}.",
    ),
    Topic.CANCELLED: Template(
        "Đã hủy yêu cầu",
        "Yêu cầu {reference} đã được hủy.",
        "Request cancelled",
        "Request {reference} has been cancelled.",
    ),
    Topic.SIGN_IN_CODE: Template(
        "Mã xác thực",
        "Mã xác thực cho yêu cầu {reference}: {code}. Hết hạn sau {minutes} phút.",
        "Sign-in code",
        "Sign-in code for request {reference}: {code}. It expires in {minutes} minutes.",
    ),
    Topic.COURIER_COMING_FOR_DOSSIER: Template(
        "Bưu tá sắp đến lấy hồ sơ",
        "Bưu tá sẽ đến lấy hồ sơ {reference} khoảng {start:%H:%M}-{end:%H:%M} hôm nay. "
        "Vui lòng chuẩn bị đủ giấy tờ và CCCD.",
        "Courier on the way",
        "A courier will collect dossier {reference} between {start:%H:%M} and {end:%H:%M} today. "
        "Please have the documents and your ID card ready.",
    ),
    Topic.COURIER_COMING_WITH_RESULT: Template(
        "Bưu tá sắp giao kết quả",
        "Bưu tá sẽ giao kết quả {reference} khoảng {start:%H:%M}-{end:%H:%M} hôm nay. Vui lòng mang CCCD.",
        "Courier on the way",
        "A courier will bring the result of {reference} between {start:%H:%M} and {end:%H:%M} today. "
        "Please have your ID card ready.",
    ),
    Topic.COURIER_NEAR: Template(
        "Bưu tá sắp đến",
        "Bưu tá đang trên đường đến chỗ bạn ({reference}), dự kiến khoảng {start:%H:%M}. Vui lòng chuẩn bị CCCD.",
        "Courier nearly there",
        "The courier is on the way to you ({reference}), expected around {start:%H:%M}. "
        "Please have your ID card ready.",
    ),
    Topic.SEALED: Template(
        "Đã niêm phong hồ sơ",
        "Hồ sơ {reference} đã được nhận và niêm phong (số niêm phong {seal}), đang chuyển đến cơ quan.",
        "Dossier picked up and sealed",
        "Dossier {reference} was taken and sealed (seal {seal}) and is on its way to the agency.",
    ),
    Topic.INTAKE_INCOMPLETE: Template(
        "Hồ sơ chưa đủ giấy tờ",
        "Hồ sơ {reference} còn thiếu: {missing}. Vui lòng bổ sung và hẹn lại: {link}",
        "Dossier incomplete",
        "Dossier {reference} is missing: {missing}. Please complete it and book again: {link}",
    ),
    Topic.RECEIVED_BY_AGENCY: Template(
        "Cơ quan đã tiếp nhận",
        "Cơ quan đã tiếp nhận hồ sơ {reference}: mã hồ sơ {dossier_code}, hẹn trả {appointment:" + _D + "}.",
        "Received by the agency",
        "The agency received dossier {reference}: dossier code {dossier_code}, result due {appointment:" + _D + "}.",
    ),
    Topic.REJECTED: Template(
        "Hồ sơ bị từ chối",
        "Cơ quan từ chối hồ sơ {reference}: {reason}. Hồ sơ sẽ được chuyển trả cho bạn.",
        "Dossier rejected",
        "The agency rejected dossier {reference}: {reason}. The dossier will be returned to you.",
    ),
    Topic.SUPPLEMENT_REQUESTED: Template(
        "Cần bổ sung hồ sơ",
        "Cơ quan giữ hồ sơ {reference} và cần bổ sung: {missing} ({reason}). Hẹn gửi phần bổ sung: {link}",
        "Supplement requested",
        "The agency keeps dossier {reference} and needs: {missing} ({reason}). Book the supplement: {link}",
    ),
    Topic.SUPPLEMENT_BOOKED: Template(
        "Đã hẹn gửi bổ sung",
        "Phần bổ sung của hồ sơ {reference} có số hiệu {number}. Không thu thêm cước, phí.",
        "Supplement booked",
        "The supplement to dossier {reference} is {number}. There is nothing more to pay.",
    ),
    Topic.SUPPLEMENT_RECEIVED: Template(
        "Cơ quan đã nhận bổ sung",
        "Cơ quan đã nhận phần bổ sung của hồ sơ {reference} (mã {dossier_code}), hẹn trả {appointment:" + _D + "}.",
        "Supplement received",
        "The agency added the supplement to {reference} ({dossier_code}); result due {appointment:" + _D + "}.",
    ),
    Topic.RETURNED_TO_SENDER: Template(
        "Đã trả lại hồ sơ",
        "Hồ sơ {reference} đã được trả lại cho người gửi.",
        "Dossier returned",
        "Dossier {reference} has been returned to the sender.",
    ),
    Topic.APPOINTMENT_CHANGED: Template(
        "Hẹn lại ngày trả kết quả",
        "Cơ quan hẹn lại ngày trả kết quả hồ sơ {reference}: {appointment:" + _D + "}.",
        "New result date",
        "The agency set a new date for the result of {reference}: {appointment:" + _D + "}.",
    ),
    Topic.PROCESSING_STOPPED: Template(
        "Dừng xử lý hồ sơ",
        "Cơ quan dừng xử lý hồ sơ {reference}: {reason}.",
        "Processing stopped",
        "The agency stopped processing dossier {reference}: {reason}.",
    ),
    Topic.RESULT_READY: Template(
        "Đã có kết quả",
        "Kết quả hồ sơ {reference} đã sẵn sàng; bưu tá sẽ đến nhận và giao cho bạn.",
        "Result ready",
        "The result of {reference} is ready; a courier will collect it and bring it to you.",
    ),
    Topic.RESULT_OUT_FOR_DELIVERY: Template(
        "Đang giao kết quả",
        "Kết quả {reference} đang được giao đến bạn hôm nay.",
        "Result on the way",
        "The result of {reference} is on its way to you today.",
    ),
    Topic.RESULT_DELIVERED: Template(
        "Đã giao kết quả",
        "Kết quả hồ sơ {reference} đã được giao cho {receiver}.",
        "Result delivered",
        "The result of {reference} was handed to {receiver}.",
    ),
    Topic.ATTEMPT_FAILED: Template(
        "Giao không thành công",
        "Giao kết quả {reference} không thành công ({reason:vi}). Bưu tá sẽ giao lại ngày làm việc tiếp theo; "
        "đổi cách nhận: {link}",
        "Delivery failed",
        "We could not deliver the result of {reference} ({reason:en}). We will try again on the next working "
        "day; other options: {link}",
    ),
    Topic.LAST_ATTEMPT_FAILED: Template(
        "Giao không thành công",
        "Giao kết quả {reference} không thành công ({reason:vi}). Kết quả sẽ được lưu tại bưu cục: {link}",
        "Delivery failed",
        "We could not deliver the result of {reference} ({reason:en}). It will be kept at the post office: {link}",
    ),
    Topic.HELD: Template(
        "Kết quả lưu tại bưu cục",
        "Kết quả {reference} được lưu tại bưu cục đến {until:" + _D + "}; sau ngày này sẽ trả lại cơ quan.",
        "Held at the post office",
        "The result of {reference} is kept at the post office until {until:" + _D + "}; "
        "after that it goes back to the agency.",
    ),
    Topic.RETURNED_TO_AGENCY: Template(
        "Đã trả kết quả về cơ quan",
        "Hết thời hạn lưu, kết quả {reference} đã được trả lại cơ quan.",
        "Returned to the agency",
        "The holding time ended; the result of {reference} went back to the agency.",
    ),
    Topic.DEADLINE_ALERT: Template(
        "Cảnh báo hạn",
        "Cảnh báo hạn: bưu gửi {number} của yêu cầu {reference} phải đến nơi trước hết ngày {until:" + _D + "}. "
        "Xem bảng điều phối.",
        "Deadline alert",
        "Deadline alert: parcel {number} of request {reference} is due by the end of {until:" + _D + "}. "
        "See the dispatch board.",
    ),
    **BACK_OFFICE_TEMPLATES,
    **NETWORK_TEMPLATES,
}
