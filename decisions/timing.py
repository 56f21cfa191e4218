"""Which meeting a case submitted on a given day is in time for (R2, § 4.2). Pure: the caller
hands in the meetings and the parameters in force on the day of submission."""

import datetime
from dataclasses import dataclass, field

from swecan import rules


@dataclass(frozen=True)
class Timing:
    """The meeting the case is in time for (None: queued for the next meeting planned later),
    the verdict that says why, and the meetings it came too late for, with their verdicts."""

    meeting: object | None
    verdict: rules.Verdict | None
    missed: list = field(default_factory=list)


def meeting_in_time_for(submitted_on: datetime.date, meetings, params: rules.Parameters) -> Timing:
    """The first of `meetings` (each with `date` and `notice_date`), in date order, whose case
    deadline `submitted_on` meets. A late case is never lost: it waits for a later meeting."""
    missed = []
    for meeting in sorted(meetings, key=lambda m: m.date):
        if meeting.date <= submitted_on:
            continue
        verdict = rules.check_case_submission(submitted_on, meeting.notice_date, params)
        if verdict:
            return Timing(meeting, verdict, missed)
        missed.append((meeting, verdict))
    return Timing(None, None, missed)
