"""A case from the first draft to the public register, in a real browser (issue 9, § 4.2).

Alice (partner A, hälso- och sjukvård) drafts a case, leaves, comes back, attaches a PDF, asks
Bob's partner B (akademi) to co-sign and submits; Bob confirms. Karin at the kansli starts the
preparation and sends a consultation to both sectors; Alice and Bob answer from their own
logins. Once the answering time is over Karin summarises, writes the proposal for decision,
marks the case prepared and puts it on the meeting's agenda; the kallelse carries it and its
attachment, and the public reads it in the diarium. Every page is checked with axe; the form and
the public page on a phone, the register and the case in English.

The representatives share one browser window (logging out between them); the kansli works in a
window of its own, logged in once (a second TOTP login would wait for the next code).
"""

import datetime
import re

import pytest
from django.utils import timezone

from decisions.models import Case, Consultation
from tests.browser.helpers import eager_tasks_and_locmem_mail, label, log_in, log_in_kansli, log_out
from tests.conftest import _REPORT_CSP_VIOLATIONS, assert_accessible
from tests.meetings.factories import PDF_BYTES, plan
from tests.partnership.factories import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
MEETING = "Partnerskapets sammanträde"
TITLE = "Gemensamma riktlinjer för cancerrehabilitering"
ATTACHMENT = "Kartläggning av rehabiliteringen i regionerna"
BACKGROUND = "Rehabiliteringen efter cancer ser olika ut i landets regioner."
PROBLEM = "Patienter får olika stöd beroende på var de bor."
PROPOSAL = "Partnerskapet tar fram gemensamma riktlinjer för cancerrehabilitering under 2027."
JUSTIFICATION = "Riktlinjer ger en jämlik rehabilitering i hela landet."
GOALS = "Jämlik cancervård och bättre livskvalitet efter cancer."
CONSEQUENCES = "Varje partner avsätter en kontaktperson för arbetet."
QUESTION = "Hur ser rehabiliteringen ut hos er, och vad behöver riktlinjerna omfatta?"
ANSWER_A = "Regionen saknar i dag ett samlat rehabiliteringsprogram efter cancer."
ANSWER_B = "Forskningen visar att tidig rehabilitering minskar långvarig sjukskrivning."
SUMMARY = "Båda sektorerna ser behovet; regionerna vill ha stöd att bygga upp programmen."
DECISION = "Partnerskapet beslutar att en arbetsgrupp tar fram riktlinjer till vårmötet 2027."


@pytest.fixture(autouse=True)
def _eager_tasks_and_locmem_mail(settings):
    yield from eager_tasks_and_locmem_mail(settings)


@pytest.fixture
def meeting(karin, roll, arbetsordning_v1):
    # 80 days ahead: the kallelse is planned 30 days before, so cases are in time for 36 more days.
    return plan(by=karin, days_ahead=80, title=MEETING)


@pytest.fixture
def kansli_page(chromium, live_server, csp_violations):
    """A second browser window for the kansli, which the CSP is watched in as in `page`."""
    context = chromium.new_context(locale="sv-SE", base_url=live_server.url)
    context.expose_function("__cspViolation", lambda report: csp_violations.append(report))
    context.add_init_script(_REPORT_CSP_VIOLATIONS)
    kansli = context.new_page()
    kansli.set_default_timeout(15_000)
    yield kansli
    context.close()


def click(page, locator) -> None:
    with page.expect_navigation():
        locator.click()


def status_says(page, text: str) -> bool:
    return page.get_by_role("status").get_by_text(text).first.is_visible()


def fits(page, width: int = PHONE["width"]) -> bool:
    return page.evaluate("document.documentElement.scrollWidth") <= width


def field_of(page, text: str):
    """The `.field` block around the control labelled `text` (its error is rendered inside)."""
    return page.locator(".field").filter(has=page.get_by_label(label(text)))


def to_my_cases(page) -> None:
    """From the dashboard (where logging in leads) to "Mina ärenden"."""
    click(page, page.get_by_role("main").get_by_role("link", name="Mina ärenden", exact=True))
    assert page.get_by_role("heading", level=1, name="Mina ärenden").is_visible()


def test_a_case_from_draft_to_agenda_kallelse_and_register(
        page, kansli_page, live_server, karin, karin_totp_secret, alice, bob, roll, meeting, tmp_path):
    partner_a, partner_b = roll[0].partner, roll[1].partner
    pdf = tmp_path / "kartlaggning.pdf"
    pdf.write_bytes(PDF_BYTES)

    # 1. Alice drafts, saves, leaves. -----------------------------------------------------
    log_in(page, alice.email, PASSWORD, check="cases-10-login")
    assert_accessible(page, "cases-11-dashboard")
    to_my_cases(page)
    assert page.get_by_text("Ni har inga ärenden ännu.").is_visible()
    assert_accessible(page, "cases-12-my-cases-empty")
    click(page, page.get_by_role("link", name="Skriv ett nytt ärende"))
    assert page.get_by_role("heading", level=1, name="Nytt ärende").is_visible()
    assert "hinner det till sammanträdet" in page.get_by_role("main").inner_text()
    assert_accessible(page, "cases-13-new-case")
    page.get_by_label(label("Rubrik")).fill(TITLE)
    page.get_by_label(label("Bakgrund")).fill(BACKGROUND)
    click(page, page.get_by_role("button", name="Spara utkast"))
    assert status_says(page, "Utkastet är sparat.")
    assert page.get_by_role("heading", level=1, name=f"Utkast: {TITLE}").is_visible()
    draft = Case.objects.get(title=TITLE)
    assert draft.state == Case.State.DRAFT and draft.partner == partner_a and draft.reference == ""

    click(page, page.get_by_role("button", name="Spara utkastet och lägg till en bilaga"))
    assert_accessible(page, "cases-14-attach")
    page.get_by_label(label("Titel")).fill(ATTACHMENT)
    page.get_by_label(label("Fil")).set_input_files(pdf)
    click(page, page.get_by_role("button", name="Ladda upp"))
    assert status_says(page, f"Bilagan ”{ATTACHMENT}” är tillagd.")
    log_out(page)

    # ... comes back, finds the draft with what she wrote, asks partner B to co-sign. --------
    log_in(page, alice.email, PASSWORD)
    to_my_cases(page)
    row = page.get_by_role("row").filter(has_text=TITLE)
    assert "Utkast" in row.inner_text()
    click(page, row.get_by_role("link", name=TITLE))
    assert page.get_by_label(label("Bakgrund")).input_value() == BACKGROUND
    assert page.get_by_role("link", name=ATTACHMENT).is_visible()
    assert_accessible(page, "cases-15-draft")

    click(page, page.get_by_role("button", name="Spara utkastet och be en annan partner att medunderteckna"))
    assert_accessible(page, "cases-16-cosign-request")
    page.get_by_label(label("Partner som ska medunderteckna")).select_option(label=partner_b.name)
    click(page, page.get_by_role("button", name="Skicka förfrågan"))
    assert status_says(page, f"{partner_b.name} är tillfrågad.")
    assert f"{partner_b.name}: väntar på bekräftelse" in page.get_by_role("main").inner_text()

    # A first submission without the justification: refused next to the field, nothing lost.
    page.get_by_label(label("Problem eller möjlighet")).fill(PROBLEM)
    page.get_by_label(label("Förslag till beslut")).fill(PROPOSAL)
    page.get_by_label(label("Vilka av SweCans mål bidrar ärendet till?")).fill(GOALS)
    page.get_by_role("radio", name="Rehabilitering").check()
    page.get_by_label(label("Förväntade konsekvenser för partnerna")).fill(CONSEQUENCES)
    page.set_viewport_size(PHONE)
    assert fits(page), "the case form scrolls sideways on a phone"
    assert_accessible(page, "cases-17-draft-phone")
    page.set_viewport_size(DESKTOP)
    click(page, page.get_by_role("button", name="Lämna in"))
    assert page.get_by_role("alert").get_by_role("link", name=re.compile("^Motivering: ")).is_visible()
    assert "Fyll i fältet innan ärendet lämnas in." in field_of(page, "Motivering").inner_text()
    assert "Fyll i fältet" not in field_of(page, "Bakgrund").inner_text()
    assert page.get_by_label(label("Förslag till beslut")).input_value() == PROPOSAL
    assert page.get_by_label(label("Förväntade konsekvenser för partnerna")).input_value() == CONSEQUENCES
    assert page.get_by_role("radio", name="Rehabilitering").is_checked()
    assert status_says(page, "Utkastet är sparat men inte inlämnat")
    assert_accessible(page, "cases-18-submit-refused")
    assert Case.objects.get(pk=draft.pk).state == Case.State.DRAFT

    page.get_by_label(label("Motivering")).fill(JUSTIFICATION)
    click(page, page.get_by_role("button", name="Lämna in"))
    assert page.get_by_role("heading", level=1, name="Ärendet är inlämnat").is_visible()
    case = Case.objects.get(pk=draft.pk)
    assert case.state == Case.State.RECEIVED and case.target_meeting == meeting
    receipt = page.get_by_role("main").inner_text()
    assert case.reference in receipt
    assert "I tid till sammanträdet" in receipt and f"({MEETING})" in receipt
    assert "§ 4.2" in receipt and "14 dagar före kallelsen" in receipt
    assert_accessible(page, "cases-19-receipt")
    log_out(page)

    # 2. Bob sees the co-signing request and confirms for partner B. -------------------------
    log_in(page, bob.email, PASSWORD)
    to_my_cases(page)
    request = page.get_by_role("listitem").filter(has_text=TITLE)
    assert f"{partner_a.name} ber er att medunderteckna" in request.inner_text()
    assert_accessible(page, "cases-20-cosign-waiting")
    click(page, request.get_by_role("link", name="Läs ärendet och bekräfta"))
    assert PROPOSAL in page.get_by_role("main").inner_text()
    assert_accessible(page, "cases-21-cosign-confirm")
    click(page, page.get_by_role("button", name=f"Ja, {partner_b.name} står bakom ärendet"))
    assert status_says(page, f"{partner_b.name} står nu bakom")
    assert "Medundertecknat; inlämnat av" in page.get_by_role("row").filter(has_text=TITLE).inner_text()
    log_out(page)

    # 3. The kansli starts the preparation and consults the two sectors. ---------------------
    kansli = kansli_page
    log_in_kansli(kansli, karin.email, PASSWORD, karin_totp_secret)
    click(kansli, kansli.get_by_role("navigation", name="Huvudmeny").get_by_role("link", name="Kansli: ärenden"))
    inbox = kansli.get_by_role("region", name=re.compile("^Inkommet"))
    assert inbox.get_by_role("row").filter(has_text=TITLE).is_visible()
    assert_accessible(kansli, "cases-22-kansli-inbox")
    click(kansli, inbox.get_by_role("link", name=re.compile(re.escape(TITLE))))
    assert kansli.get_by_role("heading", level=1, name=f"{case.reference} {TITLE}").is_visible()
    assert "bekräftat" in kansli.get_by_role("region", name="Medundertecknare").inner_text()
    assert_accessible(kansli, "cases-23-kansli-case")
    click(kansli, kansli.get_by_role("link", name="Börja bereda ärendet"))
    assert_accessible(kansli, "cases-24-start-preparation")
    click(kansli, kansli.get_by_role("button", name="Ja, börja bereda ärendet"))
    assert status_says(kansli, f"Beredningen av {case.reference} har börjat.")

    click(kansli, kansli.get_by_role("link", name="Skicka en remiss till sektorer"))
    kansli.get_by_label(label("Fråga till sektorerna")).fill(QUESTION)
    kansli.get_by_role("checkbox", name="Hälso- och sjukvård").check()
    kansli.get_by_role("checkbox", name="Akademi och forskning").check()
    deadline = timezone.localdate() + datetime.timedelta(days=7)
    kansli.get_by_label(label("Sista svarsdag")).fill(deadline.isoformat())
    assert_accessible(kansli, "cases-25-consultation-form")
    click(kansli, kansli.get_by_role("button", name="Granska och skicka"))
    assert "Företrädarna för 2 partners får remissen med e-post." in kansli.get_by_role("main").inner_text()
    assert_accessible(kansli, "cases-26-consultation-confirm")
    click(kansli, kansli.get_by_role("button", name="Ja, skicka remissen"))
    assert status_says(kansli, "Remissen är skickad.")
    consultation = Consultation.objects.get(case=case)
    assert sorted(consultation.sectors) == ["akademi", "halso_sjukvard"] and consultation.deadline == deadline

    # 4. Alice and Bob answer from their own logins. -----------------------------------------
    for person, answer, shot in ((alice, ANSWER_A, "cases-27-answer"), (bob, ANSWER_B, None)):
        log_in(page, person.email, PASSWORD)
        click(page, page.get_by_role("main").get_by_role("link", name="1 remiss till er sektor att besvara"))
        consultations = page.get_by_role("listitem").filter(has_text=TITLE).filter(has_text="Sista svarsdag")
        assert "inte besvarad" in consultations.inner_text()
        click(page, consultations.get_by_role("link", name=TITLE))
        assert QUESTION in page.get_by_role("main").inner_text()
        page.get_by_label(label("Ert svar")).fill(answer)
        if shot:
            assert_accessible(page, shot)
        click(page, page.get_by_role("button", name="Skicka svaret"))
        assert status_says(page, "Ert svar är sparat.")
        assert page.get_by_label(label("Ert svar")).input_value() == answer
        log_out(page)

    # 5. The answers side by side; the summary waits for the deadline. -----------------------
    kansli.reload()
    cards = kansli.locator("article.card")
    assert cards.count() == 2
    assert ANSWER_A in cards.filter(has_text=partner_a.name).inner_text()
    assert ANSWER_B in cards.filter(has_text=partner_b.name).inner_text()
    summary = kansli.get_by_role("region", name="Sammanfattning")
    assert "Sammanfatta svaren när svarstiden har gått ut." in summary.inner_text()
    assert summary.get_by_role("button").count() == 0
    assert_accessible(kansli, "cases-28-answers-open")
    # Setup, not a step a person takes: the week passes. The browser and the live server run in
    # real time, so the deadline moves to yesterday instead of the clock moving forward a week.
    Consultation.objects.filter(pk=consultation.pk).update(  # history: the test moves time, no one acts
        deadline=timezone.localdate() - datetime.timedelta(days=1))
    kansli.reload()
    assert "svarstiden har gått ut" in kansli.get_by_role("main").inner_text()
    kansli.get_by_label(label("Sammanfattning av svaren")).fill(SUMMARY)
    click(kansli, kansli.get_by_role("button", name="Spara sammanfattningen"))
    assert status_says(kansli, "Sammanfattningen är sparad.")
    assert_accessible(kansli, "cases-29-summarised")

    click(kansli, kansli.get_by_role("main").get_by_role("link", name=f"{case.reference} {TITLE}").first)
    click(kansli, kansli.get_by_role("link", name="Skriv förslaget till beslut"))
    kansli.get_by_label(label("Förslag till beslut")).fill(DECISION)
    assert_accessible(kansli, "cases-30-proposal")
    click(kansli, kansli.get_by_role("button", name="Spara förslaget"))
    assert status_says(kansli, "Förslaget till beslut är sparat.")
    assert DECISION in kansli.get_by_role("region", name="Beredningens förslag till beslut").inner_text()

    click(kansli, kansli.get_by_role("link", name="Markera som berett"))
    assert_accessible(kansli, "cases-31-mark-prepared")
    click(kansli, kansli.get_by_role("button", name="Ja, ärendet är berett"))
    assert status_says(kansli, f"{case.reference} är berett")

    click(kansli, kansli.get_by_role("link", name="För upp på ett sammanträdes dagordning"))
    assert MEETING in kansli.get_by_label(label("Sammanträde")).inner_text()
    assert_accessible(kansli, "cases-32-agenda-choose")
    click(kansli, kansli.get_by_role("button", name="Granska"))
    confirm = kansli.get_by_role("main").inner_text()
    assert "1 bilaga blir underlag till punkten och går ut med kallelsen." in confirm and ATTACHMENT in confirm
    assert_accessible(kansli, "cases-33-agenda-confirm")
    click(kansli, kansli.get_by_role("button", name="Ja, för upp ärendet"))
    assert status_says(kansli, f"på dagordningen för {MEETING}")
    assert Case.objects.get(pk=case.pk).state == Case.State.ON_AGENDA

    # 6. The meeting's agenda and the kallelse carry the case and its attachment. ------------
    click(kansli, kansli.get_by_role("link", name="Till dagordningen"))
    agenda = kansli.get_by_role("region", name="Preliminär dagordning")
    assert f"{case.reference} {TITLE}" in agenda.inner_text() and DECISION in agenda.inner_text()
    assert agenda.get_by_role("link", name=ATTACHMENT, exact=True).is_visible()
    assert_accessible(kansli, "cases-34-meeting")
    click(kansli, kansli.get_by_role("region", name="Kallelse").get_by_role(
        "link", name="Förhandsgranska och skicka kallelsen"))
    text_part = kansli.get_by_role("main").locator("pre").inner_text()
    assert f"{case.reference} {TITLE}" in text_part and ATTACHMENT in text_part
    kansli.frame_locator("iframe.mail-preview-frame").get_by_text(ATTACHMENT).first.wait_for()
    assert_accessible(kansli, "cases-35-kallelse-preview")

    # 7. The public reads it in the diarium. -------------------------------------------------
    page.goto("/")
    click(page, page.get_by_role("navigation", name="Huvudmeny").get_by_role("link", name="Ärenden"))
    row = page.get_by_role("row").filter(has_text=case.reference)
    assert TITLE in row.inner_text() and "På dagordningen" in row.inner_text()
    assert partner_a.name in row.inner_text() and partner_b.name in row.inner_text()
    assert_accessible(page, "cases-36-register")
    click(page, row.get_by_role("link", name=TITLE))
    public = page.get_by_role("main").inner_text()
    assert DECISION in public and SUMMARY in public and BACKGROUND in public
    assert ANSWER_A not in public  # the answers are for those signed in, the summary for all
    assert page.get_by_role("link", name=ATTACHMENT).is_visible()
    assert_accessible(page, "cases-37-public-case")
    page.set_viewport_size(PHONE)
    assert fits(page), "the public case page scrolls sideways on a phone"
    assert_accessible(page, "cases-38-public-case-phone")


def test_a_case_on_the_agenda_is_not_removed_from_the_meeting_page(
        page, live_server, karin, karin_totp_secret, alice, roll, meeting):
    """Defect found on the journey: "Ta bort" on a case's agenda item (one without attachments)
    was a server error (the case protects its item); now the page says why, and nothing changes."""
    from decisions import preparation
    from tests.decisions.helpers_prepare import prepared

    case = prepared(karin=karin, by=alice, partner=roll[0].partner, title=TITLE)
    case = preparation.case_put_on_agenda(by=karin, case=case, meeting=meeting)
    log_in_kansli(page, karin.email, PASSWORD, karin_totp_secret)
    page.goto(f"/kansli/moten/{meeting.pk}/")
    click(page, page.get_by_role("link", name="Ta bort § 1"))
    assert page.get_by_text(f"Punkten är ärendet {case.reference}").is_visible()
    assert page.get_by_role("button", name="Ja, ta bort punkten").count() == 0
    assert_accessible(page, "cases-41-agenda-item-kept")
    assert Case.objects.get(pk=case.pk).agenda_item_id is not None


def test_the_register_and_a_case_in_english(chromium, live_server, karin, alice, roll, meeting, csp_violations):
    """A visitor whose browser asks for English reads the diarium in English."""
    from decisions import services

    case = services.case_draft_save(by=alice, partner=roll[0].partner, fields={
        "title": TITLE, "background": BACKGROUND, "problem_or_opportunity": PROBLEM, "proposal": PROPOSAL,
        "justification": JUSTIFICATION, "goals": GOALS, "strategy_area": "rehabilitation",
        "consequences": CONSEQUENCES})
    case = services.case_submit(by=alice, case=case).case
    context = chromium.new_context(locale="en-GB", base_url=live_server.url)
    context.expose_function("__cspViolation", lambda report: csp_violations.append(report))
    context.add_init_script(_REPORT_CSP_VIOLATIONS)
    try:
        page = context.new_page()
        page.goto("/arenden/")
        assert page.locator("html").get_attribute("lang") == "en"
        assert page.get_by_role("banner").get_by_role("link", name="Log in").is_visible()
        assert_accessible(page, "cases-39-register-en")
        click(page, page.get_by_role("link", name=TITLE))
        assert page.locator("html").get_attribute("lang") == "en"
        assert case.reference in page.get_by_role("heading", level=1).inner_text()
        assert_accessible(page, "cases-40-public-case-en")
    finally:
        context.close()
    assert not csp_violations, csp_violations
