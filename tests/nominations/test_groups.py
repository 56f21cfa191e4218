"""Working groups and expert panels through their services (§ 2.2; R8): the AU initiates with the
kansli's agreement, a permanent group needs the chair's consultation and the partnership's
decision, members are representatives or external experts, and an established group has meetings
and documents whose output goes to a case in preparation."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from decisions import preparation, voting
from decisions.models import Case, PreparationGroup
from meetings import services as meeting_services
from meetings.models import Meeting
from nominations import groups
from nominations.models import GroupMember, WorkingGroup
from partnership.bodies import is_committee_member
from swecan import rules
from tests.decisions.helpers_roll import under_way
from tests.meetings import factories as mf
from tests.nominations.helpers_groups import (
    GOAL,
    PURPOSE,
    case_in_preparation,
    consulted,
    decided,
    established,
    initiate,
    seated,
)
from tests.nominations.helpers_seats import MEETING_DAYS_AHEAD

pytestmark = pytest.mark.django_db


def _messages(error: ValidationError) -> str:
    return " ".join(error.messages)


# The rule ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("permanent", "agreed", "consulted_", "decided_", "ok", "says"), [
    (False, False, False, False, False, "kansliets samråd är inte registrerat"),
    (False, True, False, False, True, "tillfälliga gruppen är inrättad"),
    (True, False, True, True, False, "kansliets samråd är inte registrerat"),
    (True, True, False, False, False, "samråd med partnerskapets ordförande"),
    (True, True, True, False, False, "kräver partnerskapets beslut"),
    (True, True, True, True, True, "inrättad genom partnerskapets beslut"),
])
def test_the_rule_of_establishment(permanent, agreed, consulted_, decided_, ok, says):
    verdict = rules.check_group_established(permanent=permanent, kansli_agreed=agreed, chair_consulted=consulted_,
                                            decided=decided_)
    assert bool(verdict) is ok and verdict.rule == "§ 2.2" and says in verdict.reason


# Initiating -----------------------------------------------------------------------------------------


def test_the_kansli_initiates_a_temporary_group_that_also_prepares_cases(karin):
    group = initiate(karin, kind=WorkingGroup.Kind.EXPERT_PANEL)
    assert group.duration == WorkingGroup.Duration.TEMPORARY and group.initiated_by == karin
    assert group.preparation_group.name == group.name
    assert group.preparation_group.kind == PreparationGroup.Kind.EXPERT_PANEL
    assert groups.state_of(group) == groups.AWAITING_KANSLI and not group.is_established


def test_an_au_member_initiates(karin, roll, time_machine):
    [alice] = seated(karin, roll, clock=time_machine)
    assert is_committee_member(alice)
    group = initiate(alice)
    assert group.initiated_by == alice


def test_a_representative_outside_the_au_may_not_initiate(karin, alice, bob):
    with pytest.raises(PermissionDenied):
        initiate(alice)
    assert not WorkingGroup.objects.exists() and not PreparationGroup.objects.exists()


@pytest.mark.parametrize(("overrides", "field", "says"), [
    ({"name": " "}, "name", "Ge gruppen ett namn."),
    ({"purpose": ""}, "purpose", "Beskriv gruppens syfte."),
    ({"goal": ""}, "goal", "Beskriv gruppens mål."),
    ({"kind": "committee"}, "kind", "Välj arbetsgrupp eller expertpanel."),
    ({"duration": "forever"}, "duration", "Välj tillfällig, halvpermanent eller permanent."),
    ({"ends_on": datetime.date(2026, 11, 25)}, "ends_on", "Slutdatumet måste komma efter startdatumet."),
])
def test_initiating_refuses_bad_input_with_the_field(karin, overrides, field, says):
    with pytest.raises(ValidationError) as refused:
        initiate(karin, **overrides)
    assert refused.value.message_dict[field] == [says]


def test_a_temporary_group_needs_an_end_date_and_a_permanent_one_does_not(karin):
    with pytest.raises(ValidationError) as refused:
        groups.group_initiate(by=karin, name="Utan slut", kind="working_group", duration="temporary",
                              purpose=PURPOSE, goal=GOAL, starts_on=timezone.localdate(), ends_on=None)
    assert refused.value.message_dict["ends_on"] == ["En tillfällig grupp har ett slutdatum."]
    group = initiate(karin, name="Permanent", duration=WorkingGroup.Duration.PERMANENT)
    assert group.ends_on is None and group.needs_partnership_decision


def test_a_name_is_taken_once_also_by_a_preparers_group(karin):
    initiate(karin, name="Arbetsgrupp A")
    preparation.preparation_group_save(by=karin, fields={"name": "Expertpanel B", "kind": "expert_panel"})
    for name in ("arbetsgrupp a", "Expertpanel B"):
        with pytest.raises(ValidationError) as refused:
            initiate(karin, name=name)
        assert "Det finns redan en grupp som heter" in refused.value.message_dict["name"][0]


# The kansli's agreement -------------------------------------------------------------------------------


def test_the_kansli_agreement_establishes_a_temporary_group_once(karin):
    group = established(karin)
    assert group.is_established and group.kansli_agreed_by == karin and group.kansli_note == "Kansliet stöder gruppen."
    assert groups.state_of(group) == groups.ACTIVE
    with pytest.raises(ValidationError) as refused:
        groups.group_agree(by=karin, group=group, note="")
    assert "Kansliets samråd är redan registrerat" in _messages(refused.value)


def test_only_the_kansli_agrees_not_even_an_au_member(karin, roll, time_machine):
    [alice] = seated(karin, roll, clock=time_machine)
    group = initiate(alice)
    with pytest.raises(PermissionDenied):
        groups.group_agree(by=alice, group=group, note="")


def test_the_state_follows_the_period(karin, time_machine):
    later = established(karin, name="Senare", starts_on=datetime.date(2027, 1, 1),
                        ends_on=datetime.date(2027, 3, 31))
    assert groups.state_of(later) == groups.UPCOMING
    assert groups.state_of(later, datetime.date(2027, 3, 31)) == groups.ACTIVE
    assert groups.state_of(later, datetime.date(2027, 4, 1)) == groups.ENDED


# A permanent group: the chair's consultation and the partnership's decision -------------------------------


def test_a_permanent_group_is_not_established_without_the_partnership_decision(karin):
    group = initiate(karin, duration=WorkingGroup.Duration.PERMANENT)
    groups.group_agree(by=karin, group=group, note="")
    group.refresh_from_db()
    assert group.is_agreed and not group.is_established
    assert groups.state_of(group) == groups.AWAITING_DECISION
    # Meetings and documents are refused with the rule's reason.
    with pytest.raises(ValidationError) as refused:
        groups.group_meeting_plan(by=karin, group=group, fields=mf.meeting_fields(
            starts_at=mf.local(datetime.date(2026, 12, 10)), title="Möte"))
    assert "samråd med partnerskapets ordförande" in _messages(refused.value)
    groups.group_record_chair_consultation(by=karin, group=group, consulted_on=timezone.localdate(), note="")
    with pytest.raises(ValidationError) as refused:
        groups.group_document_upload(by=karin, group=group, title="Rapport", file=mf.upload("rapport.pdf"))
    assert ("En permanent eller halvpermanent arbetsgrupp kräver partnerskapets beslut; gruppen väntar på "
            "partnerskapets beslut. (§ 2.2)") == _messages(refused.value)


def test_the_proposal_needs_the_chairs_consultation(karin):
    group = initiate(karin, duration=WorkingGroup.Duration.SEMI_PERMANENT)
    groups.group_agree(by=karin, group=group, note="")
    meeting = mf.plan(by=karin, days_ahead=MEETING_DAYS_AHEAD)
    with pytest.raises(ValidationError) as refused:
        groups.group_propose_to_partnership(by=karin, group=group, meeting=meeting)
    assert "Registrera samrådet först" in _messages(refused.value)
    assert not meeting.agenda_items.exists()


def test_the_chairs_consultation_is_recorded_once_for_a_permanent_group_only(karin):
    temporary = established(karin, name="Tillfällig")
    with pytest.raises(ValidationError) as refused:
        groups.group_record_chair_consultation(by=karin, group=temporary, consulted_on=timezone.localdate(), note="")
    assert "En tillfällig grupp behöver inget samråd" in _messages(refused.value)
    group = initiate(karin, duration=WorkingGroup.Duration.PERMANENT)
    with pytest.raises(ValidationError) as refused:
        groups.group_record_chair_consultation(by=karin, group=group, consulted_on=datetime.date(2026, 11, 26),
                                               note="")
    assert refused.value.message_dict["consulted_on"] == ["Samrådet kan inte registreras i förväg."]
    group = consulted(karin, name="Samrådd")
    with pytest.raises(ValidationError) as refused:
        groups.group_record_chair_consultation(by=karin, group=group, consulted_on=timezone.localdate(), note="")
    assert "redan registrerat" in _messages(refused.value)


def test_the_proposal_is_a_decision_item_on_a_partnership_meeting(karin, roll):
    group = consulted(karin)
    au = mf.plan(by=karin, days_ahead=10, body=Meeting.Body.COMMITTEE, title="AU")
    with pytest.raises(ValidationError) as refused:
        groups.group_propose_to_partnership(by=karin, group=group, meeting=au)
    assert "välj ett av partnerskapets sammanträden" in refused.value.message_dict["meeting"][0]
    meeting = mf.plan(by=karin, days_ahead=MEETING_DAYS_AHEAD)
    item = groups.group_propose_to_partnership(by=karin, group=group, meeting=meeting)
    group.refresh_from_db()
    assert group.proposed_on_item == item and item.kind == "decision"
    assert item.title == "Inrättande av permanent arbetsgrupp: Arbetsgrupp screening"
    assert PURPOSE in item.description and GOAL in item.description and "utan slutdatum" in item.description
    with pytest.raises(ValidationError) as refused:
        groups.group_propose_to_partnership(by=karin, group=group, meeting=meeting)
    assert "väntar på beslut" in _messages(refused.value)


def test_a_meeting_whose_agenda_is_closed_is_refused(karin, roll, time_machine):
    group = consulted(karin)
    meeting = mf.plan(by=karin, days_ahead=MEETING_DAYS_AHEAD)
    mf.add_item(meeting, by=karin)
    under_way(meeting, karin=karin, clock=time_machine, present=roll)
    meeting_services.meeting_set_state(by=karin, meeting=meeting, state=Meeting.State.HELD)
    with pytest.raises(ValidationError) as refused:
        groups.group_propose_to_partnership(by=karin, group=group, meeting=meeting)
    assert refused.value.message_dict["meeting"]


def test_adopting_the_item_establishes_the_group(karin, roll, time_machine):
    group = decided(karin, roll, clock=time_machine)
    assert group.decision is not None and group.decision.agenda_item == group.proposed_on_item
    assert group.is_established and groups.state_of(group) == groups.ACTIVE
    with pytest.raises(ValidationError) as refused:
        groups.group_propose_to_partnership(by=karin, group=group, meeting=group.proposed_on_item.meeting)
    assert "Partnerskapet har redan beslutat om gruppen." in _messages(refused.value)


def test_a_rejected_item_leaves_the_group_unestablished(karin, roll, time_machine):
    group = consulted(karin)
    meeting = mf.plan(by=karin, days_ahead=MEETING_DAYS_AHEAD)
    item = groups.group_propose_to_partnership(by=karin, group=group, meeting=meeting)
    under_way(meeting, karin=karin, clock=time_machine, present=roll)
    vote = voting.vote_open(by=karin, item=item, question=item.title)
    for signed in roll:
        voting.ballot_record(by=karin, vote=vote, partner=signed.partner, choice="no")
    voting.vote_close(by=karin, vote=vote)
    group.refresh_from_db()
    assert group.decision is None and not group.is_established


def test_only_the_kansli_proposes(karin, roll, time_machine):
    group = consulted(karin)
    meeting = mf.plan(by=karin, days_ahead=MEETING_DAYS_AHEAD)
    [alice] = seated(karin, roll, clock=time_machine)
    with pytest.raises(PermissionDenied):
        groups.group_propose_to_partnership(by=alice, group=group, meeting=meeting)
    with pytest.raises(PermissionDenied):
        groups.group_record_chair_consultation(by=alice, group=group, consulted_on=timezone.localdate(), note="")


# Members ----------------------------------------------------------------------------------------------


def test_members_are_representatives_or_external_experts(karin, roll):
    group = established(karin)
    leader = groups.group_member_add(by=karin, group=group, representative=roll[0].representative, is_leader=True)
    expert = groups.group_member_add(by=karin, group=group, name="Eva Expert", organisation="Lunds universitet",
                                     email="eva@lu.example")
    assert leader.display_organisation == roll[0].partner.name and expert.is_external
    group.preparation_group.refresh_from_db()
    assert group.preparation_group.member_list == [f"{roll[0].representative.name} ({roll[0].partner.name})",
                                                   "Eva Expert (Lunds universitet)"]
    # The leader manages the group's members too.
    groups.group_member_add(by=roll[0].user, group=group, representative=roll[1].representative)
    assert group.members.count() == 3


def test_an_external_expert_needs_name_organisation_and_email(karin):
    group = established(karin)
    with pytest.raises(ValidationError) as refused:
        groups.group_member_add(by=karin, group=group, name="", organisation="", email="inte-en-adress")
    assert set(refused.value.message_dict) == {"name", "organisation", "email"}
    assert refused.value.message_dict["email"] == ["Fyll i en giltig e-postadress."]


def test_a_representative_joins_once_and_only_of_an_active_partner(karin, roll, outsiders):
    group = established(karin)
    groups.group_member_add(by=karin, group=group, representative=roll[0].representative)
    with pytest.raises(ValidationError) as refused:
        groups.group_member_add(by=karin, group=group, representative=roll[0].representative)
    assert "är redan medlem i gruppen" in refused.value.message_dict["representative"][0]
    charlie = outsiders.unsigned.representatives.get()
    with pytest.raises(ValidationError) as refused:
        groups.group_member_add(by=karin, group=group, representative=charlie)
    assert "är inte aktiv representant för en partner" in refused.value.message_dict["representative"][0]
    with pytest.raises(ValidationError) as refused:
        groups.group_member_add(by=karin, group=group, representative=roll[1].representative, name="Någon")
    assert "inte båda" in refused.value.message_dict["representative"][0]


def test_a_member_leaves_and_may_join_again(karin, roll):
    group = established(karin)
    member = groups.group_member_add(by=karin, group=group, representative=roll[0].representative)
    with pytest.raises(ValidationError) as refused:
        groups.group_member_remove(by=karin, member=member, on=datetime.date(2026, 11, 1))
    assert "före den dag medlemmen lades till" in refused.value.message_dict["on"][0]
    groups.group_member_remove(by=karin, member=member, on=timezone.localdate())
    with pytest.raises(ValidationError) as refused:
        groups.group_member_remove(by=karin, member=member, on=timezone.localdate())
    assert "har redan lämnat gruppen" in _messages(refused.value)
    group.preparation_group.refresh_from_db()
    assert group.preparation_group.member_list == []
    groups.group_member_add(by=karin, group=group, representative=roll[0].representative)
    assert GroupMember.objects.filter(group=group).count() == 2


def test_other_representatives_may_not_manage_members(karin, roll):
    group = established(karin)
    member = groups.group_member_add(by=karin, group=group, representative=roll[0].representative)
    with pytest.raises(PermissionDenied):
        groups.group_member_add(by=roll[1].user, group=group, name="X", organisation="Y", email="x@y.se")
    with pytest.raises(PermissionDenied):
        groups.group_member_remove(by=roll[1].user, member=member, on=timezone.localdate())


def test_an_ended_group_takes_no_new_members(karin, roll, time_machine):
    group = established(karin, ends_on=datetime.date(2026, 12, 31))
    time_machine.move_to(mf.local(datetime.date(2027, 1, 1)), tick=False)
    with pytest.raises(ValidationError) as refused:
        groups.group_member_add(by=karin, group=group, representative=roll[0].representative)
    assert "Gruppen avslutades 31 december 2026." == _messages(refused.value)


# Meetings and documents -------------------------------------------------------------------------------


def test_an_established_groups_meeting_calls_its_members_with_an_account(karin, roll):
    group = established(karin)
    groups.group_member_add(by=karin, group=group, representative=roll[0].representative)
    groups.group_member_add(by=karin, group=group, name="Eva Expert", organisation="LU", email="eva@lu.example")
    meeting = groups.group_meeting_plan(by=karin, group=group, fields=mf.meeting_fields(
        starts_at=mf.local(datetime.date(2026, 12, 3)), title="Första mötet"))
    assert meeting.body == Meeting.Body.WORKING_GROUP and meeting.group_name == group.name
    assert list(meeting.participants.all()) == [roll[0].user]
    assert list(group.meetings.all()) == [meeting]


def test_a_document_is_checked_like_meeting_documents(karin):
    group = established(karin)
    with pytest.raises(ValidationError) as refused:
        groups.group_document_upload(by=karin, group=group, title="Rapport",
                                     file=mf.upload("rapport.pdf", b"not a pdf"))
    assert "Endast PDF, DOCX, XLSX och ODT" in refused.value.message_dict["file"][0]
    with pytest.raises(ValidationError) as refused:
        groups.group_document_upload(by=karin, group=group, title=" ", file=mf.upload("rapport.pdf"))
    assert refused.value.message_dict["title"] == ["Ge handlingen en titel."]
    document = groups.group_document_upload(by=karin, group=group, title="Rapport", file=mf.upload("rapport.pdf"))
    assert document.original_name == "rapport.pdf" and document.size == len(mf.PDF_BYTES)


def test_the_output_is_attached_to_a_case_in_preparation(karin, roll):
    group = established(karin)
    document = groups.group_document_upload(by=karin, group=group, title="Delrapport",
                                            file=mf.upload("delrapport.pdf"))
    case = case_in_preparation(karin, roll[0])
    attached = groups.group_document_attach_to_case(by=karin, document=document, case=case)
    document.refresh_from_db()
    assert document.case_document == attached and attached.case == case and attached.title == "Delrapport"
    assert attached.file.read() == mf.PDF_BYTES and attached.file_type == "pdf"
    with pytest.raises(ValidationError) as refused:
        groups.group_document_attach_to_case(by=karin, document=document, case=case)
    assert f"redan bifogad till ärende {case.reference}" in _messages(refused.value)


def test_a_case_not_in_preparation_is_refused(karin, roll):
    from tests.decisions import factories as df

    group = established(karin)
    document = groups.group_document_upload(by=karin, group=group, title="Delrapport",
                                            file=mf.upload("delrapport.pdf"))
    received = df.received(by=roll[0].user, partner=roll[0].partner)
    with pytest.raises(ValidationError) as refused:
        groups.group_document_attach_to_case(by=karin, document=document, case=received)
    assert refused.value.message_dict["case"] == ["Börja beredningen av ärendet först."]
    assert received.state == Case.State.RECEIVED and not received.documents.exists()


def test_only_preparers_attach(karin, roll):
    group = established(karin)
    groups.group_member_add(by=karin, group=group, representative=roll[0].representative, is_leader=True)
    document = groups.group_document_upload(by=roll[0].user, group=group, title="Delrapport",
                                            file=mf.upload("delrapport.pdf"))
    case = case_in_preparation(karin, roll[1])
    with pytest.raises(PermissionDenied):
        groups.group_document_attach_to_case(by=roll[0].user, document=document, case=case)


def test_cases_can_be_assigned_to_the_group_through_the_preparation(karin, roll):
    group = established(karin)
    case = case_in_preparation(karin, roll[0])
    preparation.case_assign_group(by=karin, case=case, group=group.preparation_group)
    case.refresh_from_db()
    assert case.preparation_group.working_group == group


def test_a_case_goes_only_to_a_group_that_is_set_up_and_not_ended(karin, roll, time_machine):
    """The preparers' choice (decisions.preparation) offers, and the service accepts, only groups
    the AU set up with the kansli's agreement (and, if permanent, the partnership's decision)."""
    case = case_in_preparation(karin, roll[0])
    waiting = initiate(karin, name="Väntar på kansliet")
    permanent = consulted(karin, name="Väntar på beslut")
    ending = established(karin, name="Slutar snart", ends_on=datetime.date(2026, 12, 31))
    legacy = PreparationGroup.objects.create(name="Grupp från före arbetsutskottet", created_by=karin)
    offered = {g.name for g in preparation.assignable_groups()}
    assert offered == {"Slutar snart", "Grupp från före arbetsutskottet"}
    for group, says in ((waiting, "inte tillsatt än"), (permanent, "partnerskapets beslut")):
        with pytest.raises(ValidationError) as refused:
            preparation.case_assign_group(by=karin, case=case, group=group.preparation_group)
        assert says in _messages(refused.value)
    time_machine.move_to(mf.local(datetime.date(2027, 1, 1)), tick=False)
    assert "Slutar snart" not in {g.name for g in preparation.assignable_groups()}
    with pytest.raises(ValidationError, match="avslutades den 31 december 2026"):
        preparation.case_assign_group(by=karin, case=case, group=ending.preparation_group)
    preparation.case_assign_group(by=karin, case=case, group=legacy)


def test_the_last_day_is_still_the_groups_and_the_day_after_is_not(karin, roll, time_machine):
    group = established(karin, ends_on=datetime.date(2026, 12, 31))
    time_machine.move_to(mf.local(datetime.date(2026, 12, 31), hour=23, minute=59), tick=False)
    groups.group_member_add(by=karin, group=group, representative=roll[0].representative)
    assert groups.state_of(group) == groups.ACTIVE and group.is_active_on(timezone.localdate())
    time_machine.move_to(mf.local(datetime.date(2027, 1, 1), hour=0, minute=1), tick=False)
    assert groups.state_of(group) == groups.ENDED
    with pytest.raises(ValidationError):
        groups.group_member_add(by=karin, group=group, representative=roll[1].representative)
