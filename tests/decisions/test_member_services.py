"""The services behind the representatives' pages: attachments, consultation answers, what the
receipt says about timing, the next step of each case, and rule-change cases at submission."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from decisions import preparation, services
from decisions.models import Case, ConsultationAnswer
from tests.decisions.conftest import TODAY
from tests.decisions.factories import draft, received
from tests.decisions.helpers_submit import consultation, in_preparation
from tests.meetings import factories as mf

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)


# Attachments -------------------------------------------------------------------------------


def test_the_partner_attaches_a_checked_file_to_its_draft(roll, alice):
    case = draft(by=alice, partner=roll[0].partner)
    document = services.case_document_add(by=alice, case=case, title=" Underlag ", uploaded=mf.upload("u.pdf"))
    assert (document.title, document.file_type, document.uploaded_by) == ("Underlag", "pdf", alice)
    assert document.history.get().history_user == alice
    assert len(document.sha256) == 64 and document.size == len(mf.PDF_BYTES)


def test_an_attachment_gets_the_meeting_documents_checks(roll, alice):
    case = draft(by=alice, partner=roll[0].partner)
    with pytest.raises(ValidationError) as error:
        services.case_document_add(by=alice, case=case, title="Fejk", uploaded=mf.upload("fejk.pdf", b"hej"))
    assert "file" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        services.case_document_add(by=alice, case=case, title=" ", uploaded=mf.upload("u.pdf"))
    assert "title" in error.value.message_dict
    assert not case.documents.exists()


def test_only_the_cases_partner_attaches_and_only_until_preparation(roll, alice, bob, karin):
    case = received(by=alice, partner=roll[0].partner)
    with pytest.raises(PermissionDenied):
        services.case_document_add(by=bob, case=case, title="Mitt", uploaded=mf.upload("u.pdf"))
    services.case_document_add(by=alice, case=case, title="Inkommet", uploaded=mf.upload("u.pdf"))
    preparation.case_start_preparation(by=karin, case=case)
    with pytest.raises(ValidationError, match="Skicka nya underlag till kansliet"):
        services.case_document_add(by=alice, case=case, title="Sent", uploaded=mf.upload("u.pdf"))
    # the preparers still attach while they prepare
    services.case_document_add(by=karin, case=case, title="Kansliets underlag", uploaded=mf.upload("k.pdf"))
    assert [d.title for d in case.documents.all()] == ["Inkommet", "Kansliets underlag"]


def test_nothing_is_attached_to_a_withdrawn_case(roll, alice):
    case = received(by=alice, partner=roll[0].partner)
    services.case_withdraw(by=alice, case=case)
    with pytest.raises(ValidationError, match="återkallat"):
        services.case_document_add(by=alice, case=case, title="Sent", uploaded=mf.upload("u.pdf"))


# Consultation answers ---------------------------------------------------------------------


@pytest.fixture
def consulted(roll, alice, bob, karin):
    """Bob's case in preparation, consulted with alice's sector (hälso- och sjukvård)."""
    case = in_preparation(by=bob, partner=roll[1].partner, kansli=karin)
    return consultation(kansli=karin, case=case, sectors=["halso_sjukvard", "myndigheter"])


def test_one_answer_per_partner_changed_in_place(roll, alice, deputy, consulted):
    first = services.consultation_answer_set(by=alice, consultation=consulted, partner=roll[0].partner,
                                             text="Vi stöder förslaget.")
    second = services.consultation_answer_set(by=deputy, consultation=consulted, partner=roll[0].partner,
                                              text="Vi stöder förslaget, med en reservation.")
    assert first.pk == second.pk
    answer = ConsultationAnswer.objects.get()
    assert (answer.text, answer.answered_by) == ("Vi stöder förslaget, med en reservation.", deputy)
    assert [h.history_user for h in answer.history.order_by("history_id")] == [alice, deputy]


def test_a_partner_outside_the_consulted_sectors_cannot_answer(roll, bob, karin, consulted):
    for user, partner in ((bob, roll[1].partner), (karin, roll[0].partner)):
        with pytest.raises(PermissionDenied):
            services.consultation_answer_set(by=user, consultation=consulted, partner=partner, text="Svar")
    assert not ConsultationAnswer.objects.exists()


def test_an_answer_after_the_deadline_is_refused_with_the_reason(roll, alice, consulted, time_machine):
    time_machine.move_to(mf.local(consulted.deadline), tick=False)
    services.consultation_answer_set(by=alice, consultation=consulted, partner=roll[0].partner,
                                     text="Sista dagen räknas.")
    time_machine.move_to(mf.local(consulted.deadline + DAY), tick=False)
    with pytest.raises(ValidationError) as error:
        services.consultation_answer_set(by=alice, consultation=consulted, partner=roll[0].partner, text="För sent")
    assert "Svar tas inte längre emot" in error.value.message_dict["text"][0]
    assert ConsultationAnswer.objects.get().text == "Sista dagen räknas."


def test_an_empty_answer_is_refused(roll, alice, consulted):
    with pytest.raises(ValidationError) as error:
        services.consultation_answer_set(by=alice, consultation=consulted, partner=roll[0].partner, text="  ")
    assert error.value.message_dict == {"text": ["Skriv ert svar."]}


def test_an_answer_written_meanwhile_is_not_overwritten_unseen(roll, alice, deputy, consulted):
    shown_to_dora = services.answer_token(None)  # Dora opened the page before anyone answered
    services.consultation_answer_set(by=alice, consultation=consulted, partner=roll[0].partner,
                                     text="Alices svar", seen=services.answer_token(None))
    with pytest.raises(ValidationError, match="under tiden"):
        services.consultation_answer_set(by=deputy, consultation=consulted, partner=roll[0].partner,
                                         text="Doras svar", seen=shown_to_dora)
    answer = ConsultationAnswer.objects.get()
    assert answer.text == "Alices svar"
    # Having seen it, Dora may replace it.
    services.consultation_answer_set(by=deputy, consultation=consulted, partner=roll[0].partner,
                                     text="Doras svar", seen=services.answer_token(answer))
    assert ConsultationAnswer.objects.get().text == "Doras svar"


def test_two_first_answers_at_once_leave_one_record_and_a_message(roll, alice, consulted, monkeypatch):
    # The other request inserted its answer between this one's look-up and its insert (on a
    # database without row locks): the unique constraint refuses the second, which is told.
    from decisions import services as module

    real = module.saved_unless_taken
    rows_when_refused = []

    def taken_meanwhile(answer):
        ConsultationAnswer.objects.create(consultation=consulted, partner=roll[0].partner, text="Först",
                                          answered_by=alice)
        saved = real(answer)
        rows_when_refused.append(list(ConsultationAnswer.objects.values_list("text", flat=True)))
        return saved

    monkeypatch.setattr(module, "saved_unless_taken", taken_meanwhile)
    with pytest.raises(ValidationError, match="under tiden"):
        services.consultation_answer_set(by=alice, consultation=consulted, partner=roll[0].partner, text="Sedan")
    assert rows_when_refused == [["Först"]]


# Timing on the receipt ---------------------------------------------------------------------


def test_the_receipt_names_the_meeting_and_the_rule(karin, roll, alice):
    meeting = mf.plan(by=karin, day=TODAY + 50 * DAY, planned_notice_date=TODAY + 14 * DAY)
    case = received(by=alice, partner=roll[0].partner)
    timing = services.submission_timing(Case.objects.get(pk=case.pk))
    assert timing.meeting == meeting and timing.verdict.ok and timing.verdict.rule == "§ 4.2"
    assert timing.missed == []


def test_the_receipt_of_a_late_case_names_the_meetings_it_missed(karin, roll, alice, time_machine):
    first = mf.plan(by=karin, day=TODAY + 40 * DAY, planned_notice_date=TODAY + 10 * DAY)
    second = mf.plan(by=karin, day=TODAY + 45 * DAY, planned_notice_date=TODAY + 13 * DAY)
    case = received(by=alice, partner=roll[0].partner)
    # Asked again weeks later: the answer is the one given on the day it was received.
    time_machine.move_to(mf.local(TODAY + 30 * DAY), tick=False)
    timing = services.submission_timing(Case.objects.get(pk=case.pk))
    assert timing.meeting is None and timing.verdict is None
    assert [(m, v.ok) for m, v in timing.missed] == [(first, False), (second, False)]
    assert "första följande sammanträde" in timing.missed[0][1].reason


def test_the_receipt_follows_a_case_moved_to_a_later_meeting(karin, roll, alice):
    first = mf.plan(by=karin, day=TODAY + 50 * DAY, planned_notice_date=TODAY + 14 * DAY)
    later = mf.plan(by=karin, day=TODAY + 90 * DAY, planned_notice_date=TODAY + 50 * DAY)
    case = received(by=alice, partner=roll[0].partner)
    assert case.target_meeting == first
    # the kallelse of the first meeting went out early: the case moved on (decisions/schedule.py)
    mf.mark_noticed(first)
    Case.objects.filter(pk=case.pk).update(target_meeting=later)
    timing = services.submission_timing(Case.objects.get(pk=case.pk))
    assert timing.meeting == later and timing.verdict.ok
    assert [m for m, _ in timing.missed] == [first]


# The next step, in words -------------------------------------------------------------------


def test_each_state_says_what_comes_next(karin, roll, alice):
    meeting = mf.plan(by=karin, day=datetime.date(2027, 1, 24), planned_notice_date=TODAY + 28 * DAY)
    today = services.timing_for(TODAY)
    steps = {}
    case = draft(by=alice, partner=roll[0].partner)
    steps["draft"] = services.next_step(case, today)
    case = services.case_submit(by=alice, case=case).case
    steps["received"] = services.next_step(case, today)
    case = preparation.case_start_preparation(by=karin, case=case)
    steps["in_preparation"] = services.next_step(case, today)
    assert steps["draft"] == ("Utkast: fyll i och lämna in. Lämnas det in senast den 9 december 2026 hinner "
                              "det till sammanträdet den 24 januari 2027.")
    assert steps["received"] == "Inkommet: väntar på beredning och hinner till sammanträdet den 24 januari 2027."
    assert steps["in_preparation"].startswith("Under beredning")
    assert meeting == case.target_meeting
    queued = received(by=alice, partner=roll[0].partner)
    Case.objects.filter(pk=queued.pk).update(target_meeting=None)
    queued.refresh_from_db()
    assert services.next_step(queued, today).startswith("Inkommet: hann inte till något planerat sammanträde")
    services.case_withdraw(by=alice, case=queued)
    queued.refresh_from_db()
    assert services.next_step(queued, today) == "Återkallat den 25 november 2026."


# Rule-change cases at submission -----------------------------------------------------------


def test_a_rule_change_with_neither_text_nor_numbers_is_refused_at_the_field(roll, alice):
    case = draft(by=alice, partner=roll[0].partner, kind=Case.Kind.RULE_CHANGE)
    with pytest.raises(ValidationError) as error:
        services.case_submit(by=alice, case=case)
    assert set(error.value.message_dict) == {"proposed_text"}
    case.refresh_from_db()
    assert case.state == Case.State.DRAFT


def test_a_rule_change_with_a_changed_number_is_received(roll, alice):
    case = draft(by=alice, partner=roll[0].partner, kind=Case.Kind.RULE_CHANGE,
                 proposed_parameters={"case_days_before_notice": 21})
    assert services.case_submit(by=alice, case=case).case.state == Case.State.RECEIVED


def test_an_ordinary_case_that_proposes_a_new_text_is_asked_to_choose(roll, alice):
    case = draft(by=alice, partner=roll[0].partner, proposed_text="§ 4.2 Ärenden lämnas 21 dagar före.")
    with pytest.raises(ValidationError) as error:
        services.case_submit(by=alice, case=case)
    assert set(error.value.message_dict) == {"kind"}


# What waits for a partner ------------------------------------------------------------------


def test_the_partners_page_lists_its_cases_cosigned_ones_requests_and_consultations(roll, alice, bob, karin):
    own = draft(by=alice, partner=roll[0].partner, title="Eget utkast")
    bobs = draft(by=bob, partner=roll[1].partner, title="Bobs utkast")
    asked = services.case_cosign_request(by=bob, case=bobs, partner=roll[0].partner)
    confirmed_case = draft(by=bob, partner=roll[1].partner, title="Bekräftat")
    services.case_cosign_confirm(by=alice, cosignature=services.case_cosign_request(
        by=bob, case=confirmed_case, partner=roll[0].partner))
    draft(by=bob, partner=roll[1].partner, title="Bara Bobs")
    prepared = in_preparation(by=bob, partner=roll[1].partner, kansli=karin)
    mine = consultation(kansli=karin, case=prepared, sectors=["halso_sjukvard"])
    consultation(kansli=karin, case=prepared, sectors=["akademi"])

    page = services.partner_cases(roll[0].partner)
    assert [c.title for c in page.cases] == ["Bekräftat", "Eget utkast"]
    assert [c.is_own for c in page.cases] == [False, True] and page.cases[1] == own
    assert page.cosign_requests == [asked]
    assert page.consultations == [mine] and page.consultations[0].answered is False
    assert services.waiting_for_partner(roll[0].partner) == {"cosign_requests": 1, "consultations": 1}
    services.consultation_answer_set(by=alice, consultation=mine, partner=roll[0].partner, text="Svar")
    assert services.partner_cases(roll[0].partner).consultations[0].answered is True
    assert services.waiting_for_partner(roll[0].partner) == {"cosign_requests": 1, "consultations": 0}


def test_a_rule_change_draft_starts_from_the_text_in_force_and_drops_it_if_turned_ordinary(
        arbetsordning_v1, roll):
    from swecan.arbetsordning import version_in_force

    rep = roll[0]
    case = services.case_draft_save(by=rep.user, partner=rep.partner,
                                    fields={"title": "Kortare kallelsetid", "kind": "rule_change"})
    assert case.proposed_text == version_in_force().text

    case = services.case_draft_save(by=rep.user, partner=rep.partner, case=case, fields={"kind": "ordinary"})
    assert case.proposed_text == ""

    edited = version_in_force().text.replace("30 dagar", "21 dagar")
    case = services.case_draft_save(by=rep.user, partner=rep.partner, case=case,
                                    fields={"kind": "rule_change", "proposed_text": edited})
    case = services.case_draft_save(by=rep.user, partner=rep.partner, case=case, fields={"kind": "ordinary"})
    assert case.proposed_text == edited  # what was typed is never dropped
