"""Meetings under way for the voting tests (decisions/voting.py), built through the services as
the kansli would: a case on the agenda as a decision item, the meeting open, partners present.
Also the history scenarios of the voting services (tests/test_history_complete.py registers them)."""

from dataclasses import dataclass

from decisions import preparation, voting
from meetings import services as meeting_services
from meetings.models import AgendaItem, Meeting
from tests.decisions.helpers_prepare import a_meeting, prepared
from tests.meetings import factories as mf
from tests.partnership import factories as pf

# Within the year-1 caps per sector (27, 15, 9, 3, 20).
SIXTY_FOUR = {"halso_sjukvard": 20, "akademi": 13, "myndigheter": 9, "naringsliv": 3, "civilsamhalle": 19}


@dataclass
class UnderWay:
    meeting: Meeting
    item: AgendaItem  # the case's decision item
    plain: AgendaItem  # a decision item without a case
    case: object


def many_partners(counts: dict[str, int]) -> list:
    """Signed partners per sector (SignedPartner: partner, representative, declaration)."""
    return [pf.signed_partner(sector=sector, name=f"{sector} {n + 1:02d}", email=f"rep-{sector}-{n}@partner.example")
            for sector, count in counts.items() for n in range(count)]


def under_way(*, karin, submitter, clock, present=(), chair=None, **case_overrides) -> UnderWay:
    """A partnership meeting with `submitter`'s case on the agenda, opened by the kansli at its
    start (the clock stands there), `present` (SignedPartners) checked in at the start."""
    meeting = a_meeting(karin, days_ahead=80)
    case = prepared(karin=karin, by=submitter.user, partner=submitter.partner, **case_overrides)
    case = preparation.case_put_on_agenda(by=karin, case=case, meeting=meeting)
    plain = mf.add_item(meeting, by=karin, title="Val av justerare", kind="decision")
    mf.send_notice(meeting, by=karin)
    if chair is not None:
        Meeting.objects.filter(pk=meeting.pk).update(chair=chair)  # history: test set-up only
    clock.move_to(meeting.starts_at, tick=False)
    meeting_services.meeting_set_state(by=karin, meeting=meeting, state=Meeting.State.OPEN)
    for signed in present:
        meeting_services.attendance_register(by=karin, meeting=meeting, partner=signed.partner,
                                             arrived_at=meeting.starts_at, representatives=[signed.representative])
    meeting.refresh_from_db()
    case.refresh_from_db()
    return UnderWay(meeting=meeting, item=case.agenda_item, plain=plain, case=case)


# History scenarios -------------------------------------------------------------------------------


def _scene_meeting(scene, **case_overrides) -> tuple:
    karin = mf.officer()
    roll = mf.signed_roll()
    room = under_way(karin=karin, submitter=roll[0], clock=scene.clock, present=roll, **case_overrides)
    return karin, roll, room


def _conflict_declare(scene):
    _karin, roll, room = _scene_meeting(scene)
    scene.call(voting.conflict_declare, by=roll[1].user, case=room.case, partner=roll[1].partner,
               reason="Vi har skrivit underlaget.")


def _conflict_rule(scene):
    karin, roll, room = _scene_meeting(scene)
    declaration = voting.conflict_declare(by=roll[1].user, case=room.case, partner=roll[1].partner,
                                          reason="Vi har skrivit underlaget.")
    scene.call(voting.conflict_rule, by=karin, declaration=declaration, may_vote=True, reason="Litet intresse.")


def _consensus(scene):
    karin, _roll, room = _scene_meeting(scene)
    scene.call(voting.decision_by_consensus, by=karin, item=room.item, wording="Partnerskapet bifaller förslaget.")


def _vote_open(scene):
    karin, _roll, room = _scene_meeting(scene)
    scene.call(voting.vote_open, by=karin, item=room.item, question="Bifalla förslaget?")


def _ballot_cast(scene):
    karin, roll, room = _scene_meeting(scene)
    vote = voting.vote_open(by=karin, item=room.item, question="Bifalla förslaget?")
    scene.call(voting.ballot_cast, by=roll[0].user, vote=vote, partner=roll[0].partner, choice="yes")


def _ballot_record(scene):
    karin, roll, room = _scene_meeting(scene)
    vote = voting.vote_open(by=karin, item=room.item, question="Bifalla förslaget?")
    scene.call(voting.ballot_record, by=karin, vote=vote, partner=roll[0].partner, choice="no")


def _closed_vote_scene(scene, close: bool):
    karin, roll, room = _scene_meeting(scene)
    vote = voting.vote_open(by=karin, item=room.item, question="Bifalla förslaget?")
    voting.ballot_cast(by=roll[0].user, vote=vote, partner=roll[0].partner, choice="yes")
    if close:
        voting.vote_close(by=karin, vote=vote)
    return karin, vote


def _vote_close(scene):
    karin, vote = _closed_vote_scene(scene, close=False)
    scene.call(voting.vote_close, by=karin, vote=vote)


def _vote_publish(scene):
    karin, vote = _closed_vote_scene(scene, close=True)
    scene.call(voting.vote_publish, by=karin, vote=vote)


HISTORY_SCENARIOS = {
    voting.conflict_declare: _conflict_declare,
    voting.conflict_rule: _conflict_rule,
    voting.decision_by_consensus: _consensus,
    voting.vote_open: _vote_open,
    voting.ballot_cast: _ballot_cast,
    voting.ballot_record: _ballot_record,
    voting.vote_close: _vote_close,
    voting.vote_publish: _vote_publish,
}
