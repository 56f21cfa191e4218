"""A partnership meeting in a real browser: planned, noticed, attended, quorate.

Five signed partners (one per sector) make the roll. The meeting is 40 days ahead in
real time, so attendance is registered from the meeting's start, which is also the
moment the quorum panel shows by default (now, clamped to the meeting).
"""

import datetime

import pytest
from django.utils import timezone

from meetings import services
from meetings.models import Meeting
from tests.browser.helpers import (
    eager_tasks_and_locmem_mail,
    label,
    log_in,
    log_in_kansli,
    log_out,
)
from tests.conftest import assert_accessible
from tests.meetings.factories import PDF_BYTES, happening_now, noticed, plan
from tests.partnership.factories import PASSWORD
from tests.personas import kansli_with_secret

# Karin and the roll (one signed partner per sector, each representative logs in with PASSWORD)
# are in tests/conftest.py; every meeting here follows arbetsordning version 1.
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True),
              pytest.mark.usefixtures("arbetsordning_v1")]

TITLE = "Partnerskapets vintermöte"
PLACE = "Socialstyrelsen, Rålambsvägen 3, Stockholm"
DOCUMENT = "Förslag till verksamhetsplan"


@pytest.fixture(autouse=True)
def _eager_tasks_and_locmem_mail(settings):
    yield from eager_tasks_and_locmem_mail(settings)


@pytest.fixture
def kalle(db):
    """Karin's colleague, who takes the attendance at the meeting."""
    return kansli_with_secret(email="kalle@socialstyrelsen.example", full_name="Kalle Kansli")


def meeting_start() -> datetime.datetime:
    day = timezone.localdate() + datetime.timedelta(days=40)
    return timezone.make_aware(datetime.datetime(day.year, day.month, day.day, 10, 0))


def add_agenda_item(page, title: str, kind: str):
    adder = page.locator("details", has=page.get_by_text("Lägg till en punkt", exact=True))
    adder.get_by_text("Lägg till en punkt", exact=True).click()
    adder.get_by_label(label("Rubrik")).fill(title)
    adder.get_by_label(label("Typ")).select_option(label=kind)
    with page.expect_navigation():
        adder.get_by_role("button", name="Lägg till punkten").click()
    assert page.get_by_role("status").get_by_text("Punkten är tillagd.").is_visible()


def quorum_verdict(page) -> str:
    panel = page.get_by_role("region", name="Beslutsförhet")
    # The reason opens with the verdict: "Inte beslutsfört: …".
    return panel.locator(".verdict-reason").inner_text().split(":", 1)[0]


def test_kansli_notices_a_meeting_and_attendance_makes_it_quorate(
    page, chromium, live_server, karin, karin_totp_secret, kalle, roll, mailoutbox, tmp_path
):
    starts = meeting_start()
    ends = starts + datetime.timedelta(hours=3)

    # Karin plans the meeting.
    log_in_kansli(page, karin.email, PASSWORD, karin_totp_secret,
                  checks=("meetings-01-login", "meetings-02-totp"))
    with page.expect_navigation():
        page.get_by_role("navigation", name="Huvudmeny").get_by_role("link", name="Kansli: möten").click()
    assert page.get_by_role("heading", level=1, name=f"Mötesplanering {timezone.localdate().year}").is_visible()
    assert_accessible(page, "meetings-03-year")
    with page.expect_navigation():
        page.get_by_role("link", name="Planera ett möte", exact=True).click()
    assert page.get_by_role("heading", level=1, name="Planera ett möte").is_visible()
    assert_accessible(page, "meetings-04-create-form")
    page.get_by_label(label("Rubrik")).fill(TITLE)
    assert page.get_by_label(label("Organ")).input_value() == Meeting.Body.PARTNERSHIP
    page.get_by_label(label("Form")).select_option(label="Fysiskt")
    page.get_by_label(label("Börjar")).fill(f"{starts:%Y-%m-%dT%H:%M}")
    page.get_by_label(label("Slutar")).fill(f"{ends:%Y-%m-%dT%H:%M}")
    page.get_by_label(label("Plats")).fill(PLACE)
    page.get_by_role("button", name="Spara").click()

    assert page.get_by_role("heading", level=1, name=TITLE).is_visible()
    assert page.get_by_role("status").get_by_text(f"{TITLE} är planerat.").is_visible()
    meeting = Meeting.objects.get(title=TITLE)
    assert meeting.starts_at == starts and meeting.place == PLACE
    assert_accessible(page, "meetings-05-meeting-planned")

    # The agenda and a document.
    add_agenda_item(page, "Mötets öppnande", "Information")
    add_agenda_item(page, "Verksamhetsplan 2027", "Beslut")
    agenda = page.get_by_role("region", name="Preliminär dagordning")
    assert "Mötets öppnande" in agenda.inner_text() and "Verksamhetsplan 2027" in agenda.inner_text()

    pdf = tmp_path / "verksamhetsplan.pdf"
    pdf.write_bytes(PDF_BYTES)
    upload = page.get_by_role("region", name="Ladda upp underlag")
    # Not get_by_label("Titel"): the agenda form's "Rubrik" has the same id (id_title), so
    # this label names that field instead (see the test of unique ids below).
    upload.locator("input[name='title']").fill(DOCUMENT)
    upload.get_by_label(label("Fil")).set_input_files(pdf)
    upload.get_by_label(label("Hör till punkt")).select_option(label="§ 2 Verksamhetsplan 2027")
    with page.expect_navigation():
        upload.get_by_role("button", name="Ladda upp").click()
    assert page.get_by_role("status").get_by_text(f"Dokumentet ”{DOCUMENT}” är uppladdat.").is_visible()
    assert page.get_by_role("link", name=DOCUMENT, exact=True).is_visible()

    # The verdict says the notice may go today; Karin sends it.
    notice = page.get_by_role("region", name="Kallelse")
    assert "Kallelsen kan skickas i dag" in notice.inner_text()
    assert_accessible(page, "meetings-06-meeting-before-notice")
    notice.get_by_role("link", name="Förhandsgranska och skicka kallelsen").click()
    with page.expect_navigation():
        page.get_by_role("button", name="Skicka kallelsen till 5 personer").click()
    assert page.get_by_role("status").get_by_text("Kallelsen skickas till 5 mottagare.").is_visible()
    assert "5 av 5 utskick levererade" in page.get_by_role("region", name="Kallelse").inner_text()
    assert_accessible(page, "meetings-07-meeting-after-notice")

    assert sorted(m.to[0] for m in mailoutbox) == sorted(p.representative.email for p in roll)
    for message in mailoutbox:
        assert len(message.to) == 1
        assert [a[0] for a in message.attachments if a[0].endswith(".ics")] == ["kallelse.ics"]
    log_out(page)

    # A representative finds the meeting, reads the document and registers attendance.
    first = roll[0]
    log_in(page, first.representative.email, PASSWORD)
    assert page.get_by_role("heading", level=1, name="Mina sidor").is_visible()
    assert_accessible(page, "meetings-08-rep-dashboard")
    with page.expect_navigation():
        page.get_by_role("link", name="Mina möten, dagordningar och närvaro").click()
    assert page.get_by_role("heading", level=1, name="Mina möten").is_visible()
    assert_accessible(page, "meetings-09-my-meetings")
    with page.expect_navigation():
        page.get_by_role("link", name=TITLE).click()
    assert page.get_by_role("heading", level=1, name=TITLE).is_visible()
    assert PLACE in page.locator("dl.facts").inner_text()
    assert_accessible(page, "meetings-10-meeting-detail")

    with page.expect_download() as download_info:
        page.get_by_role("link", name=DOCUMENT, exact=True).click()
    download = download_info.value
    assert download.suggested_filename == "förslag-till-verksamhetsplan.pdf"  # the title, not the uploaded name
    with open(download.path(), "rb") as downloaded:
        assert downloaded.read().startswith(b"%PDF")

    # Weeks ahead the representative answers in advance; that is no presence (R3).
    answer = page.get_by_role("region", name=f"Kommer {first.partner.name}?")
    answer.get_by_label("Vi kommer").check()
    with page.expect_navigation():
        answer.get_by_role("button", name="Skicka svaret").click()
    assert page.get_by_role("status").get_by_text("Ert svar är sparat.").is_visible()
    assert "Jag är här" not in page.content()

    panel = page.get_by_role("region", name="Beslutsförhet")
    assert panel.is_visible()
    assert quorum_verdict(page) == "Inte beslutsfört"
    assert "0 av 5 partners på röstlängden närvarande" in panel.get_by_role("table").inner_text()
    assert_accessible(page, "meetings-11-quorum-not-quorate")

    # The day comes (the meeting moves to the present: the browser runs in real time).
    happening_now(Meeting.objects.get(title=TITLE))
    # Kalle at the kansli checks the partners in on the check-in list.
    context = chromium.new_context(locale="sv-SE", base_url=live_server.url)
    try:
        kansli_page = context.new_page()
        kansli_page.set_default_timeout(15_000)
        log_in_kansli(kansli_page, kalle[0].email, PASSWORD, kalle[1])
        kansli_page.get_by_role("navigation", name="Huvudmeny").get_by_role(
            "link", name="Kansli: möten").click()
        kansli_page.get_by_role("navigation", name="År").get_by_role(
            "link", name=str(timezone.localdate().year), exact=True).click()
        with kansli_page.expect_navigation():
            kansli_page.get_by_role("link", name=TITLE).click()
        assert kansli_page.get_by_role("heading", level=1, name=TITLE).is_visible()
        kansli_page.get_by_role("link", name="Öppna närvarolistan").click()
        for signed in roll:
            with kansli_page.expect_navigation():
                kansli_page.get_by_role("button", name=f"Kom nu – {signed.partner.name}").click()
            assert kansli_page.get_by_role("status").get_by_text(f"{signed.partner.name} kom").is_visible()
        assert quorum_verdict(kansli_page) == "Beslutsfört"
        panel = kansli_page.get_by_role("region", name="Beslutsförhet")
        assert "5 av 5 partners på röstlängden närvarande" in panel.get_by_role("table").inner_text()
        assert_accessible(kansli_page, "meetings-12-kansli-quorate")
    finally:
        context.close()


# Defects found while walking the journey: each test names one (and guards its fix).


def test_kansli_meeting_page_gives_every_field_its_own_id_and_label(page, karin, karin_totp_secret, roll):
    """The agenda form and the upload form both render `id_title`, so the upload form's
    "Titel" label names the agenda form's "Rubrik" field and the upload field has no name."""
    meeting = plan(by=karin, days_ahead=40)
    log_in_kansli(page, karin.email, PASSWORD, karin_totp_secret)
    page.goto(f"/kansli/moten/{meeting.pk}/")
    duplicates = page.evaluate("""() => {
        const seen = {};
        for (const el of document.querySelectorAll("[id]")) seen[el.id] = (seen[el.id] || 0) + 1;
        return Object.keys(seen).filter(id => seen[id] > 1);
    }""")
    assert duplicates == [], f"ids used more than once on the kansli meeting page: {duplicates}"
    upload = page.get_by_role("region", name="Ladda upp underlag")
    assert upload.get_by_label(label("Titel")).count() == 1


def test_meeting_without_agenda_says_why_the_notice_cannot_be_sent(page, karin, karin_totp_secret, roll):
    """A failed verdict is falsy; the template once tested it and showed "Kallelsen skickades"."""
    meeting = plan(by=karin, days_ahead=40)
    log_in_kansli(page, karin.email, PASSWORD, karin_totp_secret)
    page.goto(f"/kansli/moten/{meeting.pk}/")
    notice = page.get_by_role("region", name="Kallelse")
    assert "Kallelsen skickades" not in notice.inner_text()
    assert "Kallelsen kan inte skickas" in notice.inner_text()
    assert "lägg till minst en punkt" in notice.inner_text()


def test_departure_field_does_not_default_to_before_the_arrival(page, karin, roll):
    """Checked in at the meeting, the departure field offers a time after the arrival
    (a departure before it would be refused)."""
    meeting = happening_now(noticed(by=karin, days_ahead=40))
    services.meeting_set_state(by=karin, meeting=meeting, state=Meeting.State.OPEN)
    first = roll[0]
    attendance = services.attendance_register(by=first.user, meeting=meeting, partner=first.partner,
                                              arrived_at=timezone.now())
    log_in(page, first.representative.email, PASSWORD)
    page.goto(f"/moten/{meeting.pk}/")
    departure = page.get_by_label(f"Avgång för {first.partner.name}")
    if departure.input_value():  # an empty field is fine too
        offered = datetime.datetime.fromisoformat(departure.input_value())
        arrival = timezone.localtime(attendance.arrived_at).replace(tzinfo=None)
        assert offered > arrival, f"departure offered {offered}, arrival {arrival}"
