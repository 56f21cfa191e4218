"""The voting roll is a decision (§ 5.2, § 2.1; R7; decisions/roll.py): from operating year 2 the
kansli compiles the list at the year's first meeting, and adopting the item fixes the roll from the
decision's day; partners added during the year come by a decision too. The kansli's own button
stays for operating year 1's initial roll only. "Today" is 2026-11-25 (year 1); the meetings are in
2027 (year 2), and the clock moves to them."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from decisions import roll as roll_lists
from decisions import voting
from decisions.models import Decision, RollProposal
from meetings import services as meeting_services
from meetings.models import AgendaItem, Meeting
from partnership import services as partnership
from partnership.models import VotingRoll, VotingRollEntry
from tests.decisions.helpers_roll import (
    FIRST_DAY,
    LATER_DAY,
    first_and_later,
    fixed_by_consensus,
    under_way,
)
from tests.meetings import factories as mf
from tests.partnership import factories as pf
from tests.swecan.test_valid_html import problems

pytestmark = pytest.mark.django_db

D = datetime.date


def messages_of(excinfo) -> str:
    return " ".join(excinfo.value.messages)


def names(partners) -> list[str]:
    return sorted(p.name for p in partners)


@pytest.fixture
def meetings(karin, roll):
    """The first and the second partnership meeting of 2027, with the five partners signed."""
    return first_and_later(karin)


def valid(response) -> str:
    assert response.status_code == 200, response.content.decode()[:3000]
    html = response.content.decode()
    assert problems(html) == []
    return html


# Compiling the list -------------------------------------------------------------------------------


def test_the_kansli_compiles_the_list_as_a_decision_item_of_the_years_first_meeting(karin, roll, meetings):
    first, _later = meetings
    proposal = roll_lists.roll_proposal_compile(by=karin, meeting=first, kind="fix")

    item = proposal.agenda_item
    assert item.meeting == first
    assert item.kind == AgendaItem.Kind.DECISION
    assert item.title == "Fastställande av röstlängden för 2027"
    assert "5 partners" in item.description
    assert proposal.year == 2027 and proposal.compiled_by == karin
    assert names(proposal.partners.all()) == names(s.partner for s in roll)
    assert proposal.roll is None


def test_the_list_is_compiled_again_on_the_same_item_until_the_decision(karin, roll, meetings):
    first, _later = meetings
    proposal = roll_lists.roll_proposal_compile(by=karin, meeting=first, kind="fix")
    mf.send_notice(first, by=karin)
    newcomer = pf.signed_partner(sector="akademi", name="Ny Högskola")

    again = roll_lists.roll_proposal_compile(by=karin, meeting=first, kind="fix")

    assert again.pk == proposal.pk
    assert RollProposal.objects.count() == 1 and first.agenda_items.count() == 1
    assert newcomer.partner in again.partners.all()
    item = AgendaItem.objects.get(pk=proposal.agenda_item_id)
    assert "6 partners" in item.description
    assert item.changed_after_notice  # the kallelse said 5: the agenda shows the change


def test_compiling_at_the_second_meeting_of_the_year_is_refused_with_the_reason(karin, roll, meetings):
    _first, later = meetings
    with pytest.raises(ValidationError) as refused:
        roll_lists.roll_proposal_compile(by=karin, meeting=later, kind="fix")
    assert "årets första sammanträde (§ 5.2)" in messages_of(refused)
    assert "20 januari 2027" in messages_of(refused)
    assert not RollProposal.objects.exists() and not later.agenda_items.exists()


def test_a_meeting_of_the_arbetsutskott_cannot_carry_the_roll(karin, roll):
    committee = mf.plan(by=karin, day=D(2027, 1, 10), body=Meeting.Body.COMMITTEE, title="AU")
    with pytest.raises(ValidationError, match="partnerskapets sammanträden"):
        roll_lists.roll_proposal_compile(by=karin, meeting=committee, kind="fix")


def test_a_year_whose_roll_is_fixed_gets_no_second_list(karin, roll, time_machine):
    # Year 1's initial roll, fixed with the kansli's button.
    partnership.voting_roll_fix(by=karin, year=2026, fixed_on=D(2026, 11, 25))
    december = mf.plan(by=karin, day=D(2026, 12, 28))
    with pytest.raises(ValidationError, match="Röstlängden för 2026 är redan fastställd"):
        roll_lists.roll_proposal_compile(by=karin, meeting=december, kind="fix")


def test_only_the_kansli_compiles(karin, roll, alice, meetings):
    first, _later = meetings
    with pytest.raises(PermissionDenied):
        roll_lists.roll_proposal_compile(by=alice, meeting=first, kind="fix")
    assert not RollProposal.objects.exists()


# Adoption -----------------------------------------------------------------------------------------


def test_adopted_by_consensus_the_roll_is_fixed_from_the_decision_and_the_next_meeting_counts_it(
        karin, roll, time_machine):
    first, later, proposal = fixed_by_consensus(karin=karin, roll_=roll, clock=time_machine)

    fixed = VotingRoll.objects.get(year=2027)
    assert proposal.roll == fixed
    assert fixed.fixed_on == FIRST_DAY
    assert fixed.note == f"Beslut vid sammanträdet 20 januari 2027, § {proposal.agenda_item.position}"
    assert fixed.fixed_by == karin
    assert names(partnership.voting_roll_on(FIRST_DAY)) == names(s.partner for s in roll)
    assert {e.basis for e in fixed.entries.all()} == {VotingRollEntry.Basis.FIXED}

    # A partner that signs after the decision is not on the roll: the later meeting's quorum is
    # counted on the five of the roll, not the six that have signed.
    time_machine.move_to(datetime.datetime(2027, 2, 1, 10, tzinfo=first.starts_at.tzinfo), tick=False)
    pf.signed_partner(sector="akademi", name="Ny Högskola")
    mf.add_item(later, by=karin)
    mf.send_notice(later, by=karin)
    assert len(partnership.voting_roll_on_unfixed(LATER_DAY)) == 6
    quorum = meeting_services.quorum_at(later, later.starts_at)
    assert quorum["roll_size"] == 5
    assert quorum["needed"] == 3


def test_not_adopted_nothing_changes_and_a_new_list_can_be_taken(karin, roll, time_machine, meetings):
    first, _later = meetings
    proposal = roll_lists.roll_proposal_compile(by=karin, meeting=first, kind="fix")
    under_way(first, karin=karin, clock=time_machine, present=roll)
    vote = voting.vote_open(by=karin, item=proposal.agenda_item, question="Fastställa röstlängden?")
    for signed, choice in zip(roll, ["no", "no", "no", "yes", "yes"], strict=True):
        voting.ballot_cast(by=signed.user, vote=vote, partner=signed.partner, choice=choice)

    decision = voting.vote_close(by=karin, vote=vote)

    assert decision.outcome == Decision.Outcome.NOT_ADOPTED
    assert not VotingRoll.objects.exists()
    proposal.refresh_from_db()
    assert proposal.roll is None
    # The partnership may take an amended list at the same meeting: a new item.
    again = roll_lists.roll_proposal_compile(by=karin, meeting=first, kind="fix")
    assert again.pk != proposal.pk and again.agenda_item_id != proposal.agenda_item_id


def test_after_the_decision_the_list_cannot_be_compiled_again(karin, roll, time_machine):
    first, _later, proposal = fixed_by_consensus(karin=karin, roll_=roll, clock=time_machine)
    with pytest.raises(ValidationError) as refused:
        roll_lists.roll_proposal_compile(by=karin, meeting=first, kind="fix")
    assert "redan beslutat" in messages_of(refused)
    assert set(proposal.partners.all()) == {s.partner for s in roll}


def test_a_listed_partner_that_withdrew_stops_the_decision_with_the_reason(karin, roll, time_machine, meetings):
    first, _later = meetings
    gone = pf.signed_partner(sector="civilsamhalle", name="Förening Som Går")
    proposal = roll_lists.roll_proposal_compile(by=karin, meeting=first, kind="fix")
    partnership.withdrawal_register(by=karin, partner=gone.partner, request_received_on=D(2026, 11, 25))
    assert roll_lists.drift(proposal)["gone"] == [gone.partner]
    under_way(first, karin=karin, clock=time_machine, present=roll)

    with pytest.raises(ValidationError) as refused:
        voting.decision_by_consensus(by=karin, item=proposal.agenda_item, wording="Fastställs.")

    assert gone.partner.name in messages_of(refused)
    assert "Sammanställ förteckningen på nytt" in messages_of(refused)
    assert not Decision.objects.exists() and not VotingRoll.objects.exists()
    # Compiled again, it is adopted.
    roll_lists.roll_proposal_compile(by=karin, meeting=first, kind="fix")
    voting.decision_by_consensus(by=karin, item=proposal.agenda_item, wording="Fastställs.")
    assert VotingRoll.objects.get(year=2027).entries.count() == 5


def test_a_partner_is_added_during_year_2_by_a_decision(karin, roll, time_machine):
    first, later, _fixed = fixed_by_consensus(karin=karin, roll_=roll, clock=time_machine)
    time_machine.move_to(datetime.datetime(2027, 2, 1, 10, tzinfo=first.starts_at.tzinfo), tick=False)
    newcomer = pf.signed_partner(sector="akademi", name="Ny Högskola")
    assert list(roll_lists.add_candidates(later)) == [newcomer.partner]

    proposal = roll_lists.roll_proposal_compile(by=karin, meeting=later, kind="add", partners=[newcomer.partner])
    assert proposal.agenda_item.title == "Nya partners på röstlängden för 2027"
    assert "Ny Högskola" in proposal.agenda_item.description
    under_way(later, karin=karin, clock=time_machine, present=roll)
    assert meeting_services.quorum_at(later, later.starts_at)["roll_size"] == 5

    vote = voting.vote_open(by=karin, item=proposal.agenda_item, question="Föra upp Ny Högskola?")
    for signed in roll:
        voting.ballot_cast(by=signed.user, vote=vote, partner=signed.partner, choice="yes")
    voting.vote_close(by=karin, vote=vote)

    entry = VotingRollEntry.objects.get(partner=newcomer.partner)
    assert entry.basis == VotingRollEntry.Basis.DECISION
    assert entry.from_date == LATER_DAY
    assert entry.decision_reference == f"Beslut vid sammanträdet 17 mars 2027, § {proposal.agenda_item.position}"
    proposal.refresh_from_db()
    assert proposal.roll == VotingRoll.objects.get(year=2027)
    assert newcomer.partner in partnership.voting_roll_on(LATER_DAY)
    assert newcomer.partner not in partnership.voting_roll_on(LATER_DAY - datetime.timedelta(days=1))
    assert meeting_services.quorum_at(later, later.starts_at)["roll_size"] == 6


def test_additions_are_refused_before_the_years_roll_is_fixed_and_for_partners_on_it(
        karin, roll, time_machine, meetings):
    _first, later = meetings
    with pytest.raises(ValidationError, match="Röstlängden för 2027 är inte fastställd än"):
        roll_lists.roll_proposal_compile(by=karin, meeting=later, kind="add", partners=[roll[0].partner])


def test_an_addition_names_only_partners_not_on_the_roll(karin, roll, time_machine):
    _first, later, _proposal = fixed_by_consensus(karin=karin, roll_=roll, clock=time_machine)
    with pytest.raises(ValidationError) as refused:
        roll_lists.roll_proposal_compile(by=karin, meeting=later, kind="add", partners=[roll[0].partner])
    assert refused.value.message_dict["partners"][0].startswith(roll[0].partner.name)
    with pytest.raises(ValidationError) as refused:
        roll_lists.roll_proposal_compile(by=karin, meeting=later, kind="add", partners=[])
    assert refused.value.message_dict["partners"] == ["Välj minst en partner att föra upp på röstlängden."]
    assert not RollProposal.objects.filter(kind="add").exists()


def test_the_roll_item_cannot_be_removed_from_the_agenda(karin, roll, meetings):
    first, _later = meetings
    proposal = roll_lists.roll_proposal_compile(by=karin, meeting=first, kind="fix")
    with pytest.raises(ValidationError, match="förslag till röstlängd"):
        meeting_services.agenda_item_remove(by=karin, item=proposal.agenda_item)
    assert AgendaItem.objects.filter(pk=proposal.agenda_item_id).exists()


# The kansli's button: operating year 1 only ----------------------------------------------------------


def test_the_button_is_refused_outside_operating_year_1_with_the_way(karin, roll, time_machine):
    time_machine.move_to(datetime.datetime(2027, 1, 20, 10, tzinfo=datetime.UTC), tick=False)
    with pytest.raises(ValidationError) as refused:
        partnership.voting_roll_fix(by=karin, year=2027, fixed_on=D(2027, 1, 20))
    assert "partnerskapets beslut vid årets första sammanträde (§ 5.2)" in messages_of(refused)
    assert not VotingRoll.objects.exists()


def test_adding_by_the_kansli_outside_year_1_is_refused(karin, roll, time_machine):
    _first, _later, _proposal = fixed_by_consensus(karin=karin, roll_=roll, clock=time_machine)
    newcomer = pf.signed_partner(sector="akademi", name="Ny Högskola")
    with pytest.raises(ValidationError, match="genom partnerskapets beslut"):
        partnership.voting_roll_add(by=karin, partner=newcomer.partner, from_date=FIRST_DAY,
                                    decision_reference="Sammanträdet 2027-01-20, § 6")
    assert not VotingRollEntry.objects.filter(partner=newcomer.partner).exists()


def test_the_roll_page_shows_the_way_to_the_first_meeting_instead_of_the_button(client, karin, roll, meetings):
    first, _later = meetings
    client.force_login(karin)
    html = valid(client.get(reverse("kansli_voting_roll") + "?ar=2027"))
    assert reverse("kansli_roll_year", args=[2027]) in html
    assert "Fastställ röstlängden för 2027" not in html
    assert "För upp på röstlängden" not in html

    response = client.get(reverse("kansli_roll_year", args=[2027]))
    assert response["Location"] == reverse("kansli_roll_compile", args=[first.pk, "faststall"])

    # A posted button is refused with the reason, and nothing is fixed.
    response = client.post(reverse("kansli_voting_roll") + "?ar=2027", {"fixed_on": "2027-01-20", "note": ""})
    assert response.status_code == 200
    assert "fastställs genom partnerskapets beslut" in response.content.decode()
    assert not VotingRoll.objects.exists()


def test_the_roll_page_in_year_1_keeps_the_button(client, karin, roll):
    client.force_login(karin)
    html = valid(client.get(reverse("kansli_voting_roll") + "?ar=2026"))
    assert "Fastställ röstlängden för 2026" in html
    assert reverse("kansli_roll_year", args=[2026]) not in html


def test_without_a_meeting_in_the_year_the_way_says_to_plan_one(client, karin, roll):
    client.force_login(karin)
    response = client.get(reverse("kansli_roll_year", args=[2028]), follow=True)
    assert "Inget av partnerskapets sammanträden är planerat för 2028" in response.content.decode()


# The kansli's pages -------------------------------------------------------------------------------


def test_the_kansli_compiles_from_the_meeting_page(client, karin, roll, meetings):
    first, later = meetings
    client.force_login(karin)
    html = valid(client.get(reverse("kansli_meeting", args=[first.pk])))
    assert 'id="rostlangd"' in html
    compile_url = reverse("kansli_roll_compile", args=[first.pk, "faststall"])
    assert compile_url in html
    # The second meeting says why not, and offers nothing.
    later_html = valid(client.get(reverse("kansli_meeting", args=[later.pk])))
    assert "Röstlängden fastställs vid årets första sammanträde" in later_html
    assert reverse("kansli_roll_compile", args=[later.pk, "faststall"]) not in later_html

    html = valid(client.get(compile_url))
    assert "5 partners på röstlängden den 20 januari 2027" in html
    for signed in roll:
        assert signed.partner.name in html
    response = client.post(compile_url)
    assert response.status_code == 302
    assert response["Location"].endswith("#rostlangd")
    proposal = RollProposal.objects.get()
    html = valid(client.get(reverse("kansli_meeting", args=[first.pk])))
    assert "Fastställande av röstlängden för 2027" in html
    assert "Ändra förteckningen" in html

    refused = client.post(reverse("kansli_roll_compile", args=[later.pk, "faststall"]))
    assert refused.status_code == 400
    assert "årets första sammanträde" in refused.content.decode()
    assert problems(refused.content.decode()) == []
    assert RollProposal.objects.get() == proposal


def test_the_kansli_proposes_additions_with_the_errors_next_to_the_field(client, karin, roll, time_machine):
    first, later, _proposal = fixed_by_consensus(karin=karin, roll_=roll, clock=time_machine)
    newcomer = pf.signed_partner(sector="akademi", name="Ny Högskola")
    client.force_login(karin)
    url = reverse("kansli_roll_compile", args=[later.pk, "nya"])
    assert url in valid(client.get(reverse("kansli_meeting", args=[later.pk])))
    html = valid(client.get(url))
    assert "Ny Högskola" in html and roll[0].partner.name not in html

    response = client.post(url, {})
    assert response.status_code == 400
    html = response.content.decode()
    assert "Välj minst en partner" in html and 'id="rostlangd_partners_errors"' in html
    assert problems(html) == []

    response = client.post(url, {"partners": [newcomer.partner.pk]})
    assert response.status_code == 302
    assert list(RollProposal.objects.get(kind="add").partners.all()) == [newcomer.partner]


def test_the_room_shows_the_list_the_partnership_adopts(client, karin, roll, time_machine, meetings):
    first, _later = meetings
    proposal = roll_lists.roll_proposal_compile(by=karin, meeting=first, kind="fix")
    under_way(first, karin=karin, clock=time_machine, present=roll)
    client.force_login(karin)
    html = valid(client.get(reverse("meeting_room", args=[first.pk])))
    assert "Kansliets förteckning till röstlängd" in html
    for signed in roll:
        assert signed.partner.name in html

    response = client.post(reverse("room_consensus", args=[proposal.agenda_item.pk]),
                           {"wording": proposal.agenda_item.description})
    assert response.status_code == 302
    html = valid(client.get(reverse("meeting_room", args=[first.pk])))
    assert "Röstlängden är fastställd från 20 januari 2027." in html


def test_the_room_and_the_meeting_page_read_the_list_in_a_fixed_number_of_queries(
        client, karin, roll, time_machine, meetings):
    first, _later = meetings
    proposal = roll_lists.roll_proposal_compile(by=karin, meeting=first, kind="fix")
    client.force_login(karin)

    def queries(url):
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    urls = [reverse("kansli_meeting", args=[first.pk]), reverse("kansli_roll_compile", args=[first.pk, "faststall"])]
    few = [queries(url) for url in urls]
    for n in range(6):
        pf.signed_partner(sector="civilsamhalle", name=f"Förening {n}")
    roll_lists.roll_proposal_compile(by=karin, meeting=first, kind="fix")
    assert proposal.partners.count() == 11
    assert [queries(url) for url in urls] == few


# Who may -----------------------------------------------------------------------------------------


def test_representatives_get_403_and_the_public_is_sent_to_log_in(client, karin, roll, alice, meetings):
    first, _later = meetings
    urls = [reverse("kansli_roll_compile", args=[first.pk, "faststall"]),
            reverse("kansli_roll_compile", args=[first.pk, "nya"]),
            reverse("kansli_roll_year", args=[2027])]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 302 and "login" in response["Location"], url
        assert "login" in client.post(url)["Location"]
    client.force_login(alice)
    for url in urls:
        assert client.get(url).status_code == 403, url
        assert client.post(url, {"partners": [roll[1].partner.pk]}).status_code == 403, url
    assert not RollProposal.objects.exists()


def test_an_unknown_kind_is_not_found(client, karin, meetings):
    first, _later = meetings
    client.force_login(karin)
    assert client.get(reverse("kansli_roll_compile", args=[first.pk, "allt"])).status_code == 404


# The history ---------------------------------------------------------------------------------------


def test_the_history_names_who_compiled_and_who_recorded_the_decision(karin, roll, time_machine):
    bob = roll[1].user
    first, _later, proposal = fixed_by_consensus(karin=karin, roll_=roll, clock=time_machine)
    assert {h.history_user for h in RollProposal.history.filter(id=proposal.pk)} == {karin}
    fixed = VotingRoll.objects.get(year=2027)
    assert fixed.history.get().history_user == karin
    assert {h.history_user for h in VotingRollEntry.history.filter(roll_id=fixed.pk)} == {karin}
    assert bob not in {h.history_user for h in RollProposal.history.all()}
    # The roll's line names the decision, not a typed reference.
    assert proposal.roll.note.startswith("Beslut vid sammanträdet 20 januari 2027")
