"""The home page says what is true today: how many partners there are, and what is to come,
without links that lead nowhere."""

import re

import pytest
from django.contrib.staticfiles import finders
from django.test import Client
from django.urls import reverse

from partnership.models import Partner
from tests.partnership.factories import make_partner

pytestmark = pytest.mark.django_db


def test_it_counts_the_partners_instead_of_promising_seventy(client):
    for n in range(3):
        make_partner(name=f"Region Exempel {n}", status=Partner.Status.ACTIVE)
    make_partner(name="Inbjuden AB", status=Partner.Status.INVITED)
    make_partner(name="Utträdd förening", status=Partner.Status.WITHDRAWN)
    body = client.get(reverse("home")).content.decode()
    assert "där 3 organisationer från" in body
    assert "omkring 70" not in body


def test_before_any_partner_it_says_the_partnership_is_being_formed(client):
    body = client.get(reverse("home")).content.decode()
    assert "Partnerskapet håller på att bildas." in body


def test_it_says_what_partners_and_the_public_find_here(client):
    body = client.get(reverse("home")).content.decode()
    assert "väcka ärenden, svara på remisser, begära ordet och rösta under sammanträdet." in body
    assert "partnerskapets beslut med hur varje partner röstade, protokollen som PDF" in body
    assert reverse("public_minutes_list") in body


def test_every_link_on_the_home_page_leads_somewhere(client, settings):
    settings.DEBUG = False
    body = client.get(reverse("home")).content.decode()
    links = set(re.findall(r'href="(/[^"#]*)"', body))
    assert reverse("public_meetings") in links and reverse("contact") in links
    assert reverse("public_cases") in links
    visitor = Client()
    for link in sorted(links):
        if link.startswith(settings.STATIC_URL):
            # Served by WhiteNoise from collectstatic's output in production; here, the file exists.
            assert finders.find(link.removeprefix(settings.STATIC_URL)), link
            continue
        assert visitor.get(link).status_code in (200, 302), link
