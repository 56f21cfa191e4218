"""A partnership meeting under way for the meeting-room tests: a case on the agenda as a decision
item, a decision item without a case, the meeting open and (by default) every partner present."""

from dataclasses import dataclass

from decisions import preparation
from meetings import services as meeting_services
from meetings.models import AgendaItem, Meeting
from tests.decisions.helpers_prepare import a_meeting, prepared
from tests.meetings import factories as mf


@dataclass
class Room:
    meeting: Meeting
    case_item: AgendaItem
    plain_item: AgendaItem
    case: object


def room_under_way(*, karin, roll, time_machine, present=None, chair=None) -> Room:
    """`present`: the roll entries present from the start (default: all)."""
    meeting = a_meeting(karin, days_ahead=80)
    case = prepared(karin=karin, by=roll[0].user, partner=roll[0].partner)
    case = preparation.case_put_on_agenda(by=karin, case=case, meeting=meeting)
    plain = mf.add_item(meeting, by=karin, title="Val av justerare", kind="decision")
    mf.send_notice(meeting, by=karin)
    if chair is not None:
        Meeting.objects.filter(pk=meeting.pk).update(chair=chair)  # history: test set-up only
    time_machine.move_to(meeting.starts_at, tick=False)
    meeting_services.meeting_set_state(by=karin, meeting=meeting, state=Meeting.State.OPEN)
    for entry in roll if present is None else present:
        meeting_services.attendance_register(by=karin, meeting=meeting, partner=entry.partner,
                                             arrived_at=meeting.starts_at, representatives=[entry.representative])
    meeting.refresh_from_db()
    case.refresh_from_db()
    return Room(meeting=meeting, case_item=case.agenda_item, plain_item=plain, case=case)
