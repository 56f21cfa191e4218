"""After a meeting the record holds: attendance stays within the meeting and freezes when closed."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from icalendar import Calendar

from meetings import services
from meetings.models import Meeting
from tests.meetings import factories as f

pytestmark = pytest.mark.django_db
D = datetime.timedelta


@pytest.fixture
def meeting(karin, roll):
    return f.noticed(by=karin, days_ahead=40)


def test_an_arrival_far_from_the_meeting_is_refused(meeting, karin, roll, time_machine):
    time_machine.move_to(meeting.starts_at - D(hours=1))
    with pytest.raises(ValidationError) as exc:
        services.attendance_register(by=karin, meeting=meeting, partner=roll[0].partner,
                                     arrived_at=meeting.starts_at - D(days=3))
    assert "Tiden måste ligga inom mötets tid" in exc.value.message_dict["arrived_at"][0]


def test_a_little_early_is_fine(meeting, karin, roll, time_machine):
    time_machine.move_to(meeting.starts_at - D(minutes=30))
    attendance = services.attendance_register(by=karin, meeting=meeting, partner=roll[0].partner,
                                              arrived_at=meeting.starts_at - D(minutes=20))
    assert attendance.present_at(meeting.starts_at)


def test_attendance_of_a_closed_meeting_cannot_be_changed(meeting, karin, roll, alice, time_machine):
    time_machine.move_to(meeting.starts_at)
    attendance = services.attendance_register(by=karin, meeting=meeting, partner=roll[0].partner,
                                              arrived_at=meeting.starts_at)
    time_machine.move_to(meeting.ends_at + D(hours=1))
    services.meeting_set_state(by=karin, meeting=meeting, state=Meeting.State.HELD)
    services.meeting_set_state(by=karin, meeting=meeting, state=Meeting.State.CLOSED)
    with pytest.raises(ValidationError, match="avslutat"):
        services.attendance_depart(by=alice, attendance=attendance,
                                   departed_at=meeting.starts_at + D(minutes=1))
    attendance.refresh_from_db()
    assert attendance.departed_at is None
    assert services.quorum_at(meeting, meeting.starts_at + D(minutes=30))["present"] == 1


def test_the_body_of_a_noticed_meeting_cannot_change(meeting, karin):
    with pytest.raises(ValidationError) as exc:
        services.meeting_update(by=karin, meeting=meeting, fields={"body": Meeting.Body.COMMITTEE})
    assert "byta organ" in exc.value.message_dict["body"][0]


def test_a_planned_notice_date_in_the_past_is_refused(karin):
    fields = f.meeting_fields(starts_at=f.local(datetime.date(2027, 2, 1)))
    fields["planned_notice_date"] = datetime.date(2020, 1, 1)
    with pytest.raises(ValidationError) as exc:
        services.meeting_plan(by=karin, fields=fields)
    assert "passerat" in exc.value.message_dict["planned_notice_date"][0]


def test_a_meeting_that_has_begun_may_run_over(meeting, karin, time_machine):
    time_machine.move_to(meeting.starts_at + D(hours=1))
    services.meeting_update(by=karin, meeting=meeting, fields={"ends_at": meeting.ends_at + D(hours=1)})
    meeting.refresh_from_db()
    assert meeting.ends_at > meeting.starts_at + D(hours=3)


def test_the_public_calendar_does_not_publish_the_join_link(karin, roll, client):
    meeting = f.noticed(by=karin, days_ahead=40, form=Meeting.Form.HYBRID,
                        online_link="https://moten.example/hemlig-lank")
    body = client.get(reverse("public_calendar")).content.decode()
    assert "hemlig-lank" not in body
    (event,) = Calendar.from_ical(body).walk("VEVENT")
    assert str(event["SUMMARY"]).endswith(meeting.title)


def test_a_carriage_return_cannot_inject_calendar_lines(karin, roll, client):
    meeting = f.noticed(by=karin, days_ahead=40, place="Rum 1\rEND:VEVENT\rBEGIN:VEVENT\rSUMMARY:Falsk")
    calendar = Calendar.from_ical(client.get(reverse("public_calendar")).content)
    events = calendar.walk("VEVENT")
    assert len(events) == 1
    assert "END:VEVENT" in str(events[0]["LOCATION"])
    assert meeting.title in str(events[0]["SUMMARY"])


def test_a_new_arbetsordning_governs_the_deadlines_that_fall_under_it(karin, meeting):
    # A deadline is computed with the version in force on its own date (rules.md).
    from swecan import rules
    from swecan.models import RulesOfProcedure

    before = services.deadlines(meeting)["notice_by"]
    RulesOfProcedure.objects.create(number=2, effective_from=meeting.date - D(days=25),
                                    parameters=rules.Parameters(notice_days=21).to_dict(), text="v2")
    assert services.deadlines(meeting)["notice_by"] == before + D(days=9)


def test_everyone_called_hears_when_a_noticed_meeting_moves(meeting, karin, roll, mailoutbox,
                                                            django_capture_on_commit_callbacks):
    called = {r.representative.email for r in roll}
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.meeting_update(by=karin, meeting=meeting, fields={"title": "Nytt namn"})
    assert mailoutbox == []  # a new title is no reason to write to everyone

    for sequence, hours in ((1, 1), (2, 2)):
        mailoutbox.clear()
        with django_capture_on_commit_callbacks(execute=True):
            services.meeting_update(by=karin, meeting=meeting,
                                    fields={"starts_at": meeting.starts_at + D(hours=hours),
                                            "ends_at": meeting.ends_at + D(hours=hours)})
        assert {m.to[0] for m in mailoutbox} == called
        message = mailoutbox[0]
        assert message.subject.startswith("Ändrat:")
        (ics,) = [a for a in message.attachments if a[0] == "kallelse.ics"]
        (event,) = Calendar.from_ical(ics[1]).walk("VEVENT")
        assert event["SEQUENCE"] == sequence
        meeting.refresh_from_db()
        assert event.decoded("DTSTART") == meeting.starts_at


def test_a_change_does_not_make_people_reminded_twice(meeting, karin, mailoutbox,
                                                      django_capture_on_commit_callbacks):
    week_before = meeting.date - D(days=7)
    with django_capture_on_commit_callbacks(execute=True):
        services.reminders_due(week_before)
    reminded = [m for m in mailoutbox if m.subject.startswith("Påminnelse")]
    with django_capture_on_commit_callbacks(execute=True):
        services.meeting_update(by=karin, meeting=meeting, fields={"place": "Nytt rum, Stockholm"})
        services.reminders_due(week_before + D(days=1))
    assert [m for m in mailoutbox if m.subject.startswith("Påminnelse")] == reminded


def test_the_agenda_of_a_held_meeting_cannot_be_reordered(meeting, karin, time_machine):
    f.add_item(meeting, by=karin, title="Andra punkten")
    first, second = meeting.agenda_items.order_by("position")
    time_machine.move_to(meeting.starts_at + D(minutes=5))
    services.meeting_set_state(by=karin, meeting=meeting, state=Meeting.State.HELD)
    with pytest.raises(ValidationError, match="genomfört"):
        services.agenda_item_move(by=karin, item=second, direction=-1)
    assert list(meeting.agenda_items.order_by("position")) == [first, second]


def test_an_unknown_state_is_a_clear_refusal(meeting, karin):
    with pytest.raises(ValidationError, match="Okänd status"):
        services.meeting_set_state(by=karin, meeting=meeting, state="bogus")
