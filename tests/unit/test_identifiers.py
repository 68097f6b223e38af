import pytest
from hypothesis import given
from hypothesis import strategies as st

from postal_service.domain.identifiers import (
    TrackingNumber,
    mask_id_number,
    normalise_phone,
    parse_dossier_code,
    parse_id_number,
    s10_check_digit,
)


@pytest.mark.parametrize(("serial", "check"), [("47312482", 9), ("00071761", 8), ("96633102", 0)])
def test_s10_check_digit_matches_the_published_examples(serial, check):
    assert s10_check_digit(serial) == check


def test_a_check_digit_of_eleven_becomes_five():
    # an all-zero serial weighs 0, so 11 - 0 = 11, which S10 writes as 5
    assert s10_check_digit("00000000") == 5


@given(st.integers(min_value=0, max_value=99_999_999))
def test_every_issued_tracking_number_parses_back(serial):
    issued = TrackingNumber.issue("RH", serial)
    assert TrackingNumber.parse(issued.value) == issued


@given(st.integers(min_value=0, max_value=99_999_999), st.integers(min_value=1, max_value=9))
def test_a_changed_check_digit_is_refused(serial, delta):
    value = TrackingNumber.issue("RH", serial).value
    wrong = value[:10] + str((int(value[10]) + delta) % 10) + value[11:]
    with pytest.raises(ValueError, match="check digit"):
        TrackingNumber.parse(wrong)


def test_tracking_numbers_are_read_without_spaces_and_in_capitals():
    assert TrackingNumber.parse(" rr 473124829 vn ").value == "RR473124829VN"


@pytest.mark.parametrize("text", ["RR47312482VN", "R1473124829VN", "RR473124829", ""])
def test_malformed_tracking_numbers_are_refused(text):
    with pytest.raises(ValueError):
        TrackingNumber.parse(text)


@pytest.mark.parametrize(
    ("raw", "normal"),
    [
        ("0912345678", "0912345678"),
        ("+84912345678", "0912345678"),
        ("84 912 345 678", "0912345678"),
        ("0378.123.456", "0378123456"),
    ],
)
def test_phones_are_normalised_to_the_zero_form(raw, normal):
    assert normalise_phone(raw) == normal


@pytest.mark.parametrize("raw", ["0212345678", "091234567", "09123456789", "+1 555 0100", "abc"])
def test_numbers_that_are_not_vietnamese_mobiles_are_refused(raw):
    with pytest.raises(ValueError):
        normalise_phone(raw)


def test_a_cccd_is_accepted_and_an_old_9_digit_card_is_refused_with_the_reason():
    assert parse_id_number(" 001090123456 ") == "001090123456"
    with pytest.raises(ValueError, match="no longer valid since 1 January 2025"):
        parse_id_number("123456789")


@pytest.mark.parametrize("raw", ["000090123456", "097090123456", "12345678901", "00109012345X"])
def test_id_numbers_with_a_bad_province_or_length_are_refused(raw):
    with pytest.raises(ValueError):
        parse_id_number(raw)


def test_dossier_codes_follow_circular_01_2018():
    assert parse_dossier_code("000.17.22.h56-210531-0001") == "000.17.22.H56-210531-0001"
    with pytest.raises(ValueError):
        parse_dossier_code("000.17.22.H56-2105-0001")


def test_couriers_see_only_the_last_four_digits_of_an_id():
    assert mask_id_number("001090123456") == "********3456"


def test_an_offices_number_may_be_a_fixed_line_of_eleven_digits_or_a_mobile():
    from postal_service.domain.identifiers import normalise_telephone

    assert normalise_telephone("024 3765 4321") == "02437654321"
    assert normalise_telephone("+84 24 3765 4321") == "02437654321"
    assert normalise_telephone("0912.345.678") == "0912345678"
    for wrong in ("0243765432", "0143765432 1", "12345"):
        with pytest.raises(ValueError):
            normalise_telephone(wrong)
