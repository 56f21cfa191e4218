"""The arbetsordning version in force on the day of the act governs (rules.md, "Which version governs").

Today is 2026-11-25 under version 1 (notice 30 days). Version 2 asks 45 days' notice.
"""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from meetings import services
from swecan.arbetsordning import parameters_in_force
from swecan.models import RulesOfProcedure
from tests.meetings import factories as f

pytestmark = pytest.mark.django_db

D = datetime.timedelta
date = datetime.date


def version_2(effective_from, **changes):
    v1 = RulesOfProcedure.objects.get(number=1)
    return RulesOfProcedure.objects.create(number=2, effective_from=effective_from,
                                           parameters={**v1.parameters, **changes}, text="Version 2.")


def test_the_helper_gives_each_day_its_own_version(karin):
    version_2(date(2027, 3, 1), notice_days=45)

    assert parameters_in_force(date(2027, 2, 28)).notice_days == 30
    assert parameters_in_force(date(2027, 3, 1)).notice_days == 45


def test_a_kallelse_is_judged_by_the_version_in_force_on_the_day_it_is_sent(karin, roll, time_machine):
    v2 = version_2(date(2027, 3, 1), notice_days=45)
    meeting = f.plan(by=karin, day=date(2027, 4, 1))
    f.add_item(meeting, by=karin)
    # Sent on 20 February under version 1: 40 days ahead, the 30 that version asks.
    time_machine.move_to(f.local(date(2027, 2, 20), 9), tick=False)

    assert services.notice_verdict(meeting).ok
    f.send_notice(meeting, by=karin)

    assert meeting.notice_is_sent
    assert meeting.rules_version.number == 1
    assert v2.number == 2


def test_a_kallelse_sent_under_the_new_version_needs_its_notice(karin, roll, time_machine):
    version_2(date(2027, 3, 1), notice_days=45)
    meeting = f.plan(by=karin, day=date(2027, 4, 1))
    f.add_item(meeting, by=karin)
    time_machine.move_to(f.local(date(2027, 3, 2), 9), tick=False)

    with pytest.raises(ValidationError) as exc:
        f.send_notice(meeting, by=karin)

    assert "45 dagar" in exc.value.messages[0]


def test_a_deadline_shown_in_advance_uses_the_version_on_its_own_date(karin):
    version_2(date(2027, 3, 1), notice_days=45)
    meeting = f.plan(by=karin, day=date(2027, 4, 1))

    # Under version 1 the last day would be 2 March, but on 2 March version 2 asks 45 days;
    # 28 February is the last day on which a notice is in time under the version then in force.
    assert services.deadlines(meeting)["notice_by"] == date(2027, 2, 28)
    assert meeting.planned_notice_date == date(2027, 2, 28)


def test_last_day_walks_the_versions(karin):
    from swecan.arbetsordning import last_day

    version_2(date(2027, 3, 1), notice_days=21)

    # Version 2 asks less: for a meeting on 1 April, a notice on 11 March (21 days) is in time.
    assert last_day(lambda p: date(2027, 4, 1) - D(days=p.notice_days)) == date(2027, 3, 11)
    # For a meeting on 5 March, version 2 would allow 12 February, before it applies: version 1 rules.
    assert last_day(lambda p: date(2027, 3, 5) - D(days=p.notice_days)) == date(2027, 2, 3)


def test_planning_is_judged_by_the_version_in_force_on_the_day_of_planning(karin):
    version_2(date(2027, 1, 1), notice_days=45)

    # 41 days ahead: today (version 1, 30 days) the notice can still go out in time.
    meeting = f.plan(by=karin, day=date(2027, 1, 5))

    assert meeting.rules_version.number == 1
    assert meeting.planned_notice_date == date(2026, 12, 6)


def test_the_year_view_judges_planning_by_todays_version(karin):
    version_2(date(2027, 6, 1), physical_meetings_per_year=3)
    f.plan(by=karin, day=date(2027, 3, 10))
    f.plan(by=karin, day=date(2027, 9, 15))

    assert services.year_overview(2027)["physical_verdict"].ok


def test_the_planning_page_states_todays_notice(client, karin):
    version_2(date(2027, 1, 1), notice_days=45)
    client.force_login(karin)

    page = client.get(reverse("kansli_meeting_create")).content.decode()

    assert "minst 30 dagar" in page
