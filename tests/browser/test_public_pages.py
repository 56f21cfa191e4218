"""What the public reads, seen in a browser: the arbetsordning as a document, the meetings
with their public documents, the contact page and the error pages, in Swedish and English
and on a phone."""

import pytest

from tests.browser.helpers import log_in
from tests.conftest import assert_accessible
from tests.partnership.factories import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}


def in_english(page):
    page.goto("/")
    with page.expect_navigation():  # the page the click leads to, not the one loaded
        page.get_by_role("button", name="In English").click()


def fits_the_phone(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


@pytest.fixture
def public_data(karin, roll, arbetsordning_v1):
    from swecan.demo import seed_chair_contacts
    from tests.meetings import factories as f

    meeting = f.noticed(by=karin, days_ahead=40, title="Partnerskapets vårmöte", items=2)
    f.add_document(meeting, by=karin, title="Förslag till verksamhetsplan 2027", is_public=True)
    seed_chair_contacts(karin)


def test_the_arbetsordning_reads_as_a_document_with_its_notes(page, public_data):
    page.goto("/arbetsordning/")
    toc = page.get_by_role("navigation", name="Innehåll")
    assert toc.is_visible()
    toc.get_by_role("link", name="3.3 Beslutsförhet").click()
    assert page.evaluate("location.hash") == "#punkt-3-3"
    note = page.get_by_role("complementary", name="Tillämpningsanvisning till punkt 3.3")
    assert "inte en del av den antagna texten" in note.inner_text()
    # Set apart from the adopted text by its look too, not only by its words.
    assert note.evaluate("el => getComputedStyle(el).borderLeftWidth") == "5px"
    assert_accessible(page, "public-arbetsordning-sv")
    page.set_viewport_size(PHONE)
    page.goto("/arbetsordning/")
    assert fits_the_phone(page)
    assert_accessible(page, "public-arbetsordning-sv-phone")
    in_english(page)
    page.goto("/arbetsordning/")
    assert page.locator("html").get_attribute("lang") == "en"
    assert_accessible(page, "public-arbetsordning-en-phone")


def test_home_meetings_and_contact_pages(page, public_data):
    for path, name in (("/", "public-home"), ("/sammantraden/", "public-meetings"), ("/kontakt/", "public-contact")):
        page.goto(path)
        assert_accessible(page, f"{name}-sv")
    assert page.get_by_role("link", name="ordforande@swecan.example", exact=True).is_visible()
    page.goto("/sammantraden/")
    assert page.get_by_role("link", name="Förslag till verksamhetsplan 2027").is_visible()
    page.set_viewport_size(PHONE)
    in_english(page)
    for path, name in (("/", "public-home"), ("/sammantraden/", "public-meetings"), ("/kontakt/", "public-contact")):
        page.goto(path)
        assert fits_the_phone(page), path
        assert_accessible(page, f"{name}-en-phone")


def test_the_error_pages_in_the_layout(page, settings, alice):
    settings.DEBUG = False
    settings.ROOT_URLCONF = "tests.swecan.urls_failing"
    page.goto("/finns-inte/")
    assert page.get_by_role("heading", level=1, name="Sidan finns inte").is_visible()
    assert_accessible(page, "error-404-sv")
    with page.expect_navigation():
        page.get_by_role("main").get_by_role("link", name="Gå till startsidan").click()
    assert page.evaluate("location.pathname") == "/"

    page.goto("/test-500/")
    assert page.get_by_role("heading", level=1, name="Något gick fel hos oss").is_visible()
    assert_accessible(page, "error-500-sv")

    log_in(page, alice.email, PASSWORD)
    page.goto("/kansli/personer/")
    assert page.get_by_role("heading", level=1, name="Du har inte behörighet till den här sidan").is_visible()
    assert_accessible(page, "error-403-sv")

    page.set_viewport_size(PHONE)
    in_english(page)
    for path, name in (("/finns-inte/", "error-404"), ("/kansli/personer/", "error-403"), ("/test-500/", "error-500")):
        page.goto(path)
        assert page.locator("html").get_attribute("lang") == "en"
        assert fits_the_phone(page), path
        assert_accessible(page, f"{name}-en-phone")
