"""Cases: drafts, submission with a reference and the meeting it is in time for (R2), co-signing,
withdrawal, and who may do each."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from decisions import services
from decisions.models import Case, CoSignature
from tests.decisions.conftest import TODAY
from tests.decisions.factories import TEMPLATE, draft, received
from tests.meetings import factories as mf

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)


def meeting_with_notice_on(karin, notice: datetime.date, *, meeting_day: datetime.date):
    return mf.plan(by=karin, day=meeting_day, planned_notice_date=notice)


# Drafts ----------------------------------------------------------------------------------


def test_a_draft_saves_and_resumes_without_a_reference(roll, alice):
    case = services.case_draft_save(by=alice, partner=roll[0].partner, fields={"title": "Halvfärdigt"})
    assert case.state == Case.State.DRAFT and case.reference == ""
    resumed = services.case_draft_save(by=alice, partner=roll[0].partner, case=case,
                                       fields={"background": "Mer text"})
    assert resumed.pk == case.pk
    assert (resumed.title, resumed.background) == ("Halvfärdigt", "Mer text")
    assert case.history.count() == 2


def test_a_draft_needs_a_title_to_be_found_again(roll, alice):
    with pytest.raises(ValidationError) as error:
        services.case_draft_save(by=alice, partner=roll[0].partner, fields={"title": "  "})
    assert "title" in error.value.message_dict
    assert not Case.objects.exists()


def test_another_partners_representative_cannot_write_for_it(roll, alice, bob):
    with pytest.raises(PermissionDenied):
        draft(by=bob, partner=roll[0].partner)
    case = draft(by=alice, partner=roll[0].partner)
    with pytest.raises(PermissionDenied):
        services.case_draft_save(by=bob, partner=roll[1].partner, case=case, fields={"title": "Mitt nu"})
    with pytest.raises(PermissionDenied):
        services.case_submit(by=bob, case=case)
    case.refresh_from_db()
    assert case.state == Case.State.DRAFT and case.title == TEMPLATE["title"]


def test_someone_without_a_partner_cannot_write_a_case(roll, dave):
    with pytest.raises(PermissionDenied):
        draft(by=dave, partner=roll[0].partner)


def test_a_missing_template_field_is_named_and_the_draft_kept(roll, alice):
    case = draft(by=alice, partner=roll[0].partner, proposal="", strategy_area="")
    with pytest.raises(ValidationError) as error:
        services.case_submit(by=alice, case=case)
    assert set(error.value.message_dict) == {"proposal", "strategy_area"}
    case.refresh_from_db()
    assert case.state == Case.State.DRAFT and case.background == TEMPLATE["background"]


# Numbering -------------------------------------------------------------------------------


def test_references_count_per_year_and_are_never_reused(roll, alice, time_machine):
    first = received(by=alice, partner=roll[0].partner)
    second = received(by=alice, partner=roll[0].partner)
    assert (first.reference, second.reference) == ("SweCan 2026/1", "SweCan 2026/2")
    services.case_withdraw(by=alice, case=second)
    second.refresh_from_db()
    assert second.state == Case.State.WITHDRAWN and second.reference == "SweCan 2026/2"
    assert received(by=alice, partner=roll[0].partner).reference == "SweCan 2026/3"
    time_machine.move_to(datetime.datetime(2027, 1, 4, 9, 0, tzinfo=mf.STOCKHOLM), tick=False)
    assert received(by=alice, partner=roll[0].partner).reference == "SweCan 2027/1"


def test_a_draft_gets_no_number_so_none_is_skipped(roll, alice):
    draft(by=alice, partner=roll[0].partner)
    assert received(by=alice, partner=roll[0].partner).reference == "SweCan 2026/1"


# The 14-day rule (R2) --------------------------------------------------------------------


def test_fourteen_days_before_the_notice_is_in_time(karin, roll, alice):
    meeting = meeting_with_notice_on(karin, TODAY + 14 * DAY, meeting_day=TODAY + 50 * DAY)
    submission = services.case_submit(by=alice, case=draft(by=alice, partner=roll[0].partner))
    assert submission.case.target_meeting == meeting
    assert submission.timing.verdict.ok and "§ 4.2" == submission.timing.verdict.rule
    assert submission.case.submitted_on == TODAY


def test_thirteen_days_before_the_notice_goes_to_the_next_meeting(karin, roll, alice, time_machine):
    first = meeting_with_notice_on(karin, TODAY + 27 * DAY, meeting_day=TODAY + 60 * DAY)
    second = meeting_with_notice_on(karin, TODAY + 70 * DAY, meeting_day=TODAY + 110 * DAY)
    case = draft(by=alice, partner=roll[0].partner)
    time_machine.move_to(mf.local(TODAY + 14 * DAY), tick=False)  # the notice in 13 days
    submission = services.case_submit(by=alice, case=case)
    assert submission.case.state == Case.State.RECEIVED
    assert submission.case.target_meeting == second
    [(missed, verdict)] = submission.timing.missed
    assert missed == first and not verdict.ok
    assert "första följande sammanträde" in verdict.reason


def test_a_case_late_for_every_planned_meeting_is_received_and_queued(karin, roll, alice):
    meeting_with_notice_on(karin, TODAY + 13 * DAY, meeting_day=TODAY + 50 * DAY)
    submission = services.case_submit(by=alice, case=draft(by=alice, partner=roll[0].partner))
    case = Case.objects.get(pk=submission.case.pk)
    assert case.state == Case.State.RECEIVED and case.reference == "SweCan 2026/1"
    assert case.target_meeting is None and submission.timing.meeting is None
    assert len(submission.timing.missed) == 1


def test_a_kallelse_sent_early_counts_from_the_day_it_went_out(karin, roll, alice):
    early = meeting_with_notice_on(karin, TODAY + 20 * DAY, meeting_day=TODAY + 55 * DAY)
    mf.mark_noticed(early)  # sent today, not on the planned day
    later = meeting_with_notice_on(karin, TODAY + 40 * DAY, meeting_day=TODAY + 80 * DAY)
    submission = services.case_submit(by=alice, case=draft(by=alice, partner=roll[0].partner))
    assert submission.case.target_meeting == later


def test_meetings_of_other_bodies_do_not_take_cases(karin, roll, alice):
    mf.plan(by=karin, day=TODAY + 50 * DAY, planned_notice_date=TODAY + 20 * DAY, body="committee",
            title="AU")
    assert services.case_submit(by=alice, case=draft(by=alice, partner=roll[0].partner)).case.target_meeting is None


# States ----------------------------------------------------------------------------------


def test_a_received_case_is_not_edited_or_submitted_again(roll, alice):
    case = received(by=alice, partner=roll[0].partner)
    with pytest.raises(ValidationError, match="redan lämnats in"):
        services.case_draft_save(by=alice, partner=roll[0].partner, case=case, fields={"title": "Ny"})
    with pytest.raises(ValidationError, match="redan lämnats in"):
        services.case_submit(by=alice, case=case)
    case.refresh_from_db()
    assert case.title == TEMPLATE["title"] and case.number == 1


def test_the_states_follow_in_order(roll, alice):
    case = received(by=alice, partner=roll[0].partner)
    with pytest.raises(ValidationError, match="berett ärende"):
        case.put_on_agenda()
    case.start_preparation()
    case.mark_prepared()
    case.put_on_agenda()
    case.mark_decided()
    assert case.state == Case.State.DECIDED
    with pytest.raises(ValidationError, match="redan beslutat"):
        case.withdraw()


def test_a_decided_case_cannot_be_withdrawn(roll, alice):
    case = received(by=alice, partner=roll[0].partner)
    Case.objects.filter(pk=case.pk).update(state=Case.State.DECIDED)
    with pytest.raises(ValidationError, match="redan beslutat"):
        services.case_withdraw(by=alice, case=case)


def test_only_the_submitters_withdraw(roll, alice, bob, karin, deputy):
    case = received(by=alice, partner=roll[0].partner)
    for outsider in (bob, karin):
        with pytest.raises(PermissionDenied):
            services.case_withdraw(by=outsider, case=case)
    services.case_withdraw(by=deputy, case=case)  # the same partner's deputy is a submitter
    case.refresh_from_db()
    assert case.state == Case.State.WITHDRAWN
    with pytest.raises(ValidationError, match="återkallat"):
        services.case_withdraw(by=alice, case=case)


# Co-signing ------------------------------------------------------------------------------


def test_a_cosigner_confirms_from_its_own_account(roll, alice, bob):
    case = draft(by=alice, partner=roll[0].partner)
    cosignature = services.case_cosign_request(by=alice, case=case, partner=roll[1].partner)
    assert not cosignature.is_confirmed
    with pytest.raises(PermissionDenied):
        services.case_cosign_confirm(by=alice, cosignature=cosignature)
    services.case_cosign_confirm(by=bob, cosignature=cosignature)
    cosignature.refresh_from_db()
    assert cosignature.confirmed_by == bob and cosignature.is_confirmed
    with pytest.raises(ValidationError, match="redan bekräftat"):
        services.case_cosign_confirm(by=bob, cosignature=cosignature)


def test_the_kansli_cannot_confirm_for_a_partner(roll, alice, karin):
    case = draft(by=alice, partner=roll[0].partner)
    cosignature = services.case_cosign_request(by=alice, case=case, partner=roll[1].partner)
    with pytest.raises(PermissionDenied):
        services.case_cosign_confirm(by=karin, cosignature=cosignature)


def test_a_cosigner_is_another_partner_on_the_roll_and_asked_once(roll, alice, bob, outsiders):
    case = draft(by=alice, partner=roll[0].partner)
    with pytest.raises(ValidationError, match="eget ärende"):
        services.case_cosign_request(by=alice, case=case, partner=roll[0].partner)
    with pytest.raises(ValidationError, match="röstlängden"):
        services.case_cosign_request(by=alice, case=case, partner=outsiders.unsigned)
    services.case_cosign_request(by=alice, case=case, partner=roll[1].partner)
    with pytest.raises(ValidationError, match="redan tillfrågad"):
        services.case_cosign_request(by=alice, case=case, partner=roll[1].partner)
    with pytest.raises(PermissionDenied):
        services.case_cosign_request(by=bob, case=case, partner=roll[2].partner)
    assert CoSignature.objects.filter(case=case).count() == 1


def test_no_cosigners_are_added_once_preparation_has_begun(roll, alice):
    case = received(by=alice, partner=roll[0].partner)
    case.start_preparation()
    case.save()
    with pytest.raises(ValidationError, match="beredningen"):
        services.case_cosign_request(by=alice, case=case, partner=roll[1].partner)


def test_the_version_in_force_on_the_day_of_submission_decides(karin, roll, alice):
    from swecan.models import RulesOfProcedure

    meeting = meeting_with_notice_on(karin, TODAY + 14 * DAY, meeting_day=TODAY + 50 * DAY)
    v1 = RulesOfProcedure.objects.get(number=1)
    # A version asking 20 days, in force from tomorrow: today's submission is judged by today's.
    RulesOfProcedure.objects.create(number=2, effective_from=TODAY + DAY, text="Version 2.",
                                    parameters={**v1.parameters, "case_days_before_notice": 20})
    assert services.case_submit(by=alice, case=draft(by=alice, partner=roll[0].partner)).case.target_meeting == meeting
    RulesOfProcedure.objects.filter(number=2).update(effective_from=TODAY)
    assert services.case_submit(by=alice, case=draft(by=alice, partner=roll[0].partner)).case.target_meeting is None
