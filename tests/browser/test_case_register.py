"""The public case register in a browser: the list with its filters (no JavaScript needed), a
case's page with its attachments, a rule change's diff, on a laptop and a phone, in Swedish and
English, with no axe violations."""

import pytest

from decisions import preparation, services
from decisions.models import Case
from tests.conftest import assert_accessible
from tests.decisions.factories import received
from tests.decisions.helpers_prepare import attach

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}


@pytest.fixture
def register(karin, roll, alice, bob, arbetsordning_v1):
    ordinary = received(by=alice, partner=roll[0].partner, title="Gemensam rehabiliteringsplan")
    cosignature = services.case_cosign_request(by=alice, case=ordinary, partner=roll[1].partner)
    services.case_cosign_confirm(by=bob, cosignature=cosignature)
    attach(ordinary, by=alice, title="Kartläggning av rehabiliteringen")
    withheld = attach(ordinary, by=alice, title="Patientberättelser med namn")
    preparation.case_document_withhold(by=karin, document=withheld, reason="Personuppgifter")
    rule_change = received(
        by=bob, partner=roll[1].partner, kind=Case.Kind.RULE_CHANGE, title="Kortare tid för protokollet",
        proposed_text=arbetsordning_v1.text.replace("inom 14 dagar", "inom 10 dagar"),
        proposed_parameters={"minutes_days": 10})
    withdrawn = received(by=bob, partner=roll[1].partner, title="Ett återkallat ärende")
    services.case_withdraw(by=bob, case=withdrawn)
    return {"ordinary": ordinary, "rule_change": rule_change}


def fits_the_phone(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def test_the_public_finds_a_case_in_the_register_and_reads_it(page, register):
    page.goto("/")
    with page.expect_navigation():
        page.get_by_role("navigation", name="Huvudmeny").get_by_role("link", name="Ärenden").click()
    assert page.get_by_role("heading", level=1, name="Ärenden (diarium)").is_visible()
    assert page.get_by_role("row").count() == 4  # the header and three cases
    assert_accessible(page, "cases-01-register")

    page.get_by_label("Status").select_option("withdrawn")
    with page.expect_navigation():
        page.get_by_role("button", name="Filtrera").click()
    assert "status=withdrawn" in page.url
    assert page.get_by_role("link", name="Ett återkallat ärende").is_visible()
    assert page.get_by_role("link", name="Gemensam rehabiliteringsplan").count() == 0

    page.goto("/arenden/")
    with page.expect_navigation():
        page.get_by_role("link", name="Gemensam rehabiliteringsplan").click()
    assert page.get_by_role("link", name="Kartläggning av rehabiliteringen").is_visible()
    assert page.get_by_text("Patientberättelser").count() == 0
    assert page.get_by_text("1 handling i ärendet är inte offentlig.").is_visible()
    assert_accessible(page, "cases-02-case")

    reference = register["rule_change"]
    page.goto(f"/arenden/{reference.year}/{reference.number}/")
    assert page.get_by_role("heading", name="Föreslagen ändring av arbetsordningen").is_visible()
    values = page.get_by_role("table", name="Värden som förslaget ändrar")
    assert values.get_by_role("row", name="Protokoll färdigställt senast").is_visible()
    assert page.get_by_role("cell", name="Tas bort", exact=True).is_visible()
    assert page.get_by_role("cell", name="Läggs till", exact=True).is_visible()
    assert_accessible(page, "cases-03-rule-change")


def test_the_register_on_a_phone_in_english(page, register):
    page.set_viewport_size(PHONE)
    page.goto("/")
    with page.expect_navigation():
        page.get_by_role("button", name="In English").click()
    reference = register["rule_change"]
    for path, name in (("/arenden/", "cases-04-register-en-phone"),
                       (f"/arenden/{reference.year}/{reference.number}/", "cases-05-rule-change-en-phone")):
        page.goto(path)
        assert page.locator("html").get_attribute("lang") == "en"
        assert fits_the_phone(page), path
        assert_accessible(page, name)
