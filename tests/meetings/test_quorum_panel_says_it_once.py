"""The quorum panel says its verdict once: the rule's reason already opens with it ("Inte
beslutsfört: …"), so no bold heading repeats it above."""

import html
import re

import pytest
from django.urls import reverse

from meetings import services
from tests.meetings import factories as f


@pytest.fixture
def meeting(karin, roll, time_machine):
    meeting = f.noticed(by=karin, days_ahead=40)
    time_machine.move_to(meeting.starts_at, tick=False)
    return services.meeting_set_state(by=karin, meeting=meeting, state="open")


def panel_text(client, meeting) -> str:
    body = client.get(reverse("meeting_quorum", args=[meeting.pk])).content.decode()
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", body)))


def test_not_quorate_is_said_once_with_its_rule(client, karin, meeting):
    client.force_login(karin)

    text = panel_text(client, meeting)

    assert text.count("Inte beslutsfört") == 1
    assert "Inte beslutsfört: ingen partner närvarar från Hälso- och sjukvård" in text
    assert "(§ 3.3)" in text


def test_quorate_is_said_once_too(client, karin, roll, meeting):
    for signed in roll:
        services.attendance_register(by=karin, meeting=meeting, partner=signed.partner,
                                     arrived_at=meeting.starts_at)
    client.force_login(karin)

    text = panel_text(client, meeting)

    assert text.count("Beslutsfört") == 1
    assert "Inte beslutsfört" not in text
