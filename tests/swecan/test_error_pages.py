
"""With DEBUG off, a visitor who hits a missing page, a page they may not see, or a failure
gets a page in the portal's layout, in their language, with a way home; and a favicon."""

import pytest
from django.contrib.staticfiles import finders
from django.test import Client
from django.urls import reverse

from tests.partnership.factories import PASSWORD

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _production(settings):
    settings.DEBUG = False


def in_the_layout(body: str) -> bool:
    return 'class="site-header"' in body and 'class="site-footer"' in body and "/static/css/site.css" in body


def test_a_missing_page_is_a_swedish_404_in_the_layout(client):
    response = client.get("/finns-inte/")
    body = response.content.decode()
    assert response.status_code == 404
    assert in_the_layout(body)
    assert '<html lang="sv">' in body
    assert "<h1>Sidan finns inte</h1>" in body
    assert f'<a href="{reverse("home")}">Gå till startsidan</a>' in body
    assert "Page not found" not in body and "Not Found" not in body  # not Django's own page


def test_a_missing_page_is_english_for_an_english_reader(client):
    body = client.get("/finns-inte/", headers={"accept-language": "en"}).content.decode()
    assert '<html lang="en">' in body
    assert in_the_layout(body)
    assert "Skip to main content" in body
    assert f'href="{reverse("home")}"' in body


def test_the_language_cookie_chooses_english_too(client, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    body = client.get("/finns-inte/").content.decode()
    assert '<html lang="en">' in body


def test_a_representative_on_a_kansli_page_gets_a_403_in_the_layout(client, alice):
    assert client.login(email=alice.email, password=PASSWORD)
    response = client.get(reverse("kansli_person_list"))
    body = response.content.decode()
    assert response.status_code == 403
    assert in_the_layout(body)
    assert "<h1>Du har inte behörighet till den här sidan</h1>" in body
    assert alice.email in body
    assert f'href="{reverse("dashboard")}"' in body
    assert "403 Forbidden" not in body


def test_a_failure_is_a_500_page_in_the_layout_that_needs_no_database(settings, django_assert_num_queries):
    settings.ROOT_URLCONF = "tests.swecan.urls_failing"
    client = Client(raise_request_exception=False)
    response = client.get("/test-500/")
    body = response.content.decode()
    assert response.status_code == 500
    assert in_the_layout(body)
    assert "Något gick fel hos oss" in body
    assert '<a href="/">Gå till startsidan</a>' in body

    from django.test import RequestFactory
    from django.views.defaults import server_error

    with django_assert_num_queries(0):
        direct = server_error(RequestFactory().get("/"))
    assert direct.status_code == 500 and "Något gick fel hos oss" in direct.content.decode()


def test_the_500_page_follows_an_english_reader(settings):
    settings.ROOT_URLCONF = "tests.swecan.urls_failing"
    client = Client(raise_request_exception=False)
    body = client.get("/test-500/", headers={"accept-language": "en"}).content.decode()
    assert '<html lang="en">' in body
    assert "Sweden's Cancer Mission Hub" in body


def test_there_is_a_favicon(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 200
    assert response["Content-Type"] in ("image/x-icon", "image/vnd.microsoft.icon")
    body = client.get(reverse("home")).content.decode()
    assert '<link rel="icon" href="/favicon.ico" sizes="any">' in body
    assert 'href="/static/favicon.svg" type="image/svg+xml"' in body
    # Static files are WhiteNoise's (collected in production); the linked file exists.
    assert finders.find("favicon.svg")
