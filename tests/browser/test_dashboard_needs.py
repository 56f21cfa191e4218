"""/mina-sidor/ shows what needs you, for the kansli and a representative, in Swedish and English,
on a laptop and a 390 px phone."""

import pytest
from django.urls import reverse

from swecan.demo_accounts import ensure_totp
from tests.browser.helpers import eager_tasks_and_locmem_mail, log_in, log_in_kansli
from tests.conftest import assert_accessible
from tests.meetings.factories import add_document, noticed, plan, signed_roll
from tests.partnership.factories import PASSWORD, invite_partner, make_kansli

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _eager_tasks_and_locmem_mail(settings):
    yield from eager_tasks_and_locmem_mail(settings)


@pytest.fixture
def world(db, arbetsordning_v1):
    karin = make_kansli()
    secret = ensure_totp(karin)
    roll = signed_roll()
    plan(by=karin, days_ahead=45, title="Partnerskapets höstmöte med ett mycket långt namn som ska radbrytas")
    meeting = noticed(by=karin, days_ahead=40, title="Partnerskapets vintermöte")
    add_document(meeting, by=karin, title="Verksamhetsplan")
    invite_partner(by=karin, name="Tveksamma Verket", sector="myndigheter")
    return karin, secret, roll


def _look(page, name):
    page.goto(reverse("dashboard"))
    assert page.locator("#needs-heading").is_visible()
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1"), name
    assert_accessible(page, name)


def _english(page):
    with page.expect_navigation():  # the page the click leads to, not the one loaded
        page.get_by_role("banner").get_by_role("button", name="In English").click()


def test_the_kansli_sees_what_needs_it(page, live_server, world):
    karin, secret, _roll = world
    log_in_kansli(page, karin.email, PASSWORD, secret)
    _look(page, "dashboard-kansli-sv")
    main = page.get_by_role("main").inner_text()
    assert "Kallelser att skicka" in main and "Sista dag för kallelse:" in main
    assert "Obesvarade inbjudningar" in main and "Tveksamma Verket" in main
    page.set_viewport_size({"width": 390, "height": 844})
    _look(page, "dashboard-kansli-sv-390")
    _english(page)
    _look(page, "dashboard-kansli-en-390")
    page.set_viewport_size({"width": 1280, "height": 900})
    _look(page, "dashboard-kansli-en")


def test_a_representative_sees_what_needs_them(page, live_server, world):
    _karin, _secret, roll = world
    log_in(page, roll[0].user.email, PASSWORD)
    _look(page, "dashboard-representative-sv")
    main = page.get_by_role("main").inner_text()
    assert "Svara inför möten" in main and "Partnerskapets vintermöte: 1 nytt dokument" in main
    page.set_viewport_size({"width": 390, "height": 844})
    _look(page, "dashboard-representative-sv-390")
    _english(page)
    _look(page, "dashboard-representative-en-390")
