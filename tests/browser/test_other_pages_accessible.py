"""Pages the journeys do not pass through, checked with axe as the kansli and the public see them."""

import datetime

import pytest

from partnership import services
from tests.browser.helpers import eager_tasks_and_locmem_mail, log_in_kansli
from tests.conftest import assert_accessible
from tests.meetings.factories import noticed, signed_roll
from tests.partnership.factories import PASSWORD
from tests.personas import kansli_with_secret

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _eager_tasks_and_locmem_mail(settings):
    yield from eager_tasks_and_locmem_mail(settings)


def test_the_kansli_roll_history_and_declaration_pages_are_accessible(page, arbetsordning_v1, settings):
    # The roll's button is for operating year 1 (§ 8); keep today in year 1 whatever the date.
    settings.SWECAN_YEAR1_START = datetime.date(datetime.date.today().year, 1, 1)
    karin, secret = kansli_with_secret()
    roll = signed_roll()
    services.voting_roll_fix(by=karin, year=datetime.date.today().year, fixed_on=datetime.date.today())
    meeting = noticed(by=karin, days_ahead=40)
    log_in_kansli(page, karin.email, PASSWORD, secret)

    page.goto("/kansli/rostlangd/")
    assert page.get_by_role("heading", name="För upp en partner genom beslut").is_visible()
    assert_accessible(page, "other-01-kansli-roll")

    page.goto(f"/kansli/partner/{roll[0].partner.pk}/historik/")
    assert page.get_by_role("heading", level=1).inner_text().startswith("Historik")
    assert_accessible(page, "other-02-kansli-history")

    page.goto("/kansli/avsiktsforklaring/")
    assert_accessible(page, "other-03-kansli-declaration-texts")

    page.goto("/sammantraden/")
    assert page.get_by_role("heading", name=meeting.title, exact=True).is_visible()
    assert_accessible(page, "other-04-public-meetings")

    page.goto(f"/partner/{roll[0].partner.pk}/")
    assert_accessible(page, "other-05-public-partner")


def test_a_dead_invitation_link_explains_itself_accessibly(page):
    page.goto("/inbjudan/finns-inte/")
    assert page.get_by_role("alert").inner_text().startswith("Länken är ogiltig")
    assert_accessible(page, "other-06-dead-invitation")
