"""/mina-sidor/ shows what needs you, with countdowns and each deadline's weekday.

Today is Wednesday 2026-11-25 (as in the meetings tests).
"""

import datetime
import re
import zoneinfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from meetings import services as meeting_services
from meetings.models import Meeting
from swecan.models import RulesOfProcedure
from tests.meetings import factories as f
from tests.partnership.factories import invite_partner

pytestmark = pytest.mark.django_db

STOCKHOLM = zoneinfo.ZoneInfo("Europe/Stockholm")
NOW = datetime.datetime(2026, 11, 25, 10, 0, tzinfo=STOCKHOLM)
D = datetime.date


@pytest.fixture(autouse=True)
def _today(settings, time_machine):
    settings.SWECAN_YEAR1_START = D(2026, 1, 1)
    time_machine.move_to(NOW, tick=False)


def text_of(response) -> str:
    html = response.content.decode()
    section = html.split('id="needs-heading"', 1)[1].split("</section>", 1)[0]
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", section))


def dashboard(client, user, language="sv"):
    client.force_login(user)
    response = client.get(reverse("dashboard"), HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 200
    return text_of(response)


def held(meeting):
    Meeting.objects.filter(pk=meeting.pk).update(state=Meeting.State.HELD, notice_sent_at=timezone.now())


# The kansli ---------------------------------------------------------------------------------


def test_the_kansli_sees_the_last_day_of_a_kallelse_with_its_weekday_and_a_countdown(client, karin, roll):
    meeting = f.plan(by=karin, day=D(2027, 2, 1), title="Vintermötet 2027")

    page = dashboard(client, karin)

    assert "Kallelser att skicka" in page and "Vintermötet 2027" in page
    # 1 February less 30 days is Saturday 2 January: the page says so and names the Wednesday
    # before it (31 December is nyårsafton, 1 January nyårsdagen).
    assert ("Sista dag för kallelse: lördag 2 januari 2027 (helg; sista vardag före: "
            "onsdag 30 december) – om 38 dagar") in page
    assert f'href="{reverse("kansli_meeting", args=[meeting.pk])}"' in client.get(reverse("dashboard")).content.decode()


def test_the_last_day_of_a_kallelse_uses_the_version_in_force_on_that_day(client, karin, roll):
    v1 = RulesOfProcedure.objects.get(number=1)
    # Version 2 asks 45 days from 1 January 2027: a kallelse on 2 January would be too late
    # under it, so the last day is the last one of version 1, nyårsafton.
    RulesOfProcedure.objects.create(number=2, effective_from=D(2027, 1, 1),
                                    parameters={**v1.parameters, "notice_days": 45}, text="Version 2.")
    f.plan(by=karin, day=D(2027, 2, 1))

    page = dashboard(client, karin)

    assert ("Sista dag för kallelse: torsdag 31 december 2026 (nyårsafton; sista vardag före: "
            "onsdag 30 december) – om 36 dagar") in page


def test_the_kansli_sees_when_the_minutes_of_a_held_meeting_are_due(client, karin, roll, time_machine):
    meeting = f.plan(by=karin, day=D(2027, 1, 11), title="Januarimötet")
    held(meeting)
    time_machine.move_to(f.local(D(2027, 1, 20)), tick=False)

    page = dashboard(client, karin)

    # 11 January + 14 days: Monday 25 January, five days ahead.
    assert "Januarimötet" in page
    assert "Protokollet ska vara färdigställt senast måndag 25 januari 2027 – om 5 dagar (§ 3.2)" in page


def test_the_kansli_sees_unanswered_invitations_with_their_age(client, karin, time_machine):
    invitation = invite_partner(by=karin, name="Långsam Svarare AB", contact_name="Sven Svarare")
    time_machine.move_to(NOW + datetime.timedelta(days=5), tick=False)

    page = dashboard(client, karin)

    assert "Långsam Svarare AB: Sven Svarare skickad för 5 dagar sedan; giltig till" in page
    assert invitation.partner.name in page


def test_the_kansli_sees_who_has_not_signed_the_declaration(client, karin, roll, charlie):
    page = dashboard(client, karin)

    assert "Avsiktsförklaringar som saknas" in page
    assert "Inbjuden Men Ej Undertecknad" in page
    assert "Region Norrexempel" not in page.split("Avsiktsförklaringar som saknas")[1]


def test_the_kansli_sees_failed_deliveries(client, karin):
    from outbox.models import Message

    Message.objects.create(kind="invitation", key="x:1", recipient="a@example.org", payload={},
                           status=Message.Status.FAILED, last_error="550")

    assert "1 utskick att åtgärda" in dashboard(client, karin)


def test_the_kansli_dashboard_in_english_names_weekdays_in_english(client, karin, roll):
    f.plan(by=karin, day=D(2027, 2, 1))

    page = dashboard(client, karin, "en")

    assert "Saturday 2 January 2027" in page and "Wednesday 30 December" in page


def test_the_kansli_dashboard_costs_the_same_queries_for_one_meeting_or_many(client, karin, roll):
    client.force_login(karin)

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("dashboard")).status_code == 200
        return len(queries)

    f.plan(by=karin, days_ahead=60)
    held(f.plan(by=karin, days_ahead=61))
    invite_partner(by=karin)
    one = count()
    for n in range(5):
        f.plan(by=karin, days_ahead=62 + n)
        held(f.plan(by=karin, days_ahead=70 + n))
        invite_partner(by=karin)
    assert count() == one


# A representative ---------------------------------------------------------------------------


def test_a_representative_is_asked_to_answer_until_the_partner_has(client, karin, roll, alice, deputy):
    meeting = f.noticed(by=karin, days_ahead=40, title="Vårmötet")

    page = dashboard(client, alice)
    assert "Svara inför möten" in page and "Vårmötet" in page

    meeting_services.advance_answer_set(by=deputy, meeting=meeting, partner=roll[0].partner,
                                        answer="coming")
    # Dora answered for the partner: Alice has nothing left to answer.
    assert "Svara inför möten" not in dashboard(client, alice)
    # Bob's partner has not answered.
    assert "Vårmötet" in dashboard(client, roll[1].user)


def test_documents_new_since_the_last_visit(client, karin, roll, alice, time_machine):
    meeting = f.noticed(by=karin, days_ahead=40, title="Vårmötet")
    f.add_document(meeting, by=karin, title="Budget")

    assert "Vårmötet: 1 nytt dokument" in dashboard(client, alice)

    assert client.get(reverse("meeting_detail", args=[meeting.pk])).status_code == 200
    assert "nytt dokument" not in dashboard(client, alice)

    time_machine.move_to(NOW + datetime.timedelta(hours=1), tick=False)
    f.add_document(meeting, by=karin, title="Verksamhetsplan", name="plan.pdf")
    f.add_document(meeting, by=karin, title="Bilaga", name="bilaga.pdf")
    page = dashboard(client, alice)
    assert "Vårmötet: 2 nya dokument" in page
    # Another person's visit is not Alice's.
    assert "Vårmötet: 3 nya dokument" in dashboard(client, roll[1].user)


def test_an_unsigned_declaration_is_on_the_dashboard(client, declaration_text, charlie):
    client.force_login(charlie)
    response = client.get(reverse("dashboard"))

    assert "Avsiktsförklaringen är inte undertecknad." in text_of(response)
    assert f'href="{reverse("declaration_sign")}"' in response.content.decode()


def test_a_representative_with_nothing_to_do_is_told_so(client, alice):
    assert "Inget väntar på dig just nu." in dashboard(client, alice)


def test_the_representative_dashboard_costs_the_same_queries_for_one_meeting_or_many(client, karin, roll,
                                                                                     alice):
    client.force_login(alice)

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("dashboard")).status_code == 200
        return len(queries)

    meeting = f.noticed(by=karin, days_ahead=40)
    f.add_document(meeting, by=karin)
    one = count()
    for n in range(4):
        other = f.noticed(by=karin, days_ahead=41 + n)
        f.add_document(other, by=karin)
    assert count() == one
