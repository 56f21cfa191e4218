"""Presence is a fact of the meeting (R3): recorded inside its window, never an advance answer."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from meetings import services
from meetings.models import AdvanceAnswer, Attendance, Meeting
from tests.meetings import factories as f

pytestmark = pytest.mark.django_db

D = datetime.timedelta
MINUTE = D(minutes=1)


@pytest.fixture
def meeting(karin, roll):
    """A noticed partnership meeting 10:00-13:00, 40 days from today; the clock is still today."""
    return f.noticed(by=karin, days_ahead=40)


def arrive(meeting, partner, *, by, at=None, departed_at=None):
    return services.attendance_register(by=by, meeting=meeting, partner=partner,
                                        arrived_at=at or meeting.starts_at, departed_at=departed_at)


def open_now(meeting, karin, time_machine, moment=None):
    time_machine.move_to(moment or meeting.starts_at, tick=False)
    return services.meeting_set_state(by=karin, meeting=meeting, state=Meeting.State.OPEN)


class TestTheWindow:
    def test_nothing_is_recorded_weeks_before_the_meeting(self, meeting, karin, roll, alice, client):
        for person in (karin, alice):
            with pytest.raises(ValidationError) as exc:
                arrive(meeting, roll[0].partner, by=person)
            assert "tidigast två timmar före start" in exc.value.messages[0]

        client.force_login(alice)
        client.post(reverse("meeting_attendance", args=[meeting.pk]))
        client.force_login(karin)
        client.post(reverse("kansli_attendance", args=[meeting.pk]),
                    {"partner": roll[0].partner.pk, "handling": "kom", "tid": "10:00"})

        assert not Attendance.objects.exists()

    def test_an_arrival_exactly_two_hours_early_is_allowed(self, meeting, karin, roll, time_machine):
        time_machine.move_to(meeting.starts_at - D(hours=2), tick=False)

        attendance = arrive(meeting, roll[0].partner, by=karin, at=meeting.starts_at - D(hours=2))

        assert attendance.arrived_at == f.local(meeting.date, 8, 0)

    def test_a_minute_earlier_is_refused(self, meeting, karin, roll, time_machine):
        time_machine.move_to(meeting.starts_at - D(hours=2) - MINUTE, tick=False)
        with pytest.raises(ValidationError, match="tidigast två timmar före start"):
            arrive(meeting, roll[0].partner, by=karin, at=meeting.starts_at)

        time_machine.move_to(meeting.starts_at, tick=False)
        with pytest.raises(ValidationError) as exc:
            arrive(meeting, roll[0].partner, by=karin, at=meeting.starts_at - D(hours=2) - MINUTE)
        assert exc.value.message_dict["arrived_at"] == [
            f"Tiden måste ligga inom mötets tid ({meeting.date:%Y-%m-%d} 08:00–13:00)."]
        assert not Attendance.objects.exists()

    def test_a_departure_at_the_end_is_allowed_a_minute_later_refused(self, meeting, karin, roll,
                                                                     time_machine):
        time_machine.move_to(meeting.starts_at, tick=False)
        attendance = arrive(meeting, roll[0].partner, by=karin)

        with pytest.raises(ValidationError) as exc:
            services.attendance_depart(by=karin, attendance=attendance, departed_at=meeting.ends_at + MINUTE)
        assert "inom mötets tid" in exc.value.message_dict["departed_at"][0]

        services.attendance_depart(by=karin, attendance=attendance, departed_at=meeting.ends_at)
        attendance.refresh_from_db()
        assert attendance.departed_at == meeting.ends_at

    def test_a_departure_three_days_after_the_meeting_is_refused(self, meeting, karin, roll, client,
                                                                time_machine):
        time_machine.move_to(meeting.starts_at, tick=False)
        attendance = arrive(meeting, roll[0].partner, by=karin)
        client.force_login(karin)

        response = client.post(reverse("attendance_depart", args=[attendance.pk]),
                               {"departed_at": f"{meeting.date + D(days=3):%Y-%m-%d}T11:00"}, follow=True)

        assert "Tiden måste ligga inom mötets tid" in response.content.decode()
        attendance.refresh_from_db()
        assert attendance.departed_at is None

    def test_a_departure_given_with_the_arrival_must_be_in_the_window(self, meeting, karin, roll,
                                                                      time_machine):
        time_machine.move_to(meeting.starts_at, tick=False)
        with pytest.raises(ValidationError) as exc:
            arrive(meeting, roll[0].partner, by=karin, departed_at=meeting.ends_at + D(days=3))
        assert "departed_at" in exc.value.message_dict

    def test_a_meeting_with_presence_cannot_move(self, meeting, karin, roll, time_machine):
        time_machine.move_to(meeting.starts_at - D(hours=1), tick=False)
        arrive(meeting, roll[0].partner, by=karin)

        with pytest.raises(ValidationError) as exc:
            services.meeting_update(by=karin, meeting=meeting,
                                    fields={"starts_at": meeting.starts_at + D(days=7),
                                            "ends_at": meeting.ends_at + D(days=7)})
        assert "Närvaro är redan registrerad" in exc.value.message_dict["starts_at"][0]


class TestCheckIn:
    def test_a_representative_cannot_check_in_while_the_meeting_is_not_open(
            self, meeting, roll, alice, client, time_machine):
        time_machine.move_to(meeting.starts_at, tick=False)
        with pytest.raises(ValidationError, match="Incheckningen är inte öppen"):
            arrive(meeting, roll[0].partner, by=alice)
        client.force_login(alice)

        page = client.get(reverse("meeting_detail", args=[meeting.pk])).content.decode()
        response = client.post(reverse("meeting_attendance", args=[meeting.pk]), follow=True)

        assert "Jag är här" not in page
        assert "Incheckningen är inte öppen" in response.content.decode()
        assert not Attendance.objects.exists()

    def test_once_open_a_representative_checks_in_and_out(self, meeting, karin, roll, alice, client,
                                                         time_machine):
        open_now(meeting, karin, time_machine, meeting.starts_at - D(minutes=15))
        client.force_login(alice)
        assert "Jag är här" in client.get(reverse("meeting_detail", args=[meeting.pk])).content.decode()

        client.post(reverse("meeting_attendance", args=[meeting.pk]))

        attendance = Attendance.objects.get()
        assert (attendance.partner, attendance.registered_by) == (roll[0].partner, alice)
        assert attendance.arrived_at == meeting.starts_at - D(minutes=15)

    def test_the_kansli_cannot_open_a_meeting_weeks_ahead(self, meeting, karin):
        with pytest.raises(ValidationError, match="tidigast två timmar före start"):
            services.meeting_set_state(by=karin, meeting=meeting, state=Meeting.State.OPEN)
        meeting.refresh_from_db()
        assert meeting.state == Meeting.State.NOTICED

    def test_check_in_closes_when_the_meeting_is_held(self, meeting, karin, roll, alice, time_machine):
        open_now(meeting, karin, time_machine)
        time_machine.move_to(meeting.starts_at + D(hours=1), tick=False)
        services.meeting_set_state(by=karin, meeting=meeting, state=Meeting.State.HELD)

        with pytest.raises(ValidationError, match="Incheckningen är inte öppen"):
            arrive(meeting, roll[0].partner, by=alice)
        # The kansli still corrects the record until the meeting is closed.
        arrive(meeting, roll[1].partner, by=karin)

    def test_a_closed_meeting_offers_no_departure_and_refuses_it(self, meeting, karin, roll, alice,
                                                                 client, time_machine):
        open_now(meeting, karin, time_machine)
        attendance = arrive(meeting, roll[0].partner, by=alice)
        time_machine.move_to(meeting.ends_at + D(hours=1), tick=False)
        services.meeting_set_state(by=karin, meeting=meeting, state=Meeting.State.HELD)
        services.meeting_set_state(by=karin, meeting=meeting, state=Meeting.State.CLOSED)

        for person, url in ((karin, "kansli_meeting"), (alice, "meeting_detail")):
            client.force_login(person)
            page = client.get(reverse(url, args=[meeting.pk])).content.decode()
            assert "Registrera avgång" not in page
            assert "avgang-" not in page
        response = client.post(reverse("attendance_depart", args=[attendance.pk]),
                               {"departed_at": f"{meeting.date:%Y-%m-%d}T12:00"}, follow=True)

        assert "Mötet är avslutat" in response.content.decode()
        attendance.refresh_from_db()
        assert attendance.departed_at is None


class TestStateMachine:
    def test_the_meeting_says_what_it_allows_now(self, meeting, karin, time_machine):
        assert {"edit", "edit_agenda", "answer", "resend"} <= meeting.allows
        assert not {"open", "record_presence", "check_in", "hold", "close", "send_notice"} & meeting.allows

        time_machine.move_to(meeting.starts_at - D(hours=2), tick=False)
        fresh = Meeting.objects.get(pk=meeting.pk)
        assert {"open", "record_presence", "answer"} <= fresh.allows
        assert "hold" not in fresh.allows

        time_machine.move_to(meeting.starts_at, tick=False)
        fresh = Meeting.objects.get(pk=meeting.pk)
        assert "answer" not in fresh.allows
        assert fresh.refusal("answer").startswith("Mötet har börjat")
        assert "hold" in fresh.allows

    def test_transitions_refuse_with_the_reason(self, meeting, karin, time_machine):
        with pytest.raises(ValidationError, match="Mötet har inte börjat ännu"):
            meeting.mark_held()
        with pytest.raises(ValidationError, match="Bara ett genomfört möte kan avslutas"):
            meeting.close()
        time_machine.move_to(meeting.starts_at, tick=False)
        meeting.open()
        assert meeting.state == Meeting.State.OPEN
        assert "check_in" in meeting.allows
        with pytest.raises(ValidationError, match="redan öppnat"):
            meeting.open()

    def test_a_planned_meeting_cannot_be_opened(self, karin, roll):
        planned = f.plan(by=karin, days_ahead=40)
        assert planned.refusal("open") == "Mötet är inte kallat."
        assert planned.refusal("answer") == "Kallelsen är inte skickad ännu."
        assert "send_notice" in planned.allows

    def test_a_refused_action_raises_with_the_reason(self, karin, roll):
        planned = f.plan(by=karin, days_ahead=40)
        with pytest.raises(ValidationError, match="Mötet är inte kallat"):
            planned.check_allowed("open")


class TestQuorumCountsPresenceOnly:
    def test_quorum_at_exactly_half(self, karin, time_machine):
        big = f.signed_roll(per_sector=2)  # ten partners: five needed
        meeting = f.noticed(by=karin, days_ahead=40)
        open_now(meeting, karin, time_machine)
        for sp in big[:4]:
            arrive(meeting, sp.partner, by=karin)
        assert not services.quorum_at(meeting, meeting.starts_at)["verdict"].ok

        arrive(meeting, big[4].partner, by=karin)

        quorum = services.quorum_at(meeting, meeting.starts_at)
        assert (quorum["present"], quorum["needed"], quorum["verdict"].ok) == (5, 5, True)

    def test_every_partner_coming_in_advance_is_still_no_quorum(self, meeting, karin, roll):
        for sp in roll:
            services.advance_answer_set(by=sp.user, meeting=meeting, partner=sp.partner,
                                        answer=AdvanceAnswer.Answer.COMING)

        quorum = services.quorum_at(meeting, meeting.starts_at + D(minutes=30))

        assert quorum["present"] == 0
        assert not quorum["verdict"].ok
        assert services.expected_turnout(meeting)["verdict"].ok


def test_a_meeting_open_for_check_in_stays_on_the_public_calendar(meeting, karin, client, time_machine):
    open_now(meeting, karin, time_machine)

    assert meeting.title in client.get(reverse("public_meetings")).content.decode()
    assert meeting.title in client.get(reverse("public_calendar")).content.decode()
