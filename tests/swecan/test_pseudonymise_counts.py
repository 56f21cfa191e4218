"""The pseudonymisation page counts everything it will touch, advance answers and the marks of
which meeting pages the person has seen among them."""

import datetime
import zoneinfo

import pytest
from django.urls import reverse

from meetings import services as meeting_services
from meetings.models import MeetingVisit
from partnership import services as partnership_services
from partnership.models import Representative
from tests.meetings import factories as mf
from tests.swecan.test_valid_html import problems

pytestmark = pytest.mark.django_db

NOW = datetime.datetime(2026, 3, 10, 10, 0, tzinfo=zoneinfo.ZoneInfo("Europe/Stockholm"))


@pytest.fixture(autouse=True)
def _frozen_now(time_machine):
    time_machine.move_to(NOW, tick=False)


@pytest.fixture
def nora_who_left(karin, nora):
    """Nora answered for her region before two meetings (one with a note), opened three meeting
    pages, and then her region withdrew."""
    rep = Representative.objects.get(user=nora)
    meetings = [mf.noticed(by=karin, days_ahead=40 + n, title=f"Möte {n}") for n in range(3)]
    meeting_services.advance_answer_set(by=nora, meeting=meetings[0], partner=rep.partner, answer="coming",
                                        representative=rep, note="Kommer men går 15.00 (läkarbesök)")
    meeting_services.advance_answer_set(by=nora, meeting=meetings[1], partner=rep.partner, answer="absent",
                                        representative=None, note="")
    for meeting in meetings:
        MeetingVisit.record(nora, meeting)
    MeetingVisit.record(karin, meetings[0])  # not hers
    partnership_services.withdrawal_register(by=karin, partner=rep.partner,
                                             request_received_on=NOW.date())
    return nora


def test_the_confirmation_counts_her_answers_and_visits(client, karin, nora_who_left):
    client.force_login(karin)

    page = client.get(reverse("kansli_person_pseudonymise", args=[nora_who_left.pk])).content.decode()

    assert ("2 svar inför möten står kvar som partnernas planering, men deras meddelanden töms, "
            "också i historiken.") in page
    assert "Markeringarna av vilka 3 mötessidor personen har öppnat tas bort." in page
    assert problems(page) == []


def test_someone_with_neither_reads_no_such_line(client, karin, nora):
    partner = Representative.objects.get(user=nora).partner
    partnership_services.withdrawal_register(by=karin, partner=partner, request_received_on=NOW.date())
    client.force_login(karin)

    page = client.get(reverse("kansli_person_pseudonymise", args=[nora.pk])).content.decode()

    assert "kan inte ångras" in page
    assert "svar inför möte" not in page and "mötessid" not in page
