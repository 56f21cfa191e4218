"""Swedish first; English through Django's i18n."""

import datetime

import pytest
from django.urls import reverse
from django.utils import translation

from swecan.templatetags.swecan_tags import days_until

pytestmark = pytest.mark.django_db


def test_the_start_page_is_swedish_by_default(client):
    body = client.get(reverse("home")).content.decode()
    assert '<html lang="sv">' in body
    assert "Hoppa till huvudinnehållet" in body


def test_a_visitor_can_switch_to_english_and_back(client):
    response = client.post(reverse("set_language"), {"language": "en", "next": "/"}, follow=True)
    body = response.content.decode()
    assert '<html lang="en">' in body
    assert "Skip to main content" in body
    assert "På svenska" in body
    client.post(reverse("set_language"), {"language": "sv", "next": "/"})
    assert '<html lang="sv">' in client.get("/").content.decode()


def test_an_english_browser_gets_the_partner_list_in_english(client):
    body = client.get(reverse("public_partner_list"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert '<html lang="en">' in body
    assert "Hoppa till huvudinnehållet" not in body


@pytest.mark.parametrize(
    ("offset", "swedish", "english"),
    [(0, "i dag", "today"), (1, "i morgon", "tomorrow"), (12, "om 12 dagar", "in 12 days"),
     (-1, "i går", "yesterday"), (-3, "för 3 dagar sedan", "3 days ago")],
)
def test_countdowns_next_to_deadlines(time_machine, offset, swedish, english):
    time_machine.move_to(datetime.datetime(2026, 11, 25, 12, tzinfo=datetime.UTC))
    day = datetime.date(2026, 11, 25) + datetime.timedelta(days=offset)
    with translation.override("sv"):
        assert days_until(day) == swedish
    with translation.override("en"):
        assert days_until(day) == english


def test_the_english_catalogue_is_complete():
    """Every Swedish string has an English translation, and none is a guess (fuzzy)."""
    import re
    from pathlib import Path

    po = (Path(__file__).resolve().parents[2] / "locale/en/LC_MESSAGES/django.po").read_text("utf-8")
    entries = po.split("\n\n")[1:]  # the first entry is the header
    fuzzy = [e for e in entries if "#, fuzzy" in e]
    empty = [e for e in entries if re.search(r'^msgstr(\[\d\])? ""$', e, re.M) and not
             re.search(r'^msgstr(\[\d\])? ""\n"', e, re.M)]
    assert fuzzy == [] and empty == [], (fuzzy + empty)[:3]
