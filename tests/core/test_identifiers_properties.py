"""Properties of the Danish identifiers (core.identifiers, the one home of their validation):
CPR, CVR and P-nummer accept exactly their ASCII forms and never another script's digits."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from core.identifiers import (
    has_foreign_digit,
    is_ascii_digits,
    mask_cpr_like,
    validate_cpr,
    validate_cvr,
    validate_p_number,
    validate_postcode,
)
from demo.identifiers import cpr_century_digits

TODAY = date(2026, 12, 4)
CVR_WEIGHTS = (2, 7, 6, 5, 4, 3, 2, 1)
# Digits of other scripts that str.isdigit() and int() accept: Arabic-Indic, Extended
# Arabic-Indic, Devanagari, fullwidth, Bengali, Thai, mathematical bold.
FOREIGN_ZEROS = (0x0660, 0x06F0, 0x0966, 0xFF10, 0x09E6, 0x0E50, 0x1D7CE)
PROPERTY = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def to_script(number: str, zero: int) -> str:
    return "".join(chr(zero + int(d)) if d.isdigit() else d for d in number)


@st.composite
def cprs(draw) -> str:
    born = draw(st.dates(min_value=date(1900, 1, 1), max_value=TODAY))
    digit7 = draw(st.sampled_from(cpr_century_digits(born.year)))
    rest = draw(st.integers(min_value=0, max_value=999))
    return f"{born:%d%m%y}{digit7}{rest:03d}"


@st.composite
def cvrs(draw) -> str:
    while True:
        tail = draw(st.lists(st.integers(0, 9), min_size=6, max_size=6))
        head = [draw(st.integers(1, 9)), *tail]
        remainder = sum(w * d for w, d in zip(CVR_WEIGHTS, head, strict=False)) % 11
        check = (11 - remainder) % 11
        if check < 10:
            return "".join(map(str, [*head, check]))


p_numbers = st.text(alphabet="0123456789", min_size=10, max_size=10)
foreign_zero = st.sampled_from(FOREIGN_ZEROS)


@PROPERTY
@given(cprs())
def test_every_real_cpr_number_is_accepted_with_or_without_the_hyphen(number):
    assert validate_cpr(number, today=TODAY) == number
    assert validate_cpr(f"{number[:6]}-{number[6:]}", today=TODAY) == number


@PROPERTY
@given(cprs(), foreign_zero)
def test_a_cpr_number_in_another_scripts_digits_is_refused(number, zero):
    with pytest.raises(ValidationError) as refused:
        validate_cpr(to_script(number, zero), today=TODAY)
    assert refused.value.code == "non_ascii_digits"


@PROPERTY
@given(cprs(), st.integers(0, 9), foreign_zero)
def test_one_foreign_digit_anywhere_in_a_cpr_number_is_refused(number, position, zero):
    mixed = number[:position] + to_script(number[position], zero) + number[position + 1 :]
    with pytest.raises(ValidationError):
        validate_cpr(mixed, today=TODAY)


@PROPERTY
@given(st.text(max_size=14))
def test_whatever_passes_as_a_cpr_number_is_ten_ascii_digits_with_a_real_date(text):
    try:
        number = validate_cpr(text, today=TODAY)
    except ValidationError:
        return
    assert is_ascii_digits(number) and len(number) == 10
    assert not has_foreign_digit(text)


@PROPERTY
@given(cvrs())
def test_every_cvr_number_passing_modulus_11_is_accepted(number):
    assert validate_cvr(number) == number


@PROPERTY
@given(cvrs(), foreign_zero)
def test_a_cvr_number_in_another_scripts_digits_is_refused(number, zero):
    with pytest.raises(ValidationError) as refused:
        validate_cvr(to_script(number, zero))
    assert refused.value.code == "non_ascii_digits"


@PROPERTY
@given(st.text(max_size=12))
def test_whatever_passes_as_a_cvr_number_is_eight_ascii_digits(text):
    try:
        number = validate_cvr(text)
    except ValidationError:
        return
    assert is_ascii_digits(number) and len(number) == 8


@PROPERTY
@given(p_numbers)
def test_every_ten_digit_p_number_is_accepted(number):
    assert validate_p_number(number) == number


@PROPERTY
@given(p_numbers, foreign_zero)
def test_a_p_number_in_another_scripts_digits_is_refused(number, zero):
    with pytest.raises(ValidationError) as refused:
        validate_p_number(to_script(number, zero))
    assert refused.value.code == "non_ascii_digits"


@PROPERTY
@given(st.text(max_size=14))
def test_whatever_passes_as_a_p_number_is_ten_ascii_digits(text):
    try:
        number = validate_p_number(text)
    except ValidationError:
        return
    assert is_ascii_digits(number) and len(number) == 10


@pytest.mark.parametrize("code", ["２７５０", "٢٧٥٠", "2٧50"])
def test_a_postcode_in_another_scripts_digits_is_refused_with_the_digits_message(code):
    with pytest.raises(ValidationError) as refused:
        validate_postcode(code)
    assert refused.value.code == "non_ascii_digits"
    assert validate_postcode("2750") == "2750"


@PROPERTY
@given(cprs(), st.text(max_size=20), st.text(max_size=20), st.booleans(), foreign_zero)
def test_no_cpr_number_survives_masking_in_a_text(number, before, after, hyphen, zero):
    written = f"{number[:6]}-{number[6:]}" if hyphen else number
    for shown in (written, to_script(written, zero)):
        text = f"{before} {shown} {after}"
        masked = mask_cpr_like(text)
        assert shown not in masked
        assert f"{shown[:6]}-XXXX" in masked


def test_the_issue_example_is_refused():
    with pytest.raises(ValidationError):
        validate_cpr("٠٢٠٨٠٣٤٣٦٤", today=TODAY)
    assert validate_cpr("0208034364", today=TODAY) == "0208034364"
