"""The meeting room (decisions/views/room.py): the chair's and the kansli's page, the
representatives' ballot page and the conflict-of-interest declaration, through the client."""

import csv
import io

import pytest
from django.contrib.messages import constants
from django.urls import reverse

from decisions.models import Ballot, ConflictDeclaration, Decision, Vote
from meetings.models import Meeting
from partnership.models import Partner
from swecan.demo_accounts import ensure_totp
from tests.decisions.helpers_room import room_under_way
from tests.meetings import factories as mf
from tests.swecan.test_valid_html import problems

pytestmark = pytest.mark.django_db


@pytest.fixture
def room(karin, roll, time_machine):
    """Every partner present; the case item and a plain decision item on the agenda."""
    return room_under_way(karin=karin, roll=roll, time_machine=time_machine)


def room_url(room):
    return reverse("meeting_room", args=[room.meeting.pk])


def errors(response) -> list[str]:
    return [m.message for m in response.context["messages"] if m.level == constants.ERROR]


def valid(response) -> str:
    assert response.status_code == 200
    html = response.content.decode()
    assert problems(html) == []
    return html


def open_vote(client, karin, room, item=None, question="Ska förslaget antas?") -> Vote:
    client.force_login(karin)
    response = client.post(reverse("room_vote_open", args=[(item or room.case_item).pk]), {"question": question})
    assert response.status_code == 302, response.content.decode()[:2000]
    return Vote.objects.get(agenda_item=item or room.case_item, state=Vote.State.OPEN)


def cast(client, user, vote, choice, **extra):
    client.force_login(user)
    return client.post(reverse("vote_ballot", args=[vote.pk]), {"choice": choice, **extra}, follow=True)


class TestPermissions:
    def test_anonymous_visitors_are_sent_to_the_login(self, client, room, karin):
        vote = open_vote(client, karin, room)
        client.logout()
        for url in [room_url(room), reverse("vote_ballot", args=[vote.pk]), reverse("vote_csv", args=[vote.pk]),
                    reverse("conflict_declare", args=[room.case_item.pk]),
                    reverse("vote_progress_panel", args=[vote.pk])]:
            response = client.get(url)
            assert response.status_code == 302 and "login" in response["Location"], url
        for url in [reverse("room_vote_close", args=[vote.pk]), reverse("room_consensus", args=[room.plain_item.pk])]:
            assert "login" in client.post(url)["Location"]
        assert Vote.objects.get(pk=vote.pk).state == Vote.State.OPEN

    def test_a_representative_cannot_run_the_room(self, client, room, alice):
        client.force_login(alice)
        assert client.get(room_url(room)).status_code == 403
        assert client.post(reverse("room_vote_open", args=[room.case_item.pk]),
                           {"question": "Ja?"}).status_code == 403
        assert client.post(reverse("room_consensus", args=[room.plain_item.pk]),
                           {"wording": "Beslut"}).status_code == 403
        assert not Vote.objects.exists() and not Decision.objects.exists()

    def test_a_representative_cannot_close_a_vote_or_record_hands_or_export(self, client, room, karin, alice, roll):
        vote = open_vote(client, karin, room)
        client.force_login(alice)
        assert client.post(reverse("room_vote_close", args=[vote.pk])).status_code == 403
        assert client.post(reverse("room_ballot_record", args=[vote.pk]),
                           {"partner": roll[2].partner.pk, "choice": "yes"}).status_code == 403
        assert client.get(reverse("vote_progress_panel", args=[vote.pk])).status_code == 403
        assert client.get(reverse("vote_csv", args=[vote.pk])).status_code == 403
        assert not Ballot.objects.exists()
        assert Vote.objects.get(pk=vote.pk).state == Vote.State.OPEN

    def test_the_chair_and_the_kansli_open_the_room(self, client, karin, roll, time_machine):
        chair = roll[4].user
        room = room_under_way(karin=karin, roll=roll, time_machine=time_machine, chair=chair)
        ensure_totp(chair)  # a chair must use two-factor authentication
        for user in (karin, chair):
            client.force_login(user)
            html = valid(client.get(room_url(room)))
            assert "Beslut med konsensus" in html and "Öppna omröstning" in html
            assert room.case.decision_proposal in html
            assert 'id="quorum-panel"' in html
        client.post(reverse("room_vote_open", args=[room.case_item.pk]), {"question": "Antas förslaget?"})
        assert Vote.objects.get().opened_by == chair

    def test_the_chair_of_another_meeting_cannot_open_this_room(self, client, karin, roll, time_machine):
        room = room_under_way(karin=karin, roll=roll, time_machine=time_machine)
        other = mf.plan(by=karin, days_ahead=60)
        chair = roll[3].user
        Meeting.objects.filter(pk=other.pk).update(chair=chair)  # history: test set-up only
        ensure_totp(chair)
        client.force_login(chair)
        assert client.get(reverse("meeting_room", args=[other.pk])).status_code == 200
        assert client.get(room_url(room)).status_code == 403

    def test_the_kansli_does_not_vote_from_the_ballot_page(self, client, room, karin):
        vote = open_vote(client, karin, room)
        response = client.post(reverse("vote_ballot", args=[vote.pk]), {"choice": "yes"})
        assert response.status_code == 302 and response["Location"].startswith(room_url(room))
        assert not Ballot.objects.exists()

    def test_people_not_called_to_the_meeting_cannot_see_the_vote(self, client, room, karin, charlie, dave):
        vote = open_vote(client, karin, room)
        for user in (charlie, dave):
            client.force_login(user)
            assert client.get(reverse("vote_ballot", args=[vote.pk])).status_code == 404
            assert client.post(reverse("vote_ballot", args=[vote.pk]), {"choice": "yes"}).status_code == 404
        assert not Ballot.objects.exists()


class TestConsensus:
    def test_the_chair_records_a_decision_by_consensus(self, client, room, karin):
        client.force_login(karin)
        response = client.post(reverse("room_consensus", args=[room.plain_item.pk]),
                               {"wording": "Mötet väljer Alice och Bob till justerare."})
        assert response.status_code == 302
        decision = Decision.objects.get(agenda_item=room.plain_item)
        assert decision.method == Decision.Method.CONSENSUS and decision.recorded_by == karin
        html = valid(client.get(room_url(room)))
        assert "Mötet väljer Alice och Bob till justerare." in html

    def test_an_empty_wording_is_refused_next_to_the_field(self, client, room, karin):
        client.force_login(karin)
        response = client.post(reverse("room_consensus", args=[room.plain_item.pk]), {"wording": ""})
        assert response.status_code == 400
        assert "field-error" in response.content.decode()
        assert not Decision.objects.exists()


class TestVoting:
    def test_a_representative_votes_once_for_their_partner(self, client, room, karin, alice, deputy, roll):
        vote = open_vote(client, karin, room)
        client.force_login(alice)
        html = valid(client.get(reverse("vote_ballot", args=[vote.pk])))
        assert "Ska förslaget antas?" in html
        assert all(f'value="{c}"' in html for c in ("yes", "no", "abstain"))

        response = cast(client, alice, vote, "yes")
        assert not errors(response)
        ballot = Ballot.objects.get(vote=vote)
        assert (ballot.partner, ballot.choice, ballot.cast_by) == (roll[0].partner, "yes", alice)

        # Her deputy comes second: refused with the reason, the first ballot stands.
        response = cast(client, deputy, vote, "no")
        assert errors(response)
        assert list(Ballot.objects.values_list("choice", flat=True)) == ["yes"]

    def test_a_representative_cannot_vote_for_another_partner(self, client, room, karin, bob, roll):
        vote = open_vote(client, karin, room)
        cast(client, bob, vote, "no", partner=roll[0].partner.pk)
        assert list(Ballot.objects.values_list("partner", flat=True)) == [roll[1].partner.pk]

    def test_a_partner_not_present_is_refused_with_the_reason(self, client, karin, roll, bob, time_machine):
        room = room_under_way(karin=karin, roll=roll, time_machine=time_machine, present=[roll[0], roll[2], roll[3],
                                                                                          roll[4]])
        vote = open_vote(client, karin, room)
        response = cast(client, bob, vote, "yes")
        assert errors(response)
        assert not Ballot.objects.exists()

    def test_the_chair_sees_who_has_not_voted_but_never_the_tally(self, client, room, karin, alice, roll):
        vote = open_vote(client, karin, room)
        cast(client, alice, vote, "yes")
        client.force_login(karin)
        html = valid(client.get(room_url(room)))
        waiting = html.split("Har inte röstat än")[1].split("</ul>")[0]
        assert roll[1].partner.name in waiting and roll[0].partner.name not in waiting
        assert "Ja 1" not in html and "Resultat av omröstningen" not in html
        panel = client.get(reverse("vote_progress_panel", args=[vote.pk])).content.decode()
        assert roll[1].partner.name in panel and problems(panel) == []
        assert client.get(reverse("vote_csv", args=[vote.pk])).status_code == 404

    def test_the_kansli_records_a_show_of_hands(self, client, room, karin, roll):
        vote = open_vote(client, karin, room)
        response = client.post(reverse("room_ballot_record", args=[vote.pk]),
                               {"partner": roll[2].partner.pk, "choice": "no"})
        assert response.status_code == 302
        ballot = Ballot.objects.get(vote=vote)
        assert (ballot.partner, ballot.choice, ballot.by_show_of_hands, ballot.cast_by) == (
            roll[2].partner, "no", True, karin)

    def test_closing_shows_the_named_result_to_everyone_and_exports_it(self, client, room, karin, alice, bob, roll):
        vote = open_vote(client, karin, room)
        cast(client, alice, vote, "yes")
        cast(client, bob, vote, "no")
        client.force_login(karin)
        client.post(reverse("room_ballot_record", args=[vote.pk]), {"partner": roll[2].partner.pk, "choice": "yes"})
        response = client.post(reverse("room_vote_close", args=[vote.pk]), follow=True)
        assert not errors(response)
        vote.refresh_from_db()
        assert vote.state == Vote.State.CLOSED and vote.decision.outcome == Decision.Outcome.ADOPTED
        html = valid(client.get(room_url(room)))
        assert "Resultat av omröstningen" in html and roll[1].partner.name in html

        # Alice sees the result on her ballot page; voting again is refused.
        client.force_login(alice)
        html = valid(client.get(reverse("vote_ballot", args=[vote.pk])))
        assert "Antaget" in html and roll[1].partner.name in html
        assert errors(cast(client, roll[3].user, vote, "no"))
        assert Ballot.objects.filter(vote=vote).count() == 3

    def test_the_csv_names_each_vote_and_neutralises_formulas(self, client, room, karin, alice, roll):
        Partner.objects.filter(pk=roll[0].partner.pk).update(name="=HYPERLINK(1)")  # history: test set-up only
        vote = open_vote(client, karin, room)
        cast(client, alice, vote, "yes")
        client.force_login(karin)
        client.post(reverse("room_vote_close", args=[vote.pk]))
        response = client.get(reverse("vote_csv", args=[vote.pk]))
        assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
        rows = list(csv.reader(io.StringIO(response.content.decode().lstrip("\ufeff"))))
        assert rows[0][:3] == ["Partner", "Sektor", "Röst"]
        assert rows[1][0] == "'=HYPERLINK(1)" and rows[1][2] == "Ja"

    def test_closing_without_quorum_is_refused_with_the_reason(self, client, karin, roll, alice, time_machine):
        room = room_under_way(karin=karin, roll=roll, time_machine=time_machine, present=roll[:1])
        vote = open_vote(client, karin, room)
        response = client.post(reverse("room_vote_close", args=[vote.pk]), follow=True)
        assert any("beslutsför" in e.lower() for e in errors(response)), errors(response)
        assert Vote.objects.get(pk=vote.pk).state == Vote.State.OPEN

    def test_the_member_meeting_page_links_to_the_open_vote(self, client, room, karin, alice):
        vote = open_vote(client, karin, room)
        client.force_login(alice)
        html = valid(client.get(reverse("meeting_detail", args=[room.meeting.pk])))
        assert reverse("vote_ballot", args=[vote.pk]) in html
        assert reverse("conflict_declare", args=[room.case_item.pk]) in html
        assert reverse("meeting_room", args=[room.meeting.pk]) not in html

    def test_after_the_close_the_member_page_links_the_result_and_no_longer_offers_a_conflict(
            self, client, room, karin, alice):
        vote = open_vote(client, karin, room)
        cast(client, alice, vote, "yes")
        client.force_login(karin)
        assert client.post(reverse("room_vote_close", args=[vote.pk])).status_code == 302
        client.force_login(alice)
        html = valid(client.get(reverse("meeting_detail", args=[room.meeting.pk])))
        assert reverse("vote_ballot", args=[vote.pk]) in html and "Resultat av omröstningen" in html
        assert reverse("conflict_declare", args=[room.case_item.pk]) not in html  # the case is decided
        result = client.get(reverse("vote_ballot", args=[vote.pk])).content.decode()
        assert "Antaget" in result


class TestConflicts:
    def test_a_representative_declares_and_the_chair_rules(self, client, room, karin, bob, roll):
        url = reverse("conflict_declare", args=[room.case_item.pk])
        client.force_login(bob)
        valid(client.get(url))
        response = client.post(url, {"reason": "Vi finansierar projektet."})
        assert response.status_code == 302
        declaration = ConflictDeclaration.objects.get()
        assert (declaration.partner, declaration.declared_by) == (roll[1].partner, bob)
        assert "Vi finansierar projektet." in valid(client.get(url))

        client.force_login(karin)
        html = valid(client.get(room_url(room)))
        assert "Vi finansierar projektet." in html and "Besluta om jävet" in html
        rule = reverse("room_conflict_rule", args=[declaration.pk])
        assert client.post(rule, {"may_vote": "yes", "reason": ""}).status_code == 400
        assert client.post(rule, {"may_vote": "yes", "reason": "Intresset är obetydligt."}).status_code == 302
        declaration.refresh_from_db()
        assert declaration.may_vote is True and declaration.ruled_by == karin

    def test_a_partner_ruled_out_cannot_vote(self, client, room, karin, bob):
        client.force_login(bob)
        client.post(reverse("conflict_declare", args=[room.case_item.pk]), {"reason": "Vi är part."})
        vote = open_vote(client, karin, room)
        assert errors(cast(client, bob, vote, "yes"))
        assert not Ballot.objects.exists()

    def test_no_conflict_page_for_an_item_without_a_case_or_for_the_uncalled(self, client, room, alice, dave):
        client.force_login(alice)
        assert client.get(reverse("conflict_declare", args=[room.plain_item.pk])).status_code == 404
        client.force_login(dave)
        assert client.get(reverse("conflict_declare", args=[room.case_item.pk])).status_code == 404

    def test_a_planned_meeting_has_no_ballot_or_conflict_pages(self, client, room, alice):
        Meeting.objects.filter(pk=room.meeting.pk).update(state=Meeting.State.PLANNED)  # history: test set-up only
        client.force_login(alice)
        assert client.get(reverse("conflict_declare", args=[room.case_item.pk])).status_code == 404


def test_once_the_meeting_is_over_the_room_offers_no_decision_it_would_refuse(client, karin, room):
    client.force_login(karin)
    assert "Beslut med konsensus" in valid(client.get(room_url(room)))
    Meeting.objects.filter(pk=room.meeting.pk).update(state=Meeting.State.HELD)  # history: test set-up only

    page = valid(client.get(room_url(room)))

    assert "Beslut med konsensus" not in page and "Öppna omröstning" not in page
    assert "Inget beslut registrerades på punkten." in page


def test_the_room_costs_the_same_queries_however_many_items_and_votes(client, karin, roll, room):
    """A fixed number of queries: decided items, closed votes with named ballots, conflicts and
    speakers' lists are read for the whole agenda at once."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from decisions import voting

    def decide(count):
        for i in range(count):
            item = mf.add_item(room.meeting, by=karin, title=f"Punkt {i}", kind="decision")
            if i % 2:
                voting.decision_by_consensus(by=karin, item=item, wording="Bifalls.")
            else:
                vote = voting.vote_open(by=karin, item=item, question="Bifalla?")
                for entry in roll[:3]:
                    voting.ballot_cast(by=entry.user, vote=vote, partner=entry.partner, choice="yes")
                voting.vote_close(by=karin, vote=vote)

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert client.get(room_url(room)).status_code == 200
        return len(captured.captured_queries)

    client.force_login(karin)
    decide(2)
    few = queries()
    decide(6)
    assert queries() == few
