"""Sending the kallelse asks first and shows what will happen, with the e-mail as it will arrive."""

import datetime
import html

import pytest
from django.urls import reverse

from meetings.models import Meeting
from tests.meetings import factories as f
from tests.meetings.conftest import TODAY

pytestmark = pytest.mark.django_db

D = datetime.timedelta


@pytest.fixture
def meeting(karin, roll):
    # 66 days ahead: the notice is planned for day 36, cases until day 22.
    meeting = f.plan(by=karin, days_ahead=66, title="Partnerskapets vårmöte")
    f.add_item(meeting, by=karin, title="Godkännande av dagordningen")
    return meeting


def test_the_send_link_leads_to_a_confirmation_that_sends_nothing(client, karin, meeting, mailoutbox):
    client.force_login(karin)
    manage = client.get(reverse("kansli_meeting", args=[meeting.pk])).content.decode()
    url = reverse("kansli_notice_send", args=[meeting.pk])
    assert f'href="{url}"' in manage

    page = client.get(url)

    assert page.status_code == 200
    meeting.refresh_from_db()
    assert meeting.state == Meeting.State.PLANNED
    assert mailoutbox == []


def test_the_confirmation_counts_who_is_called_by_sector(client, karin, meeting):
    client.force_login(karin)

    page = client.get(reverse("kansli_notice_send", args=[meeting.pk])).content.decode()

    assert "5 personer" in page
    for label in ("Hälso- och sjukvård", "Näringsliv"):
        assert label in page


def test_the_confirmation_says_what_happens_to_the_case_deadline(client, karin, meeting):
    client.force_login(karin)

    page = client.get(reverse("kansli_notice_send", args=[meeting.pk])).content.decode()

    # Sent today, the last case day is today - 14; planned, it would have been day 22.
    assert (TODAY - D(days=14)).isoformat() in page
    assert (TODAY + D(days=22)).isoformat() in page
    assert "senare möte" in page


def test_the_preview_is_the_email_as_it_arrives(client, karin, meeting, roll, mailoutbox,
                                                django_capture_on_commit_callbacks):
    client.force_login(karin)
    url = reverse("kansli_notice_send", args=[meeting.pk])
    page = client.get(url).content.decode()
    frame = client.get(reverse("kansli_notice_preview", args=[meeting.pk]))

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url)

    assert response.status_code == 302
    first = min(roll, key=lambda sp: (sp.partner.name, sp.representative.name)).representative
    sent = next(m for m in mailoutbox if m.to == [first.email])
    assert html.escape(sent.subject, quote=False) in page
    assert html.escape(sent.body, quote=False) in page  # the text part, in <pre>
    assert frame.content.decode() == sent.alternatives[0][0]  # the HTML part, byte for byte


def test_the_preview_frame_is_sandboxed(client, karin, meeting):
    client.force_login(karin)

    frame = client.get(reverse("kansli_notice_preview", args=[meeting.pk]))
    page = client.get(reverse("kansli_notice_send", args=[meeting.pk])).content.decode()

    policy = frame["Content-Security-Policy"]
    assert "sandbox" in policy and "script-src" not in policy and "default-src 'none'" in policy
    assert frame["X-Frame-Options"] == "SAMEORIGIN"
    assert "<iframe" in page and " sandbox " in page


def test_a_late_notice_shows_the_refusal_and_no_send_button(client, karin, meeting, time_machine):
    time_machine.move_to(f.local(meeting.date - D(days=20)), tick=False)
    client.force_login(karin)

    page = client.get(reverse("kansli_notice_send", args=[meeting.pk])).content.decode()

    assert "§ 3.1" in page
    assert "Kallelsen kan inte skickas" in page
    assert 'type="submit">Skicka kallelsen' not in page


@pytest.mark.parametrize("name", ["kansli_notice_send", "kansli_notice_preview"])
def test_representatives_are_forbidden(client, alice, meeting, name):
    client.force_login(alice)

    assert client.get(reverse(name, args=[meeting.pk])).status_code == 403
    assert client.post(reverse(name, args=[meeting.pk])).status_code == 403
    meeting.refresh_from_db()
    assert meeting.state == Meeting.State.PLANNED
