"""The kallelse in a real browser: the kansli previews it, reads what will happen, confirms and
sends; then replaces a document with a corrected version. Swedish, English and a phone."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from meetings.models import Document, Meeting
from tests.browser.helpers import eager_tasks_and_locmem_mail, label, log_in_kansli
from tests.conftest import assert_accessible
from tests.meetings.factories import PDF_BYTES, add_document, add_item, plan
from tests.partnership.factories import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TITLE = "Partnerskapets vårmöte"
DOCUMENT = "Förslag till verksamhetsplan"


@pytest.fixture(autouse=True)
def _eager_tasks_and_locmem_mail(settings):
    yield from eager_tasks_and_locmem_mail(settings)


@pytest.fixture
def meeting(karin, roll, arbetsordning_v1):
    # 66 days ahead: sending today closes case submission well before the planned day.
    meeting = plan(by=karin, days_ahead=66, title=TITLE)
    item = add_item(meeting, by=karin, title="Verksamhetsplan 2027", kind="decision")
    add_document(meeting, by=karin, title=DOCUMENT, name="vp_utkast_3.pdf", agenda_item=item)
    return meeting


def test_the_kansli_previews_confirms_and_sends_then_replaces_a_document(
    page, live_server, karin, karin_totp_secret, meeting, mailoutbox, tmp_path
):
    log_in_kansli(page, karin.email, PASSWORD, karin_totp_secret)
    page.goto(reverse("kansli_meeting", args=[meeting.pk]))
    page.get_by_role("region", name="Kallelse").get_by_role(
        "link", name="Förhandsgranska och skicka kallelsen").click()

    main = page.get_by_role("main")
    assert page.get_by_role("heading", level=1, name="Skicka kallelsen").is_visible()
    text = main.inner_text()
    assert "5 personer" in text
    case_day = timezone.localdate() - datetime.timedelta(days=14)
    assert str(case_day.year) in text and "senare möte" in text
    frame = page.frame_locator("iframe.mail-preview-frame")
    frame.get_by_text("Öppna mötet i portalen").wait_for()  # the HTML part, in its sandbox
    assert DOCUMENT in main.locator("pre").inner_text()
    assert mailoutbox == []
    assert_accessible(page, "kallelse-01-confirm-sv")
    page.set_viewport_size({"width": 390, "height": 844})
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert_accessible(page, "kallelse-02-confirm-phone")
    page.set_viewport_size({"width": 1280, "height": 900})

    with page.expect_navigation():
        page.get_by_role("button", name="Skicka kallelsen till 5 personer").click()
    assert page.get_by_role("status").get_by_text("Kallelsen skickas till 5 mottagare.").is_visible()
    assert Meeting.objects.get(pk=meeting.pk).state == Meeting.State.NOTICED
    assert len(mailoutbox) == 5

    # A corrected version of the document after the notice: kept apart, marked late.
    old = Document.objects.get(title=DOCUMENT)
    with page.expect_navigation():
        page.get_by_role("link", name=f"Ersätt {DOCUMENT}").click()
    assert page.get_by_role("heading", level=1, name="Ersätt dokumentet").is_visible()
    assert_accessible(page, "kallelse-03-replace-form")
    pdf = tmp_path / "vp_slutlig.pdf"
    pdf.write_bytes(PDF_BYTES)
    page.get_by_label(label("Ny version av filen")).set_input_files(pdf)
    with page.expect_navigation():
        page.get_by_role("button", name="Ladda upp den nya versionen").click()
    assert page.get_by_role("status").get_by_text("är ersatt av version 2").is_visible()
    agenda = page.get_by_role("region", name="Dagordning")
    assert "Ny version efter kallelsen" in agenda.inner_text()
    new = Document.objects.get(replaces=old)
    assert agenda.get_by_role("link", name=DOCUMENT, exact=True).get_attribute("href") == reverse(
        "document_download", args=[new.pk])
    assert_accessible(page, "kallelse-04-replaced")

    with page.expect_download() as download:
        agenda.get_by_role("link", name=DOCUMENT, exact=True).click()
    assert download.value.suggested_filename == "förslag-till-verksamhetsplan.pdf"


def test_the_confirmation_in_english_and_on_a_phone(page, live_server, karin, karin_totp_secret, meeting):
    log_in_kansli(page, karin.email, PASSWORD, karin_totp_secret)
    with page.expect_navigation():  # the page the click leads to, not the one loaded
        page.get_by_role("banner").get_by_role("button", name="In English").click()
    page.set_viewport_size({"width": 390, "height": 844})

    page.goto(reverse("kansli_notice_send", args=[meeting.pk]))

    assert page.locator("html").get_attribute("lang") == "en"
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert_accessible(page, "kallelse-05-confirm-en-phone")
