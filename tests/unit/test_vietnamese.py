"""Vietnamese alphabetical order and searching without marks."""

from __future__ import annotations

from postal_service.domain.vietnamese import collation_key, folded, strip_diacritics


def test_names_follow_the_vietnamese_alphabet_not_code_points():
    names = ["Yên Hòa", "Đống Đa", "Ba Đình", "Ô Chợ Dừa", "Ơ", "Ong", "Dịch Vọng", "Ăn", "Ân", "An", "Ưu", "Uy"]
    assert sorted(names, key=collation_key) == [
        "An", "Ăn", "Ân", "Ba Đình", "Dịch Vọng", "Đống Đa", "Ong", "Ô Chợ Dừa", "Ơ", "Uy", "Ưu", "Yên Hòa",
    ]  # fmt: skip
    assert sorted(names) != sorted(names, key=collation_key)  # what Python would do instead


def test_tones_only_break_ties_in_dictionary_order():
    assert sorted(["má", "mạ", "ma", "mã", "mả", "mà"], key=collation_key) == ["ma", "mà", "mả", "mã", "má", "mạ"]


def test_searching_ignores_marks_and_case():
    assert folded("Cấp Giấy phép XUẤT BẢN") == "cap giay phep xuat ban" == folded("cap giay phep xuat ban")
    assert strip_diacritics("Đường Thành") == "Duong Thanh"
