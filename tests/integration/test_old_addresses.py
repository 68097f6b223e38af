"""District-era addresses map to the current units through the converter package, found by name in ours."""

import pytest

from postal_service.domain.errors import InvalidField
from postal_service.queries import geography
from postal_service.services.old_addresses import convert


@pytest.mark.parametrize(
    ("old", "street", "commune"),
    [
        ("5 Phố Tràng Thi, Phường Hàng Trống, Quận Hoàn Kiếm, Hà Nội", "5 Phố Tràng Thi", "Phường Hoàn Kiếm"),
        ("12 Trần Duy Hưng, Phường Trung Hòa, Quận Cầu Giấy, Thành phố Hà Nội", "12 Trần Duy Hưng", "Phường Yên Hòa"),
        ("Số 3, Phường Quang Trung, Quận Hà Đông, Hà Nội", "Số 3", "Phường Hà Đông"),
    ],
)
def test_an_old_address_becomes_the_current_commune_of_the_same_province(old, street, commune):
    found = convert(old)
    assert found.street == street and geography.communes()[found.commune_code] == (1, commune)
    assert found.label == f"{street}, {commune}, Thành phố Hà Nội"


def test_an_address_that_names_no_known_unit_is_refused_on_its_field():
    with pytest.raises(InvalidField) as refused:
        convert("somewhere far away", "pickup_address.old")
    assert list(refused.value.errors) == ["pickup_address.old"]


@pytest.mark.parametrize(
    ("ward", "district", "one_of_them"),
    [
        ("Dịch Vọng Hậu", "Cầu Giấy", "Phường Cầu Giấy"),
        ("Quan Hoa", "Cầu Giấy", "Phường Cầu Giấy"),
        ("Mai Dịch", "Cầu Giấy", "Phường Từ Liêm"),
        ("Kim Mã", "Ba Đình", "Phường Giảng Võ"),
        ("Láng Hạ", "Đống Đa", "Phường Láng"),
    ],
)
def test_a_ward_split_between_new_ones_keeps_the_street_and_offers_each_new_ward(ward, district, one_of_them):
    found = convert(f"20 Xuân Thủy, Phường {ward}, Quận {district}, Hà Nội")
    assert found.street == "20 Xuân Thủy" and found.province_code == 1 and found.commune_code is None
    names = [geography.communes()[code][1] for code in found.candidates]
    assert len(names) >= 2 and one_of_them in names
