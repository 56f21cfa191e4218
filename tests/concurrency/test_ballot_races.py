"""Votes under load, on PostgreSQL (issue 10): every partner of a full roll votes at the same
moment, some with two representatives racing for the one ballot, and a vote closed while ballots
still arrive. Real threads, each with its own connection."""

from unittest.mock import patch

import pytest
from django.core.exceptions import ValidationError

from decisions import voting
from decisions.models import Ballot, Vote
from tests.concurrency.test_races import race
from tests.decisions.helpers_vote import many_partners, under_way
from tests.meetings.conftest import _frozen_now, _year1  # noqa: F401 - fixtures: the cases tests' "today"
from tests.personas import deputy_of

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

# The whole year-1 roll: every sector at its cap (27 + 15 + 9 + 3 + 20 = 74).
FULL_ROLL = {"halso_sjukvard": 27, "akademi": 15, "myndigheter": 9, "naringsliv": 3, "civilsamhalle": 20}
CHOICES = ("yes", "no", "abstain")


def choice_of(index: int) -> str:
    return CHOICES[index % 7 % 3]  # uneven on purpose: 4 yes, 2 no, 1 abstain per seven


@pytest.fixture
def no_dispatch():
    """The declarations' PDFs and e-mails wait in the outbox: only the votes matter here."""
    with patch("outbox.services.dispatch"):
        yield


def test_74_partners_vote_at_once_and_each_partner_counts_once(karin, time_machine, no_dispatch, arbetsordning_v1):
    partners = many_partners(FULL_ROLL)
    room = under_way(karin=karin, submitter=partners[0], clock=time_machine, present=partners)
    vote = voting.vote_open(by=karin, item=room.item, question="Bifalla förslaget?")
    # Ten partners have a deputy too, who presses the button at the same moment.
    deputies = {signed.partner.pk: deputy_of(signed.partner, email=f"ers{n}@partner.example",
                                             name=f"Ersättare {n}").user
                for n, signed in enumerate(partners[:10])}
    calls = [lambda s=signed, i=i: voting.ballot_cast(by=s.user, vote=vote, partner=s.partner, choice=choice_of(i))
             for i, signed in enumerate(partners)]
    calls += [lambda s=signed, i=i: voting.ballot_cast(by=deputies[s.partner.pk], vote=vote, partner=s.partner,
                                                       choice=choice_of(i + 1))
              for i, signed in enumerate(partners[:10])]

    results, errors = race(*calls)

    assert len(results) == 74 and len(errors) == 10, errors
    assert all(type(error) is ValidationError and "har redan röstat" in error.messages[0] for error in errors)
    assert Ballot.objects.filter(vote=vote).count() == 74
    assert sorted(Ballot.objects.filter(vote=vote).values_list("partner", flat=True)) == sorted(
        s.partner.pk for s in partners)
    decision = voting.vote_close(by=karin, vote=vote)
    stored = {b.partner_id: b.choice for b in Ballot.objects.filter(vote=vote)}
    expected = {c: sum(1 for choice in stored.values() if choice == c) for c in CHOICES}
    assert decision.snapshot["counts"] == expected
    assert sum(expected.values()) == 74
    # Whichever representative won, the ballot is one of the two choices made for the partner.
    for i, signed in enumerate(partners):
        allowed = {choice_of(i), choice_of(i + 1)} if i < 10 else {choice_of(i)}
        assert stored[signed.partner.pk] in allowed


def test_closing_while_ballots_arrive_counts_exactly_the_ballots_stored_at_the_close(karin, time_machine, arbetsordning_v1,
                                                                                    no_dispatch):
    partners = many_partners({"halso_sjukvard": 8, "akademi": 6, "myndigheter": 5, "naringsliv": 3,
                              "civilsamhalle": 8})
    room = under_way(karin=karin, submitter=partners[0], clock=time_machine, present=partners)
    vote = voting.vote_open(by=karin, item=room.item, question="Bifalla förslaget?")
    # The first ten vote before; twenty more arrive together with the chair's close.
    for i, signed in enumerate(partners[:10]):
        voting.ballot_cast(by=signed.user, vote=vote, partner=signed.partner, choice=choice_of(i))
    calls = [lambda s=signed, i=i: voting.ballot_cast(by=s.user, vote=vote, partner=s.partner, choice=choice_of(i))
             for i, signed in enumerate(partners[10:], start=10)]
    calls.append(lambda: voting.vote_close(by=karin, vote=vote))

    results, errors = race(*calls)

    vote = Vote.objects.get(pk=vote.pk)
    assert vote.state == Vote.State.CLOSED, [e for e in errors if "avslutad" not in str(e)]
    stored = list(Ballot.objects.filter(vote=vote))
    counted = vote.decision.snapshot["counts"]
    assert sum(counted.values()) == len(stored)  # nothing stored after the close, nothing missed
    assert {b.partner_id for b in stored} == {entry["partner"] for entry in vote.decision.snapshot["ballots"]}
    assert len(results) + len(errors) == 21
    late = len(partners) - len(stored)
    assert len(errors) == late
    assert all(type(e) is ValidationError and "avslutad" in e.messages[0] for e in errors), errors
