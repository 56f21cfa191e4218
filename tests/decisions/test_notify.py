"""The e-mails of cases, through the outbox: the receipt to the submitters, the chair and the
kansli with the meeting the case is in time for and why (§ 4.2, R2); the request to a co-signer;
the consultation to the partners of the consulted sectors. One message per person and occasion."""

import datetime

import pytest
from django.test import TestCase
from django.urls import reverse

from decisions import notify, preparation, services
from decisions.models import Case
from outbox.models import Message
from partnership.models import Representative
from swecan import contacts
from tests.decisions.conftest import TODAY
from tests.decisions.factories import draft
from tests.meetings import factories as mf

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)
CHAIR = {"name": "Annika Ekstrand", "title": "Avdelningschef", "organisation": "Socialstyrelsen",
         "email": "ordforande@swecan.example", "phone": ""}


def html_part(message) -> str:
    return next(content for content, mimetype in message.alternatives if mimetype == "text/html")


def by_recipient(mailoutbox) -> dict:
    return {message.to[0]: message for message in mailoutbox}


def submit(case, *, by):
    """Submit and run what waits for the commit (the outbox sends at once in tests)."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        return services.case_submit(by=by, case=case)


def meeting(karin, *, notice_in: int, meeting_in: int, title: str):
    return mf.plan(by=karin, day=TODAY + meeting_in * DAY, planned_notice_date=TODAY + notice_in * DAY,
                   title=title)


@pytest.fixture
def chair(karin):
    return contacts.chair_contact_save(role="chair", by=karin, **CHAIR)


# The receipt ---------------------------------------------------------------------------------


def test_the_submitters_the_chair_and_the_kansli_are_told_a_case_is_in(karin, roll, alice, deputy, bob,
                                                                       chair, mailoutbox):
    vinter = meeting(karin, notice_in=14, meeting_in=50, title="Vintermöte")
    case = submit(draft(by=alice, partner=roll[0].partner), by=alice).case

    mails = by_recipient(mailoutbox)
    alice_email, bob_email = roll[0].representative.email, roll[1].representative.email
    assert set(mails) == {alice_email, "dora@region-norr.example", CHAIR["email"], karin.email}
    assert bob_email not in mails  # another partner hears nothing
    receipt = mails[alice_email]
    assert receipt.subject == f"Inkommet ärende: SweCan 2026/1 {case.title}"
    assert f"Hej {roll[0].representative.name}," in receipt.body
    assert "fått diarienummer SweCan 2026/1" in receipt.body
    assert "Inkom: 25 november 2026" in receipt.body
    # The meeting it is in time for, and the rule's own reason: notice − 14 is in time.
    assert f"Ärendet hinner till Vintermöte den {vinter.date:%-d} januari 2027." in receipt.body
    assert "sista dag är 25 november 2026, 14 dagar före kallelsen 9 december 2026. (§ 4.2)" in receipt.body
    assert receipt.body.count("http://") == 1
    assert reverse("my_case", args=[case.pk]) in receipt.body
    assert reverse("kansli_case", args=[case.pk]) in mails[karin.email].body
    assert "väntar på beredning" in mails[karin.email].body
    assert reverse("public_case", args=[2026, 1]) in mails[CHAIR["email"]].body
    assert "ställt till ordföranden och kansliet" in mails[CHAIR["email"]].body
    messages = Message.objects.filter(kind=notify.RECEIVED)
    assert {m.status for m in messages} == {Message.Status.DONE}
    assert {m.created_by for m in messages} == {alice}  # her act, in the outbox's history too


def test_thirteen_days_before_the_notice_is_told_it_goes_to_the_next_meeting(karin, roll, alice, mailoutbox):
    meeting(karin, notice_in=13, meeting_in=50, title="Vintermöte")
    meeting(karin, notice_in=70, meeting_in=110, title="Vårmöte")
    submit(draft(by=alice, partner=roll[0].partner), by=alice)

    body = by_recipient(mailoutbox)[roll[0].representative.email].body
    assert "För sent till Vintermöte den 14 januari 2027: Ärenden måste lämnas in senast 14 dagar före " \
           "kallelsen (senast 24 november 2026 för kallelse 8 december 2026)" in body
    assert "Ärendet hinner till Vårmöte den 15 mars 2027." in body
    assert body.index("För sent till Vintermöte") < body.index("hinner till Vårmöte")


def test_a_case_late_for_every_meeting_is_told_it_waits_and_is_not_lost(karin, roll, alice, mailoutbox):
    meeting(karin, notice_in=13, meeting_in=50, title="Vintermöte")
    case = submit(draft(by=alice, partner=roll[0].partner), by=alice).case

    assert case.target_meeting is None
    receipt = by_recipient(mailoutbox)[roll[0].representative.email]
    assert "För sent till Vintermöte" in receipt.body
    assert "hinner inte till något planerat sammanträde. Det väntar och går inte förlorat" in receipt.body
    assert "hinner till" not in receipt.body.replace("det hinner till", "")


def test_each_person_is_told_once(karin, roll, alice, mailoutbox):
    submission = submit(draft(by=alice, partner=roll[0].partner), by=alice)
    promised = Message.objects.count()

    with TestCase.captureOnCommitCallbacks(execute=True):
        notify.case_received(submission.case, submission.timing, alice)  # the same occasion again

    assert Message.objects.count() == promised
    assert len(mailoutbox) == 2  # Alice and Karin, once each
    with pytest.raises(Exception, match="redan lämnats in"):
        submit(submission.case, by=alice)
    assert Message.objects.count() == promised


def test_a_refused_submission_promises_nothing(roll, alice, bob, mailoutbox):
    case = draft(by=alice, partner=roll[0].partner)
    with pytest.raises(Exception):  # noqa: B017 - PermissionDenied; the point is what is not sent
        submit(case, by=bob)
    assert not Message.objects.filter(kind__startswith="case_").exists() and not mailoutbox


def test_the_text_part_says_the_title_as_typed(karin, roll, alice, mailoutbox):
    title = "Barn- & ungdomscancer: 'Vård' <nu>"
    submit(draft(by=alice, partner=roll[0].partner, title=title), by=alice)

    receipt = by_recipient(mailoutbox)[roll[0].representative.email]
    assert title in receipt.subject and title in receipt.body
    assert "Barn- &amp; ungdomscancer: &#x27;Vård&#x27; &lt;nu&gt;" in html_part(receipt)


# The language --------------------------------------------------------------------------------


def test_the_receipt_is_in_the_portals_language_not_the_senders(karin, roll, alice, mailoutbox):
    from django.utils import translation

    meeting(karin, notice_in=14, meeting_in=50, title="Vintermöte")
    with translation.override("en"):
        submit(draft(by=alice, partner=roll[0].partner), by=alice)

    receipt = by_recipient(mailoutbox)[roll[0].representative.email]
    assert "Hej " in receipt.body and "Med vänliga hälsningar" in receipt.body
    assert "Ärendet lämnades in 25 november 2026 (14 dagar före kallelsen)" in receipt.body
    assert '<html lang="sv">' in html_part(receipt)


def test_in_english_the_rules_reason_and_dates_are_english(karin, roll, alice, mailoutbox, settings):
    # Accounts carry no language (tests/swecan/test_email_language.py): were the portal to write
    # in English, the e-mail would be English; the lead's catalogue translates our own sentences.
    settings.LANGUAGE_CODE = "en"
    meeting(karin, notice_in=14, meeting_in=50, title="Vintermöte")
    submit(draft(by=alice, partner=roll[0].partner), by=alice)

    receipt = by_recipient(mailoutbox)[roll[0].representative.email]
    assert f"Hello {roll[0].representative.name}," in receipt.body
    assert "Kind regards" in receipt.body and "Med vänliga hälsningar" not in receipt.body
    assert "The case was submitted on 25 November 2026 (14 days before the notice)" in receipt.body
    assert "25 november 2026" not in receipt.body
    assert '<html lang="en">' in html_part(receipt)


# Co-signing ----------------------------------------------------------------------------------


def test_the_co_signing_partner_is_asked_to_confirm(roll, alice, bob, mailoutbox):
    case = draft(by=alice, partner=roll[0].partner)
    with TestCase.captureOnCommitCallbacks(execute=True):
        cosignature = services.case_cosign_request(by=alice, case=case, partner=roll[1].partner)

    [request] = mailoutbox
    assert request.to == [roll[1].representative.email]
    assert request.subject == f"Begäran om medundertecknande: {case.title}"
    assert f"{roll[0].partner.name} ber {roll[1].partner.name} att medunderteckna" in request.body
    assert reverse("cosignature_confirm", args=[cosignature.pk]) in request.body
    assert Message.objects.get(kind=notify.COSIGN_REQUESTED).created_by == alice


def test_a_request_confirmed_before_it_is_sent_is_not_sent(roll, alice, bob, mailoutbox):
    case = draft(by=alice, partner=roll[0].partner)
    cosignature = services.case_cosign_request(by=alice, case=case, partner=roll[1].partner)
    services.case_cosign_confirm(by=bob, cosignature=cosignature)
    message = Message.objects.get(kind=notify.COSIGN_REQUESTED)

    from outbox.services import run

    run([message.pk])

    message.refresh_from_db()
    assert message.status == Message.Status.CANCELLED and not mailoutbox


def test_a_confirmed_co_signer_is_told_of_the_receipt_too(karin, roll, alice, bob, mailoutbox):
    case = draft(by=alice, partner=roll[0].partner)
    services.case_cosign_confirm(
        by=bob, cosignature=services.case_cosign_request(by=alice, case=case, partner=roll[1].partner))
    mailoutbox.clear()
    submit(case, by=alice)

    assert roll[1].representative.email in by_recipient(mailoutbox)


# Consultations -------------------------------------------------------------------------------


def test_a_consultation_goes_to_the_representatives_of_the_consulted_sectors(karin, roll, alice, bob, deputy,
                                                                            charlie, mailoutbox):
    case = submit(draft(by=alice, partner=roll[0].partner), by=alice).case
    preparation.case_start_preparation(by=karin, case=case)
    mailoutbox.clear()
    with TestCase.captureOnCommitCallbacks(execute=True):
        consultation = preparation.consultation_open(
            by=karin, case=case, question="Hur ser stödet ut hos er?\nSvara gärna med exempel.",
            sectors=["halso_sjukvard", "akademi"], deadline=TODAY + 21 * DAY)

    mails = by_recipient(mailoutbox)
    # Alice and her deputy for hälso- och sjukvård, Bob for akademi; Charlie's partner in akademi
    # has not signed (not an active partner), and the other sectors are not asked.
    assert set(mails) == {roll[0].representative.email, "dora@region-norr.example", roll[1].representative.email}
    assert "charlie@inbjuden.example" not in mails
    mail = mails[roll[1].representative.email]
    assert mail.subject == f"Remiss: SweCan 2026/1 {case.title}"
    assert f"{roll[1].partner.name} lämnar ett svar i portalen" in mail.body
    assert "> Hur ser stödet ut hos er?\n> Svara gärna med exempel." in mail.body
    assert "Remitterade sektorer: Hälso- och sjukvård, Akademi och forskning" in mail.body
    assert "Sista svarsdag: 16 december 2026" in mail.body
    assert reverse("consultation_answer", args=[consultation.pk]) in mail.body
    assert "Hur ser stödet ut hos er?<br>Svara gärna med exempel." in html_part(mail)


def test_an_inactive_representative_is_not_asked(karin, roll, alice, mailoutbox):
    Representative.objects.filter(pk=roll[1].representative.pk).update(active=False)  # history: test set-up
    case = submit(draft(by=alice, partner=roll[0].partner), by=alice).case
    preparation.case_start_preparation(by=karin, case=case)
    mailoutbox.clear()
    with TestCase.captureOnCommitCallbacks(execute=True):
        preparation.consultation_open(by=karin, case=case, question="Fråga", sectors=["akademi"],
                                      deadline=TODAY + 7 * DAY)

    assert not mailoutbox and not Message.objects.filter(kind=notify.CONSULTATION_OPENED).exists()


def test_a_consultation_past_its_deadline_is_not_sent(karin, roll, alice, time_machine, mailoutbox):
    case = submit(draft(by=alice, partner=roll[0].partner), by=alice).case
    preparation.case_start_preparation(by=karin, case=case)
    preparation.consultation_open(by=karin, case=case, question="Fråga", sectors=["akademi"],
                                  deadline=TODAY + 7 * DAY)
    mailoutbox.clear()
    time_machine.move_to(mf.local(TODAY + 8 * DAY), tick=False)  # the broker was down for a week

    from outbox.services import run

    run(list(Message.objects.filter(kind=notify.CONSULTATION_OPENED).values_list("pk", flat=True)))

    assert not mailoutbox
    assert Case.objects.get(pk=case.pk).consultations.get().answer_refusal() is not None


def test_every_html_part_is_well_formed(karin, roll, alice, bob, time_machine, mailoutbox):
    from tests.swecan.test_valid_html import problems

    winter = meeting(karin, notice_in=20, meeting_in=55, title="Vintermöte")
    meeting(karin, notice_in=80, meeting_in=120, title="Vårmöte")
    case = submit(draft(by=alice, partner=roll[0].partner, title="Q&A <utkast>"), by=alice).case
    with TestCase.captureOnCommitCallbacks(execute=True):
        services.case_cosign_request(by=alice, case=case, partner=roll[1].partner)
    preparation.case_start_preparation(by=karin, case=case)
    with TestCase.captureOnCommitCallbacks(execute=True):
        preparation.consultation_open(by=karin, case=case, question="Hur?\n<Varför?>", sectors=["akademi"],
                                      deadline=TODAY + 7 * DAY)
    time_machine.move_to(mf.local(TODAY + 10 * DAY), tick=False)  # the kallelse goes out early
    mf.add_item(winter, by=karin)
    mf.send_notice(winter, by=karin)

    kinds = {m.kind for m in Message.objects.filter(kind__startswith="case_", status=Message.Status.DONE)}
    assert kinds == {notify.RECEIVED, notify.COSIGN_REQUESTED, notify.CONSULTATION_OPENED, notify.MOVED}
    for mail in mailoutbox:
        assert problems(html_part(mail)) == [], mail.subject
