"""Organisationsnummer as the kansli types them: ten digits, a Luhn check digit."""

import pytest

from partnership.orgnr import luhn_check_digit, normalise
from tests.partnership.factories import next_org_number

WRONG_FORMAT = "Ange organisationsnumret som tio siffror"
WRONG_CHECK_DIGIT = "Kontrollsiffran stämmer inte"
WRONG_THIRD_DIGIT = "Tredje siffran i ett organisationsnummer är alltid 2 eller högre"


@pytest.mark.parametrize(
    "typed, stored",
    [
        ("2021005489", "202100-5489"),
        ("202100-5489", "202100-5489"),
        (" 556016-0680 ", "556016-0680"),
        ("556016 0680", "556016-0680"),
        ("802002-4280", "802002-4280"),
    ],
)
def test_it_normalises_valid_numbers_with_or_without_hyphen(typed, stored):
    assert normalise(typed) == stored


def test_it_accepts_the_numbers_the_test_factories_make():
    for _ in range(20):
        number = next_org_number()
        assert normalise(number) == number


@pytest.mark.parametrize("typed", ["202100-5488", "2021005480", "556016-0681"])
def test_it_refuses_a_wrong_check_digit(typed):
    with pytest.raises(ValueError, match=WRONG_CHECK_DIGIT):
        normalise(typed)


@pytest.mark.parametrize("typed", ["202100548", "20210054890", "202100-548", "2021-005489", ""])
def test_it_refuses_the_wrong_number_of_digits(typed):
    with pytest.raises(ValueError, match=WRONG_FORMAT):
        normalise(typed)


def test_it_refuses_a_missing_number():
    with pytest.raises(ValueError, match=WRONG_FORMAT):
        normalise(None)


@pytest.mark.parametrize("nine", ["201234567", "551234567", "000000000"])
def test_it_refuses_a_third_digit_below_two_even_with_a_correct_check_digit(nine):
    typed = f"{nine}{luhn_check_digit(nine)}"
    with pytest.raises(ValueError, match=WRONG_THIRD_DIGIT):
        normalise(typed)


@pytest.mark.parametrize("typed", ["20210O-5489", "abcdef-ghij", "202100-548X"])
def test_it_refuses_letters(typed):
    with pytest.raises(ValueError, match=WRONG_FORMAT):
        normalise(typed)


def test_the_check_digit_follows_luhn():
    assert luhn_check_digit("202100548") == 9
    assert luhn_check_digit("556016068") == 0
