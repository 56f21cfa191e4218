"""Deadlines show their weekday, and a non-working day says so and names the last working day."""

import datetime

import pytest
from django.template import Context, Template
from django.utils import translation

from swecan.deadlines import describe

D = datetime.date


def render(day, language="sv"):
    with translation.override(language):
        return Template("{% load deadlines %}{% deadline day %}").render(Context({"day": day}))


@pytest.mark.parametrize(
    ("day", "why", "before"),
    [
        (D(2026, 12, 5), "helg", D(2026, 12, 4)),
        (D(2026, 12, 6), "helg", D(2026, 12, 4)),
        # Midsommarafton is not an allmän helgdag but de facto one (Semesterlag 7 §).
        (D(2026, 6, 19), "midsommarafton", D(2026, 6, 18)),
        # Juldagen 2026 is a Friday; the day before is julafton, also closed.
        (D(2026, 12, 25), "juldagen", D(2026, 12, 23)),
        # A holiday on a weekend is named by the holiday, not the weekday.
        (D(2026, 6, 20), "midsommardagen", D(2026, 6, 18)),
        # Across the turn of the year: nyårsdagen, nyårsafton, then Wednesday 30 December.
        (D(2027, 1, 1), "nyårsdagen", D(2026, 12, 30)),
    ],
)
def test_a_non_working_day_says_why_and_names_the_last_working_day(day, why, before):
    with translation.override("sv"):
        d = describe(day)
    assert (d.is_working_day, d.why_not, d.last_working_day) == (False, why, before)


def test_a_plain_wednesday_is_a_working_day():
    with translation.override("sv"):
        d = describe(D(2026, 12, 2))
    assert (d.weekday_name, d.is_working_day, d.why_not, d.last_working_day) == (
        "onsdag", True, "", None)


def test_the_tag_shows_the_weekday_of_a_working_day_and_nothing_more():
    assert render(D(2026, 12, 2)) == '<time datetime="2026-12-02">onsdag 2 december 2026</time>'
    assert render(D(2026, 12, 2), "en") == (
        '<time datetime="2026-12-02">Wednesday 2 December 2026</time>')


def test_the_tag_on_a_saturday_names_the_friday_before():
    assert render(D(2026, 12, 5)) == (
        '<time datetime="2026-12-05">lördag 5 december 2026</time> <span class="deadline-note">'
        "(helg; sista vardag före: fredag 4 december)</span>")


def test_the_tag_in_english_names_weekday_and_holiday_in_english():
    sunday = render(D(2026, 12, 6), "en")
    assert "Sunday 6 December 2026</time>" in sunday and "Friday 4 December" in sunday
    midsummer = render(D(2026, 6, 19), "en")
    assert "Friday 19 June 2026" in midsummer and "Midsummer Eve" in midsummer
    assert "Thursday 18 June" in midsummer
    christmas = render(D(2026, 12, 25), "en")
    assert "Christmas Day" in christmas and "Wednesday 23 December" in christmas
    assert "juldagen" not in christmas and "fredag" not in christmas


def test_the_tag_on_juldagen_and_midsommarafton_in_swedish():
    assert "(juldagen; sista vardag före: onsdag 23 december)" in render(D(2026, 12, 25))
    assert "(midsommarafton; sista vardag före: torsdag 18 juni)" in render(D(2026, 6, 19))


def test_a_proper_noun_keeps_its_capital_in_swedish():
    assert "(Kristi himmelsfärdsdag;" in render(D(2026, 5, 14))


def test_the_tag_takes_a_datetime_as_the_local_day_and_nothing_as_nothing():
    late_evening_utc = datetime.datetime(2026, 12, 1, 23, 30, tzinfo=datetime.UTC)
    assert 'datetime="2026-12-02"' in render(late_evening_utc)  # already 2 Dec in Stockholm
    assert render(None) == ""
