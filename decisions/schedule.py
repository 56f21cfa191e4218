"""Cases follow the meetings' schedule (R2, § 4.2).

A case is in time for the first meeting whose case deadline its day of submission meets, by the
version of the arbetsordning in force that day and each meeting's notice date (the actual one
once the kallelse is out). So when the schedule changes, a case waiting for a meeting may have
to move on: a kallelse sent earlier than planned makes late the cases that counted on the
planned date, and a meeting that begins without a case leaves it for the next one. A case
that waits with no meeting gets the first one planned that it is in time for. Its submitters
are told each time. meetings.signals.schedule_changed calls this (DecisionsConfig.ready()).
"""

from django.db import transaction

from decisions import notify
from decisions.models import Case
from decisions.services import timing_for
from meetings.models import Meeting
from swecan.audit import attributed

# Received and not yet on an agenda: where a case goes is still the schedule's to say.
FOLLOWING_THE_SCHEDULE = (Case.State.RECEIVED, Case.State.IN_PREPARATION, Case.State.PREPARED)
TAKING_CASES = (Meeting.State.PLANNED, Meeting.State.NOTICED)


def _moves_to(case: Case, target: Meeting | None) -> bool:
    """Whether the case leaves its meeting for `target`: on to a later meeting or to the queue,
    or out of the queue. A meeting planned before the one a case is being prepared for does
    not take it from there (the preparers plan for that meeting); one the case is late for,
    or that has begun without it, does."""
    current = case.target_meeting
    if (target.pk if target else None) == case.target_meeting_id:
        return False
    if current is None or target is None or current.state not in TAKING_CASES:
        return True
    return target.starts_at > current.starts_at


@transaction.atomic
def cases_retarget(*, by, meeting: Meeting | None = None) -> list[Case]:
    """Give every case that follows the schedule the meeting it is now in time for; returns
    the cases that moved, whose submitters are told. `meeting` is the one that changed: a
    meeting of another body than the partnership moves no case."""
    if meeting is not None and not meeting.is_partnership:
        return []
    cases = (Case.objects.select_for_update(of=("self",)).select_related("target_meeting")
             .filter(state__in=FOLLOWING_THE_SCHEDULE, agenda_item__isnull=True, submitted_on__isnull=False)
             .order_by("pk"))
    timings = {}  # one answer per day of submission
    moved = []
    for case in cases:
        day = case.submitted_on
        if day not in timings:
            timings[day] = timing_for(day)
        target = timings[day].meeting
        if not _moves_to(case, target):
            continue
        from_meeting = case.target_meeting
        case.target_meeting = target
        attributed(case, by).save(update_fields=["target_meeting"])
        notify.case_moved(case, from_meeting, by)
        moved.append(case)
    return moved


def on_schedule_changed(sender, **kwargs):
    """Receiver of meetings.signals.schedule_changed, inside the transaction of the change
    (a receiver, not a service: cases_retarget is the one home of the change)."""
    cases_retarget(by=kwargs["by"], meeting=kwargs["meeting"])
