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
