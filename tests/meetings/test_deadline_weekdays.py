"""Every meeting deadline shows its weekday and, on a Saturday, Sunday or Swedish holiday, says
so and names the last working day before it (rules.md, "Calendar days, but say the weekday").

The meeting is on Monday 8 February 2027: the kallelse is due on Saturday 9 January (§ 3.1,
30 days) and, with the notice on that day, cases on Saturday 26 December 2026, annandag jul
(§ 4.2, 14 days before the notice). Today is Wednesday 25 November 2026.
"""

import datetime

import pytest
from django.urls import reverse

from tests.meetings import factories as f

pytestmark = pytest.mark.django_db

MEETING_DAY = datetime.date(2027, 2, 8)
NOTICE_SATURDAY = (
    '<time datetime="2027-01-09">lördag 9 januari 2027</time> <span class="deadline-note">'
    "(helg; sista vardag före: fredag 8 januari)</span>"
)
CASES_ANNANDAG = (
    '<time datetime="2026-12-26">lördag 26 december 2026</time> <span class="deadline-note">'
    "(annandag jul; sista vardag före: onsdag 23 december)</span>"
)


@pytest.fixture
def meeting(karin, roll):
    meeting = f.plan(by=karin, day=MEETING_DAY, title="Partnerskapets vintermöte")
    f.add_item(meeting, by=karin, title="Godkännande av dagordningen")
    return meeting


def page(client, name, *args, **query):
    response = client.get(reverse(name, args=args), query)
    assert response.status_code == 200
    return response.content.decode()


def test_the_year_view_names_the_weekday_and_the_working_day_before(client, karin, meeting):
    client.force_login(karin)

    year = page(client, "kansli_meetings", ar="2027")

    assert NOTICE_SATURDAY in year
    assert CASES_ANNANDAG in year
    assert "2027-01-09<br>" not in year
    assert "om 45 dagar" in year  # the countdown to the notice day is kept


def test_the_year_view_in_english(client, karin, meeting):
    client.force_login(karin)

    year = client.get(reverse("kansli_meetings"), {"ar": "2027"}, HTTP_ACCEPT_LANGUAGE="en")

    text = year.content.decode()
    assert "Saturday 9 January 2027" in text and "Friday 8 January" in text
    assert "Second Day of Christmas" in text and "Wednesday 23 December" in text


def test_the_kansli_meeting_page_names_the_weekday_of_both_deadlines(client, karin, meeting):
    client.force_login(karin)

    manage = page(client, "kansli_meeting", meeting.pk)

    assert NOTICE_SATURDAY in manage
    assert CASES_ANNANDAG in manage
    assert f"Sista dag: {NOTICE_SATURDAY} (om 45 dagar)." in manage


def test_the_kallelse_confirmation_names_the_weekday_of_the_notice_day(client, karin, meeting):
    client.force_login(karin)

    confirm = page(client, "kansli_notice_send", meeting.pk)

    assert f"Sista dag för kallelse: {NOTICE_SATURDAY} (§ 3.1) – om 45 dagar" in confirm


def test_the_members_meeting_page_names_the_weekday_of_both_deadlines(
        client, karin, alice, meeting, time_machine):
    # Sent on Friday 8 January, the notice closed case submission on juldagen.
    time_machine.move_to(f.local(datetime.date(2027, 1, 8)), tick=False)
    f.send_notice(meeting, by=karin)
    client.force_login(alice)

    detail = page(client, "meeting_detail", meeting.pk)

    assert NOTICE_SATURDAY in detail
    assert (
        '<time datetime="2026-12-25">fredag 25 december 2026</time> <span class="deadline-note">'
        "(juldagen; sista vardag före: onsdag 23 december)</span>"
    ) in detail
    assert "passerad; nya ärenden går till nästa möte" in detail


def test_a_deadline_on_a_working_day_carries_no_note(client, karin, roll):
    # Meeting on Wednesday 3 March 2027: notice by Monday 1 February, cases by Monday 18 January.
    meeting = f.plan(by=karin, day=datetime.date(2027, 3, 3), title="Vårmötet")
    client.force_login(karin)

    manage = page(client, "kansli_meeting", meeting.pk)

    assert '<time datetime="2027-02-01">måndag 1 februari 2027</time> (§ 3.1)' in manage
    assert '<time datetime="2027-01-18">måndag 18 januari 2027</time> (§ 4.2)' in manage
    assert "deadline-note" not in manage
