"""Working groups for the tests: an AU member seated the portal's way, groups initiated, agreed
and (for a permanent one) decided by the partnership. Also the history scenarios of
nominations/groups.py (tests/test_history_complete.py registers them)."""

import datetime

from django.utils import timezone

from decisions import preparation, voting
from decisions.models import Case
from nominations import groups
from nominations.models import WorkingGroup
from tests.decisions import factories as df
from tests.decisions.helpers_roll import under_way
from tests.meetings import factories as mf
from tests.nominations.helpers_seats import MEETING_DAYS_AHEAD, appoint
from tests.partnership import factories as pf

PURPOSE = "Samordna arbetet med screeningprogram för tjocktarmscancer."
GOAL = "En gemensam rekommendation till partnerskapet."


def seated(karin, roll, *, clock, who=(0,)) -> list:
    """The representatives of `roll[i]` for i in `who` appointed to the AU by a partnership meeting
    35 days from today, their seats running from that day (the clock is left at its start, the
    meeting open). Returns their user accounts."""
    day = timezone.localdate() + datetime.timedelta(days=MEETING_DAYS_AHEAD)
    appoint(karin, [roll[i] for i in who], clock=clock, starts_on=day, day=day, present=roll)
    return [roll[i].user for i in who]


def initiate(by, *, name="Arbetsgrupp screening", kind=WorkingGroup.Kind.WORKING_GROUP,
             duration=WorkingGroup.Duration.TEMPORARY, starts_on=None, ends_on=None, **overrides) -> WorkingGroup:
    today = timezone.localdate()
    starts_on = starts_on or today
    if ends_on is None and duration == WorkingGroup.Duration.TEMPORARY:
        ends_on = starts_on + datetime.timedelta(days=180)
    fields = {"name": name, "kind": kind, "duration": duration, "purpose": PURPOSE, "goal": GOAL,
              "starts_on": starts_on, "ends_on": ends_on, **overrides}
    return groups.group_initiate(by=by, **fields)


def established(karin, **kwargs) -> WorkingGroup:
    """A temporary group initiated and agreed by the kansli today."""
    group = initiate(karin, **kwargs)
    return groups.group_agree(by=karin, group=group, note="Kansliet stöder gruppen.")


def consulted(karin, **kwargs) -> WorkingGroup:
    """A permanent group, agreed, with the partnership's chair consulted today."""
    group = initiate(karin, duration=WorkingGroup.Duration.PERMANENT, **kwargs)
    groups.group_agree(by=karin, group=group, note="")
    return groups.group_record_chair_consultation(by=karin, group=group, consulted_on=timezone.localdate(),
                                                  note="Ordföranden tillstyrker.")


def decided(karin, roll, *, clock, **kwargs) -> WorkingGroup:
    """A permanent group established by the partnership's decision at a meeting 35 days from
    today (the clock is left at its start)."""
    group = consulted(karin, **kwargs)
    meeting = mf.plan(by=karin, days_ahead=MEETING_DAYS_AHEAD)
    item = groups.group_propose_to_partnership(by=karin, group=group, meeting=meeting)
    under_way(meeting, karin=karin, clock=clock, present=roll)
    voting.decision_by_consensus(by=karin, item=item, wording=item.description)
    group.refresh_from_db()
    return group


def case_in_preparation(karin, signed) -> Case:
    """A case received from `signed`'s partner and taken into preparation by the kansli."""
    case = df.received(by=signed.user, partner=signed.partner)
    return preparation.case_start_preparation(by=karin, case=case)


# History scenarios -------------------------------------------------------------------------------


def _kansli_and_roll():
    karin = mf.officer()
    return karin, mf.signed_roll()


def _initiate_temporary(scene):
    karin, _roll = _kansli_and_roll()
    scene.call(groups.group_initiate, by=karin, name="Expertpanel bilddiagnostik",
               kind=WorkingGroup.Kind.EXPERT_PANEL, duration=WorkingGroup.Duration.TEMPORARY, purpose=PURPOSE,
               goal=GOAL, starts_on=timezone.localdate(), ends_on=timezone.localdate() + datetime.timedelta(days=90))


def _initiate_permanent(scene):
    karin, _roll = _kansli_and_roll()
    scene.call(groups.group_initiate, by=karin, name="Arbetsgrupp uppföljning",
               kind=WorkingGroup.Kind.WORKING_GROUP, duration=WorkingGroup.Duration.PERMANENT, purpose=PURPOSE,
               goal=GOAL, starts_on=timezone.localdate(), ends_on=None)


def _initiate_by_member(scene):
    karin, roll = _kansli_and_roll()
    [alice] = seated(karin, roll, clock=scene.clock)
    scene.call(groups.group_initiate, by=alice, name="Arbetsgrupp data", kind=WorkingGroup.Kind.WORKING_GROUP,
               duration=WorkingGroup.Duration.TEMPORARY, purpose=PURPOSE, goal=GOAL,
               starts_on=timezone.localdate(), ends_on=timezone.localdate() + datetime.timedelta(days=90))


def _agree(scene):
    karin, _roll = _kansli_and_roll()
    group = initiate(karin)
    scene.call(groups.group_agree, by=karin, group=group, note="Kansliet stöder gruppen.")


def _consult(scene):
    karin, _roll = _kansli_and_roll()
    group = initiate(karin, duration=WorkingGroup.Duration.SEMI_PERMANENT)
    scene.call(groups.group_record_chair_consultation, by=karin, group=group, consulted_on=timezone.localdate(),
               note="Ordföranden tillstyrker.")


def _propose(scene):
    karin, _roll = _kansli_and_roll()
    group = consulted(karin)
    meeting = mf.plan(by=karin, days_ahead=MEETING_DAYS_AHEAD)
    scene.call(groups.group_propose_to_partnership, by=karin, group=group, meeting=meeting)


def _adopted(scene):
    karin, roll = _kansli_and_roll()
    group = consulted(karin)
    meeting = mf.plan(by=karin, days_ahead=MEETING_DAYS_AHEAD)
    item = groups.group_propose_to_partnership(by=karin, group=group, meeting=meeting)
    under_way(meeting, karin=karin, clock=scene.clock, present=roll)
    scene.call(voting.decision_by_consensus, by=karin, item=item, wording="Partnerskapet inrättar gruppen.")


def _add_representative(scene):
    karin, roll = _kansli_and_roll()
    group = established(karin)
    scene.call(groups.group_member_add, by=karin, group=group, representative=roll[0].representative,
               is_leader=True)


def _add_expert(scene):
    karin, _roll = _kansli_and_roll()
    group = established(karin)
    scene.call(groups.group_member_add, by=karin, group=group, name="Eva Expert", organisation="Lunds universitet",
               email="eva@lu.example")


def _add_by_leader(scene):
    karin, roll = _kansli_and_roll()
    group = established(karin)
    groups.group_member_add(by=karin, group=group, representative=roll[0].representative, is_leader=True)
    scene.call(groups.group_member_add, by=roll[0].user, group=group, representative=roll[1].representative)


def _remove(scene):
    karin, roll = _kansli_and_roll()
    group = established(karin)
    member = groups.group_member_add(by=karin, group=group, representative=roll[0].representative)
    scene.call(groups.group_member_remove, by=karin, member=member, on=timezone.localdate())


def _meeting(scene):
    karin, roll = _kansli_and_roll()
    group = established(karin)
    groups.group_member_add(by=karin, group=group, representative=roll[0].representative)
    starts = mf.local(timezone.localdate() + datetime.timedelta(days=7))
    scene.call(groups.group_meeting_plan, by=karin, group=group, fields=mf.meeting_fields(
        starts_at=starts, title="Arbetsgruppens första möte"))


def _upload(scene):
    karin, _roll = _kansli_and_roll()
    group = established(karin)
    scene.call(groups.group_document_upload, by=karin, group=group, title="Delrapport",
               file=mf.upload("delrapport.pdf"))


def _attach(scene):
    karin, roll = _kansli_and_roll()
    group = established(karin)
    document = groups.group_document_upload(by=karin, group=group, title="Delrapport",
                                            file=mf.upload("delrapport.pdf"))
    case = case_in_preparation(karin, roll[0])
    scene.call(groups.group_document_attach_to_case, by=karin, document=document, case=case)


HISTORY_SCENARIOS: dict = {
    groups.group_initiate: {"a temporary expert panel": _initiate_temporary,
                            "a permanent working group": _initiate_permanent,
                            "by an AU member": _initiate_by_member},
    groups.group_agree: {"the kansli agrees": _agree},
    groups.group_record_chair_consultation: {"the chair consulted": _consult},
    groups.group_propose_to_partnership: {"on a partnership meeting": _propose},
    voting.decision_by_consensus: {"adopting establishes the group": _adopted},
    groups.group_member_add: {"a representative as leader": _add_representative, "an external expert": _add_expert,
                              "by the group's leader": _add_by_leader},
    groups.group_member_remove: {"a member leaves": _remove},
    groups.group_meeting_plan: {"the group's meeting": _meeting},
    groups.group_document_upload: {"a document": _upload},
    groups.group_document_attach_to_case: {"attached to a case in preparation": _attach},
}

__all__ = ["HISTORY_SCENARIOS", "case_in_preparation", "consulted", "decided", "established", "initiate",
           "pf", "seated"]
