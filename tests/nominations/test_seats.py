"""The AU's seats and officers through the services (nominations/seats.py, § 2.2, R8): three seats
per sector, one per partner, a seat only for the partner's own representative, the mandate's
length and the re-election limits at their edges, what adoption judges again, and what a seat
gives its holder (preparing cases, two-factor authentication, being called and counted)."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from decisions import access, voting
from decisions.models import Decision
from meetings import services as meeting_services
from nominations import seats
from nominations.models import Officer, Seat
from partnership import services as partnership_services
from partnership.bodies import is_committee_member
from tests.decisions.helpers_roll import under_way
from tests.meetings import factories as mf
from tests.nominations.helpers_seats import appoint, au_meeting, elect
from tests.partnership import factories as pf

START = datetime.date(2027, 1, 1)
FIRST_END = datetime.date(2028, 12, 31)
APPOINTING_DAY = datetime.date(2026, 12, 28)
WORDING = "Partnerskapet utser ledamöterna i arbetsutskottet."


def _at(clock, day):
    clock.move_to(mf.local(day, 8), tick=False)


def _propose(karin, meeting, signed, starts_on=START, ends_on=None):
    return seats.seat_propose(by=karin, meeting=meeting, partner=signed.partner,
                              representative=signed.representative, starts_on=starts_on, ends_on=ends_on)


def _academics(n):
    return [pf.signed_partner(sector="akademi", name=f"Exempelhögskolan {i}") for i in range(n)]


@pytest.fixture
def meeting(karin):
    return mf.plan(by=karin, day=APPOINTING_DAY)


# The composition ---------------------------------------------------------------------------------


def test_a_fourth_seat_in_a_sector_is_refused(karin, roll, time_machine):
    academics = _academics(4)
    appoint(karin, academics[:3], clock=time_machine, starts_on=START, day=APPOINTING_DAY, present=roll + academics)
    _at(time_machine, datetime.date(2027, 1, 5))
    later = mf.plan(by=karin, day=datetime.date(2027, 3, 1))
    with pytest.raises(ValidationError, match="inga fler platser") as refused:
        _propose(karin, later, academics[3], starts_on=datetime.date(2027, 3, 1))
    assert "partner" in refused.value.message_dict and "§ 2.2" in str(refused.value)
    # Another sector still has room.
    assert _propose(karin, later, roll[0], starts_on=datetime.date(2027, 3, 1))


def test_two_pending_proposals_cannot_together_make_a_fourth_seat(karin, roll, time_machine):
    academics = _academics(4)
    appoint(karin, academics[:2], clock=time_machine, starts_on=START, day=APPOINTING_DAY, present=roll + academics)
    _at(time_machine, datetime.date(2027, 1, 5))
    march, april = mf.plan(by=karin, day=datetime.date(2027, 3, 1)), mf.plan(by=karin, day=datetime.date(2027, 4, 1))
    _propose(karin, march, academics[2], starts_on=datetime.date(2027, 3, 1))
    with pytest.raises(ValidationError, match="inga fler platser"):
        _propose(karin, april, academics[3], starts_on=datetime.date(2027, 4, 1))


def test_successors_proposed_in_advance_count_only_from_their_start(karin, roll, time_machine):
    academics = _academics(6)
    appoint(karin, academics[:2], clock=time_machine, starts_on=START, day=APPOINTING_DAY, present=roll + academics)
    _at(time_machine, datetime.date(2027, 1, 5))
    later = mf.plan(by=karin, day=datetime.date(2027, 3, 1))
    for successor in academics[2:4]:  # for the two seats ending 31 December 2028
        _propose(karin, later, successor, starts_on=datetime.date(2029, 1, 1))
    # Two seats held until the end of 2028, two others from 2029: never more than three at once.
    assert _propose(karin, later, academics[4], starts_on=datetime.date(2028, 6, 1)).pk
    with pytest.raises(ValidationError, match="redan 3 av 3 platser"):
        _propose(karin, later, academics[5], starts_on=datetime.date(2028, 7, 1))


def test_a_vacated_seat_can_be_filled_again(karin, roll, time_machine):
    academics = _academics(4)
    appointed = appoint(karin, academics[:3], clock=time_machine, starts_on=START, day=APPOINTING_DAY,
                        present=roll + academics)
    _at(time_machine, datetime.date(2027, 2, 1))
    seats.seat_vacate(by=karin, seat=appointed[0], on=datetime.date(2027, 2, 1), reason="Slutat")
    later = mf.plan(by=karin, day=datetime.date(2027, 3, 10))
    assert _propose(karin, later, academics[3], starts_on=datetime.date(2027, 3, 10))


def test_a_seat_is_for_the_partners_own_representative(karin, roll, meeting):
    # The sector is the partner's: a seat of another sector cannot be asked for; what can go wrong
    # is a representative of another partner, which is refused.
    with pytest.raises(ValidationError, match="aktiv representant") as refused:
        seats.seat_propose(by=karin, meeting=meeting, partner=roll[0].partner,
                           representative=roll[1].representative, starts_on=START)
    assert "representative" in refused.value.message_dict
    seat = _propose(karin, meeting, roll[1])
    assert seat.sector == roll[1].partner.sector == "akademi"


def test_a_partner_that_has_not_signed_gets_no_seat(karin, roll, outsiders, meeting):
    rep = outsiders.unsigned.representatives.get()
    with pytest.raises(ValidationError, match="inte partner"):
        seats.seat_propose(by=karin, meeting=meeting, partner=outsiders.unsigned, representative=rep,
                           starts_on=START)


def test_a_partner_holds_one_seat(karin, roll, meeting):
    _propose(karin, meeting, roll[0])
    second = pf.make_representative(roll[0].partner, email="andra@region-norr.example", name="Andra Person")
    with pytest.raises(ValidationError, match="redan en plats"):
        seats.seat_propose(by=karin, meeting=meeting, partner=roll[0].partner, representative=second,
                           starts_on=datetime.date(2027, 6, 1))


def test_only_the_kansli_proposes_and_only_on_a_partnership_meeting(karin, alice, roll, meeting):
    with pytest.raises(PermissionDenied):
        seats.seat_propose(by=alice, meeting=meeting, partner=roll[0].partner,
                           representative=roll[0].representative, starts_on=START)
    au = au_meeting(karin, day=datetime.date(2026, 12, 20))
    with pytest.raises(ValidationError, match="utses av partnerskapet"):
        _propose(karin, au, roll[0])


# The mandate and re-election ------------------------------------------------------------------------------


def test_a_member_mandate_is_at_most_two_years(karin, roll, meeting):
    assert _propose(karin, meeting, roll[0]).ends_on == FIRST_END
    assert _propose(karin, meeting, roll[1], ends_on=FIRST_END).ends_on == FIRST_END
    with pytest.raises(ValidationError, match="högst 2 år") as refused:
        _propose(karin, meeting, roll[2], ends_on=FIRST_END + datetime.timedelta(days=1))
    assert "ends_on" in refused.value.message_dict
    with pytest.raises(ValidationError, match="före det börjar"):
        _propose(karin, meeting, roll[2], ends_on=START - datetime.timedelta(days=1))


def _second_term(karin, roll, clock):
    """Region Norrexempel's first term (2027–2028) and its re-election from 1 January 2029."""
    appoint(karin, roll[:1], clock=clock, starts_on=START, day=APPOINTING_DAY, present=roll)
    _at(clock, datetime.date(2028, 10, 1))
    return appoint(karin, roll[:1], clock=clock, starts_on=datetime.date(2029, 1, 1),
                   day=datetime.date(2028, 11, 20), present=roll)[0]


def test_a_member_is_re_elected_once_and_a_third_term_in_a_row_is_refused(karin, roll, time_machine):
    second = _second_term(karin, roll, time_machine)
    assert second.is_appointed and second.ends_on == datetime.date(2030, 12, 31)
    _at(time_machine, datetime.date(2030, 10, 1))
    later = mf.plan(by=karin, day=datetime.date(2030, 11, 20))
    with pytest.raises(ValidationError, match="Omval tillåts inte") as refused:
        _propose(karin, later, roll[0], starts_on=datetime.date(2031, 1, 1))
    assert "§ 2.2" in str(refused.value)
    # The day after the last term ends follows on (refused above); with a free day between, the count
    # starts again (rules.consecutive_terms).
    assert _propose(karin, later, roll[0], starts_on=datetime.date(2031, 1, 2)).pk


def test_a_term_ended_early_counts_as_served_and_a_gap_resets(karin, roll, time_machine):
    first = appoint(karin, roll[:1], clock=time_machine, starts_on=START, day=APPOINTING_DAY, present=roll)[0]
    _at(time_machine, datetime.date(2027, 6, 1))
    seats.seat_vacate(by=karin, seat=first, on=datetime.date(2027, 6, 1), reason="Bytt företrädare")
    following = seats.reelection_verdict(roll[0].partner, "member", datetime.date(2027, 6, 1))
    assert following.ok and "Omval efter 1 mandatperiod" in following.reason
    later = seats.reelection_verdict(roll[0].partner, "member", datetime.date(2027, 6, 3))
    assert later.ok and "Första val" in later.reason
    meeting = mf.plan(by=karin, day=datetime.date(2027, 7, 15))
    assert _propose(karin, meeting, roll[0], starts_on=datetime.date(2027, 7, 15)).pk


# Chair and vice chair ------------------------------------------------------------------------------------


@pytest.fixture
def seated(karin, roll, time_machine):
    return appoint(karin, roll, clock=time_machine, starts_on=START, day=APPOINTING_DAY)


def test_a_chair_serves_three_terms_in_a_row_and_a_fourth_is_refused(karin, roll, seated, time_machine):
    quarters = [(datetime.date(2027, 1, 12), datetime.date(2027, 3, 31)),
                (datetime.date(2027, 4, 1), datetime.date(2027, 6, 30)),
                (datetime.date(2027, 7, 1), datetime.date(2027, 9, 30))]
    for start, end in quarters:
        officer = elect(karin, seated[0], "chair", clock=time_machine, day=start, present=roll, ends_on=end)
        assert officer.is_elected
    _at(time_machine, datetime.date(2027, 9, 1))
    meeting = au_meeting(karin, day=datetime.date(2027, 10, 1))
    with pytest.raises(ValidationError, match="Omval tillåts inte") as refused:
        seats.election_propose(by=karin, meeting=meeting, seat=seated[0], role="chair",
                               starts_on=datetime.date(2027, 10, 1))
    assert "seat" in refused.value.message_dict
    # After a gap of more than a day the count starts again.
    assert seats.election_propose(by=karin, meeting=meeting, seat=seated[0], role="chair",
                                  starts_on=datetime.date(2027, 10, 2))


def test_a_chair_mandate_is_at_most_a_year(karin, roll, seated, time_machine):
    _at(time_machine, datetime.date(2027, 1, 2))
    meeting = au_meeting(karin, day=datetime.date(2027, 1, 12))
    with pytest.raises(ValidationError, match="högst 1 år"):
        seats.election_propose(by=karin, meeting=meeting, seat=seated[0], role="chair",
                               starts_on=datetime.date(2027, 1, 12), ends_on=datetime.date(2028, 1, 12))
    officer = seats.election_propose(by=karin, meeting=meeting, seat=seated[0], role="chair",
                                     starts_on=datetime.date(2027, 1, 12))
    assert officer.ends_on == datetime.date(2028, 1, 11)


def test_an_election_is_for_a_seat_holder_on_an_au_meeting(karin, roll, seated, time_machine):
    partnership_meeting = mf.plan(by=karin, day=datetime.date(2027, 3, 1))
    with pytest.raises(ValidationError, match="utses av dess ledamöter"):
        seats.election_propose(by=karin, meeting=partnership_meeting, seat=seated[0], role="chair",
                               starts_on=datetime.date(2027, 3, 1))
    au = au_meeting(karin, day=datetime.date(2026, 12, 30))
    with pytest.raises(ValidationError, match="ingen plats i arbetsutskottet"):  # the seat starts 1 January
        seats.election_propose(by=karin, meeting=au, seat=seated[0], role="chair",
                               starts_on=datetime.date(2026, 12, 30))
    with pytest.raises(ValidationError, match="ordförande eller vice"):
        seats.election_propose(by=karin, meeting=au, seat=seated[0], role="secretary", starts_on=START)
    with pytest.raises(PermissionDenied):
        seats.election_propose(by=roll[0].user, meeting=au, seat=seated[0], role="chair", starts_on=START)


def test_chair_and_vice_chair_are_different_partners_and_a_taken_post_is_refused(karin, roll, seated, time_machine):
    elect(karin, seated[0], "chair", clock=time_machine, day=datetime.date(2027, 1, 12), present=roll)
    _at(time_machine, datetime.date(2027, 1, 20))
    meeting = au_meeting(karin, day=datetime.date(2027, 2, 1))
    with pytest.raises(ValidationError, match="två olika ledamöter"):
        seats.election_propose(by=karin, meeting=meeting, seat=seated[0], role="vice_chair",
                               starts_on=datetime.date(2027, 2, 1))
    with pytest.raises(ValidationError, match="redan vald till ordförande"):
        seats.election_propose(by=karin, meeting=meeting, seat=seated[1], role="chair",
                               starts_on=datetime.date(2027, 2, 1))
    assert seats.election_propose(by=karin, meeting=meeting, seat=seated[1], role="vice_chair",
                                  starts_on=datetime.date(2027, 2, 1))


def test_vacating_the_seat_ends_the_officers_term(karin, roll, seated, time_machine):
    chair = elect(karin, seated[0], "chair", clock=time_machine, day=datetime.date(2027, 1, 12), present=roll)
    _at(time_machine, datetime.date(2027, 5, 1))
    assert seats.officers_on(datetime.date(2027, 5, 1))["chair"] == chair
    seats.seat_vacate(by=karin, seat=seated[0], on=datetime.date(2027, 5, 2), reason="Slutat")
    chair.refresh_from_db()
    assert chair.vacated_on == datetime.date(2027, 5, 2)
    assert seats.officers_on(datetime.date(2027, 5, 1))["chair"] == chair
    assert seats.officers_on(datetime.date(2027, 5, 2))["chair"] is None
    with pytest.raises(ValidationError, match="redan lämnad"):
        seats.seat_vacate(by=karin, seat=seated[0], on=datetime.date(2027, 5, 3), reason="Igen")


# What adoption judges again -----------------------------------------------------------------------------------


def test_a_seat_for_a_partner_that_withdrew_meanwhile_undoes_the_decision(karin, roll, meeting, time_machine):
    leaving = pf.signed_partner(sector="akademi", name="Lämnande Högskolan")
    proposed = [_propose(karin, meeting, s) for s in [*roll, leaving]]
    item = proposed[0].proposed_on_item
    partnership_services.withdrawal_register(by=karin, partner=leaving.partner,
                                             request_received_on=datetime.date(2026, 11, 25))
    under_way(meeting, karin=karin, clock=time_machine, present=roll)
    with pytest.raises(ValidationError, match="Lämnande Högskolan kan inte utses"):
        voting.decision_by_consensus(by=karin, item=item, wording=WORDING)
    assert not Decision.objects.filter(agenda_item=item).exists()
    assert not Seat.objects.appointed().exists()
    # Without that proposal the partnership appoints the others.
    seats.seat_proposal_withdraw(by=karin, seat=proposed[5])
    voting.decision_by_consensus(by=karin, item=item, wording=WORDING)
    assert Seat.objects.appointed().count() == 5


def test_an_election_whose_seat_was_vacated_meanwhile_is_undone(karin, roll, seated, time_machine):
    _at(time_machine, datetime.date(2027, 1, 2))
    meeting = au_meeting(karin, day=datetime.date(2027, 1, 12))
    officer = seats.election_propose(by=karin, meeting=meeting, seat=seated[0], role="chair",
                                     starts_on=datetime.date(2027, 1, 12))
    seats.seat_vacate(by=karin, seat=seated[0], on=datetime.date(2027, 1, 10), reason="Slutat")
    under_way(meeting, karin=karin, clock=time_machine, present=roll[1:])
    with pytest.raises(ValidationError, match="kan inte väljas"):
        voting.decision_by_consensus(by=karin, item=officer.elected_on_item, wording="Vald.")
    officer.refresh_from_db()
    assert not officer.is_elected and not Decision.objects.filter(agenda_item=officer.elected_on_item).exists()


def test_a_chair_elected_meanwhile_at_another_meeting_undoes_the_second_election(karin, roll, seated, time_machine):
    _at(time_machine, datetime.date(2027, 1, 2))
    first, second = au_meeting(karin, day=datetime.date(2027, 1, 12)), au_meeting(karin, day=datetime.date(2027, 1, 19))
    one = seats.election_propose(by=karin, meeting=first, seat=seated[0], role="chair",
                                 starts_on=datetime.date(2027, 1, 12))
    other = seats.election_propose(by=karin, meeting=second, seat=seated[2], role="chair",
                                   starts_on=datetime.date(2027, 1, 19))
    under_way(first, karin=karin, clock=time_machine, present=roll)
    voting.decision_by_consensus(by=karin, item=one.elected_on_item, wording="Vald.")
    under_way(second, karin=karin, clock=time_machine, present=roll)
    with pytest.raises(ValidationError, match="redan vald till ordförande"):
        voting.decision_by_consensus(by=karin, item=other.elected_on_item, wording="Vald.")
    assert list(Officer.objects.filter(decision__isnull=False)) == [one]


def test_not_adopted_appoints_nothing(karin, roll, meeting, time_machine):
    proposed = [_propose(karin, meeting, s) for s in roll]
    item = proposed[0].proposed_on_item
    under_way(meeting, karin=karin, clock=time_machine, present=roll)
    vote = voting.vote_open(by=karin, item=item, question=WORDING)
    for signed in roll[:3]:
        voting.ballot_cast(by=signed.user, vote=vote, partner=signed.partner, choice="no")
    decision = voting.vote_close(by=karin, vote=vote)
    assert decision.outcome == Decision.Outcome.NOT_ADOPTED
    assert Seat.objects.count() == 5 and not Seat.objects.appointed().exists()
    assert seats.composition(START)["held"] == 0


# What a seat gives ------------------------------------------------------------------------------------------


def test_members_prepare_and_need_two_factor_only_while_seated(karin, roll, seated, time_machine):
    alice = roll[0].user
    for day, seated_then in [(datetime.date(2026, 12, 31), False), (START, True), (FIRST_END, True),
                             (FIRST_END + datetime.timedelta(days=1), False)]:
        _at(time_machine, day)
        alice.refresh_from_db()  # the answer is kept on the user per day
        assert access.may_prepare(alice) is seated_then, day
        assert alice.needs_mfa is seated_then, day
        assert is_committee_member(alice) is seated_then, day


def test_a_member_who_left_no_longer_prepares(karin, roll, seated, time_machine):
    _at(time_machine, datetime.date(2027, 3, 1))
    seats.seat_vacate(by=karin, seat=seated[1], on=datetime.date(2027, 3, 2), reason="Slutat")
    bob = roll[1].user
    assert access.may_prepare(bob)
    _at(time_machine, datetime.date(2027, 3, 2))
    bob.refresh_from_db()
    assert not access.may_prepare(bob) and not bob.needs_mfa


def test_an_au_meeting_calls_and_counts_the_seat_holders(karin, roll, seated, time_machine):
    outsider = pf.signed_partner(sector="akademi", name="Utanför AU")
    _at(time_machine, datetime.date(2027, 1, 2))
    meeting = au_meeting(karin, day=datetime.date(2027, 1, 12))
    mf.add_item(meeting, by=karin)
    called = {email for email, _name, _partner in meeting_services.recipients(meeting)}
    assert called == {s.representative.email.lower() for s in roll}
    assert outsider.representative.email.lower() not in called
    under_way(meeting, karin=karin, clock=time_machine, present=roll[:2])
    quorum = meeting_services.quorum_at(meeting, meeting.starts_at)
    assert not quorum["verdict"].ok and quorum["roll_size"] == 5 and quorum["needed"] == 3
    assert quorum["verdict"].rule == "§ 2.2" and "inte beslutsfört" in quorum["verdict"].reason
    meeting_services.attendance_register(by=karin, meeting=meeting, partner=roll[2].partner,
                                         arrived_at=meeting.starts_at, representatives=[roll[2].representative])
    assert meeting_services.quorum_at(meeting, meeting.starts_at)["verdict"].ok
