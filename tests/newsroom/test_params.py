"""Page numbers and ids from the query string: ASCII digits in range, or 404."""

import pytest
from django.http import Http404

from newsroom.params import MAX_ID, MAX_PAGE, object_id, page_number

NOT_NUMBERS = [
    "²",  # "²".isdigit() is true, int("²") fails
    "٣",  # int() reads Arabic-Indic digits
    "abc",
    " 2",
    "2 ",
    "+2",
    "-2",
    "2_0",
    "2.0",
    "0x10",
    "2\n",
    "2\x00",
    "1" * 5000,  # past int()'s 4,300 digits
]


@pytest.mark.parametrize("value", [None, ""])
def test_a_missing_page_number_is_the_first_page(value):
    assert page_number(value) == 1


@pytest.mark.parametrize(
    ("value", "number"),
    [("1", 1), ("2", 2), ("01", 1), (7, 7), (str(MAX_PAGE), MAX_PAGE)],
)
def test_a_page_number_is_ascii_digits(value, number):
    assert page_number(value) == number


@pytest.mark.parametrize(
    "value",
    [*NOT_NUMBERS, "0", 0, str(MAX_PAGE + 1), "9223372036854775807", "0" * 8 + "1"],
)
def test_anything_else_is_not_a_page(value):
    with pytest.raises(Http404):
        page_number(value)


def test_the_largest_page_can_be_raised_for_longer_lists():
    assert page_number("123456789012", maximum=10**12) == 123456789012
    with pytest.raises(Http404):
        page_number(str(10**12 + 1), maximum=10**12)


@pytest.mark.parametrize(("value", "number"), [("8", 8), (8, 8), (str(MAX_ID), MAX_ID)])
def test_an_id_is_ascii_digits_up_to_the_largest_bigint(value, number):
    assert object_id(value) == number


@pytest.mark.parametrize("value", [*NOT_NUMBERS, None, "", "0", str(MAX_ID + 1), True])
def test_anything_else_is_not_an_id(value):
    with pytest.raises(Http404):
        object_id(value)
