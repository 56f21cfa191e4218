"""A withdrawal backdated before meetings already held changes their voting roll, and so their
quorum (R3, R7): the confirmation names those meetings before anything is registered."""

import datetime
import html
import re

import pytest
from django.urls import reverse

from meetings.models import Meeting
from partnership.models import Partner, Withdrawal
from tests.meetings.conftest import NOW, STOCKHOLM
from tests.meetings.factories import mark_noticed, plan
from tests.partnership.factories import signed_partner
from tests.personas import signed_roll
from tests.swecan.test_valid_html import problems


@pytest.fixture
def autumn(karin, time_machine):
    """Partners signed on 1 September; one partnership meeting held before 10 October, one held
    after it, an AU meeting after it, and one noticed for December (all planned on 1 September)."""
    time_machine.move_to(datetime.datetime(2026, 9, 1, 10, tzinfo=STOCKHOLM), tick=False)
    partners = signed_roll()
    meetings = {
        "early": plan(by=karin, day=datetime.date(2026, 10, 5), title="Tidigt höstmöte"),
        "held": plan(by=karin, day=datetime.date(2026, 10, 20), title="Höstmötet 2026"),
        "au": plan(by=karin, day=datetime.date(2026, 10, 21), title="AU:s oktobermöte",
                   body=Meeting.Body.COMMITTEE),
        "december": plan(by=karin, day=datetime.date(2026, 12, 15), title="Decembermötet"),
    }
    for meeting in meetings.values():
        mark_noticed(meeting)
    time_machine.move_to(NOW, tick=False)
    Meeting.objects.filter(pk__in=[meetings[k].pk for k in ("early", "held", "au")]).update(
        state=Meeting.State.HELD)  # history: test scene
    return partners, meetings


def text(response) -> str:
    main = response.content.decode().split("<main", 1)[1].split("</main>", 1)[0]
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", "", main)))


def confirmation(client, partner, day: str):
    return client.post(reverse("kansli_partner_withdraw", args=[partner.pk]),
                       {"request_received_on": day, "note": ""})


def test_a_backdated_withdrawal_names_the_meetings_whose_quorum_it_changes(client, karin, autumn):
    partners, meetings = autumn
    client.force_login(karin)

    response = confirmation(client, partners[1].partner, "2026-10-10")

    page = text(response)
    assert "Datumet ligger före sammanträden som redan har börjat eller hållits." in page
    assert "beslutsförhet räknas om" in page
    assert "Höstmötet 2026, 20 oktober 2026" in page
    assert problems(response.content.decode()) == []
    assert reverse("kansli_meeting", args=[meetings["held"].pk]) in response.content.decode()
    # Before the date, not a partnership meeting, not held yet: nothing changes for them.
    for name in ("Tidigt höstmöte", "AU:s oktobermöte", "Decembermötet"):
        assert name not in page
    assert not Withdrawal.objects.exists()


def test_a_withdrawal_from_today_warns_of_no_meeting(client, karin, autumn):
    partners, _meetings = autumn
    client.force_login(karin)

    page = text(confirmation(client, partners[1].partner, "2026-11-25"))

    assert "Det här händer om du registrerar utträdet" in page
    assert "redan har börjat eller hållits" not in page


def test_a_partner_that_was_not_on_those_rolls_changes_nothing(client, karin, autumn):
    # Signed only after the autumn meeting: it never counted there.
    _partners, _meetings = autumn
    late = signed_partner(sector="naringsliv", name="Sent Undertecknad AB").partner  # signed today
    client.force_login(karin)
    Partner.objects.filter(pk=late.pk).update(  # history: test scene
        invited_on=datetime.date(2026, 9, 1), joined_on=datetime.date(2026, 9, 1))

    page = text(confirmation(client, late, "2026-10-10"))

    assert "Det här händer om du registrerar utträdet" in page
    assert "Höstmötet 2026" not in page
