"""Decisions and votes through the services (decisions/voting.py): quorum at the moment of the
decision, one ballot per partner present, jäv, the 2/3 for a change of the arbetsordning, and the
snapshot from which the outcome can be derived again. The clock is moved with time_machine."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from decisions import access, voting
from decisions.models import Ballot, Case, Decision, Vote
from meetings import services as meeting_services
from meetings.models import Attendance
from swecan import rules
from tests.decisions.helpers_vote import SIXTY_FOUR, many_partners, under_way

pytestmark = pytest.mark.django_db

MINUTE = datetime.timedelta(minutes=1)


def messages_of(excinfo) -> str:
    return " ".join(excinfo.value.messages)


@pytest.fixture
def room(karin, roll, time_machine):
    """The five partners of the roll present; Alice's partner submitted the case."""
    return under_way(karin=karin, submitter=roll[0], clock=time_machine, present=roll)


def open_vote(karin, room, question="Bifalla förslaget?"):
    return voting.vote_open(by=karin, item=room.item, question=question)


# Who may run the meeting and vote ----------------------------------------------------------------


def test_the_kansli_and_the_chair_run_the_meeting_and_no_one_else(karin, roll, alice, bob, time_machine):
    room = under_way(karin=karin, submitter=roll[0], clock=time_machine, present=roll, chair=bob)
    assert access.may_run_meeting(karin, room.meeting)
    assert access.may_run_meeting(bob, room.meeting)
    assert not access.may_run_meeting(alice, room.meeting)
    with pytest.raises(PermissionDenied):
        voting.vote_open(by=alice, item=room.item, question="Bifalla?")
    vote = voting.vote_open(by=bob, item=room.item, question="Bifalla?")
    assert vote.state == Vote.State.OPEN


def test_only_a_representative_votes_for_a_partner_never_the_kansli(karin, roll, alice):
    assert access.may_vote_for(alice, roll[0].partner)
    assert not access.may_vote_for(alice, roll[1].partner)
    assert not access.may_vote_for(karin, roll[0].partner)


# Ballots -----------------------------------------------------------------------------------------


def test_a_second_ballot_for_the_partner_is_refused_with_the_reason(karin, roll, alice, deputy, room):
    vote = open_vote(karin, room)
    voting.ballot_cast(by=alice, vote=vote, partner=roll[0].partner, choice="yes")
    with pytest.raises(ValidationError) as refused:
        voting.ballot_cast(by=deputy, vote=vote, partner=roll[0].partner, choice="no")
    assert f"{roll[0].partner.name} har redan röstat" in messages_of(refused)
    assert "En röst kan inte ändras" in messages_of(refused)
    assert list(Ballot.objects.filter(vote=vote).values_list("choice", flat=True)) == ["yes"]


def test_voting_for_another_partner_is_refused(karin, roll, alice, room):
    vote = open_vote(karin, room)
    with pytest.raises(PermissionDenied) as refused:
        voting.ballot_cast(by=alice, vote=vote, partner=roll[1].partner, choice="yes")
    assert "bara rösta för den partner du företräder" in str(refused.value)
    with pytest.raises(PermissionDenied):
        voting.ballot_cast(by=karin, vote=vote, partner=roll[1].partner, choice="yes")
    assert not Ballot.objects.exists()


def test_voting_after_the_close_is_refused(karin, roll, alice, bob, room):
    vote = open_vote(karin, room)
    voting.ballot_cast(by=alice, vote=vote, partner=roll[0].partner, choice="yes")
    voting.vote_close(by=karin, vote=vote)
    with pytest.raises(ValidationError) as refused:
        voting.ballot_cast(by=bob, vote=vote, partner=roll[1].partner, choice="no")
    assert "Omröstningen är avslutad; rösten togs inte emot." in messages_of(refused)
    assert Ballot.objects.filter(vote=vote).count() == 1


def test_a_partner_not_present_cannot_vote(karin, roll, alice, bob, time_machine):
    room = under_way(karin=karin, submitter=roll[0], clock=time_machine, present=roll[1:])
    vote = open_vote(karin, room)
    with pytest.raises(ValidationError) as refused:
        voting.ballot_cast(by=alice, vote=vote, partner=roll[0].partner, choice="yes")
    assert "inte registrerad som närvarande" in messages_of(refused)
    # ... and one that has left no longer can.
    attendance = Attendance.objects.get(meeting=room.meeting, partner=roll[1].partner)
    time_machine.move_to(room.meeting.starts_at + 10 * MINUTE, tick=False)
    meeting_services.attendance_depart(by=karin, attendance=attendance, departed_at=room.meeting.starts_at + 5 * MINUTE)
    with pytest.raises(ValidationError):
        voting.ballot_cast(by=bob, vote=vote, partner=roll[1].partner, choice="yes")
    assert not Ballot.objects.exists()


def test_the_kansli_records_a_show_of_hands_with_the_same_checks(karin, roll, alice, room):
    vote = open_vote(karin, room)
    ballot = voting.ballot_record(by=karin, vote=vote, partner=roll[2].partner, choice="abstain")
    assert ballot.by_show_of_hands and ballot.cast_by == karin
    with pytest.raises(ValidationError) as refused:
        voting.ballot_record(by=karin, vote=vote, partner=roll[2].partner, choice="yes")
    assert "kansliet vid handuppräckning" in messages_of(refused)
    with pytest.raises(PermissionDenied):
        voting.ballot_record(by=alice, vote=vote, partner=roll[0].partner, choice="yes")


def test_the_chair_sees_who_has_not_voted_but_no_tally_while_open(karin, roll, alice, room):
    vote = open_vote(karin, room)
    voting.ballot_cast(by=alice, vote=vote, partner=roll[0].partner, choice="no")
    progress = voting.vote_progress(vote)
    assert progress["voted"] == [roll[0].partner]
    assert {p.pk for p in progress["not_voted"]} == {s.partner.pk for s in roll[1:]}
    assert "yes" not in progress and "no" not in progress
    assert voting.vote_result(vote) is None


# Conflicts of interest (jäv) ---------------------------------------------------------------------


def test_a_partner_ruled_out_by_a_conflict_cannot_vote_until_a_ruling_with_a_reason(karin, roll, bob, room):
    declaration = voting.conflict_declare(by=bob, case=room.case, partner=roll[1].partner,
                                          reason="Vi har finansierat förstudien.")
    assert list(voting.conflicts_for(room.item)) == [declaration]
    vote = open_vote(karin, room)
    with pytest.raises(ValidationError) as refused:
        voting.ballot_cast(by=bob, vote=vote, partner=roll[1].partner, choice="yes")
    assert "har anmält jäv i ärendet och får inte rösta" in messages_of(refused)
    assert roll[1].partner in voting.vote_progress(vote)["ruled_out"]
    assert roll[1].partner not in voting.eligible_partners(vote)

    # The chair cannot change the ruling while the vote is open; the next vote follows the ruling.
    with pytest.raises(ValidationError):
        voting.conflict_rule(by=karin, declaration=declaration, may_vote=True, reason="Intresset är litet.")
    voting.vote_close(by=karin, vote=vote)
    assert voting.vote_result(vote)["ruled_out"] == [roll[1].partner]


def test_letting_a_partner_with_a_conflict_vote_needs_a_reason_and_then_it_votes(karin, roll, bob, room):
    declaration = voting.conflict_declare(by=bob, case=room.case, partner=roll[1].partner,
                                          reason="Vi har finansierat förstudien.")
    with pytest.raises(ValidationError) as refused:
        voting.conflict_rule(by=karin, declaration=declaration, may_vote=True)
    assert "reason" in refused.value.message_dict
    voting.conflict_rule(by=karin, declaration=declaration, may_vote=True, reason="Finansieringen är avslutad.")
    vote = open_vote(karin, room)
    assert voting.ballot_cast(by=bob, vote=vote, partner=roll[1].partner, choice="yes").choice == "yes"


def test_a_conflict_is_declared_once_and_only_by_the_partner_or_the_kansli(karin, roll, alice, bob, room):
    with pytest.raises(PermissionDenied):
        voting.conflict_declare(by=alice, case=room.case, partner=roll[1].partner, reason="Jäv.")
    voting.conflict_declare(by=karin, case=room.case, partner=roll[1].partner, reason="Jäv.")
    with pytest.raises(ValidationError) as refused:
        voting.conflict_declare(by=bob, case=room.case, partner=roll[1].partner, reason="Igen.")
    assert "har redan anmält jäv" in messages_of(refused)


# Consensus and opening a vote ----------------------------------------------------------------------


def test_a_decision_by_consensus_decides_the_case(karin, room):
    decision = voting.decision_by_consensus(by=karin, item=room.item, wording="Partnerskapet bifaller förslaget.")
    assert decision.method == Decision.Method.CONSENSUS and decision.outcome == Decision.Outcome.ADOPTED
    assert decision.snapshot["quorum"]["ok"] and decision.snapshot["present"] == 5
    room.case.refresh_from_db()
    assert room.case.state == Case.State.DECIDED
    with pytest.raises(ValidationError) as refused:
        open_vote(karin, room)
    assert "redan beslutad" in messages_of(refused)


def test_consensus_on_a_rule_change_is_refused(karin, roll, time_machine):
    room = under_way(karin=karin, submitter=roll[0], clock=time_machine, present=roll, kind="rule_change",
                     proposed_parameters={"notice_days": 21})
    with pytest.raises(ValidationError) as refused:
        voting.decision_by_consensus(by=karin, item=room.item, wording="Arbetsordningen ändras.")
    assert "kräver en omröstning med minst två tredjedelars majoritet (§ 9)" in messages_of(refused)
    assert not Decision.objects.exists()
    assert open_vote(karin, room).qualified


def test_a_vote_needs_the_meeting_under_way_and_only_one_at_a_time(karin, roll, time_machine):
    room = under_way(karin=karin, submitter=roll[0], clock=time_machine, present=roll)
    open_vote(karin, room)
    with pytest.raises(ValidationError) as refused:
        open_vote(karin, room)
    assert "En omröstning pågår redan på punkten." in messages_of(refused)
    time_machine.move_to(room.meeting.starts_at + datetime.timedelta(hours=1), tick=False)
    meeting_services.meeting_set_state(by=karin, meeting=room.meeting, state="held")
    with pytest.raises(ValidationError) as refused:
        voting.vote_open(by=karin, item=room.plain, question="Välja justerare?")
    assert "Sammanträdet pågår inte" in messages_of(refused)


# Closing: the verdict and its snapshot ------------------------------------------------------------


def test_a_closed_vote_decides_the_case_and_its_snapshot_re_derives_the_outcome(karin, roll, alice, bob, room):
    vote = open_vote(karin, room)
    voting.ballot_cast(by=alice, vote=vote, partner=roll[0].partner, choice="yes")
    voting.ballot_cast(by=bob, vote=vote, partner=roll[1].partner, choice="yes")
    voting.ballot_record(by=karin, vote=vote, partner=roll[2].partner, choice="no")
    voting.ballot_record(by=karin, vote=vote, partner=roll[3].partner, choice="abstain")
    decision = voting.vote_close(by=karin, vote=vote)

    assert decision.outcome == Decision.Outcome.ADOPTED and decision.method == Decision.Method.VOTE
    room.case.refresh_from_db()
    vote.refresh_from_db()
    assert room.case.state == Case.State.DECIDED
    assert vote.state == Vote.State.CLOSED and vote.decision == decision

    snapshot = Decision.objects.get(pk=decision.pk).snapshot  # as read back from the database
    assert snapshot["counts"] == {"yes": 2, "no": 1, "abstain": 1}
    assert snapshot["roll_size"] == 5 and snapshot["present"] == 5
    assert snapshot["present_by_sector"] == dict.fromkeys(rules.SECTORS, 1)
    assert snapshot["rules_version"] == decision.rules_version.number == 1
    assert snapshot["threshold"] == "simple"
    assert {b["name"]: b["choice"] for b in snapshot["ballots"]} == {
        roll[0].partner.name: "yes", roll[1].partner.name: "yes", roll[2].partner.name: "no",
        roll[3].partner.name: "abstain"}
    assert snapshot["absent"] == [] and snapshot["ruled_out"] == []
    again = rules.tally(**snapshot["counts"], qualified=snapshot["qualified"],
                        params=rules.Parameters.from_dict(snapshot["parameters"]))
    assert again.ok is (decision.outcome == Decision.Outcome.ADOPTED)
    assert again.message == snapshot["outcome"]["message"]

    result = voting.vote_result(vote)
    assert (result["yes"], result["no"], result["abstain"]) == (2, 1, 1)
    assert result["reason"] == again.reason
    assert result["reason"].startswith("Förslaget antogs: 2 ja mot 1 nej (1 avstod)")
    assert result["quorum_reason"].startswith("Beslutsfört:")

    voting.vote_publish(by=karin, vote=vote)
    vote.refresh_from_db()
    assert vote.state == Vote.State.PUBLISHED


def test_a_tie_and_everyone_abstaining_are_not_adopted(karin, roll, alice, bob, room):
    vote = open_vote(karin, room)
    voting.ballot_cast(by=alice, vote=vote, partner=roll[0].partner, choice="abstain")
    voting.ballot_cast(by=bob, vote=vote, partner=roll[1].partner, choice="abstain")
    decision = voting.vote_close(by=karin, vote=vote)
    assert decision.outcome == Decision.Outcome.NOT_ADOPTED
    assert "ingen röst avgavs för eller emot förslaget" in voting.vote_result(vote)["reason"]

    tie = voting.vote_open(by=karin, item=room.plain, question="Välja Alice till justerare?")
    voting.ballot_cast(by=alice, vote=tie, partner=roll[0].partner, choice="yes")
    voting.ballot_cast(by=bob, vote=tie, partner=roll[1].partner, choice="no")
    assert voting.vote_close(by=karin, vote=tie).outcome == Decision.Outcome.NOT_ADOPTED
    assert "vid lika röstetal antas förslaget inte" in voting.vote_result(tie)["reason"]


def _rule_change_vote(karin, roll, time_machine, yes: int, no: int, abstain: int):
    partners = roll + many_partners({"halso_sjukvard": 3, "akademi": 2})  # ten on the roll
    room = under_way(karin=karin, submitter=roll[0], clock=time_machine, present=partners, kind="rule_change",
                     proposed_parameters={"notice_days": 21})
    vote = open_vote(karin, room, question="Ändra kallelsetiden till 21 dagar?")
    choices = ["yes"] * yes + ["no"] * no + ["abstain"] * abstain
    for signed, choice in zip(partners, choices, strict=False):
        voting.ballot_cast(by=signed.user, vote=vote, partner=signed.partner, choice=choice)
    return vote, voting.vote_close(by=karin, vote=vote)


@pytest.mark.parametrize(("yes", "no", "abstain", "adopted"), [(6, 3, 1, True), (5, 3, 2, False), (6, 4, 0, False)],
                         ids=["exactly-2/3-passes", "5-3-majority-fails-2/3", "6-4-fails-2/3"])
def test_a_rule_change_needs_two_thirds_of_the_votes_cast(karin, roll, time_machine, yes, no, abstain, adopted):
    vote, decision = _rule_change_vote(karin, roll, time_machine, yes, no, abstain)
    assert vote.qualified
    assert (decision.outcome == Decision.Outcome.ADOPTED) is adopted
    assert decision.snapshot["threshold"] == "2/3"
    assert "minst 2/3" in voting.vote_result(vote)["reason"]


# Quorum at the moment of the close (R3) -----------------------------------------------------------


@pytest.fixture
def sixty_four(karin, roll):
    """64 partners on the roll: the five of the roll and 59 more, within the year-1 caps."""
    more = dict(SIXTY_FOUR)
    for sector in rules.SECTORS:
        more[sector] -= 1
    return roll + many_partners(more)


def _present_one_per_sector_first(partners, n):
    first = {}
    for signed in partners:
        first.setdefault(signed.partner.sector, signed)
    rest = [s for s in partners if s not in first.values()]
    return list(first.values()) + rest[: n - len(first)]


def _vote_with(karin, roll, time_machine, partners, present):
    room = under_way(karin=karin, submitter=roll[0], clock=time_machine,
                     present=_present_one_per_sector_first(partners, present))
    vote = open_vote(karin, room)
    voting.ballot_cast(by=roll[0].user, vote=vote, partner=roll[0].partner, choice="yes")
    time_machine.move_to(room.meeting.starts_at + datetime.timedelta(hours=1), tick=False)
    return room, vote


def test_32_of_64_present_is_quorate(karin, roll, time_machine, sixty_four):
    room, vote = _vote_with(karin, roll, time_machine, sixty_four, 32)
    decision = voting.vote_close(by=karin, vote=vote)
    assert decision.outcome == Decision.Outcome.ADOPTED
    assert (decision.snapshot["roll_size"], decision.snapshot["present"], decision.snapshot["needed"]) == (64, 32, 32)
    assert len(decision.snapshot["absent"]) == 32


def test_31_of_64_present_is_not_quorate_and_closing_is_refused_with_the_reason(karin, roll, time_machine, sixty_four):
    room, vote = _vote_with(karin, roll, time_machine, sixty_four, 31)
    with pytest.raises(ValidationError) as refused:
        voting.vote_close(by=karin, vote=vote)
    assert messages_of(refused) == (
        "Omröstningen kan inte avslutas: Inte beslutsfört: 31 av 64 partners på röstlängden närvarar, minst 32 "
        "krävs (1/2 av röstlängden). (§ 3.3)")
    vote.refresh_from_db()
    assert vote.state == Vote.State.OPEN and not Decision.objects.exists()
    with pytest.raises(ValidationError) as refused:
        voting.decision_by_consensus(by=karin, item=room.plain, wording="Alice justerar.")
    assert "Inte beslutsfört: 31 av 64" in messages_of(refused)


def test_a_departure_one_minute_before_the_close_changes_the_verdict(karin, roll, time_machine, sixty_four):
    room, vote = _vote_with(karin, roll, time_machine, sixty_four, 32)
    close_at = room.meeting.starts_at + datetime.timedelta(hours=1)
    leaving = Attendance.objects.filter(meeting=room.meeting).exclude(partner=roll[0].partner).last()
    meeting_services.attendance_depart(by=karin, attendance=leaving, departed_at=close_at - MINUTE)
    with pytest.raises(ValidationError) as refused:
        voting.vote_close(by=karin, vote=vote)
    assert "31 av 64" in messages_of(refused)
    # Back in the room, the close goes through: the verdict is the one at the moment of the close.
    meeting_services.attendance_register(by=karin, meeting=room.meeting, partner=leaving.partner, arrived_at=close_at)
    assert voting.vote_close(by=karin, vote=vote).snapshot["present"] == 32


# A rule change takes effect (§ 9, R9) ------------------------------------------------------------


def test_an_adopted_rule_change_makes_a_new_version_from_its_effective_date(karin, roll, time_machine):
    from meetings.services import meeting_plan
    from swecan.arbetsordning import parameters_in_force
    from tests.meetings.factories import local, meeting_fields

    vote, decision = _rule_change_vote(karin, roll, time_machine, 6, 3, 1)
    version = decision.created_version
    decided_on = decision.decided_at.astimezone(local(datetime.date(2026, 1, 1)).tzinfo).date()
    assert version.effective_from == decided_on + datetime.timedelta(days=1)  # none proposed: the next day
    assert version.params.notice_days == 21 and version.adopting_decision == decision
    assert decision.rules_version.number == version.number - 1  # the vote was judged by the old one

    def plan_25_days_ahead(today):
        time_machine.move_to(local(today, 9), tick=False)
        starts = local(today + datetime.timedelta(days=25), 10)
        return meeting_plan(by=karin, fields=meeting_fields(starts_at=starts, title=f"Möte {today}"))

    with pytest.raises(ValidationError):  # on the day of the decision, 30 days still apply
        plan_25_days_ahead(decided_on)
    assert parameters_in_force(decided_on).notice_days == 30
    assert plan_25_days_ahead(version.effective_from).pk  # from its first day, 21 days suffice


def test_a_rule_change_adopted_takes_effect_on_the_day_it_proposes_not_before_the_decision(karin, roll):
    case = Case(proposed_effective_from=datetime.date(2027, 1, 1))
    from decisions import rule_change

    assert rule_change.effective_from(case, datetime.date(2026, 12, 10)) == datetime.date(2027, 1, 1)
    assert rule_change.effective_from(case, datetime.date(2027, 3, 1)) == datetime.date(2027, 3, 2)


def test_a_rule_change_not_adopted_makes_no_version(karin, roll, time_machine):
    _vote, decision = _rule_change_vote(karin, roll, time_machine, 5, 3, 2)  # a majority, not 2/3
    assert decision.outcome == Decision.Outcome.NOT_ADOPTED and decision.created_version is None
