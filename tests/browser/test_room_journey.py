"""A meeting from the room to the published minutes, in real browsers (issue 10, § 3.2, § 4.3, § 7).

Karin at the kansli runs the room: she records a consensus decision on the first item; Alice asks
for the floor from her own browser and Karin gives it to her; Karin opens a vote on the case, and
Alice, Bob and the representative of Exempelmyndigheten vote from their own browsers (two yes, one
no); Bob's second ballot, sent from a tab still open from before, is refused with the reason.
Karin sees who has not voted, closes and publishes the vote, marks the meeting held and finishes
the minutes; the PDF/A is rendered through the outbox (Celery runs inline in tests). A visitor
without an account reads the decision with its named ballots on /beslut/ and downloads the minutes.

Every page is checked with axe; the room, the ballot page and the minutes (the kansli's and the
public's) at 1280 px and on a phone, where nothing may scroll sideways. The public pages once more
with an English browser.
"""

import re

import pytest

from decisions import preparation
from decisions.models import Ballot, Decision, Minutes, Vote
from meetings import services as meeting_services
from meetings.models import Meeting
from tests.browser.helpers import eager_tasks_and_locmem_mail, label, log_in, log_in_kansli
from tests.conftest import assert_accessible
from tests.decisions.helpers_prepare import a_meeting, prepared
from tests.meetings.factories import add_item, happening_now, send_notice
from tests.partnership.factories import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
MEETING = "Partnerskapets vårmöte"
CONSENSUS_ITEM = "Val av justerare"
CONSENSUS = "Partnerskapet väljer Alice Exempel att justera protokollet tillsammans med ordföranden."
CASE_TITLE = "Gemensam plan för rehabilitering efter cancer"
KEEPER = "Karin Kansli"
INTRODUCTION = "Ordföranden öppnade sammanträdet och hälsade partnerna välkomna."


@pytest.fixture(autouse=True)
def _eager_tasks_and_locmem_mail(settings):
    yield from eager_tasks_and_locmem_mail(settings)


@pytest.fixture
def under_way(karin, roll, arbetsordning_v1):
    """The set-up, through the services as the kansli would: the consensus item first, then the
    case, the kallelse sent, the meeting moved to now and opened, every partner present (quorum
    needs all five sectors) with its representative."""
    meeting = a_meeting(karin, days_ahead=80, title=MEETING)
    plain = add_item(meeting, by=karin, title=CONSENSUS_ITEM, kind="decision")
    case = prepared(karin=karin, by=roll[0].user, partner=roll[0].partner, title=CASE_TITLE)
    case = preparation.case_put_on_agenda(by=karin, case=case, meeting=meeting)
    send_notice(meeting, by=karin)
    meeting = happening_now(meeting)
    meeting_services.meeting_set_state(by=karin, meeting=meeting, state=Meeting.State.OPEN)
    for entry in roll:
        meeting_services.attendance_register(by=karin, meeting=meeting, partner=entry.partner,
                                             arrived_at=meeting.starts_at, representatives=[entry.representative])
    case.refresh_from_db()
    return meeting, plain, case.agenda_item, case


def click(page, locator) -> None:
    with page.expect_navigation():
        locator.click()


def status_says(page, text: str) -> bool:
    return page.get_by_role("status").get_by_text(text).first.is_visible()


def fits(page, width: int = PHONE["width"]) -> bool:
    return page.evaluate("document.documentElement.scrollWidth") <= width


def too_wide(page, width: int = PHONE["width"]) -> list[str]:
    """The innermost elements reaching past the right edge, for the failure message."""
    return page.evaluate("""(width) => [...document.querySelectorAll("body *")]
        .filter((e) => e.getBoundingClientRect().right > width + 1
                && ![...e.children].some((c) => c.getBoundingClientRect().right > width + 1))
        .slice(0, 8).map((e) => `${e.tagName.toLowerCase()}.${e.className}: ${e.textContent.trim().slice(0, 60)}`)""",
                         width)


def both_widths(page, name: str) -> None:
    """axe and a screenshot at 1280 px and on a phone; nothing scrolls sideways on the phone."""
    page.set_viewport_size(DESKTOP)
    assert_accessible(page, f"{name}-1280")
    page.set_viewport_size(PHONE)
    assert fits(page), f"{name} scrolls sideways on a phone: {too_wide(page)}"
    assert_accessible(page, f"{name}-390")
    page.set_viewport_size(DESKTOP)


def test_the_chair_runs_the_meeting_and_the_public_reads_the_minutes(
        open_window, karin, karin_totp_secret, roll, under_way):
    meeting, plain, case_item, case = under_way
    alice, bob, third = roll[0], roll[1], roll[2]

    # 1. Karin opens the room and records the first item by consensus. -----------------------
    room = open_window()
    log_in_kansli(room, karin.email, PASSWORD, karin_totp_secret)
    room.goto(f"/kansli/moten/{meeting.pk}/sammantradet/")
    assert room.get_by_role("heading", level=1, name=f"Sammanträdet: {MEETING}").is_visible()
    both_widths(room, "issue10-room-start")
    first = room.locator(f"#punkt-{plain.pk}")
    first.get_by_label(label("Beslutets lydelse")).fill(CONSENSUS)
    click(room, first.get_by_role("button", name="Beslut med konsensus"))
    assert status_says(room, "Beslutet är registrerat med konsensus.")
    assert CONSENSUS in room.locator(f"#punkt-{plain.pk}").inner_text()
    assert Decision.objects.get(agenda_item=plain).method == Decision.Method.CONSENSUS

    # 2. Alice asks for the floor on the case from her own browser; Karin gives it. ----------
    alice_page = open_window()
    log_in(alice_page, alice.user.email, PASSWORD)
    alice_page.goto(f"/moten/{meeting.pk}/")
    click(alice_page, alice_page.locator(f"#ordet-{case_item.pk}").get_by_role("button", name=re.compile("^Begär ordet")))
    assert "Du står som nummer 1 på talarlistan." in alice_page.locator(f"#ordet-{case_item.pk}").inner_text()
    panel = f"#talarlista-{case_item.pk}"
    room.wait_for_function(  # htmx brings the request into the room without a reload
        f"() => document.querySelector('{panel}').innerText.includes({alice.partner.name!r})", timeout=15_000)
    click(room, room.locator(panel).get_by_role("button", name=re.compile("^Ge ordet")).first)
    assert f"Har ordet: {alice.user.get_full_name()} ({alice.partner.name})" in room.locator(panel).inner_text()
    alice_page.wait_for_function(
        f"() => document.querySelector('#ordet-{case_item.pk}').innerText.includes('Du har ordet.')",
        timeout=15_000)

    # 3. Karin opens a vote on the case; three representatives vote from their own browsers. -
    voting_item = room.locator(f"#punkt-{case_item.pk}")
    assert case.reference in voting_item.inner_text()
    click(room, voting_item.get_by_role("button", name="Öppna omröstning"))
    assert status_says(room, "Omröstningen är öppen.")
    vote = Vote.objects.get(agenda_item=case_item)
    assert "5 har inte röstat än" in room.locator(f"#progress-{vote.pk}").inner_text()

    def to_ballot(page):
        page.goto(f"/moten/{meeting.pk}/")
        click(page, page.get_by_role("link", name=re.compile(rf"Omröstning pågår: § {case_item.position} ")))
        assert page.get_by_role("heading", level=1, name=re.compile("^Omröstning:")).is_visible()

    bob_page = open_window()
    log_in(bob_page, bob.user.email, PASSWORD)
    to_ballot(bob_page)
    # Bob has the ballot open in a second tab as well (a phone and a laptop, a double click).
    bob_stale = bob_page.context.new_page()
    bob_stale.goto(bob_page.url)

    to_ballot(alice_page)
    both_widths(alice_page, "issue10-ballot")
    click(alice_page, alice_page.get_by_role("button", name="Ja", exact=True))
    assert status_says(alice_page, "Er röst är registrerad: Ja.")
    assert f"{alice.partner.name} har röstat: Ja" in alice_page.get_by_role("main").inner_text()
    assert alice_page.get_by_role("button", name="Nej", exact=True).count() == 0

    click(bob_page, bob_page.get_by_role("button", name="Ja", exact=True))
    assert status_says(bob_page, "Er röst är registrerad: Ja.")

    third_page = open_window()
    log_in(third_page, third.user.email, PASSWORD)
    to_ballot(third_page)
    click(third_page, third_page.get_by_role("button", name="Nej", exact=True))
    assert status_says(third_page, "Er röst är registrerad: Nej.")

    # The second ballot for Bob's partner: refused, with the reason, and the first one stands.
    click(bob_stale, bob_stale.get_by_role("button", name="Nej", exact=True))
    refusal = bob_stale.get_by_role("main").inner_text()
    assert f"{bob.partner.name} har redan röstat i den här omröstningen ({bob.user.get_full_name()}" in refusal
    assert "En röst kan inte ändras." in refusal
    assert_accessible(bob_stale, "issue10-ballot-refused")
    assert Ballot.objects.get(vote=vote, partner=bob.partner).choice == Ballot.Choice.YES
    assert Ballot.objects.filter(vote=vote).count() == 3

    # 4. Karin sees who has not voted, closes the vote and publishes the result. ------------
    room.reload()
    progress = room.locator(f"#progress-{vote.pk}").inner_text()
    assert "3 partners har röstat; 2 har inte röstat än." in progress
    for entry in roll[3:]:
        assert entry.partner.name in progress
    for entry in roll[:3]:
        assert entry.partner.name not in progress
    assert "Ja 2" not in room.get_by_role("main").inner_text()  # the tally stays hidden while open
    both_widths(room, "issue10-room-vote-open")
    click(room, room.locator(f"#punkt-{case_item.pk}").get_by_role("button", name="Avsluta omröstningen"))
    assert status_says(room, "Omröstningen är avslutad: antaget.")
    result = room.locator(f"#punkt-{case_item.pk}").inner_text()
    assert "Ja 2, nej 1, avstår 0." in result
    click(room, room.locator(f"#punkt-{case_item.pk}").get_by_role("button", name="Publicera resultatet"))
    assert status_says(room, "Resultatet är publicerat.")
    both_widths(room, "issue10-room-decided")
    assert Vote.objects.get(pk=vote.pk).state == Vote.State.PUBLISHED
    # Alice's ballot page shows the result once the vote is closed.
    alice_page.goto(f"/moten/omrostning/{vote.pk}/")
    assert "Ja 2, nej 1, avstår 0." in alice_page.get_by_role("main").inner_text()

    # 5. The meeting is held; Karin writes and finishes the minutes. -------------------------
    room.goto(f"/kansli/moten/{meeting.pk}/")
    click(room, room.get_by_role("button", name="Markera som genomfört"))
    assert Meeting.objects.get(pk=meeting.pk).state == Meeting.State.HELD
    room.goto(f"/kansli/moten/{meeting.pk}/protokoll/")
    assert room.get_by_role("heading", level=1, name=f"Protokoll: {MEETING}").is_visible()
    assert_accessible(room, "issue10-minutes-start")
    click(room, room.get_by_role("button", name="Påbörja protokollet"))
    assert status_says(room, "Protokollet är påbörjat.")
    room.get_by_label(label("Protokollförare")).fill(KEEPER)
    room.get_by_label(label("Inledning")).fill(INTRODUCTION)
    preview = room.locator(".minutes-preview").inner_text()
    assert CONSENSUS in preview and alice.partner.name in preview
    both_widths(room, "issue10-minutes-draft")
    click(room, room.get_by_role("button", name="Spara och färdigställ"))
    assert status_says(room, "Protokollet är färdigställt")
    minutes = Minutes.objects.get(meeting=meeting)
    assert minutes.state == Minutes.State.FINISHED and minutes.keeper == KEEPER
    revision = minutes.revisions.get()
    assert revision.pdf, "the outbox did not render the PDF"
    assert room.get_by_role("link", name="PDF", exact=True).is_visible()
    both_widths(room, "issue10-minutes-finished")

    # 6. A visitor without an account reads the decision and downloads the minutes. ----------
    visitor = open_window()
    visitor.goto("/beslut/")
    assert visitor.get_by_role("heading", level=1, name="Partnerskapets beslut").is_visible()
    row = visitor.get_by_role("row").filter(has_text=case.reference)
    assert "Omröstning" in row.inner_text() and "ja 2, nej 1, avstod 0" in row.inner_text()
    assert visitor.get_by_role("row").filter(has_text=CONSENSUS_ITEM).is_visible()
    both_widths(visitor, "issue10-public-decisions")
    click(visitor, row.get_by_role("link", name=case_item.title))
    ballots = visitor.get_by_role("table", name="Hur varje partner röstade")
    for entry, choice in ((alice, "Ja"), (bob, "Ja"), (third, "Nej")):
        assert ballots.get_by_role("row").filter(has_text=entry.partner.name).get_by_text(choice).is_visible()
    assert case.reference in visitor.get_by_role("main").inner_text()
    both_widths(visitor, "issue10-public-decision")
    click(visitor, visitor.get_by_role("link", name=f"Protokoll från {MEETING}"))
    assert visitor.url.endswith(f"/protokoll/{meeting.pk}/")
    public = visitor.get_by_role("main").inner_text()
    assert "Färdigställt, inte godkänt" in public and CONSENSUS in public and INTRODUCTION in public
    download = visitor.get_by_role("link", name="Ladda ner protokollet som PDF (version 1)")
    both_widths(visitor, "issue10-public-minutes")
    response = visitor.request.get(download.get_attribute("href"))
    assert response.ok and response.headers["content-type"] == "application/pdf"
    assert response.body().startswith(b"%PDF")

    # 7. The same public pages with an English browser. --------------------------------------
    english = open_window(locale="en-GB")
    for path, name, check in (
            ("/beslut/", "issue10-public-decisions-en", lambda: english.get_by_label("Year").is_visible()),
            (f"/protokoll/{meeting.pk}/", "issue10-public-minutes-en",
             lambda: english.get_by_role("heading", level=2, name="Attendance").is_visible())):
        english.goto(path)
        assert english.locator("html").get_attribute("lang") == "en"
        assert english.get_by_role("banner").get_by_role("link", name="Log in").is_visible()
        assert check(), f"{path} is not in English"
        both_widths(english, name)
