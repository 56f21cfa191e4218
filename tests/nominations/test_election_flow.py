"""The AU from its appointment to its chair: the partnership appoints seats by a decision, the AU's
meeting calls its members and counts them for quorum, the members elect their chair by a vote in the
room and the vice chair by consensus, and the vice chair leads when the chair is absent (§ 2.2)."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from decisions import access, voting
from meetings import services as meeting_services
from meetings.models import Meeting
from nominations import seats
from nominations.models import Officer, Seat
from partnership.bodies import committee_chairs, is_committee_member
from tests.decisions.helpers_roll import under_way
from tests.meetings import factories as mf

START = datetime.date(2027, 1, 1)


@pytest.fixture
def appointed(karin, roll, time_machine):
    """One seat per sector (the five signed partners), appointed at a partnership meeting on
    28 December 2026 from 1 January 2027."""
    meeting = mf.plan(by=karin, day=datetime.date(2026, 12, 28))
    proposed = [seats.seat_propose(by=karin, meeting=meeting, partner=s.partner, representative=s.representative,
                                   starts_on=START) for s in roll]
    item = proposed[0].proposed_on_item
    item.refresh_from_db()
    assert item.description.count("2027") == 5  # the proposal names every seat and its mandate
    under_way(meeting, karin=karin, clock=time_machine, present=roll)
    voting.decision_by_consensus(by=karin, item=item, wording=item.description)
    return [Seat.objects.get(pk=s.pk) for s in proposed]


def _au_meeting(karin, clock, roll, present):
    clock.move_to(datetime.datetime(2027, 1, 2, 9, tzinfo=mf.STOCKHOLM), tick=False)
    meeting = mf.plan(by=karin, day=datetime.date(2027, 1, 12), body=Meeting.Body.COMMITTEE,
                      title="Arbetsutskottets möte")
    return meeting


def test_the_partnership_appoints_and_the_au_elects_its_chair_by_vote(karin, roll, appointed, time_machine):
    assert all(s.is_appointed for s in appointed)
    assert appointed[0].ends_on == datetime.date(2028, 12, 31)  # two years, the day before
    meeting = _au_meeting(karin, time_machine, roll, present=roll)
    # The AU's meeting calls its seat holders, and only them.
    assert {email for email, _n, _p in meeting_services.recipients(meeting)} == {s.representative.email.lower()
                                                                                 for s in roll}
    chair = seats.election_propose(by=karin, meeting=meeting, seat=appointed[0], role="chair",
                                   starts_on=datetime.date(2027, 1, 12))
    vice = seats.election_propose(by=karin, meeting=meeting, seat=appointed[1], role="vice_chair",
                                  starts_on=datetime.date(2027, 1, 12))
    assert chair.ends_on == datetime.date(2028, 1, 11)
    under_way(meeting, karin=karin, clock=time_machine, present=roll[:3])
    quorum = meeting_services.quorum_at(meeting, meeting.starts_at)
    assert quorum["verdict"].ok and quorum["roll_size"] == 5 and quorum["needed"] == 3
    vote = voting.vote_open(by=karin, item=chair.elected_on_item, question=chair.elected_on_item.description)
    for signed, choice in zip(roll[:3], ["yes", "yes", "no"], strict=True):
        voting.ballot_cast(by=signed.user, vote=vote, partner=signed.partner, choice=choice)
    decision = voting.vote_close(by=karin, vote=vote)
    assert decision.outcome == decision.Outcome.ADOPTED
    voting.decision_by_consensus(by=karin, item=vice.elected_on_item, wording=vice.elected_on_item.description)
    chair.refresh_from_db()
    vice.refresh_from_db()
    assert chair.is_elected and vice.is_elected
    assert committee_chairs(meeting.date) == (roll[0].representative, roll[1].representative)
    # The chair leads the AU's meeting; the vice chair only in the chair's absence.
    assert access.may_run_meeting(roll[0].user, meeting)
    assert not access.may_run_meeting(roll[1].user, meeting)
    assert not access.may_run_meeting(roll[2].user, meeting)


def test_the_vice_chair_stands_in_when_the_chair_is_absent(karin, roll, appointed, time_machine):
    meeting = _au_meeting(karin, time_machine, roll, present=roll)
    chair = seats.election_propose(by=karin, meeting=meeting, seat=appointed[0], role="chair",
                                   starts_on=datetime.date(2027, 1, 12))
    vice = seats.election_propose(by=karin, meeting=meeting, seat=appointed[1], role="vice_chair",
                                  starts_on=datetime.date(2027, 1, 12))
    under_way(meeting, karin=karin, clock=time_machine, present=roll[1:4])
    for officer in (chair, vice):
        voting.decision_by_consensus(by=karin, item=officer.elected_on_item, wording="Valt.")
    assert access.may_run_meeting(roll[1].user, meeting)  # the chair's partner is not present


def test_a_member_is_a_preparer_only_while_seated(karin, roll, appointed, time_machine):
    alice = roll[0].user
    time_machine.move_to(datetime.datetime(2026, 12, 31, 12, tzinfo=mf.STOCKHOLM), tick=False)
    assert not access.may_prepare(alice)
    time_machine.move_to(datetime.datetime(2027, 1, 1, 12, tzinfo=mf.STOCKHOLM), tick=False)
    alice.refresh_from_db()
    assert access.may_prepare(alice) and is_committee_member(alice) and alice.needs_mfa
    time_machine.move_to(datetime.datetime(2029, 1, 1, 12, tzinfo=mf.STOCKHOLM), tick=False)
    alice.refresh_from_db()
    assert not access.may_prepare(alice) and not alice.needs_mfa


def test_an_election_is_refused_for_a_post_taken_and_on_a_partnership_meeting(karin, roll, appointed, time_machine):
    meeting = _au_meeting(karin, time_machine, roll, present=roll)
    chair = seats.election_propose(by=karin, meeting=meeting, seat=appointed[0], role="chair",
                                   starts_on=datetime.date(2027, 1, 12))
    with pytest.raises(ValidationError, match="redan på dagordningen"):
        seats.election_propose(by=karin, meeting=meeting, seat=appointed[2], role="chair",
                               starts_on=datetime.date(2027, 1, 12))
    partnership_meeting = mf.plan(by=karin, day=datetime.date(2027, 3, 1))
    with pytest.raises(ValidationError, match="utses av dess ledamöter"):
        seats.election_propose(by=karin, meeting=partnership_meeting, seat=appointed[2], role="vice_chair",
                               starts_on=datetime.date(2027, 3, 1))
    under_way(meeting, karin=karin, clock=time_machine, present=roll)
    voting.decision_by_consensus(by=karin, item=chair.elected_on_item, wording="Valt.")
    later = mf.plan(by=karin, day=datetime.date(2027, 2, 10), body=Meeting.Body.COMMITTEE, title="AU")
    with pytest.raises(ValidationError, match="redan vald till ordförande"):
        seats.election_propose(by=karin, meeting=later, seat=appointed[2], role="chair",
                               starts_on=datetime.date(2027, 2, 10))
    assert Officer.objects.filter(role="chair", decision__isnull=False).count() == 1


def test_an_au_meeting_names_its_elected_chair_and_the_stand_in(client, karin, roll, appointed, time_machine):
    meeting = _au_meeting(karin, time_machine, roll, present=roll)
    chair = seats.election_propose(by=karin, meeting=meeting, seat=appointed[0], role="chair",
                                   starts_on=datetime.date(2027, 1, 12))
    vice = seats.election_propose(by=karin, meeting=meeting, seat=appointed[1], role="vice_chair",
                                  starts_on=datetime.date(2027, 1, 12))
    under_way(meeting, karin=karin, clock=time_machine, present=roll)
    for officer in (chair, vice):
        voting.decision_by_consensus(by=karin, item=officer.elected_on_item, wording="Vald.")
    later = mf.plan(by=karin, day=datetime.date(2027, 2, 16), body=Meeting.Body.COMMITTEE, title="AU februari")
    assert later.chair is None
    client.force_login(karin)
    page = client.get(f"/kansli/moten/{later.pk}/").content.decode()
    assert (f"{roll[0].representative.name}, {roll[0].partner.name} (arbetsutskottets ordförande); vid frånvaro "
            f"{roll[1].representative.name}, {roll[1].partner.name} (vice ordförande)") in page


def test_an_elected_chair_is_published_with_the_members_email_and_no_private_phone(karin, roll, appointed,
                                                                                    time_machine):
    meeting = _au_meeting(karin, time_machine, roll, present=roll)
    chair = seats.election_propose(by=karin, meeting=meeting, seat=appointed[0], role="chair",
                                   starts_on=datetime.date(2027, 1, 12))
    assert (chair.contact_email, chair.contact_phone) == (roll[0].representative.email, "")
