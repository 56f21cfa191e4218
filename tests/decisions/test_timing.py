"""The pure helper: which meeting a submission day is in time for (R2)."""

import dataclasses
import datetime
from dataclasses import dataclass

from decisions.timing import meeting_in_time_for
from swecan import rules

D = datetime.date


@dataclass
class M:
    date: datetime.date
    notice_date: datetime.date


def test_the_first_meeting_whose_deadline_the_day_meets():
    a, b = M(D(2027, 3, 1), D(2027, 1, 30)), M(D(2027, 6, 1), D(2027, 4, 30))
    assert meeting_in_time_for(D(2027, 1, 16), [b, a], rules.DEFAULT).meeting is a
    timing = meeting_in_time_for(D(2027, 1, 17), [b, a], rules.DEFAULT)
    assert timing.meeting is b and [m for m, _ in timing.missed] == [a]


def test_the_number_of_days_comes_from_the_parameters_given():
    a = M(D(2027, 3, 1), D(2027, 1, 30))
    longer = dataclasses.replace(rules.DEFAULT, case_days_before_notice=20)
    assert meeting_in_time_for(D(2027, 1, 16), [a], longer).meeting is None


def test_a_meeting_on_or_before_the_day_is_not_a_candidate():
    assert meeting_in_time_for(D(2027, 3, 1), [M(D(2027, 3, 1), D(2027, 3, 1))], rules.DEFAULT).meeting is None
