"""The published decisions (§ 4.3, § 7; R12): /beslut/ newest first with filters by year and meeting,
a page per decision with how it was reached, its case and public documents, /beslut.json as open
data and an Atom feed. A consensus decision is public when recorded; a vote's decision once its
result is published or the meeting's minutes are finished. Nothing else reaches the public."""

import datetime
import json
import xml.etree.ElementTree as ET
from dataclasses import dataclass

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from decisions import access, preparation, publication, voting
from decisions import minutes as minutes_service
from decisions.models import Decision, Minutes, Vote
from meetings import services as meeting_services
from meetings.models import Meeting
from swecan import public_cache
from swecan.demo_accounts import ensure_totp
from tests.decisions.helpers_prepare import attach
from tests.decisions.helpers_room import room_under_way
from tests.meetings import factories as mf
from tests.partnership import factories as pf
from tests.swecan.test_valid_html import problems

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"
CONSENSUS_WORDING = "Partnerskapet väljer Region Norrexempel att justera protokollet."
VOTE_QUESTION = "Partnerskapet antar den gemensamma rehabiliteringsplanen."


@dataclass
class Decided:
    december: Meeting  # 28 December 2026: decisions by consensus
    march: Meeting  # March 2027: the case decided by a vote
    consensus: Decision
    vote: Vote
    voted: Decision
    spare_items: list  # December's decision items not yet decided
    case: object
    absent: object  # a partner on the roll who did not come to March


def build(karin, roll, time_machine, *, ruling: str = "") -> Decided:
    """December: an item decided by consensus (with a published and an unpublished document), and
    spare decision items. March: the case decided by a vote, 2 yes, 1 no, 1 abstaining, one partner
    with a declared conflict (ruled out, unless the chair lets it vote for `ruling`) and one absent;
    the vote closed, its result not yet published."""
    absent = pf.signed_partner(sector="akademi", name="Frånvarande Högskola", email="fran@hogskola.example")
    december = mf.plan(by=karin, days_ahead=33, title="Partnerskapets decembermöte")
    item = mf.add_item(december, by=karin, title="Val av justerare", kind="decision")
    spare = [mf.add_item(december, by=karin, title=f"Beslutspunkt {n}", kind="decision") for n in range(12)]
    mf.add_document(december, by=karin, title="Nomineringar till justerare", agenda_item=item, is_public=True)
    mf.add_document(december, by=karin, title="Internt PM om justerare", agenda_item=item, is_public=False)
    mf.send_notice(december, by=karin)
    time_machine.move_to(december.starts_at, tick=False)
    meeting_services.meeting_set_state(by=karin, meeting=december, state=Meeting.State.OPEN)
    for entry in roll:
        meeting_services.attendance_register(by=karin, meeting=december, partner=entry.partner,
                                             arrived_at=december.starts_at, representatives=[entry.representative])
    consensus = voting.decision_by_consensus(by=karin, item=item, wording=CONSENSUS_WORDING)

    room = room_under_way(karin=karin, roll=roll, time_machine=time_machine)
    attach(room.case, by=karin, title="Kartläggning av rehabiliteringen")
    secret = attach(room.case, by=karin, title="Hemlig bilaga om patienter", name="hemlig.pdf")
    preparation.case_document_withhold(by=karin, document=secret, reason="Personuppgifter")
    declaration = voting.conflict_declare(by=roll[4].user, case=room.case, partner=roll[4].partner,
                                          reason="Vi har skrivit underlaget.")
    if ruling:
        voting.conflict_rule(by=karin, declaration=declaration, may_vote=True, reason=ruling)
    vote = voting.vote_open(by=karin, item=room.case_item, question=VOTE_QUESTION)
    for entry, choice in zip(roll[:4], ["yes", "yes", "no", "abstain"], strict=True):
        voting.ballot_cast(by=entry.user, vote=vote, partner=entry.partner, choice=choice)
    voted = voting.vote_close(by=karin, vote=vote)
    room.case.refresh_from_db()
    return Decided(december=december, march=room.meeting, consensus=consensus, vote=vote, voted=voted,
                   spare_items=spare, case=room.case, absent=absent.partner)


@pytest.fixture
def decided(karin, roll, time_machine) -> Decided:
    return build(karin, roll, time_machine)


def publish(karin, decided):
    voting.vote_publish(by=karin, vote=decided.vote)


def finish_minutes(karin, meeting) -> Minutes:
    """The meeting is held and its minutes finished, through the services."""
    meeting.refresh_from_db()
    if not meeting.is_over:
        meeting_services.meeting_set_state(by=karin, meeting=meeting, state=Meeting.State.HELD)
        meeting.refresh_from_db()
    minutes = minutes_service.minutes_start(by=karin, meeting=meeting)
    minutes_service.minutes_finish(by=karin, minutes=minutes)
    minutes.refresh_from_db()
    return minutes


def get(client, url, status=200, **params):
    response = client.get(url, params)
    assert response.status_code == status, (url, response.status_code)
    return response


def html(client, url, **params) -> str:
    body = get(client, url, **params).content.decode()
    assert problems(body) == [], url
    return body


def rows(body: str) -> list[str]:
    tbody = body.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    return tbody.split("<tr>")[1:]


def listed_ids(client, **params) -> list[int]:
    data = json.loads(get(client, reverse("public_decisions_json"), **params).content)
    return [row["id"] for row in data["beslut"]]


def feed(client) -> ET.Element:
    response = get(client, reverse("public_decisions_feed"))
    assert response["Content-Type"].startswith("application/atom+xml")
    return ET.fromstring(response.content)


def decision_url(decision) -> str:
    return reverse("public_decision", args=[decision.pk])


# What the public sees ------------------------------------------------------------------------


def test_a_consensus_decision_is_public_at_once_and_a_vote_not_before_its_result_is_published(
        client, karin, decided):
    body = html(client, reverse("public_decisions"))
    assert CONSENSUS_WORDING in body
    assert VOTE_QUESTION not in body and decided.case.title not in body
    assert listed_ids(client) == [decided.consensus.pk]
    assert [e.findtext(f"{ATOM}title") for e in feed(client).iter(f"{ATOM}entry")] == ["Val av justerare: Antaget"]
    get(client, decision_url(decided.voted), status=404)

    publish(karin, decided)

    assert listed_ids(client) == [decided.voted.pk, decided.consensus.pk]
    assert VOTE_QUESTION in html(client, reverse("public_decisions"))
    assert len(list(feed(client).iter(f"{ATOM}entry"))) == 2
    assert VOTE_QUESTION in html(client, decision_url(decided.voted))


def test_finished_minutes_publish_the_meetings_votes(client, karin, decided):
    meeting_services.meeting_set_state(by=karin, meeting=decided.march, state=Meeting.State.HELD)
    decided.march.refresh_from_db()
    minutes = minutes_service.minutes_start(by=karin, meeting=decided.march)
    get(client, decision_url(decided.voted), status=404)  # a draft publishes nothing

    minutes_service.minutes_finish(by=karin, minutes=minutes)

    assert decided.voted.pk in listed_ids(client)
    assert publication.is_public(decided.voted)
    assert VOTE_QUESTION in html(client, decision_url(decided.voted))


def test_the_kansli_and_the_chair_read_an_unpublished_decision_others_do_not(client, karin, roll, decided):
    chair = pf.make_user(email="ordforande@socialstyrelsen.example", full_name="Olle Ordförande")
    ensure_totp(chair)  # a chair must use two-factor authentication
    Meeting.objects.filter(pk=decided.march.pk).update(chair=chair)  # history: test set-up only
    decided.voted.agenda_item.meeting.refresh_from_db()
    assert access.may_read_decision(karin, decided.voted) and access.may_read_decision(chair, decided.voted)
    assert not access.may_read_decision(roll[0].user, decided.voted)
    for user in (karin, chair):
        client.force_login(user)
        body = get(client, decision_url(decided.voted)).content.decode()
        assert "Beslutet är inte publicerat än." in body
    for user in (roll[0].user, roll[4].user):  # even the submitter and the ruled-out partner
        client.force_login(user)
        get(client, decision_url(decided.voted), status=404)
    client.logout()
    get(client, decision_url(decided.voted), status=404)
    get(client, reverse("public_decision", args=[decided.voted.pk + 1000]), status=404)


def test_the_list_shows_each_decision_newest_first_with_its_facts(client, karin, decided):
    publish(karin, decided)
    body = html(client, reverse("public_decisions"))
    voted, consensus = rows(body)
    assert f'href="{decision_url(decided.voted)}"' in voted
    assert decided.voted.decided_at.astimezone(mf.STOCKHOLM).strftime("%Y-%m-%d") in voted
    assert decided.march.title in voted and decided.case.agenda_item.title in voted
    assert VOTE_QUESTION in voted and "Omröstning" in voted and "Antaget" in voted
    assert "ja 2, nej 1, avstod 1" in voted
    assert f'href="{reverse("public_case", args=[decided.case.year, decided.case.number])}"' in voted
    assert decided.case.reference in voted
    assert "2026-12-28" in consensus and "Partnerskapets decembermöte" in consensus
    assert "Konsensus" in consensus and "ja " not in consensus
    assert "2 beslut" in body
    assert 'rel="alternate" type="application/atom+xml"' in body


def test_the_page_of_a_vote_shows_the_rule_its_reason_and_how_each_partner_voted(client, karin, roll, decided):
    publish(karin, decided)
    body = html(client, decision_url(decided.voted))
    assert VOTE_QUESTION in body and "Antaget" in body
    assert "Enkel majoritet (§ 4.3)" in body
    assert "Förslaget antogs: 2 ja mot 1 nej (1 avstod); enkel majoritet kräver fler ja än nej." in body
    assert "Beslutsförhet (§ 3.3)" in body
    ballots = body.split("Hur varje partner röstade", 1)[1].split("</table>", 1)[0]
    for entry, label in zip(roll[:4], ["Ja", "Ja", "Nej", "Avstår"], strict=True):
        assert f'<th scope="row">{entry.partner.name}</th><td data-label="Röst">{label}' in ballots
    assert roll[4].partner.name not in ballots
    assert f"Deltog inte i beslutet på grund av jäv: {roll[4].partner.name}" in body
    assert f"Inte närvarande: {decided.absent.name}" in body
    # The conflict as declared, and the chair's default ruling.
    assert "Vi har skrivit underlaget." in body
    assert "Ordföranden prövade inte jävet; partnern deltog därför inte i beslutet." in body
    assert f'href="{reverse("rules_of_procedure_version", args=[1])}"' in body
    assert 'rel="alternate" type="application/atom+xml"' in body


def test_the_page_shows_the_chairs_ruling_with_its_reason(client, karin, roll, time_machine):
    decided = build(karin, roll, time_machine, ruling="Intresset är litet och redovisat.")
    publish(karin, decided)
    body = html(client, decision_url(decided.voted))
    assert ("Ordföranden beslutade att partnern fick delta i beslutet: Intresset är litet och redovisat."
            in body)
    assert "Deltog inte i beslutet på grund av jäv" not in body
    # A decision without a case has no conflicts to show.
    assert "Anmält jäv" not in html(client, decision_url(decided.consensus))


def test_the_case_and_its_public_documents_are_shown_never_a_withheld_one(client, karin, roll, decided):
    publish(karin, decided)
    body = html(client, decision_url(decided.voted))
    case_link = reverse("public_case", args=[decided.case.year, decided.case.number])
    assert f'href="{case_link}"' in body and decided.case.reference in body
    public_doc = decided.case.documents.get(is_public=True)
    assert "Kartläggning av rehabiliteringen" in body
    assert f'href="{reverse("case_document_download", args=[public_doc.pk])}"' in body
    assert "Hemlig bilaga om patienter" not in body
    withheld = decided.case.documents.get(is_public=False)
    assert reverse("case_document_download", args=[withheld.pk]) not in body
    # Not to the kansli either: the public page is the public record.
    client.force_login(karin)
    assert "Hemlig bilaga om patienter" not in get(client, decision_url(decided.voted)).content.decode()


def test_the_items_published_meeting_documents_are_shown_not_the_others(client, decided):
    body = html(client, decision_url(decided.consensus))
    document = decided.december.documents.get(is_public=True)
    assert "Nomineringar till justerare" in body
    assert f'href="{reverse("document_download", args=[document.pk])}"' in body
    assert get(client, reverse("document_download", args=[document.pk])).status_code == 200
    assert "Internt PM om justerare" not in body
    assert "Konsensus (§ 4.3)" in body and CONSENSUS_WORDING in body


def test_the_page_links_the_meetings_minutes_once_they_are_published(client, karin, decided):
    minutes_url = reverse("public_minutes", args=[decided.december.pk])
    assert "Protokoll från" not in html(client, decision_url(decided.consensus))
    finish_minutes(karin, decided.december)
    body = html(client, decision_url(decided.consensus))
    assert f'href="{minutes_url}"' in body


# Filters ----------------------------------------------------------------------------------------


def test_the_list_filters_by_year_and_by_meeting_without_javascript(client, karin, decided):
    publish(karin, decided)
    body = html(client, reverse("public_decisions"))
    assert '<form method="get"' in body
    assert '<option value="2027">2027</option>' in body and '<option value="2026">2026</option>' in body
    assert f'<option value="{decided.december.pk}">2026-12-28 Partnerskapets decembermöte</option>' in body

    only_2026 = html(client, reverse("public_decisions"), ar="2026")
    assert len(rows(only_2026)) == 1 and CONSENSUS_WORDING in only_2026
    assert '<option value="2026" selected>2026</option>' in only_2026
    by_meeting = html(client, reverse("public_decisions"), sammantrade=str(decided.march.pk))
    assert len(rows(by_meeting)) == 1 and VOTE_QUESTION in by_meeting
    assert listed_ids(client, ar="2027") == [decided.voted.pk]
    assert listed_ids(client, sammantrade=str(decided.december.pk)) == [decided.consensus.pk]
    both = html(client, reverse("public_decisions"), ar="2026", sammantrade=str(decided.march.pk))
    assert "Inga beslut matchar filtret." in both


@pytest.mark.parametrize("params", [{"ar": "1999"}, {"ar": "x"}, {"sammantrade": "999999"}])
def test_a_filter_value_that_is_not_a_choice_is_ignored_and_named(client, karin, decided, params):
    publish(karin, decided)
    body = html(client, reverse("public_decisions"), **params)
    assert len(rows(body)) == 2
    assert "kändes inte igen och används inte" in body
    assert len(listed_ids(client, **params)) == 2


def test_an_unpublished_meeting_is_not_offered_as_a_filter(client, decided):
    body = html(client, reverse("public_decisions"))
    assert f'<option value="{decided.march.pk}">' not in body
    assert '<option value="2027">' not in body
    assert listed_ids(client, sammantrade=str(decided.march.pk)) == [decided.consensus.pk]  # ignored


def test_with_no_decisions_the_page_says_so(client, roll):
    body = html(client, reverse("public_decisions"))
    assert "Inga beslut är publicerade ännu." in body
    assert json.loads(get(client, reverse("public_decisions_json")).content)["beslut"] == []
    assert list(feed(client).iter(f"{ATOM}entry")) == []


# Open data ------------------------------------------------------------------------------------


def test_the_open_data_has_exactly_the_keys_and_values(client, karin, decided):
    publish(karin, decided)
    response = get(client, reverse("public_decisions_json"))
    assert response["Content-Type"] == "application/json; charset=utf-8"
    data = json.loads(response.content)
    assert data["kolumner"] == ["id", "datum", "sammantrade", "rubrik", "beslut", "metod", "utfall", "ja", "nej",
                                "avstod", "arende"]
    voted, consensus = data["beslut"]
    assert voted == {
        "id": decided.voted.pk, "datum": decided.march.date.isoformat(),
        "sammantrade": decided.march.date.isoformat(), "rubrik": decided.case.agenda_item.title,
        "beslut": VOTE_QUESTION, "metod": "omrostning", "utfall": "antaget",
        "ja": 2, "nej": 1, "avstod": 1, "arende": decided.case.reference,
    }
    assert decided.case.reference.startswith("SweCan 2026/")
    assert consensus == {
        "id": decided.consensus.pk, "datum": "2026-12-28", "sammantrade": "2026-12-28",
        "rubrik": "Val av justerare", "beslut": CONSENSUS_WORDING, "metod": "konsensus", "utfall": "antaget",
        "ja": None, "nej": None, "avstod": None, "arende": None,
    }
    assert CONSENSUS_WORDING in response.content.decode()  # UTF-8, not \u escapes


def test_a_vote_not_adopted_is_inte_antaget(client, karin, roll, decided):
    plain = decided.march.agenda_items.get(title="Val av justerare")
    vote = voting.vote_open(by=karin, item=plain, question="Ska Bob justera protokollet?")
    voting.ballot_cast(by=roll[0].user, vote=vote, partner=roll[0].partner, choice="no")
    decision = voting.vote_close(by=karin, vote=vote)
    voting.vote_publish(by=karin, vote=vote)
    [row] = [r for r in json.loads(get(client, reverse("public_decisions_json")).content)["beslut"]
             if r["id"] == decision.pk]
    assert (row["metod"], row["utfall"], row["ja"], row["nej"], row["avstod"], row["arende"]) == (
        "omrostning", "inte_antaget", 0, 1, 0, None)
    assert "Inte antaget" in html(client, decision_url(decision))


# The feed --------------------------------------------------------------------------------------


def test_the_feed_is_atom_with_a_link_to_each_decision(client, karin, decided):
    publish(karin, decided)
    root = feed(client)
    assert root.tag == f"{ATOM}feed"
    assert root.findtext(f"{ATOM}title") == "SweCan – partnerskapets beslut"
    links = {link.get("rel"): link.get("href") for link in root.findall(f"{ATOM}link")}
    assert links["self"].endswith(reverse("public_decisions_feed"))
    assert links["alternate"].endswith(reverse("public_decisions"))
    entries = list(root.iter(f"{ATOM}entry"))
    assert [e.find(f"{ATOM}link").get("href") for e in entries] == [
        f"http://testserver{decision_url(decided.voted)}", f"http://testserver{decision_url(decided.consensus)}"]
    summary = entries[0].findtext(f"{ATOM}summary")
    assert VOTE_QUESTION in summary and "ja 2, nej 1, avstod 1" in summary
    for entry in entries:  # each link leads to the page
        assert get(client, entry.find(f"{ATOM}link").get("href").removeprefix("http://testserver"))


# The page cache -----------------------------------------------------------------------------------


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def test_a_new_decision_or_a_published_result_shows_on_the_next_request(client, karin, roll, decided):
    urls = [reverse("public_decisions"), reverse("public_decisions_json"), reverse("public_decisions_feed"),
            decision_url(decided.consensus)]
    for url in urls:
        client.get(url)
        assert _queries(client, url) == 0, url  # served from the page cache

    publish(karin, decided)
    for url in urls[:3]:
        assert VOTE_QUESTION in client.get(url).content.decode(), url

    plain = decided.march.agenda_items.get(title="Val av justerare")
    voting.decision_by_consensus(by=karin, item=plain, wording="Bob justerar protokollet.")
    for url in urls[:3]:
        assert "Bob justerar protokollet." in client.get(url).content.decode(), url


def test_a_withheld_document_leaves_the_cached_page(client, karin, decided):
    publish(karin, decided)
    public_doc = decided.case.documents.get(is_public=True)
    assert "Kartläggning av rehabiliteringen" in client.get(decision_url(decided.voted)).content.decode()
    preparation.case_document_withhold(by=karin, document=public_doc, reason="Sekretess")
    assert "Kartläggning av rehabiliteringen" not in client.get(decision_url(decided.voted)).content.decode()


def test_finishing_minutes_shows_the_vote_on_the_next_request(client, karin, decided):
    assert VOTE_QUESTION not in client.get(reverse("public_decisions")).content.decode()
    finish_minutes(karin, decided.march)
    assert VOTE_QUESTION in client.get(reverse("public_decisions")).content.decode()


# Query counts --------------------------------------------------------------------------------------


def _decide_spares(karin, decided, time_machine, n):
    time_machine.move_to(decided.december.starts_at + datetime.timedelta(minutes=5), tick=False)
    undecided = [item for item in decided.spare_items if not Decision.objects.filter(agenda_item=item).exists()]
    for item in undecided[:n]:
        voting.decision_by_consensus(by=karin, item=item, wording=f"Beslut om {item.title}.")


@pytest.mark.parametrize("url", ["/beslut/", "/beslut/?ar=2026", "/beslut.json", "/beslut/atom.xml"])
def test_the_decisions_make_as_many_queries_for_14_as_for_4(client, karin, decided, time_machine, url):
    publish(karin, decided)
    march = decided.march.starts_at
    _decide_spares(karin, decided, time_machine, 2)
    time_machine.move_to(march, tick=False)
    public_cache.clear_local()
    with_4 = _queries(client, url)
    _decide_spares(karin, decided, time_machine, 10)
    time_machine.move_to(march, tick=False)
    public_cache.clear_local()
    with_14 = _queries(client, url)
    assert publication.public_decisions().count() == 14
    assert with_14 == with_4


def test_a_long_list_is_paged_and_the_pages_keep_the_filter(client, karin, decided, time_machine, monkeypatch):
    from decisions.views import public_decisions as views

    monkeypatch.setattr(views, "PER_PAGE", 5)
    _decide_spares(karin, decided, time_machine, 12)
    first = html(client, reverse("public_decisions"), ar="2026")
    assert len(rows(first)) == 5 and "sida 1 av 3" in first
    assert 'href="?ar=2026&amp;sida=2"' in first
    last = html(client, reverse("public_decisions"), ar="2026", sida="3")
    assert len(rows(last)) == 3
