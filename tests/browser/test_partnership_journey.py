"""A partner's way in, in a real browser: the kansli invites, the invitee signs, the public sees.

Real time throughout (the live server runs in another thread of this process).
"""

import csv
import io
import re

import pytest

from partnership.orgnr import luhn_check_digit
from tests.browser.helpers import (
    eager_tasks_and_locmem_mail,
    label,
    log_in_kansli,
    log_out,
)
from tests.conftest import assert_accessible
from tests.partnership.factories import publish_text
from tests.personas import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ORG_NAME = "Cancerföreningen Solrosen"
INVITEE_NAME = "Ingrid Inbjuden"
INVITEE_EMAIL = "ingrid@solrosen.example"
INVITEE_PASSWORD = "Solros-Kanel-Hamn-2026"
PLACE = label("Ort")  # "Ort" or "Ort (obligatoriskt)", never "Kortnamn"


@pytest.fixture(autouse=True)
def _eager_tasks_and_locmem_mail(settings):
    yield from eager_tasks_and_locmem_mail(settings)


def valid_org_number(first_nine: str = "802002428") -> str:
    return f"{first_nine[:6]}-{first_nine[6:]}{luhn_check_digit(first_nine)}"


def open_invite_form(page, karin, secret, *, check: bool = False):
    """Karin logs in and goes from the menu to the invitation form (axe on each page if `check`)."""
    log_in_kansli(page, karin.email, PASSWORD, secret,
                  checks=("partnership-01-login", "partnership-02-totp") if check else None)
    assert page.get_by_role("heading", level=1, name="Mina sidor").is_visible()
    if check:
        assert_accessible(page, "partnership-03-dashboard")
    with page.expect_navigation():
        page.get_by_role("navigation", name="Huvudmeny").get_by_role("link", name="Kansli: partners").click()
    assert page.get_by_role("heading", level=1, name="Partners").is_visible()
    if check:
        assert_accessible(page, "partnership-04-kansli-list")
    with page.expect_navigation():
        page.get_by_role("link", name="Bjud in en organisation").click()
    assert page.get_by_role("heading", level=1, name="Bjud in en organisation").is_visible()


def fill_organisation(page, *, name: str, org_number: str):
    page.get_by_label("Organisationens namn").fill(name)
    page.get_by_label("Organisationsnummer").fill(org_number)
    page.get_by_label("Sektor").select_option(label="Civilsamhälle")
    page.get_by_label("Kategori").select_option(label="Patientförening")
    page.get_by_label(PLACE).fill("Göteborg")
    page.get_by_label("Kontaktpersonens namn").fill(INVITEE_NAME)
    page.get_by_label("Kontaktpersonens e-post").fill(INVITEE_EMAIL)


def test_kansli_invites_an_organisation_that_signs_and_appears_publicly(
        page, live_server, karin, karin_totp_secret, mailoutbox):
    publish_text(karin)

    # The kansli invites the organisation.
    open_invite_form(page, karin, karin_totp_secret, check=True)
    assert_accessible(page, "partnership-05-invite-form")
    fill_organisation(page, name=ORG_NAME, org_number=valid_org_number())
    page.get_by_role("button", name="Spara och skicka").click()

    assert page.get_by_role("heading", level=1, name=ORG_NAME).is_visible()
    assert "/kansli/partner/" in page.url
    assert page.get_by_role("status").get_by_text(f"Inbjudan till {ORG_NAME} har skickats").is_visible()
    assert_accessible(page, "partnership-06-kansli-partner")
    assert len(mailoutbox) == 1
    invitation = mailoutbox[0]
    assert invitation.to == [INVITEE_EMAIL]
    path = re.search(r"https?://\S+?(/inbjudan/[^/\s]+/)", invitation.body).group(1)
    log_out(page)

    # The invitee follows the link and creates an account.
    page.goto(path)
    assert page.get_by_role("heading", level=1).inner_text() == (
        f"Välkommen som representant för {ORG_NAME}"
    )
    assert_accessible(page, "partnership-07-invitation")
    assert page.get_by_label("Ditt namn").input_value() == INVITEE_NAME
    page.get_by_label("Välj lösenord").fill(INVITEE_PASSWORD)
    page.get_by_label("Upprepa lösenordet").fill(INVITEE_PASSWORD)
    page.get_by_role("button", name="Skapa konto").click()

    # The signing page shows the text with the organisation's name.
    assert page.get_by_role("heading", level=1, name="Underteckna avsiktsförklaringen").is_visible()
    declaration = page.get_by_role("region", name="Avsiktsförklaring")
    assert f"{ORG_NAME} vill delta i SweCan" in declaration.inner_text()
    assert_accessible(page, "partnership-08-sign")

    # Signing without ticking the box is refused next to the box; the place is kept.
    place = page.get_by_label(PLACE)
    place.fill("Borås")
    page.get_by_label("Titel").fill("Ordförande")
    confirm = page.get_by_label("Jag bekräftar att jag har behörighet")
    with page.expect_navigation():
        page.get_by_role("button", name="Underteckna").click()
    assert page.get_by_role("heading", level=1, name="Underteckna avsiktsförklaringen").is_visible()
    confirm_field = page.locator(".field").filter(has=confirm)
    assert "Kryssa i rutan för att bekräfta underskriften." in confirm_field.inner_text()
    assert confirm.get_attribute("aria-invalid") == "true"
    assert page.get_by_label(PLACE).input_value() == "Borås"
    assert page.get_by_label("Titel").input_value() == "Ordförande"
    assert_accessible(page, "partnership-09-sign-error")

    confirm.check()
    page.get_by_role("button", name="Underteckna").click()

    # My partner page: active, with the signed PDF (rendered eagerly).
    assert page.get_by_role("heading", level=1, name=ORG_NAME).is_visible()
    assert page.get_by_role("status").get_by_text("Avsiktsförklaringen är undertecknad").is_visible()
    status = page.locator("dl.facts dt", has_text="Status").locator("xpath=following-sibling::dd[1]")
    assert status.inner_text() == "Partner"
    pdf_link = page.get_by_role("link", name="Ladda ner PDF")
    assert pdf_link.is_visible()
    assert "Borås" in page.get_by_role("table").first.inner_text()
    assert_accessible(page, "partnership-10-my-partner")
    pdf = page.request.get(pdf_link.get_attribute("href"))
    assert pdf.ok and pdf.body().startswith(b"%PDF")
    log_out(page)

    # Anyone finds the organisation under its sector, and in the open data.
    page.goto("/partner/")
    sector = page.get_by_role("region", name="Civilsamhälle")
    assert sector.get_by_role("link", name=ORG_NAME).is_visible()
    assert_accessible(page, "partnership-11-public-list")
    response = page.request.get("/partner.csv")
    assert response.ok
    rows = list(csv.DictReader(io.StringIO(response.text().lstrip("\ufeff"))))
    assert [row["namn"] for row in rows] == [ORG_NAME]
    assert rows[0]["sektor_namn"] == "Civilsamhälle"


def test_invite_form_shows_a_bad_organisationsnummer_next_to_the_field(
        page, karin, karin_totp_secret, mailoutbox):
    open_invite_form(page, karin, karin_totp_secret)
    nine = "802002428"
    wrong = (luhn_check_digit(nine) + 1) % 10
    fill_organisation(page, name=ORG_NAME, org_number=f"{nine[:6]}-{nine[6:]}{wrong}")
    page.get_by_role("button", name="Spara och skicka").click()

    org_number = page.get_by_label("Organisationsnummer")
    field = page.locator(".field").filter(has=org_number)
    message = "Kontrollsiffran stämmer inte; kontrollera organisationsnumret."
    assert message in field.inner_text()
    described_by = (org_number.get_attribute("aria-describedby") or "").split()
    described = " ".join(page.locator(f"#{id_}").inner_text() for id_ in described_by
                         if page.locator(f"#{id_}").count())
    assert org_number.get_attribute("aria-invalid") == "true" or message in described
    assert message in described, f"the error is not in aria-describedby ({described_by})"
    assert page.get_by_label("Organisationens namn").input_value() == ORG_NAME
    assert page.get_by_label("Kontaktpersonens e-post").input_value() == INVITEE_EMAIL
    assert_accessible(page, "partnership-12-invite-form-error")
    assert mailoutbox == []
