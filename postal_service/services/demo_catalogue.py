"""Demo catalogue for Hà Nội: real communes, plausible agencies, procedures of the former Ministry of
Information and Communications and of the city, three post offices. Coordinates are approximate."""

from __future__ import annotations

WEEKDAYS_OFFICE = {d: ["08:00", "17:00"] for d in ("mon", "tue", "wed", "thu", "fri")}
POST_OFFICE_HOURS = {**{d: ["07:30", "17:30"] for d in ("mon", "tue", "wed", "thu", "fri")}, "sat": ["07:30", "11:30"]}

# commune code -> (approximate centre latitude, longitude)
WARD_CENTRES: dict[int, tuple[float, float]] = {
    70: (21.0285, 105.8520), 73: (21.0245, 105.8430), 4: (21.0380, 105.8370), 8: (21.0400, 105.8250),
    25: (21.0280, 105.8230), 256: (21.0120, 105.8520), 277: (21.0010, 105.8500), 283: (21.0000, 105.8700),
    235: (21.0140, 105.8260), 226: (21.0070, 105.8360), 196: (21.0250, 105.8350), 190: (21.0190, 105.8200),
    97: (21.0400, 105.8600), 103: (21.0700, 105.8200), 148: (21.0400, 105.8900), 130: (21.0500, 105.8750),
    167: (21.0330, 105.7940), 187: (21.0180, 105.8080), 160: (21.0450, 105.7980), 175: (21.0200, 105.7920),
    367: (20.9950, 105.8080), 364: (20.9900, 105.8180), 352: (20.9980, 105.8380), 619: (21.0500, 105.7600),
    592: (21.0300, 105.7650), 611: (21.0700, 105.7900), 602: (21.0850, 105.7800), 634: (21.0080, 105.7450),
    637: (20.9950, 105.7650), 622: (21.0350, 105.7450), 91: (21.0850, 105.8100),
    9556: (20.9700, 105.7800), 9886: (20.9780, 105.7500), 9552: (20.9500, 105.7900), 9568: (20.9450, 105.7700),
    9562: (20.9550, 105.7400), 319: (20.9800, 105.8550), 316: (20.9800, 105.8300), 313: (20.9900, 105.8500),
    337: (20.9650, 105.8400), 646: (20.9600, 105.8200), 328: (20.9800, 105.8800), 304: (20.9900, 105.8750),
    331: (20.9600, 105.8650),
}

STREETS = ("Phố Huế", "Phố Bà Triệu", "Đường Láng", "Phố Kim Mã", "Đường Giải Phóng", "Phố Tôn Đức Thắng",
           "Đường Trần Duy Hưng", "Phố Xã Đàn", "Đường Nguyễn Trãi", "Phố Quang Trung", "Đường Hoàng Quốc Việt",
           "Phố Lạc Long Quân", "Đường Minh Khai", "Phố Tây Sơn", "Đường Phạm Văn Đồng", "Phố Văn Cao")

POST_OFFICES = (
    # code, name, street, commune, lat, lon, communes served
    ("100000", "Bưu cục Trung tâm Hà Nội", "75 Đinh Tiên Hoàng", 70, 21.0263, 105.8537,
     (70, 73, 4, 8, 25, 256, 277, 283, 235, 226, 196, 190, 97, 103, 148, 130)),
    ("122000", "Bưu cục Cầu Giấy", "3 Trần Đăng Ninh", 167, 21.0363, 105.7953,
     (167, 187, 160, 175, 367, 364, 352, 619, 592, 611, 602, 634, 637, 622, 91)),
    ("152000", "Bưu cục Hà Đông", "2 Quang Trung", 9556, 20.9713, 105.7781,
     (9556, 9886, 9552, 9568, 9562, 319, 316, 313, 337, 646, 328, 304, 331)),
)

AGENCIES = (
    # code, name, street, commune, lat, lon
    ("000.00.15.G01", "Cục Báo chí", "9 Phạm Văn Bạch", 167, 21.0322, 105.7898),
    ("000.00.15.G02", "Cục Xuất bản, In và Phát hành", "10 Đường Thành", 70, 21.0335, 105.8470),
    ("000.00.15.G03", "Cục Tần số vô tuyến điện", "115 Trần Duy Hưng", 175, 21.0105, 105.8010),
    ("000.00.15.G04", "Cục Viễn thông", "18 Nguyễn Du", 256, 21.0187, 105.8492),
    ("000.00.15.G05", "Cục Phát thanh, truyền hình và thông tin điện tử", "115 Trần Duy Hưng", 175, 21.0108, 105.8014),
    ("000.00.01.H26", "Sở Tư pháp Hà Nội", "221 Trần Phú", 9556, 20.9805, 105.7895),
    ("000.00.02.H26", "Sở Tài chính Hà Nội (đăng ký kinh doanh)", "16 Cát Linh", 235, 21.0285, 105.8320),
    ("000.00.03.H26", "Sở Xây dựng Hà Nội", "52 Lê Đại Hành", 256, 21.0110, 105.8475),
    ("000.00.04.H26", "Sở Văn hóa và Thể thao Hà Nội", "47 Hàng Dầu", 70, 21.0300, 105.8540),
    ("000.00.05.H26", "Phòng Quản lý xuất nhập cảnh, Công an TP Hà Nội", "44 Phạm Ngọc Thạch", 226, 21.0085, 105.8340),
)

# agency index, code, name, fee, postal eligible, processing days, documents [(name, original, count)]
_FORM = ("Tờ khai theo mẫu", True, 1)
_ID = ("Bản sao căn cước công dân", False, 1)
PROCEDURES = (
    (0, "1.004475", "Cấp giấy phép hoạt động báo in", 0, True, 30,
     (_FORM, ("Quyết định thành lập cơ quan chủ quản", False, 1), ("Đề án hoạt động báo in", True, 1))),
    (0, "1.004479", "Cấp giấy phép hoạt động tạp chí in", 0, True, 30,
     (_FORM, ("Quyết định thành lập cơ quan chủ quản", False, 1), ("Đề án hoạt động tạp chí", True, 1))),
    (0, "1.004483", "Cấp giấy phép xuất bản đặc san", 0, True, 10, (_FORM, ("Mẫu trình bày đặc san", True, 1))),
    (0, "1.004488", "Cấp giấy phép xuất bản bản tin", 0, True, 15, (_FORM, ("Mẫu trình bày bản tin", True, 1))),
    (0, "1.004490", "Cấp thẻ nhà báo", 0, True, 30, (_FORM, _ID, ("Ảnh 2x3", True, 2))),
    (1, "1.003725", "Cấp giấy phép xuất bản tài liệu không kinh doanh", 0, True, 10,
     (_FORM, ("Bản thảo tài liệu", True, 2))),
    (1, "1.003726", "Cấp giấy phép nhập khẩu xuất bản phẩm không kinh doanh", 0, True, 5,
     (_FORM, ("Danh mục xuất bản phẩm nhập khẩu", True, 1))),
    (1, "1.003731", "Cấp giấy phép hoạt động in xuất bản phẩm", 0, True, 15,
     (_FORM, ("Giấy chứng nhận đăng ký doanh nghiệp", False, 1), ("Danh mục thiết bị in", True, 1))),
    (1, "1.003735", "Xác nhận đăng ký hoạt động phát hành xuất bản phẩm", 0, True, 10,
     (_FORM, ("Giấy chứng nhận đăng ký doanh nghiệp", False, 1))),
    (2, "1.005441", "Cấp giấy phép sử dụng tần số vô tuyến điện cho đài vô tuyến nghiệp dư", 300_000, True, 20,
     (_FORM, ("Chứng chỉ vô tuyến điện viên nghiệp dư", False, 1))),
    (2, "1.005443", "Cấp giấy phép sử dụng tần số cho đài tàu", 500_000, True, 10,
     (_FORM, ("Giấy chứng nhận đăng ký tàu", False, 1))),
    (2, "1.005447", "Gia hạn giấy phép sử dụng tần số vô tuyến điện", 200_000, True, 10,
     (_FORM, ("Giấy phép đang còn hiệu lực", False, 1))),
    (2, "1.005450", "Cấp chứng chỉ vô tuyến điện viên đài tàu", 100_000, True, 15, (_FORM, _ID, ("Ảnh 3x4", True, 2))),
    (3, "1.002317", "Cấp giấy phép thiết lập mạng viễn thông công cộng", 5_000_000, True, 60,
     (_FORM, ("Giấy chứng nhận đăng ký doanh nghiệp", False, 1), ("Kế hoạch kinh doanh", True, 1),
      ("Kế hoạch kỹ thuật", True, 1))),
    (3, "1.002320", "Cấp giấy phép cung cấp dịch vụ viễn thông", 1_000_000, True, 30,
     (_FORM, ("Giấy chứng nhận đăng ký doanh nghiệp", False, 1), ("Kế hoạch kinh doanh", True, 1))),
    (3, "1.002325", "Sửa đổi, bổ sung giấy phép viễn thông", 500_000, True, 20,
     (_FORM, ("Giấy phép viễn thông đã cấp", False, 1))),
    (3, "1.002330", "Cấp giấy phép lắp đặt cáp viễn thông trên biển", 2_000_000, True, 30,
     (_FORM, ("Hồ sơ kỹ thuật tuyến cáp", True, 1))),
    (4, "1.001891", "Cấp giấy phép cung cấp dịch vụ phát thanh, truyền hình trả tiền", 3_000_000, True, 30,
     (_FORM, ("Đề án cung cấp dịch vụ", True, 1))),
    (4, "1.001894", "Cấp giấy phép thiết lập trang thông tin điện tử tổng hợp", 0, True, 30,
     (_FORM, ("Đề án hoạt động trang thông tin", True, 1), ("Bản in trang chủ", True, 1))),
    (4, "1.001897", "Cấp giấy phép thiết lập mạng xã hội", 0, True, 30,
     (_FORM, ("Đề án hoạt động mạng xã hội", True, 1), ("Thỏa thuận cung cấp dịch vụ", True, 1))),
    (5, "2.000488", "Cấp phiếu lý lịch tư pháp cho công dân Việt Nam", 200_000, True, 10, (_FORM, _ID)),
    (5, "2.000505", "Chứng thực bản sao từ bản chính", 2_000, False, 0, (("Bản chính giấy tờ", True, 1),)),
    (5, "2.000635", "Cấp bản sao trích lục hộ tịch", 8_000, True, 3, (_FORM, _ID)),
    (6, "2.001610", "Đăng ký thành lập công ty trách nhiệm hữu hạn một thành viên", 50_000, True, 3,
     (("Giấy đề nghị đăng ký doanh nghiệp", True, 1), ("Điều lệ công ty", True, 1), _ID)),
    (6, "2.001199", "Đăng ký thay đổi nội dung đăng ký doanh nghiệp", 50_000, True, 3,
     (("Thông báo thay đổi", True, 1), ("Nghị quyết, quyết định thay đổi", True, 1))),
    (7, "1.009972", "Cấp giấy phép xây dựng nhà ở riêng lẻ", 75_000, True, 15,
     (_FORM, ("Giấy chứng nhận quyền sử dụng đất", False, 1), ("Bản vẽ thiết kế", True, 2))),
    (7, "1.009976", "Cấp chứng chỉ hành nghề hoạt động xây dựng", 300_000, True, 20,
     (_FORM, ("Văn bằng chuyên môn", False, 1), ("Ảnh 4x6", True, 2))),
    (8, "1.001029", "Cấp giấy phép tổ chức biểu diễn nghệ thuật", 0, True, 5,
     (_FORM, ("Kịch bản, danh mục tác phẩm", True, 1))),
    (8, "1.001035", "Cấp giấy phép triển lãm mỹ thuật", 0, True, 7, (_FORM, ("Danh sách tác phẩm", True, 1))),
    (9, "1.003235", "Cấp hộ chiếu phổ thông lần đầu", 200_000, False, 8, (_FORM, ("Ảnh 4x6", True, 2))),
    (9, "1.003240", "Gia hạn tạm trú cho người nước ngoài", 10_000, True, 5,
     (_FORM, ("Hộ chiếu người nước ngoài", True, 1))),
)

FAMILY_NAMES = ("Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Ngô")
MIDDLE_NAMES = ("Văn", "Thị", "Minh", "Thu", "Đức", "Ngọc", "Quang", "Thanh")
GIVEN_NAMES = ("An", "Bình", "Chi", "Dũng", "Hà", "Hùng", "Lan", "Long", "Mai", "Nam", "Phương", "Sơn", "Trang", "Tuấn")
