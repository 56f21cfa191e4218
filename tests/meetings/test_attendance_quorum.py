"""Attendance with arrival and departure, and quorum (R3) at the moment of a decision."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from meetings import services
from meetings.models import Attendance
from partnership.models import Representative
from tests.meetings import factories as f
from tests.partnership.factories import make_representative

pytestmark = pytest.mark.django_db

D = datetime.timedelta


def refusal(exc_info, field):
    errors = exc_info.value.message_dict
    assert field in errors, errors
    return " ".join(errors[field])


def opened(meeting, karin, time_machine):
    """Presence is recorded at the meeting (R3): the clock moves to its start and the kansli
    opens it for check-in."""
    time_machine.move_to(meeting.starts_at, tick=False)
    return services.meeting_set_state(by=karin, meeting=meeting, state="open")


@pytest.fixture
def meeting(karin, roll, time_machine):
    """A noticed partnership meeting, 10:00-13:00 local time, now at its start, open for check-in."""
    return opened(f.noticed(by=karin, days_ahead=40), karin, time_machine)


def at(meeting, hour, minute=0):
    return f.local(meeting.date, hour, minute)


def tid(meeting, hour, minute=0):
    return f"{meeting.date:%Y-%m-%d}T{hour:02d}:{minute:02d}"


def register(meeting, partner, *, by, arrive=(10, 0), depart=None, representatives=()):
    return services.attendance_register(
        by=by, meeting=meeting, partner=partner, arrived_at=at(meeting, *arrive),
        departed_at=at(meeting, *depart) if depart else None, representatives=representatives,
    )


class TestRegistering:
    def test_the_kansli_registers_a_partner_on_the_roll(self, meeting, karin, roll):
        attendance = register(meeting, roll[0].partner, by=karin,
                              representatives=[roll[0].representative])

        assert attendance.registered_by == karin
        assert list(attendance.representatives.all()) == [roll[0].representative]
        assert attendance.history.first().history_user == karin

    def test_the_kansli_registers_through_the_check_in_list(self, meeting, karin, roll, client):
        client.force_login(karin)

        response = client.post(reverse("kansli_attendance", args=[meeting.pk]), {
            "partner": roll[2].partner.pk, "handling": "kom", "tid": "10:05",
        })

        assert response.status_code == 302
        attendance = Attendance.objects.get()
        assert attendance.partner == roll[2].partner
        assert attendance.arrived_at == at(meeting, 10, 5)
        assert attendance.registered_by == karin

    def test_a_partner_not_on_the_roll_is_refused(self, meeting, karin, outsiders):
        with pytest.raises(ValidationError) as exc:
            register(meeting, outsiders.unsigned, by=karin)

        reason = refusal(exc, "partner")
        assert "finns inte på röstlängden" in reason
        assert outsiders.unsigned.name in reason
        assert not Attendance.objects.exists()

    def test_a_withdrawn_partner_is_refused(self, meeting, karin):
        withdrawn = f.withdrawn_partner(by=karin)

        with pytest.raises(ValidationError) as exc:
            register(meeting, withdrawn.partner, by=karin)

        assert "finns inte på röstlängden" in refusal(exc, "partner")

    def test_no_attendance_before_the_notice(self, karin, roll):
        planned = f.plan(by=karin, days_ahead=40)

        with pytest.raises(ValidationError) as exc:
            register(planned, roll[0].partner, by=karin)

        assert exc.value.messages == ["Mötet är inte kallat."]

    @pytest.mark.parametrize("depart", [(9, 30), (10, 0)])
    def test_departure_must_follow_arrival(self, meeting, karin, roll, depart):
        with pytest.raises(ValidationError) as exc:
            register(meeting, roll[0].partner, by=karin, arrive=(10, 0), depart=depart)

        assert refusal(exc, "departed_at") == "Avgången måste vara efter ankomsten."

    def test_the_check_in_list_refuses_departure_before_arrival(self, meeting, karin, roll, client):
        register(meeting, roll[0].partner, by=karin, arrive=(11, 0))
        client.force_login(karin)

        response = client.post(reverse("kansli_attendance", args=[meeting.pk]), {
            "partner": roll[0].partner.pk, "handling": "gick", "tid": "10:00"}, follow=True)

        assert "Avgången måste vara efter ankomsten (11:00)." in response.content.decode()
        assert Attendance.objects.get().departed_at is None

    def test_registering_a_departure_before_arrival_is_refused(self, meeting, karin, roll):
        attendance = register(meeting, roll[0].partner, by=karin, arrive=(10, 30))

        with pytest.raises(ValidationError) as exc:
            services.attendance_depart(by=karin, attendance=attendance, departed_at=at(meeting, 10, 15))

        assert refusal(exc, "departed_at") == "Avgången måste vara efter ankomsten (10:30)."
        attendance.refresh_from_db()
        assert attendance.departed_at is None

    def test_the_departure_view_shows_the_refusal(self, meeting, karin, roll, client):
        attendance = register(meeting, roll[0].partner, by=karin, arrive=(10, 30))
        client.force_login(karin)

        response = client.post(reverse("attendance_depart", args=[attendance.pk]),
                               {"departed_at": tid(meeting, 10, 15)}, follow=True)

        assert "Avgången måste vara efter ankomsten (10:30)." in response.content.decode()
        attendance.refresh_from_db()
        assert attendance.departed_at is None

    def test_a_departure_is_registered_once(self, meeting, karin, roll):
        attendance = register(meeting, roll[0].partner, by=karin)
        services.attendance_depart(by=karin, attendance=attendance, departed_at=at(meeting, 11))

        with pytest.raises(ValidationError) as exc:
            services.attendance_depart(by=karin, attendance=attendance, departed_at=at(meeting, 12))

        assert exc.value.messages == ["Avgången är redan registrerad."]

    @pytest.mark.parametrize(("first", "second"), [
        (((10, 0), (11, 0)), ((10, 30), None)),
        (((10, 0), None), ((12, 0), (12, 30))),
        (((11, 0), (12, 0)), ((10, 0), (11, 30))),
        (((11, 0), (11, 30)), ((10, 0), (12, 0))),
    ])
    def test_overlapping_intervals_are_refused(self, meeting, karin, roll, first, second):
        register(meeting, roll[0].partner, by=karin, arrive=first[0], depart=first[1])

        with pytest.raises(ValidationError) as exc:
            register(meeting, roll[0].partner, by=karin, arrive=second[0], depart=second[1])

        assert "redan registrerad som närvarande" in refusal(exc, "arrived_at")
        assert Attendance.objects.count() == 1

    def test_a_partner_may_come_back_after_leaving(self, meeting, karin, roll):
        register(meeting, roll[0].partner, by=karin, arrive=(10, 0), depart=(11, 0))
        register(meeting, roll[0].partner, by=karin, arrive=(11, 0))

        assert Attendance.objects.filter(partner=roll[0].partner).count() == 2

    def test_a_representative_registers_only_their_own_partner(self, meeting, roll, alice):
        own = register(meeting, roll[0].partner, by=alice)
        assert own.registered_by == alice

        with pytest.raises(ValidationError) as exc:
            register(meeting, roll[1].partner, by=alice)

        assert exc.value.messages == ["Du kan bara svara och checka in för den partner du företräder."]
        assert not Attendance.objects.filter(partner=roll[1].partner).exists()

    def test_the_meeting_page_checks_a_representative_in_for_their_own_partner(
            self, meeting, roll, alice, client):
        client.force_login(alice)

        response = client.post(reverse("meeting_attendance", args=[meeting.pk]),
                               {"partner": roll[1].partner.pk})

        assert response.status_code == 302
        attendance = Attendance.objects.get()
        assert attendance.partner == roll[0].partner  # a partner id in the form is never read
        assert attendance.arrived_at == meeting.starts_at
        assert list(attendance.representatives.all()) == [roll[0].representative]

    def test_the_representatives_must_act_for_the_partner(self, meeting, karin, roll):
        with pytest.raises(ValidationError) as exc:
            register(meeting, roll[0].partner, by=karin, representatives=[roll[1].representative])

        assert refusal(exc, "representatives") == "Representanterna måste företräda partnern."
        assert not Attendance.objects.exists()

    def test_a_representative_cannot_register_anothers_departure(self, meeting, karin, roll, alice,
                                                                 client):
        attendance = register(meeting, roll[1].partner, by=karin)

        with pytest.raises(ValidationError):
            services.attendance_depart(by=alice, attendance=attendance, departed_at=at(meeting, 11))
        client.force_login(alice)
        response = client.post(reverse("attendance_depart", args=[attendance.pk]),
                               {"departed_at": tid(meeting, 11)})

        assert response.status_code == 404
        attendance.refresh_from_db()
        assert attendance.departed_at is None


# Quorum -------------------------------------------------------------------------------


@pytest.fixture
def big_roll(karin):
    """Ten partners, two per sector; partners[i] and partners[i + 5] share a sector."""
    return f.signed_roll(per_sector=2)


@pytest.fixture
def big_meeting(karin, big_roll, time_machine):
    return opened(f.noticed(by=karin, days_ahead=40), karin, time_machine)


def present(meeting, signed, *, by, arrive=(10, 0), depart=None):
    for sp in signed:
        register(meeting, sp.partner, by=by, arrive=arrive, depart=depart)


class TestQuorum:
    def test_half_the_roll_with_every_sector_is_quorate(self, big_meeting, big_roll, karin):
        present(big_meeting, big_roll[:5], by=karin)

        quorum = services.quorum_at(big_meeting, at(big_meeting, 11))

        assert quorum["verdict"].ok
        assert (quorum["present"], quorum["roll_size"], quorum["needed"]) == (5, 10, 5)
        assert "5 av 10" in quorum["verdict"].reason

    def test_less_than_half_is_not_quorate(self, big_meeting, big_roll, karin):
        present(big_meeting, big_roll[:4], by=karin)

        quorum = services.quorum_at(big_meeting, at(big_meeting, 11))

        assert not quorum["verdict"].ok
        assert quorum["present"] == 4
        assert "4 av 10" in quorum["verdict"].reason
        assert "minst 5 krävs" in quorum["verdict"].reason

    def test_a_missing_sector_is_not_quorate_and_named(self, big_meeting, big_roll, karin):
        everyone_but_industry = [sp for sp in big_roll if sp.partner.sector != "naringsliv"]
        present(big_meeting, everyone_but_industry, by=karin)

        quorum = services.quorum_at(big_meeting, at(big_meeting, 11))

        assert not quorum["verdict"].ok
        assert quorum["present"] == 8
        assert "Näringsliv" in quorum["verdict"].reason
        assert "ingen partner närvarar från Näringsliv" in quorum["verdict"].reason
        assert dict((code, n) for code, _label, n, _roll in quorum["sectors"])["naringsliv"] == 0

    def test_quorum_follows_arrivals_and_departures(self, big_meeting, big_roll, karin):
        present(big_meeting, big_roll[:4], by=karin)
        register(big_meeting, big_roll[4].partner, by=karin, arrive=(10, 15), depart=(11, 30))

        def ok(hour, minute=0):
            return services.quorum_at(big_meeting, at(big_meeting, hour, minute))["verdict"].ok

        assert not ok(10, 14)
        assert ok(10, 15)
        assert ok(11, 0)
        assert ok(11, 29)
        assert not ok(11, 30)
        assert not ok(12, 0)

    def test_a_departure_registered_later_changes_quorum_from_then(self, big_meeting, big_roll, karin):
        present(big_meeting, big_roll[:5], by=karin)
        leaving = Attendance.objects.get(partner=big_roll[2].partner)

        services.attendance_depart(by=karin, attendance=leaving, departed_at=at(big_meeting, 11, 45))

        assert services.quorum_at(big_meeting, at(big_meeting, 11, 30))["verdict"].ok
        after = services.quorum_at(big_meeting, at(big_meeting, 12))
        assert not after["verdict"].ok
        assert "Myndigheter" in after["verdict"].reason

    def test_a_partner_counts_once_however_many_representatives(self, big_meeting, big_roll, karin):
        first = big_roll[0]
        deputy = make_representative(first.partner, email="deputy@region.example",
                                     role=Representative.Role.DEPUTY)
        register(big_meeting, first.partner, by=karin, representatives=[first.representative, deputy])
        present(big_meeting, big_roll[1:4], by=karin)

        quorum = services.quorum_at(big_meeting, at(big_meeting, 11))

        assert quorum["present"] == 4
        assert not quorum["verdict"].ok

    def test_a_partner_back_after_a_break_counts_once(self, big_meeting, big_roll, karin):
        register(big_meeting, big_roll[0].partner, by=karin, arrive=(10, 0), depart=(10, 30))
        register(big_meeting, big_roll[0].partner, by=karin, arrive=(10, 30))
        present(big_meeting, big_roll[1:5], by=karin)

        quorum = services.quorum_at(big_meeting, at(big_meeting, 10, 30))

        assert quorum["present"] == 5
        assert quorum["verdict"].ok


class TestQuorumPanel:
    @pytest.fixture
    def scene(self, big_meeting, big_roll, karin):
        present(big_meeting, big_roll[:4], by=karin)
        register(big_meeting, big_roll[4].partner, by=karin, arrive=(10, 0), depart=(11, 30))
        return big_meeting

    def panel(self, client, meeting, moment):
        return client.get(reverse("meeting_quorum", args=[meeting.pk]), {"tid": moment})

    def test_it_shows_quorum_at_the_moment_asked_for(self, scene, big_roll, client):
        client.force_login(big_roll[0].user)

        before = self.panel(client, scene, tid(scene, 11)).content.decode()
        after = self.panel(client, scene, tid(scene, 12)).content.decode()

        assert "Beslutsfört: " in before
        assert "5 av 10 partners på röstlängden närvarande; minst 5 krävs." in before
        assert "Inte beslutsfört: " in after
        assert "Civilsamhälle" in after

    def test_the_kansli_sees_the_panel(self, scene, karin, client):
        client.force_login(karin)

        assert "Beslutsfört" in self.panel(client, scene, tid(scene, 11)).content.decode()

    def test_anonymous_visitors_are_sent_to_log_in(self, scene, client):
        response = self.panel(client, scene, tid(scene, 11))

        assert response.status_code == 302
        assert response["Location"].startswith(reverse("account_login"))

    def test_people_not_called_get_404(self, scene, outsiders, client):
        for person in (outsiders.charlie, outsiders.dave):
            client.force_login(person)
            assert self.panel(client, scene, tid(scene, 11)).status_code == 404
