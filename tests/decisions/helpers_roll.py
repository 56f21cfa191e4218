"""The voting roll as a decision (decisions/roll.py) for the tests: the first partnership meeting
of 2027 (operating year 2) and a later one, planned from the decisions tests' "today"
(2026-11-25), and a meeting under way. Also the history scenarios of the roll services
(tests/test_history_complete.py registers them)."""

import datetime

from decisions import roll, voting
from meetings import services as meeting_services
from meetings.models import Meeting
from tests.meetings import factories as mf
from tests.partnership import factories as pf

FIRST_DAY = datetime.date(2027, 1, 20)  # the first partnership meeting of 2027
LATER_DAY = datetime.date(2027, 3, 17)  # the second


def first_and_later(karin) -> tuple[Meeting, Meeting]:
    """The two partnership meetings of 2027, planned today, the later one first (so that "first"
    is the date, not the order of planning)."""
    later = mf.plan(by=karin, day=LATER_DAY)
    first = mf.plan(by=karin, day=FIRST_DAY)
    return first, later


def under_way(meeting: Meeting, *, karin, clock, present, tick: bool = False) -> Meeting:
    """Send the kallelse if it is not out, move to the start, open, check `present` in. `tick`: the
    clock runs on from there (a browser's authenticator codes need time to pass)."""
    if not meeting.notice_is_sent:
        mf.send_notice(meeting, by=karin)
    clock.move_to(meeting.starts_at, tick=tick)
    meeting_services.meeting_set_state(by=karin, meeting=meeting, state=Meeting.State.OPEN)
    for signed in present:
        meeting_services.attendance_register(by=karin, meeting=meeting, partner=signed.partner,
                                             arrived_at=meeting.starts_at, representatives=[signed.representative])
    meeting.refresh_from_db()
    return meeting


def fixed_by_consensus(*, karin, roll_, clock) -> tuple[Meeting, Meeting, object]:
    """The roll of 2027 fixed by consensus at the first meeting, everyone present."""
    first, later = first_and_later(karin)
    proposal = roll.roll_proposal_compile(by=karin, meeting=first, kind="fix")
    under_way(first, karin=karin, clock=clock, present=roll_)
    voting.decision_by_consensus(by=karin, item=proposal.agenda_item, wording=proposal.agenda_item.description)
    proposal.refresh_from_db()
    return first, later, proposal


# History scenarios -------------------------------------------------------------------------------


def _compile_fix(scene):
    karin = mf.officer()
    mf.signed_roll()
    first, _later = first_and_later(karin)
    scene.call(roll.roll_proposal_compile, by=karin, meeting=first, kind="fix")


def _compile_again(scene):
    karin = mf.officer()
    mf.signed_roll()
    first, _later = first_and_later(karin)
    roll.roll_proposal_compile(by=karin, meeting=first, kind="fix")
    pf.signed_partner(sector="akademi", name="Ny Högskola")
    mf.send_notice(first, by=karin)
    scene.call(roll.roll_proposal_compile, by=karin, meeting=first, kind="fix")


def _adopted(scene):
    karin = mf.officer()
    signed = mf.signed_roll()
    first, _later = first_and_later(karin)
    proposal = roll.roll_proposal_compile(by=karin, meeting=first, kind="fix")
    under_way(first, karin=karin, clock=scene.clock, present=signed)
    scene.call(voting.decision_by_consensus, by=karin, item=proposal.agenda_item,
               wording="Partnerskapet fastställer röstlängden.")


HISTORY_SCENARIOS = {
    roll.roll_proposal_compile: {"a list for fixing the roll": _compile_fix, "the list compiled again": _compile_again},
    voting.decision_by_consensus: {"adopting the roll fixes it": _adopted},
}
