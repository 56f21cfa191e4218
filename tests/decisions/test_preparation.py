"""Preparing a case: who may, each step and its refusals, consultations of the sectors, the
proposal for decision, the agenda and the kallelse, corrections as versions, withheld attachments."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from decisions import access, preparation
from decisions.models import Case, Consultation, PreparationGroup
from meetings import emails
from meetings import services as meeting_services
from meetings.models import AgendaItem, Document, Meeting
from outbox.models import Message
from tests.decisions.conftest import TODAY
from tests.decisions.factories import received
from tests.decisions.helpers_prepare import (
    HISTORY_SCENARIOS,
    PROPOSAL,
    a_meeting,
    attach,
    consultation,
    in_preparation,
    prepared,
)
from tests.meetings import factories as mf

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)


@pytest.fixture
def meeting(karin, roll):
    return a_meeting(karin)


@pytest.fixture
def case(karin, roll, alice, meeting):
    """Alice's case, received today, in time for `meeting`."""
    return received(by=alice, partner=roll[0].partner)


def message_of(exc) -> str:
    return " ".join(exc.value.messages)


# Only preparers prepare ------------------------------------------------------------------


def _calls(case, document, group, opened):
    return {
        "case_start_preparation": lambda by: preparation.case_start_preparation(by=by, case=case),
        "preparation_group_save": lambda by: preparation.preparation_group_save(by=by, fields={"name": "X"}),
        "case_assign_group": lambda by: preparation.case_assign_group(by=by, case=case, group=group),
        "consultation_open": lambda by: preparation.consultation_open(
            by=by, case=case, question="?", sectors=["akademi"], deadline=TODAY + DAY),
        "consultation_summarise": lambda by: preparation.consultation_summarise(
            by=by, consultation=opened, summary="S"),
        "case_proposal_save": lambda by: preparation.case_proposal_save(by=by, case=case, text="F"),
        "case_mark_prepared": lambda by: preparation.case_mark_prepared(by=by, case=case),
        "case_put_on_agenda": lambda by: preparation.case_put_on_agenda(by=by, case=case,
                                                                        meeting=case.target_meeting),
        "case_correct": lambda by: preparation.case_correct(by=by, case=case, fields={"title": "Mitt"},
                                                            reason="För att"),
        "case_document_withhold": lambda by: preparation.case_document_withhold(by=by, document=document,
                                                                                reason="Hemligt"),
        "case_document_release": lambda by: preparation.case_document_release(by=by, document=document),
    }


def test_every_service_of_the_module_is_checked_here():
    names = {f.__name__ for f in HISTORY_SCENARIOS}
    assert names == set(_calls(None, None, None, None))


@pytest.mark.parametrize("name", sorted(_calls(None, None, None, None)))
def test_representatives_and_the_public_cannot_prepare(karin, roll, alice, bob, public, name):
    a_meeting(karin)
    case = in_preparation(karin=karin, by=alice, partner=roll[0].partner)
    document = attach(case, by=karin)
    group = preparation.preparation_group_save(by=karin, fields={"name": "Arbetsgrupp A"})
    opened = consultation(karin=karin, case=case)
    before = Case.history.count(), PreparationGroup.objects.count(), Consultation.objects.count()
    call = _calls(case, document, group, opened)[name]

    for person in (alice, bob, public):
        with pytest.raises(PermissionDenied):
            call(person)

    assert (Case.history.count(), PreparationGroup.objects.count(), Consultation.objects.count()) == before


def test_may_prepare_is_the_only_question_asked():
    # The AU's members become preparers by changing decisions.access.may_prepare alone.
    import inspect

    from decisions.views import kansli

    for module in (preparation, kansli):
        source = inspect.getsource(module)
        assert "is_kansli" not in source
        assert "may_prepare" in source


@pytest.mark.parametrize("service", sorted(HISTORY_SCENARIOS, key=lambda f: f.__name__),
                         ids=lambda f: f.__name__)
def test_each_change_is_in_the_history_naming_who_made_it(service, time_machine):
    from tests.test_history_complete import Scene

    scene = Scene(f"{service.__module__}.{service.__name__}", time_machine)
    HISTORY_SCENARIOS[service](scene)
    assert scene.calls == 1
    assert not scene.findings, "\n".join(scene.findings)


# Starting ---------------------------------------------------------------------------------


def test_preparation_starts_once(karin, case):
    started = preparation.case_start_preparation(by=karin, case=case)
    assert started.state == Case.State.IN_PREPARATION

    with pytest.raises(ValidationError) as refused:
        preparation.case_start_preparation(by=karin, case=case)
    assert message_of(refused) == "Beredningen av ärendet har redan börjat."


def test_a_withdrawn_case_is_not_prepared(karin, alice, case):
    from decisions import services

    services.case_withdraw(by=alice, case=case)
    with pytest.raises(ValidationError) as refused:
        preparation.case_start_preparation(by=karin, case=case)
    assert message_of(refused) == "Ärendet är återkallat."


# Working groups and expert panels ------------------------------------------------------------


def test_a_group_has_a_name_and_members_one_per_line(karin):
    group = preparation.preparation_group_save(by=karin, fields={
        "name": "  Expertpanel palliativ vård ", "kind": "expert_panel",
        "members": "Anna Andersson, Region Norr\n\n  Bo Berg  \n"})

    assert group.name == "Expertpanel palliativ vård"
    assert group.get_kind_display() == "Expertpanel"
    assert group.member_list == ["Anna Andersson, Region Norr", "Bo Berg"]
    assert group.created_by == karin


def test_a_group_needs_a_name_of_its_own(karin):
    with pytest.raises(ValidationError) as refused:
        preparation.preparation_group_save(by=karin, fields={"name": " "})
    assert refused.value.message_dict == {"name": ["Ge gruppen ett namn."]}

    preparation.preparation_group_save(by=karin, fields={"name": "Arbetsgrupp rehabilitering"})
    with pytest.raises(ValidationError) as refused:
        preparation.preparation_group_save(by=karin, fields={"name": "arbetsgrupp REHABILITERING"})
    assert "finns redan" in refused.value.message_dict["name"][0]

    with pytest.raises(ValidationError) as refused:
        preparation.preparation_group_save(by=karin, fields={"name": "Ny", "kind": "kommitté"})
    assert "kind" in refused.value.message_dict


def test_a_group_is_renamed_and_its_members_changed(karin):
    group = preparation.preparation_group_save(by=karin, fields={"name": "Arbetsgrupp A", "members": "Anna"})
    changed = preparation.preparation_group_save(by=karin, group=group,
                                                 fields={"name": "Arbetsgrupp A", "members": "Anna\nCecilia"})
    assert changed.pk == group.pk and changed.member_list == ["Anna", "Cecilia"]
    assert PreparationGroup.objects.count() == 1


def test_a_case_is_given_to_a_group_while_in_preparation(karin, case):
    group = preparation.preparation_group_save(by=karin, fields={"name": "Arbetsgrupp rehab"})
    with pytest.raises(ValidationError) as refused:
        preparation.case_assign_group(by=karin, case=case, group=group)
    assert message_of(refused) == "Börja beredningen av ärendet först."

    preparation.case_start_preparation(by=karin, case=case)
    assigned = preparation.case_assign_group(by=karin, case=case, group=group)
    assert assigned.preparation_group == group
    assert preparation.case_assign_group(by=karin, case=case, group=None).preparation_group is None


# Consultations ------------------------------------------------------------------------------


def test_a_consultation_needs_a_case_in_preparation(karin, case):
    with pytest.raises(ValidationError) as refused:
        consultation(karin=karin, case=case)
    assert message_of(refused) == "En remiss kan bara skickas medan ärendet bereds."
    assert not Consultation.objects.exists()


@pytest.mark.parametrize(("question", "sectors", "deadline", "field", "words"), [
    ("", ["akademi"], TODAY + DAY, "question", "Skriv frågan"),
    ("Hur?", [], TODAY + DAY, "sectors", "minst en sektor"),
    ("Hur?", ["akademi", "kommuner"], TODAY + DAY, "sectors", "fem sektorer"),
    ("Hur?", ["akademi"], TODAY - DAY, "deadline", "kan inte ha passerat"),
    ("Hur?", ["akademi"], None, "deadline", "sista svarsdag"),
])
def test_a_consultation_is_refused_with_the_reason_next_to_the_field(karin, roll, alice, meeting, question,
                                                                       sectors, deadline, field, words):
    case = in_preparation(karin=karin, by=alice, partner=roll[0].partner)
    with pytest.raises(ValidationError) as refused:
        preparation.consultation_open(by=karin, case=case, question=question, sectors=sectors, deadline=deadline)
    assert words in refused.value.message_dict[field][0]
    assert not Consultation.objects.exists()
    assert not Message.objects.filter(kind="case_consultation").exists()


def test_a_consultation_due_today_is_accepted(karin, roll, alice, meeting):
    case = in_preparation(karin=karin, by=alice, partner=roll[0].partner)
    opened = preparation.consultation_open(by=karin, case=case, question="Hur?", sectors=["akademi"],
                                           deadline=TODAY)
    assert opened.is_open()


def test_the_representatives_of_the_consulted_sectors_are_emailed(karin, roll, alice, bob, meeting):
    case = in_preparation(karin=karin, by=alice, partner=roll[0].partner)

    opened = preparation.consultation_open(by=karin, case=case, question="  Hur gör ni?  ",
                                           sectors=["akademi", "halso_sjukvard", "akademi"],
                                           deadline=TODAY + 14 * DAY)

    assert opened.question == "Hur gör ni?"
    assert opened.sectors == ["halso_sjukvard", "akademi"]  # the § 2.1 order, once each
    assert (opened.opened_by, opened.case) == (karin, case)
    recipients = set(Message.objects.filter(kind="case_consultation").values_list("recipient", flat=True))
    assert recipients == {alice.email, bob.email}


# Summarising ----------------------------------------------------------------------------------


def test_answers_are_summarised_once_the_answering_time_is_over(karin, roll, alice, meeting, time_machine):
    case = in_preparation(karin=karin, by=alice, partner=roll[0].partner)
    opened = consultation(karin=karin, case=case, days=3)

    with pytest.raises(ValidationError) as refused:
        preparation.consultation_summarise(by=karin, consultation=opened, summary="Tidigt")
    assert "Remissen är öppen för svar till och med den 28 november 2026" in message_of(refused)

    time_machine.move_to(timezone.now() + 4 * DAY, tick=False)
    with pytest.raises(ValidationError) as refused:
        preparation.consultation_summarise(by=karin, consultation=opened, summary="  ")
    assert refused.value.message_dict == {"summary": ["Skriv en sammanfattning av svaren."]}

    summarised = preparation.consultation_summarise(by=karin, consultation=opened, summary="Alla tycker lika.")
    assert summarised.is_summarised and summarised.summarised_by == karin
    first_at = summarised.summarised_at
    again = preparation.consultation_summarise(by=karin, consultation=opened, summary="Rättad sammanfattning.")
    assert (again.summary, again.summarised_at) == ("Rättad sammanfattning.", first_at)


def test_the_overview_lists_answers_and_partners_that_did_not_answer(karin, roll, alice, bob, meeting):
    from decisions import services

    case = in_preparation(karin=karin, by=alice, partner=roll[0].partner)
    opened = consultation(karin=karin, case=case, sectors=["halso_sjukvard", "akademi", "myndigheter"])
    services.consultation_answer_set(by=bob, consultation=opened, partner=roll[1].partner, text="Vi håller med.")

    overview = preparation.consultation_overview(opened)

    assert [(a.partner, a.text) for a in overview.answers] == [(roll[1].partner, "Vi håller med.")]
    assert set(overview.silent) == {roll[0].partner, roll[2].partner}


# The proposal for decision and "prepared" -------------------------------------------------------


def test_the_proposal_is_written_during_preparation(karin, case):
    with pytest.raises(ValidationError) as refused:
        preparation.case_proposal_save(by=karin, case=case, text=PROPOSAL)
    assert message_of(refused) == "Börja beredningen av ärendet först."

    preparation.case_start_preparation(by=karin, case=case)
    with pytest.raises(ValidationError) as refused:
        preparation.case_proposal_save(by=karin, case=case, text="   ")
    assert "decision_proposal" in refused.value.message_dict

    assert preparation.case_proposal_save(by=karin, case=case, text=f" {PROPOSAL} ").decision_proposal == PROPOSAL


def test_a_case_without_a_proposal_is_not_prepared(karin, case):
    with pytest.raises(ValidationError) as refused:
        preparation.case_mark_prepared(by=karin, case=case)
    assert message_of(refused) == "Bara ett ärende under beredning kan markeras som berett."

    preparation.case_start_preparation(by=karin, case=case)
    with pytest.raises(ValidationError) as refused:
        preparation.case_mark_prepared(by=karin, case=case)
    assert "Skriv förslaget till beslut innan ärendet markeras som berett" in \
        refused.value.message_dict["decision_proposal"][0]
    case.refresh_from_db()
    assert case.state == Case.State.IN_PREPARATION

    preparation.case_proposal_save(by=karin, case=case, text=PROPOSAL)
    assert preparation.case_mark_prepared(by=karin, case=case).state == Case.State.PREPARED


def test_a_prepared_case_takes_no_more_consultations_but_its_proposal_can_be_mended(karin, roll, alice, meeting):
    case = prepared(karin=karin, by=alice, partner=roll[0].partner)
    with pytest.raises(ValidationError):
        consultation(karin=karin, case=case)
    assert preparation.case_proposal_save(by=karin, case=case, text="Bättre formulerat.").decision_proposal == \
        "Bättre formulerat."


# The agenda and the kallelse ----------------------------------------------------------------------


def test_a_prepared_case_becomes_a_decision_item_with_its_public_attachments(karin, roll, alice, meeting):
    case = in_preparation(karin=karin, by=alice, partner=roll[0].partner)
    shown = attach(case, by=karin, title="Kartläggning")
    hidden = attach(case, by=karin, title="Enkätsvar med namn", name="enkat.pdf")
    preparation.case_document_withhold(by=karin, document=hidden, reason="Personuppgifter")
    preparation.case_proposal_save(by=karin, case=case, text=PROPOSAL)
    preparation.case_mark_prepared(by=karin, case=case)
    mf.add_item(meeting, by=karin, title="Information från kansliet")

    on_agenda = preparation.case_put_on_agenda(by=karin, case=case, meeting=meeting)

    item = on_agenda.agenda_item
    assert on_agenda.state == Case.State.ON_AGENDA and on_agenda.target_meeting == meeting
    assert (item.meeting, item.position, item.kind) == (meeting, 2, AgendaItem.Kind.DECISION)
    assert item.title == f"SweCan 2026/1 {case.title}"
    assert (item.description, item.presenter, item.added_after_notice) == (PROPOSAL, "", False)
    [copy] = Document.objects.filter(agenda_item=item)
    assert copy.title == "Kartläggning" and copy.file.name == shown.file.name  # the same stored file
    assert (copy.is_public, copy.is_late, copy.sha256, copy.file_type) == (True, False, shown.sha256, "pdf")
    assert copy.file.read().startswith(b"%PDF")


def test_the_kallelse_lists_the_case_with_its_proposal_and_documents(karin, roll, alice, meeting):
    case = in_preparation(karin=karin, by=alice, partner=roll[0].partner)
    attach(case, by=karin, title="Kartläggning av rehabiliteringen")
    preparation.case_proposal_save(by=karin, case=case, text=PROPOSAL)
    preparation.case_mark_prepared(by=karin, case=case)
    preparation.case_put_on_agenda(by=karin, case=case, meeting=meeting)
    meeting.refresh_from_db()

    notice = emails.preview_notice(meeting, meeting_services.recipients(meeting)[0])

    document = Document.objects.get(agenda_item__case=case)
    for part in (notice.body, emails.html_part(notice)):
        assert f"§ 1 SweCan 2026/1 {case.title}" in part
        assert "Kartläggning av rehabiliteringen" in part
        assert reverse("document_download", args=[document.pk]) in part
    assert " ".join(PROPOSAL.split()) in " ".join(notice.body.split())  # the proposal, wrapped
    assert " ".join(PROPOSAL.split()) in " ".join(emails.html_part(notice).split())


def test_after_the_kallelse_the_item_is_marked_as_added_late(karin, roll, alice, meeting, time_machine):
    case = prepared(karin=karin, by=alice, partner=roll[0].partner)
    attach(case, by=karin)
    mf.add_item(meeting, by=karin)
    time_machine.move_to(mf.local(meeting.planned_notice_date), tick=False)
    mf.send_notice(meeting, by=karin)

    on_agenda = preparation.case_put_on_agenda(by=karin, case=case, meeting=meeting)

    assert on_agenda.agenda_item.added_after_notice
    assert Document.objects.get(agenda_item=on_agenda.agenda_item).is_late


def test_only_a_prepared_case_goes_on_the_agenda(karin, roll, alice, meeting):
    case = in_preparation(karin=karin, by=alice, partner=roll[0].partner)
    with pytest.raises(ValidationError) as refused:
        preparation.case_put_on_agenda(by=karin, case=case, meeting=meeting)
    assert message_of(refused) == "Bara ett berett ärende kan föras upp på dagordningen."
    assert not meeting.agenda_items.exists()


def test_the_meeting_must_be_an_upcoming_partnership_meeting(karin, roll, alice, meeting, time_machine):
    case = prepared(karin=karin, by=alice, partner=roll[0].partner)
    committee = mf.plan(by=karin, days_ahead=90, body=Meeting.Body.COMMITTEE, title="AU-möte")
    with pytest.raises(ValidationError) as refused:
        preparation.case_put_on_agenda(by=karin, case=case, meeting=committee)
    assert "kommande sammanträde i partnerskapet" in refused.value.message_dict["meeting"][0]

    time_machine.move_to(meeting.starts_at + DAY, tick=False)
    with pytest.raises(ValidationError) as refused:
        preparation.case_put_on_agenda(by=karin, case=case, meeting=meeting)
    assert "meeting" in refused.value.message_dict
    assert not AgendaItem.objects.exists()


def test_a_case_goes_only_to_a_meeting_it_was_in_time_for(karin, roll, alice, time_machine):
    early = a_meeting(karin, days_ahead=40, title="Decembermötet")  # its case deadline has passed (R2)
    later = a_meeting(karin, days_ahead=120, title="Vårmötet")
    case = prepared(karin=karin, by=alice, partner=roll[0].partner)
    assert case.target_meeting == later

    with pytest.raises(ValidationError) as refused:
        preparation.case_put_on_agenda(by=karin, case=case, meeting=early)
    assert "Ärenden måste lämnas in senast 14 dagar före kallelsen" in refused.value.message_dict["meeting"][0]
    choices = {c.meeting: bool(c.verdict) for c in preparation.agenda_choices(case)}
    assert choices == {early: False, later: True}


# Corrections --------------------------------------------------------------------------------------


def test_a_correction_is_a_new_version_with_its_reason(karin, case):
    corrected = preparation.case_correct(by=karin, case=case, reason=" Fel sektor angiven ",
                                         fields={"strategy_area": "palliative", "title": case.title})

    assert corrected.version == 2 and corrected.strategy_area == "palliative"
    latest = corrected.history.latest()
    assert (latest.history_change_reason, latest.history_user) == ("Fel sektor angiven", karin)
    versions = preparation.case_versions(corrected)
    assert [(v.number, v.reason) for v in versions] == [(1, ""), (2, "Fel sektor angiven")]
    assert versions[1].changed == [("del av cancerstrategin", "Rehabilitering")]


def test_a_correction_needs_a_reason_and_a_change(karin, case):
    with pytest.raises(ValidationError) as refused:
        preparation.case_correct(by=karin, case=case, fields={"title": "Ny rubrik"}, reason="  ")
    assert "reason" in refused.value.message_dict

    with pytest.raises(ValidationError) as refused:
        preparation.case_correct(by=karin, case=case, fields={"title": case.title}, reason="Ingenting")
    assert "Inget har ändrats" in message_of(refused)

    with pytest.raises(ValidationError) as refused:
        preparation.case_correct(by=karin, case=case, fields={"background": ""}, reason="Tömma")
    assert "background" in refused.value.message_dict

    case.refresh_from_db()
    assert case.version == 1 and case.title != "Ny rubrik"


def test_a_case_on_the_agenda_or_a_draft_is_not_corrected(karin, roll, alice, meeting):
    from tests.decisions.factories import draft

    unsent = draft(by=alice, partner=roll[0].partner)
    with pytest.raises(ValidationError) as refused:
        preparation.case_correct(by=karin, case=unsent, fields={"title": "X"}, reason="Y")
    assert "Ett utkast ändras direkt" in message_of(refused)

    case = prepared(karin=karin, by=alice, partner=roll[0].partner)
    preparation.case_put_on_agenda(by=karin, case=case, meeting=meeting)
    with pytest.raises(ValidationError) as refused:
        preparation.case_correct(by=karin, case=case, fields={"title": "X"}, reason="Y")
    assert message_of(refused) == "Ärendet står på dagordningen och kan inte längre rättas."


# Withheld attachments -------------------------------------------------------------------------------


def test_a_withheld_attachment_is_seen_by_the_kansli_only(karin, roll, alice, bob, public, case):
    document = attach(case, by=alice)
    with pytest.raises(ValidationError) as refused:
        preparation.case_document_withhold(by=karin, document=document, reason=" ")
    assert "reason" in refused.value.message_dict

    withheld = preparation.case_document_withhold(by=karin, document=document, reason="Personuppgifter")

    assert (withheld.is_public, withheld.withheld_reason, withheld.withheld_by) == (False, "Personuppgifter", karin)
    assert access.may_read_case_document(karin, withheld)
    assert not any(access.may_read_case_document(person, withheld) for person in (alice, bob, public))
    with pytest.raises(ValidationError) as refused:
        preparation.case_document_withhold(by=karin, document=document, reason="Igen")
    assert message_of(refused) == "Bilagan visas redan bara för kansliet."

    released = preparation.case_document_release(by=karin, document=document)
    assert released.is_public and released.withheld_reason == ""
    assert access.may_read_case_document(public, released)
    assert document.history.filter(withheld_reason="Personuppgifter").exists()
    with pytest.raises(ValidationError) as refused:
        preparation.case_document_release(by=karin, document=document)
    assert message_of(refused) == "Bilagan visas redan."


def test_withholding_withdraws_the_copy_sent_with_a_meeting(karin, roll, alice, meeting):
    case = in_preparation(karin=karin, by=alice, partner=roll[0].partner)
    document = attach(case, by=karin)
    preparation.case_proposal_save(by=karin, case=case, text=PROPOSAL)
    preparation.case_mark_prepared(by=karin, case=case)
    preparation.case_put_on_agenda(by=karin, case=case, meeting=meeting)

    preparation.case_document_withhold(by=karin, document=document, reason="Sekretess")

    copy = Document.objects.get(agenda_item__case=case)
    assert copy.is_withdrawn and copy.withdrawal_reason == "Sekretess"
    assert not meeting_services.can_read_document(alice, copy)
