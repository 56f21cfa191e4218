"""The speakers' list (talarlista, issue 10): representatives of partners present ask for the
floor from their own device while the meeting is under way; the chair or the kansli gives it in
the order asked and closes the list. Services first (decisions/speakers.py), then the pages
(decisions/views/speakers.py) through the client."""

import datetime
import re

import pytest
from django.contrib.messages import constants
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from decisions import access, speakers, voting
from decisions.models import SpeakerRequest, SpeakersListClosing
from meetings import services as meeting_services
from meetings.models import Attendance, Meeting
from swecan.demo_accounts import ensure_totp
from tests.decisions.helpers_prepare import a_meeting
from tests.decisions.helpers_room import room_under_way
from tests.meetings import factories as mf
from tests.partnership.factories import make_representative
from tests.swecan.test_valid_html import problems

pytestmark = pytest.mark.django_db

SECOND = datetime.timedelta(seconds=1)
S = SpeakerRequest.State


@pytest.fixture
def room(karin, roll, time_machine):
    """Every partner present; the case item and a plain decision item on the agenda."""
    return room_under_way(karin=karin, roll=roll, time_machine=time_machine)


def reason_of(excinfo) -> str:
    return " ".join(excinfo.value.messages)


def ask(signed, item) -> SpeakerRequest:
    return speakers.floor_request(by=signed.user, item=item, partner=signed.partner)


def later(time_machine, seconds=1):
    """The next request comes a moment later, as in a real room."""
    from django.utils import timezone

    time_machine.move_to(timezone.now() + seconds * SECOND, tick=False)


def waiting_users(item) -> list:
    return [r.user for r in speakers.speakers_for(item)["waiting"]]


# Asking for the floor -----------------------------------------------------------------------------


class TestAsking:
    def test_requests_wait_in_the_order_asked_and_each_person_sees_their_place(self, room, roll, time_machine):
        for signed in (roll[2], roll[0], roll[1]):
            ask(signed, room.case_item)
            later(time_machine)

        lists = speakers.speakers_for(room.case_item)
        assert [r.user for r in lists["waiting"]] == [roll[2].user, roll[0].user, roll[1].user]
        assert [r.partner for r in lists["waiting"]] == [roll[2].partner, roll[0].partner, roll[1].partner]
        assert lists["speaking"] is None and lists["done"] == [] and lists["closing"] is None
        assert speakers.queue_place(lists, roll[1].user)[1] == 3
        assert speakers.queue_place(lists, roll[3].user) == (None, None)
        # Another item has its own list.
        assert speakers.speakers_for(room.plain_item)["waiting"] == []

    def test_one_waiting_request_per_person_and_item(self, room, alice, roll):
        ask(roll[0], room.case_item)
        with pytest.raises(ValidationError) as excinfo:
            ask(roll[0], room.case_item)
        assert "Du står redan på talarlistan som nummer 1." in reason_of(excinfo)
        assert SpeakerRequest.objects.count() == 1

    def test_two_representatives_of_one_partner_each_ask_for_themselves(self, room, roll, deputy):
        ask(roll[0], room.case_item)
        speakers.floor_request(by=deputy, item=room.case_item, partner=roll[0].partner)
        assert waiting_users(room.case_item) == [roll[0].user, deputy]

    def test_a_double_click_leaves_one_request_and_a_message(self, room, roll, monkeypatch):
        ask(roll[0], room.case_item)
        # Both clicks passed the checks before either wrote: the database's constraint decides.
        monkeypatch.setattr(speakers, "floor_refusal", lambda *args, **kwargs: None)
        with pytest.raises(ValidationError) as excinfo:
            ask(roll[0], room.case_item)
        assert reason_of(excinfo) == "Du står redan på talarlistan."
        assert SpeakerRequest.objects.filter(agenda_item=room.case_item).count() == 1

    def test_someone_who_has_spoken_may_ask_again(self, room, roll, karin):
        first = ask(roll[0], room.case_item)
        speakers.floor_give(by=karin, speaker_request=first)
        with pytest.raises(ValidationError, match="Du har ordet."):
            ask(roll[0], room.case_item)
        speakers.floor_finish(by=karin, speaker_request=first)
        again = ask(roll[0], room.case_item)
        assert again.pk != first.pk and waiting_users(room.case_item) == [roll[0].user]

    def test_a_partner_not_present_is_refused_with_the_reason(self, karin, roll, time_machine):
        room = room_under_way(karin=karin, roll=roll, time_machine=time_machine, present=[roll[0], *roll[2:]])
        with pytest.raises(ValidationError) as excinfo:
            ask(roll[1], room.case_item)
        assert f"{roll[1].partner.name} är inte registrerad som närvarande" in reason_of(excinfo)
        assert not SpeakerRequest.objects.exists()

    def test_an_advance_answer_that_they_will_come_is_not_presence(self, karin, roll, time_machine):
        meeting = a_meeting(karin, days_ahead=80)
        item = mf.add_item(meeting, by=karin, title="Nationell strategi", kind="discussion")
        mf.send_notice(meeting, by=karin)
        meeting_services.advance_answer_set(by=roll[1].user, meeting=meeting, partner=roll[1].partner,
                                            answer="coming", representative=roll[1].representative)
        time_machine.move_to(meeting.starts_at, tick=False)
        meeting_services.meeting_set_state(by=karin, meeting=meeting, state=Meeting.State.OPEN)

        with pytest.raises(ValidationError, match="inte registrerad som närvarande"):
            ask(roll[1], item)

        # Checked in: now present, the request is taken.
        meeting_services.attendance_register(by=roll[1].user, meeting=meeting, partner=roll[1].partner,
                                             arrived_at=meeting.starts_at, representatives=[roll[1].representative])
        assert ask(roll[1], item).state == S.WAITING

    def test_a_partner_that_has_left_can_no_longer_ask(self, room, roll, karin, time_machine):
        later(time_machine, 600)
        attendance = Attendance.objects.get(meeting=room.meeting, partner=roll[1].partner)
        from django.utils import timezone

        meeting_services.attendance_depart(by=karin, attendance=attendance, departed_at=timezone.now() - SECOND)
        with pytest.raises(ValidationError, match="inte registrerad som närvarande"):
            ask(roll[1], room.case_item)

    def test_only_while_the_meeting_is_under_way(self, karin, roll, time_machine):
        meeting = a_meeting(karin, days_ahead=80)
        item = mf.add_item(meeting, by=karin, title="Nationell strategi", kind="discussion")
        mf.send_notice(meeting, by=karin)
        time_machine.move_to(meeting.starts_at, tick=False)
        with pytest.raises(ValidationError, match="Sammanträdet pågår inte"):
            ask(roll[0], item)  # noticed, not yet opened by the kansli

        meeting_services.meeting_set_state(by=karin, meeting=meeting, state=Meeting.State.OPEN)
        meeting_services.attendance_register(by=karin, meeting=meeting, partner=roll[0].partner,
                                             arrived_at=meeting.starts_at)
        assert ask(roll[0], item)
        meeting_services.meeting_set_state(by=karin, meeting=meeting, state=Meeting.State.HELD)
        with pytest.raises(ValidationError, match="Sammanträdet pågår inte"):
            ask(roll[1], item)

    def test_an_information_item_has_no_list_and_a_decided_item_takes_no_requests(self, room, roll, karin):
        information = mf.add_item(room.meeting, by=karin, title="Information från kansliet", kind="information")
        with pytest.raises(ValidationError, match="Punkten har ingen talarlista."):
            ask(roll[0], information)
        voting.decision_by_consensus(by=karin, item=room.plain_item, wording="Alice och Bob justerar.")
        with pytest.raises(ValidationError, match="Punkten är redan beslutad."):
            ask(roll[0], room.plain_item)
        assert not SpeakerRequest.objects.exists()

    def test_only_a_representative_of_the_partner_asks_for_it(self, room, roll, karin, alice):
        with pytest.raises(PermissionDenied):
            speakers.floor_request(by=alice, item=room.case_item, partner=roll[1].partner)
        with pytest.raises(PermissionDenied):
            speakers.floor_request(by=karin, item=room.case_item, partner=roll[1].partner)
        assert not SpeakerRequest.objects.exists()
        assert access.may_request_floor(alice, roll[0].partner)
        assert not access.may_request_floor(karin, roll[0].partner)

    def test_the_request_is_in_the_history_with_who_asked(self, room, roll):
        request = ask(roll[0], room.case_item)
        assert request.history.get().history_user == roll[0].user


# Taking it back ----------------------------------------------------------------------------------


class TestWithdrawing:
    def test_the_asker_takes_the_request_back(self, room, roll):
        request = ask(roll[0], room.case_item)
        speakers.floor_withdraw(by=roll[0].user, speaker_request=request)
        request.refresh_from_db()
        assert request.state == S.WITHDRAWN and request.finished_at is not None
        assert request.history.first().history_user == roll[0].user
        assert speakers.speakers_for(room.case_item)["waiting"] == []
        ask(roll[0], room.case_item)  # and may ask again

    def test_another_partners_representative_cannot_withdraw_mine(self, room, roll, bob, deputy, karin):
        request = ask(roll[0], room.case_item)
        for other in (bob, deputy, karin):  # another partner, a colleague of the same partner, the kansli
            with pytest.raises(PermissionDenied):
                speakers.floor_withdraw(by=other, speaker_request=request)
            assert not access.may_withdraw_floor_request(other, request)
        request.refresh_from_db()
        assert request.state == S.WAITING

    def test_once_given_the_floor_the_request_cannot_be_taken_back(self, room, roll, karin):
        request = ask(roll[0], room.case_item)
        speakers.floor_give(by=karin, speaker_request=request)
        with pytest.raises(ValidationError, match="Ordet är redan givet"):
            speakers.floor_withdraw(by=roll[0].user, speaker_request=request)


# The chair's side ----------------------------------------------------------------------------------


class TestChair:
    def test_only_those_who_run_the_meeting_give_the_floor(self, karin, roll, time_machine):
        chair = roll[4].user
        room = room_under_way(karin=karin, roll=roll, time_machine=time_machine, chair=chair)
        request = ask(roll[0], room.case_item)
        for representative in (roll[0].user, roll[1].user):
            with pytest.raises(PermissionDenied):
                speakers.floor_give(by=representative, speaker_request=request)
        request.refresh_from_db()
        assert request.state == S.WAITING

        speakers.floor_give(by=chair, speaker_request=request)
        request.refresh_from_db()
        assert request.state == S.SPEAKING and request.given_at is not None
        assert request.history.first().history_user == chair
        with pytest.raises(PermissionDenied):
            speakers.floor_finish(by=roll[1].user, speaker_request=request)
        speakers.floor_finish(by=karin, speaker_request=request)
        request.refresh_from_db()
        assert request.state == S.DONE and request.finished_at is not None

    def test_giving_the_floor_to_the_next_ends_the_current_speaker(self, room, roll, karin, time_machine):
        first, second = ask(roll[0], room.case_item), ask(roll[1], room.case_item)
        speakers.floor_give(by=karin, speaker_request=first)
        later(time_machine, 90)
        speakers.floor_give(by=karin, speaker_request=second)

        lists = speakers.speakers_for(room.case_item)
        assert lists["speaking"].user == roll[1].user and lists["waiting"] == []
        assert [r.user for r in lists["done"]] == [roll[0].user]
        assert lists["done"][0].finished_at == lists["speaking"].given_at
        assert SpeakerRequest.objects.filter(agenda_item=room.case_item, state=S.SPEAKING).count() == 1

    def test_the_chair_may_give_the_floor_out_of_order(self, room, roll, karin):
        ask(roll[0], room.case_item)
        second = ask(roll[1], room.case_item)
        speakers.floor_give(by=karin, speaker_request=second)
        assert waiting_users(room.case_item) == [roll[0].user]

    def test_refusals_say_why(self, room, roll, karin):
        request = ask(roll[0], room.case_item)
        with pytest.raises(ValidationError, match="Talaren har inte fått ordet än."):
            speakers.floor_finish(by=karin, speaker_request=request)
        speakers.floor_give(by=karin, speaker_request=request)
        with pytest.raises(ValidationError, match="Talaren har redan ordet."):
            speakers.floor_give(by=karin, speaker_request=request)
        speakers.floor_finish(by=karin, speaker_request=request)
        with pytest.raises(ValidationError, match="Talaren har redan talat klart."):
            speakers.floor_give(by=karin, speaker_request=request)
        withdrawn = ask(roll[1], room.case_item)
        speakers.floor_withdraw(by=roll[1].user, speaker_request=withdrawn)
        with pytest.raises(ValidationError, match="Begäran om ordet är återtagen."):
            speakers.floor_give(by=karin, speaker_request=withdrawn)

    def test_a_closed_list_refuses_new_requests_but_those_waiting_still_speak(self, room, roll, karin):
        waiting = ask(roll[0], room.case_item)
        closing = speakers.speakers_close(by=karin, item=room.case_item)
        assert closing.closed_by == karin and closing.history.get().history_user == karin

        with pytest.raises(ValidationError, match="Ordföranden har stängt talarlistan för punkten."):
            ask(roll[1], room.case_item)
        with pytest.raises(ValidationError, match="Talarlistan är redan stängd."):
            speakers.speakers_close(by=karin, item=room.case_item)
        speakers.floor_give(by=karin, speaker_request=waiting)
        assert speakers.speakers_for(room.case_item)["speaking"].pk == waiting.pk
        # Another item's list is still open.
        assert ask(roll[1], room.plain_item)

        speakers.speakers_reopen(by=karin, item=room.case_item)
        assert not SpeakersListClosing.objects.exists()
        assert ask(roll[1], room.case_item)
        with pytest.raises(ValidationError, match="Talarlistan är inte stängd."):
            speakers.speakers_reopen(by=karin, item=room.case_item)

    def test_a_representative_cannot_close_the_list(self, room, alice):
        with pytest.raises(PermissionDenied):
            speakers.speakers_close(by=alice, item=room.case_item)
        assert not SpeakersListClosing.objects.exists()

    def test_the_floor_is_given_only_while_the_meeting_is_under_way(self, room, roll, karin):
        request = ask(roll[0], room.case_item)
        meeting_services.meeting_set_state(by=karin, meeting=room.meeting, state=Meeting.State.HELD)
        with pytest.raises(ValidationError, match="Sammanträdet pågår inte"):
            speakers.floor_give(by=karin, speaker_request=request)
        with pytest.raises(ValidationError, match="Sammanträdet pågår inte"):
            speakers.speakers_close(by=karin, item=room.case_item)


# The pages -----------------------------------------------------------------------------------------


def room_url(room, item=None) -> str:
    url = reverse("meeting_room", args=[room.meeting.pk])
    return f"{url}#punkt-{item.pk}" if item is not None else url


def member_url(room, item=None) -> str:
    url = reverse("meeting_detail", args=[room.meeting.pk])
    return f"{url}#ordet-{item.pk}" if item is not None else url


def errors(response) -> list[str]:
    return [m.message for m in response.context["messages"] if m.level == constants.ERROR]


def successes(response) -> list[str]:
    return [m.message for m in response.context["messages"] if m.level == constants.SUCCESS]


def valid(response) -> str:
    assert response.status_code == 200
    html = response.content.decode()
    assert problems(html) == [], problems(html)
    return html


def section(html: str, item) -> str:
    """The representative's block of one item on their page."""
    return re.split(r'id="ordet-\d+"|</section>', html.split(f'id="ordet-{item.pk}"')[1])[0]


def panel(html: str, item) -> str:
    """The chair's speakers' list of one item in the room."""
    return html.split(f'id="talarlista-{item.pk}"')[1].split("</ol>")[0]


class TestPermissions:
    def test_anonymous_visitors_are_sent_to_the_login(self, client, room, roll):
        request = ask(roll[0], room.case_item)
        gets = [reverse("speakers_panel", args=[room.case_item.pk]), reverse("floor_panel", args=[room.case_item.pk])]
        posts = [reverse("room_floor_give", args=[request.pk]), reverse("room_floor_finish", args=[request.pk]),
                 reverse("room_speakers_close", args=[room.case_item.pk]),
                 reverse("room_speakers_reopen", args=[room.case_item.pk]),
                 reverse("floor_request", args=[room.case_item.pk]), reverse("floor_withdraw", args=[request.pk])]
        for url in gets:
            response = client.get(url)
            assert response.status_code == 302 and "login" in response["Location"], url
        for url in posts:
            response = client.post(url)
            assert response.status_code == 302 and "login" in response["Location"], url
        request.refresh_from_db()
        assert request.state == S.WAITING and not SpeakersListClosing.objects.exists()

    def test_a_representative_cannot_give_the_floor_or_close_the_list(self, client, room, roll, bob):
        request = ask(roll[0], room.case_item)
        client.force_login(bob)
        assert client.post(reverse("room_floor_give", args=[request.pk])).status_code == 403
        assert client.post(reverse("room_floor_finish", args=[request.pk])).status_code == 403
        assert client.post(reverse("room_speakers_close", args=[room.case_item.pk])).status_code == 403
        assert client.get(reverse("speakers_panel", args=[room.case_item.pk])).status_code == 403
        request.refresh_from_db()
        assert request.state == S.WAITING and not SpeakersListClosing.objects.exists()

    def test_another_partners_request_cannot_be_taken_back(self, client, room, roll, bob, deputy):
        request = ask(roll[0], room.case_item)
        for other in (bob, deputy):
            client.force_login(other)
            assert client.post(reverse("floor_withdraw", args=[request.pk])).status_code == 404
        request.refresh_from_db()
        assert request.state == S.WAITING

    def test_a_partner_in_the_form_is_ignored_the_request_is_for_my_own(self, client, room, roll, bob):
        client.force_login(bob)
        client.post(reverse("floor_request", args=[room.case_item.pk]), {"partner": roll[0].partner.pk})
        assert list(SpeakerRequest.objects.values_list("partner", "user")) == [(roll[1].partner.pk, bob.pk)]

    def test_people_not_called_and_the_kansli_do_not_ask_for_the_floor(self, client, room, karin, charlie, dave):
        for user in (charlie, dave, karin):
            client.force_login(user)
            assert client.post(reverse("floor_request", args=[room.case_item.pk])).status_code == 404
            assert client.get(reverse("floor_panel", args=[room.case_item.pk])).status_code == 404
        assert not SpeakerRequest.objects.exists()

    def test_the_chair_of_another_meeting_cannot_give_the_floor_here(self, client, karin, roll, time_machine):
        room = room_under_way(karin=karin, roll=roll, time_machine=time_machine)
        other = mf.plan(by=karin, days_ahead=60)
        chair = roll[3].user
        Meeting.objects.filter(pk=other.pk).update(chair=chair)  # history: test set-up only
        ensure_totp(chair)
        request = ask(roll[0], room.case_item)
        client.force_login(chair)
        assert client.post(reverse("room_floor_give", args=[request.pk])).status_code == 403
        request.refresh_from_db()
        assert request.state == S.WAITING

    def test_an_item_without_a_list_has_no_pages(self, client, room, karin, alice):
        information = mf.add_item(room.meeting, by=karin, title="Information från kansliet", kind="information")
        client.force_login(alice)
        assert client.post(reverse("floor_request", args=[information.pk])).status_code == 404
        client.force_login(karin)
        assert client.get(reverse("speakers_panel", args=[information.pk])).status_code == 404


class TestRoomPages:
    def test_the_chair_sees_who_waits_in_order_and_gives_the_floor(self, client, karin, roll, time_machine):
        chair = roll[4].user
        room = room_under_way(karin=karin, roll=roll, time_machine=time_machine, chair=chair)
        ensure_totp(chair)
        for signed in (roll[1], roll[0]):
            ask(signed, room.case_item)
            later(time_machine)
        client.force_login(chair)
        html = valid(client.get(room_url(room)))
        queue = panel(html, room.case_item)
        assert queue.index(roll[1].partner.name) < queue.index(roll[0].partner.name)
        assert roll[1].user.get_full_name() in queue and "Ge ordet" in queue
        assert "Ingen har ordet." in queue and "Stäng talarlistan" in html
        assert f'data-hx-get="{reverse("speakers_panel", args=[room.case_item.pk])}"' in html

        first = SpeakerRequest.objects.get(user=roll[1].user)
        response = client.post(reverse("room_floor_give", args=[first.pk]))
        assert response.status_code == 302 and response["Location"] == room_url(room, room.case_item)
        html = valid(client.get(room_url(room)))
        assert "Har ordet:" in html and "Klar" in html
        first.refresh_from_db()
        assert first.state == S.SPEAKING and first.history.first().history_user == chair

        response = client.post(reverse("room_floor_finish", args=[first.pk]), follow=True)
        assert not errors(response) and successes(response)
        first.refresh_from_db()
        assert first.state == S.DONE
        assert "Har talat:" in valid(client.get(room_url(room)))

    def test_the_chair_closes_and_reopens_the_list(self, client, room, karin, roll):
        ask(roll[0], room.case_item)
        client.force_login(karin)
        response = client.post(reverse("room_speakers_close", args=[room.case_item.pk]))
        assert response.status_code == 302 and response["Location"] == room_url(room, room.case_item)
        html = valid(client.get(room_url(room)))
        assert "Öppna talarlistan igen" in html and roll[0].partner.name in panel(html, room.case_item)

        # A second close (another tab) is a message, not an error page.
        response = client.post(reverse("room_speakers_close", args=[room.case_item.pk]), follow=True)
        assert errors(response) == ["Talarlistan är redan stängd."]

        client.post(reverse("room_speakers_reopen", args=[room.case_item.pk]))
        assert not SpeakersListClosing.objects.exists()

    def test_a_refusal_comes_back_as_a_message_in_the_room(self, client, room, karin, roll):
        request = ask(roll[0], room.case_item)
        client.force_login(karin)
        response = client.post(reverse("room_floor_finish", args=[request.pk]), follow=True)
        assert errors(response) == ["Talaren har inte fått ordet än."]

    def test_the_panel_alone_for_htmx(self, client, room, karin, roll):
        ask(roll[0], room.case_item)
        client.force_login(karin)
        response = client.get(reverse("speakers_panel", args=[room.case_item.pk]))
        html = response.content.decode()
        assert response.status_code == 200 and problems(html) == []
        assert roll[0].partner.name in html and "Ge ordet" in html

    def test_after_the_session_the_list_shows_without_forms(self, client, room, karin, roll):
        ask(roll[0], room.case_item)
        meeting_services.meeting_set_state(by=karin, meeting=room.meeting, state=Meeting.State.HELD)
        client.force_login(karin)
        html = valid(client.get(room_url(room)))
        queue = panel(html, room.case_item)
        assert roll[0].partner.name in queue and "Ge ordet" not in queue
        assert "Stäng talarlistan" not in html and "data-hx-get" not in queue

    def test_the_panel_and_the_room_keep_a_fixed_query_count(self, client, room, karin, roll, time_machine,
                                                              django_assert_num_queries):
        def requests(n: int):
            for i in range(n):
                rep = make_representative(roll[i % 5].partner, name=f"Talare {i}")
                speakers.floor_request(by=rep.user, item=room.case_item, partner=roll[i % 5].partner)
                later(time_machine)

        requests(2)
        client.force_login(karin)
        panel_url = reverse("speakers_panel", args=[room.case_item.pk])
        client.get(panel_url)  # warm the session and the translations
        with CaptureQueriesContext(connection) as few_panel:
            client.get(panel_url)
        with CaptureQueriesContext(connection) as few_room:
            client.get(room_url(room))

        requests(12)
        first, second = SpeakerRequest.objects.filter(agenda_item=room.case_item)[:2]
        speakers.floor_give(by=karin, speaker_request=first)
        speakers.floor_give(by=karin, speaker_request=second)
        speakers.speakers_close(by=karin, item=room.case_item)
        speakers.floor_request(by=roll[0].user, item=room.plain_item, partner=roll[0].partner)

        with django_assert_num_queries(len(few_panel.captured_queries)):
            response = client.get(panel_url)
        assert response.content.decode().count("Ge ordet") == 12
        with django_assert_num_queries(len(few_room.captured_queries)):
            response = client.get(room_url(room))
        assert response.content.decode().count("Ge ordet") == 13


class TestMemberPages:
    def test_a_representative_asks_for_the_floor_sees_the_place_and_takes_it_back(self, client, room, roll, bob,
                                                                                  time_machine):
        ask(roll[0], room.case_item)
        later(time_machine)
        client.force_login(bob)
        html = valid(client.get(member_url(room)))
        assert "Begär ordet" in section(html, room.case_item) and "Begär ordet" in section(html, room.plain_item)

        response = client.post(reverse("floor_request", args=[room.case_item.pk]), {"next": member_url(room)})
        assert response.status_code == 302 and response["Location"] == member_url(room, room.case_item)
        response = client.get(member_url(room))
        assert successes(response) == [f"Du har begärt ordet på § {room.case_item.position}. Du står som "
                                       "nummer 2 på talarlistan."]
        mine = section(valid(response), room.case_item)
        assert "Du står som nummer 2 på talarlistan." in mine and "Ta tillbaka begäran" in mine
        assert f'data-hx-get="{reverse("floor_panel", args=[room.case_item.pk])}' in mine

        request = SpeakerRequest.objects.get(user=bob)
        response = client.post(reverse("floor_withdraw", args=[request.pk]), {"next": member_url(room)}, follow=True)
        assert successes(response) == ["Din begäran om ordet är tillbakatagen."]
        request.refresh_from_db()
        assert request.state == S.WITHDRAWN
        assert "Begär ordet" in section(valid(response), room.case_item)

    def test_a_double_click_is_one_request_and_a_message(self, client, room, bob):
        client.force_login(bob)
        client.post(reverse("floor_request", args=[room.case_item.pk]))
        response = client.post(reverse("floor_request", args=[room.case_item.pk]), follow=True)
        assert response.status_code == 200
        assert errors(response) == ["Du står redan på talarlistan som nummer 1."]
        assert SpeakerRequest.objects.filter(user=bob).count() == 1

    def test_the_representative_sees_when_they_have_the_floor(self, client, room, roll, karin, bob):
        request = ask(roll[1], room.case_item)
        speakers.floor_give(by=karin, speaker_request=request)
        client.force_login(bob)
        mine = section(valid(client.get(member_url(room))), room.case_item)
        assert "Du har ordet." in mine and "Ta tillbaka begäran" not in mine and "Begär ordet" not in mine
        client.force_login(roll[0].user)
        theirs = section(valid(client.get(member_url(room))), room.case_item)
        assert f"Ordet har: {bob.get_full_name()} ({roll[1].partner.name})." in theirs

    def test_a_partner_not_present_is_told_why_and_offered_no_button(self, client, karin, roll, bob, time_machine):
        room = room_under_way(karin=karin, roll=roll, time_machine=time_machine, present=[roll[0], *roll[2:]])
        client.force_login(bob)
        html = valid(client.get(member_url(room)))
        assert f"{roll[1].partner.name} är inte registrerad som närvarande" in html
        assert 'action="{}"'.format(reverse("floor_request", args=[room.case_item.pk])) not in html
        response = client.post(reverse("floor_request", args=[room.case_item.pk]), follow=True)
        assert any("inte registrerad som närvarande" in e for e in errors(response))
        assert not SpeakerRequest.objects.exists()

    def test_a_closed_list_is_said_on_the_item(self, client, room, karin, bob):
        speakers.speakers_close(by=karin, item=room.case_item)
        client.force_login(bob)
        html = valid(client.get(member_url(room)))
        assert "Ordföranden har stängt talarlistan för punkten." in section(html, room.case_item)
        assert "Begär ordet" in section(html, room.plain_item)

    def test_on_the_meeting_day_before_the_kansli_opens_it_the_reason_is_shown(self, client, karin, roll,
                                                                                time_machine):
        meeting = a_meeting(karin, days_ahead=80)
        mf.add_item(meeting, by=karin, title="Nationell strategi", kind="discussion")
        mf.send_notice(meeting, by=karin)
        client.force_login(roll[0].user)
        assert "Begär ordet" not in valid(client.get(reverse("meeting_detail", args=[meeting.pk])))  # weeks ahead
        time_machine.move_to(meeting.starts_at, tick=False)
        client.force_login(roll[0].user)  # the session of 80 days ago has expired
        html = valid(client.get(reverse("meeting_detail", args=[meeting.pk])))
        assert "Sammanträdet pågår inte." in html
        assert 'id="ordet-' not in html

    def test_the_ballot_page_offers_the_floor_on_the_vote_item(self, client, room, karin, alice):
        vote = voting.vote_open(by=karin, item=room.case_item, question="Ska förslaget antas?")
        client.force_login(alice)
        url = reverse("vote_ballot", args=[vote.pk])
        html = valid(client.get(url))
        assert f'id="ordet-{room.case_item.pk}"' in html and f'id="ordet-{room.plain_item.pk}"' not in html
        response = client.post(reverse("floor_request", args=[room.case_item.pk]), {"next": url})
        assert response["Location"] == f"{url}#ordet-{room.case_item.pk}"

    def test_a_next_address_on_another_site_is_ignored(self, client, room, bob):
        client.force_login(bob)
        response = client.post(reverse("floor_request", args=[room.case_item.pk]),
                               {"next": "https://evil.example/"})
        assert response["Location"] == member_url(room, room.case_item)

    def test_the_panel_alone_for_htmx(self, client, room, roll, bob):
        ask(roll[1], room.case_item)
        client.force_login(bob)
        back = member_url(room)
        response = client.get(reverse("floor_panel", args=[room.case_item.pk]), {"next": back})
        html = response.content.decode()
        assert response.status_code == 200 and problems(html) == []
        assert "Du står som nummer 1 på talarlistan." in html and f'value="{back}"' in html
