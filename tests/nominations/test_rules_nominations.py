"""The nomination round's rules (swecan/rules.py, § 5 and § 8.1): pure functions, no database."""

import datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from swecan import rules

D = datetime.date


def test_no_round_for_a_roll_of_operating_year_1():
    verdict = rules.check_nomination_round(1)
    assert not verdict
    assert verdict.rule == "§ 8.1"
    assert verdict.reason == ("Under SweCans första verksamhetsår tillsätts partnerskapet utan nominering, "
                              "efter inbjudan från Socialstyrelsen (§ 8.1).")


@pytest.mark.parametrize("year", [2, 3, 10])
def test_a_round_from_operating_year_2(year):
    verdict = rules.check_nomination_round(year)
    assert verdict and verdict.rule == "§ 5"


def test_operating_year_0_is_not_a_year():
    with pytest.raises(ValueError):
        rules.check_nomination_round(0)


def test_the_deadline_day_is_open_and_the_day_after_closed():
    deadline = D(2026, 12, 15)
    assert rules.check_nomination_open(2, deadline, deadline)
    closed = rules.check_nomination_open(2, deadline + datetime.timedelta(days=1), deadline)
    assert not closed and closed.rule == "§ 5"
    assert "nomineringen är stängd" in closed.reason


def test_year_1_is_refused_before_the_deadline_too():
    verdict = rules.check_nomination_open(1, D(2026, 1, 5), D(2026, 2, 1))
    assert not verdict and verdict.rule == "§ 8.1"


@given(deadline=st.dates(min_value=D(2027, 1, 1), max_value=D(2040, 12, 31)),
       offset=st.integers(min_value=-400, max_value=400),
       year=st.integers(min_value=1, max_value=20))
def test_open_exactly_through_the_deadline_day_from_year_2(deadline, offset, year):
    today = deadline + datetime.timedelta(days=offset)
    verdict = rules.check_nomination_open(year, today, deadline)
    assert bool(verdict) == (year >= 2 and today <= deadline)
    assert verdict.rule == ("§ 8.1" if year == 1 else "§ 5")
