"""Planning meetings: the 30-day notice bar (R1), deadlines (R1, R2) and the year view (R6)."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils.formats import date_format

from meetings import services
from meetings.models import Meeting
from swecan.models import RulesOfProcedure
from tests.meetings import factories as f
from tests.meetings.conftest import TODAY

pytestmark = pytest.mark.django_db

D = datetime.timedelta


def refusal(exc_info, field):
    errors = exc_info.value.message_dict
    assert field in errors, errors
    return " ".join(errors[field])


def test_it_allows_a_partnership_meeting_30_days_ahead(karin):
    meeting = f.plan(by=karin, days_ahead=30)

    assert meeting.date == TODAY + D(days=30)
    assert meeting.state == Meeting.State.PLANNED
    assert meeting.planned_notice_date == TODAY


def test_it_refuses_a_partnership_meeting_29_days_ahead(karin):
    with pytest.raises(ValidationError) as exc:
        f.plan(by=karin, days_ahead=29)

    reason = refusal(exc, "starts_at")
    assert "30 dagar" in reason
    assert "Välj ett senare datum" in reason
    assert "§ 3.1" in reason
    assert not Meeting.objects.exists()


def test_it_compares_today_with_the_meetings_local_date(karin, time_machine):
    # Late in the evening, "today" is still 25 November in Stockholm (UTC is an hour behind).
    time_machine.move_to(f.local(TODAY, 23, 30), tick=False)
    # 00:30 on day 30 is 23:30 UTC on day 29: the local date counts, so it is allowed.
    early = f.plan(by=karin, day=TODAY + D(days=30), hour=0)
    assert early.date == TODAY + D(days=30)

    with pytest.raises(ValidationError) as exc:
        f.plan(by=karin, day=TODAY + D(days=29), hour=23)
    assert "30 dagar" in refusal(exc, "starts_at")


def test_it_refuses_a_meeting_in_the_past(karin):
    with pytest.raises(ValidationError) as exc:
        f.plan(by=karin, days_ahead=-1)

    assert refusal(exc, "starts_at") == "Mötet kan inte planeras i det förflutna."


def test_it_refuses_a_meeting_that_ends_before_it_starts(karin):
    with pytest.raises(ValidationError) as exc:
        f.plan(by=karin, days_ahead=40, hours=-1)

    assert refusal(exc, "ends_at") == "Mötet måste sluta efter att det har börjat."


def test_the_30_day_rule_does_not_bind_the_au(karin):
    meeting = f.plan(by=karin, days_ahead=5, body=Meeting.Body.COMMITTEE, title="AU-möte")

    assert meeting.body == Meeting.Body.COMMITTEE
    assert services.deadlines(meeting)["notice_by"] is None
    assert services.deadlines(meeting)["notice_binding"] is False


def test_the_planned_notice_date_defaults_to_the_last_allowed_day(karin):
    meeting = f.plan(by=karin, days_ahead=60)

    assert meeting.planned_notice_date == meeting.date - D(days=30)


def test_it_refuses_a_planned_notice_date_later_than_allowed(karin):
    day = TODAY + D(days=60)
    with pytest.raises(ValidationError) as exc:
        f.plan(by=karin, day=day, planned_notice_date=day - D(days=29))

    reason = refusal(exc, "planned_notice_date")
    assert "30 dagar" in reason
    assert date_format(day - D(days=30), "j F Y") in reason
    assert not Meeting.objects.exists()


def test_it_refuses_a_planned_notice_date_after_the_meeting(karin):
    day = TODAY + D(days=60)
    with pytest.raises(ValidationError) as exc:
        f.plan(by=karin, day=day, planned_notice_date=day + D(days=1))

    assert refusal(exc, "planned_notice_date") == "Kallelsen kan inte planeras efter mötet."


def test_deadlines_give_the_notice_day_and_the_case_day(karin):
    meeting = f.plan(by=karin, days_ahead=60)

    d = services.deadlines(meeting)
    assert d["notice_by"] == meeting.date - D(days=30)
    # Notice planned on the last allowed day: cases by M - 44 (R2).
    assert d["cases_by"] == meeting.date - D(days=44)


def test_the_case_day_follows_an_earlier_planned_notice(karin):
    day = TODAY + D(days=60)
    meeting = f.plan(by=karin, day=day, planned_notice_date=day - D(days=40))

    assert services.deadlines(meeting)["cases_by"] == day - D(days=54)


def test_the_case_day_follows_the_actual_notice_once_sent(karin, roll):
    meeting = f.plan(by=karin, days_ahead=45)
    assert services.deadlines(meeting)["cases_by"] == meeting.date - D(days=44)

    f.add_item(meeting, by=karin)
    f.send_notice(meeting, by=karin)  # today, 15 days before the planned notice date

    assert meeting.notice_date == TODAY
    assert services.deadlines(meeting)["cases_by"] == TODAY - D(days=14)
    assert services.deadlines(meeting)["notice_by"] == meeting.date - D(days=30)


class TestYearOverview:
    """R6: at least two physical partnership meetings per calendar year (2027 here)."""

    def test_it_warns_with_one_physical_meeting(self, karin):
        f.plan(by=karin, day=datetime.date(2027, 3, 10), form=Meeting.Form.PHYSICAL)
        f.plan(by=karin, day=datetime.date(2027, 4, 14), form=Meeting.Form.DIGITAL)
        f.plan(by=karin, day=datetime.date(2027, 5, 12), body=Meeting.Body.COMMITTEE,
               form=Meeting.Form.PHYSICAL, title="AU-möte")

        overview = services.year_overview(2027)

        verdict = overview["physical_verdict"]
        assert not verdict.ok
        assert "minst 2 gånger" in verdict.reason
        assert "1 fysiskt sammanträde planerat" in verdict.reason
        assert len(overview["meetings"]) == 3

    def test_a_hybrid_meeting_counts_as_physical(self, karin):
        f.plan(by=karin, day=datetime.date(2027, 3, 10), form=Meeting.Form.PHYSICAL)
        f.plan(by=karin, day=datetime.date(2027, 10, 6), form=Meeting.Form.HYBRID)

        verdict = services.year_overview(2027)["physical_verdict"]

        assert verdict.ok
        assert "2 fysiska sammanträden planerade" in verdict.reason

    def test_digital_and_au_meetings_do_not_count(self, karin):
        f.plan(by=karin, day=datetime.date(2027, 3, 10), form=Meeting.Form.DIGITAL)
        f.plan(by=karin, day=datetime.date(2027, 4, 14), form=Meeting.Form.DIGITAL)
        f.plan(by=karin, day=datetime.date(2027, 5, 12), body=Meeting.Body.COMMITTEE, title="AU 1")
        f.plan(by=karin, day=datetime.date(2027, 6, 9), body=Meeting.Body.COMMITTEE, title="AU 2")

        verdict = services.year_overview(2027)["physical_verdict"]

        assert not verdict.ok
        assert "0 fysiska sammanträden planerade" in verdict.reason

    def test_meetings_of_other_years_do_not_count(self, karin):
        f.plan(by=karin, day=datetime.date(2027, 3, 10))
        f.plan(by=karin, day=datetime.date(2028, 3, 8))

        assert not services.year_overview(2027)["physical_verdict"].ok
        assert [m.date.year for m, _d in services.year_overview(2028)["meetings"]] == [2028]


class TestRulesVersion:
    def test_the_meeting_records_the_arbetsordning_in_force(self, karin):
        meeting = f.plan(by=karin, days_ahead=40)

        assert meeting.rules_version == RulesOfProcedure.objects.get(number=1)

    def test_a_later_version_governs_acts_on_and_after_its_date(self, karin):
        # The notice is judged on the day it is sent (rules.md): a meeting on 1 July still
        # has its last notice day under version 1 (1 June would need 45 days under version 2).
        v1 = RulesOfProcedure.objects.get(number=1)
        RulesOfProcedure.objects.create(
            number=2, effective_from=datetime.date(2027, 6, 1),
            parameters={**v1.parameters, "notice_days": 45}, text="Version 2.",
        )
        before = f.plan(by=karin, day=datetime.date(2027, 6, 30))
        after = f.plan(by=karin, day=datetime.date(2027, 8, 1))

        assert before.rules_version == after.rules_version == v1  # both planned today
        assert services.deadlines(before)["notice_by"] == datetime.date(2027, 5, 31)
        assert services.deadlines(after)["notice_by"] == datetime.date(2027, 6, 17)
        assert after.planned_notice_date == datetime.date(2027, 6, 17)


class TestMovingAMeeting:
    def test_a_planned_meeting_cannot_be_moved_too_near(self, karin):
        meeting = f.plan(by=karin, days_ahead=60)
        near = f.local(TODAY + D(days=20))

        with pytest.raises(ValidationError) as exc:
            services.meeting_update(by=karin, meeting=meeting,
                                    fields={"starts_at": near, "ends_at": near + D(hours=2)})

        assert "30 dagar" in refusal(exc, "starts_at")
        meeting.refresh_from_db()
        assert meeting.date == TODAY + D(days=60)

    def test_a_noticed_meeting_may_move_later(self, karin, roll):
        meeting = f.plan(by=karin, days_ahead=40)
        f.add_item(meeting, by=karin)
        f.send_notice(meeting, by=karin)
        later = f.local(TODAY + D(days=50))

        services.meeting_update(by=karin, meeting=meeting,
                                fields={"starts_at": later, "ends_at": later + D(hours=2)})

        meeting.refresh_from_db()
        assert meeting.date == TODAY + D(days=50)

    def test_a_noticed_meeting_cannot_move_closer_than_30_days_after_its_notice(self, karin, roll):
        # R1 binds the notice actually sent: notice_date <= meeting_date - 30 must still hold.
        meeting = f.plan(by=karin, days_ahead=40)
        f.add_item(meeting, by=karin)
        f.send_notice(meeting, by=karin)
        earlier = f.local(TODAY + D(days=20))

        with pytest.raises(ValidationError) as exc:
            services.meeting_update(by=karin, meeting=meeting,
                                    fields={"starts_at": earlier, "ends_at": earlier + D(hours=2)})

        assert "30 dagar" in refusal(exc, "starts_at")
        meeting.refresh_from_db()
        assert meeting.date == TODAY + D(days=40)
