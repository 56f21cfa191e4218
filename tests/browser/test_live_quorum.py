"""The quorum panel follows the room without a reload (htmx polling every 10 s)."""

import datetime

import pytest
from django.utils import timezone

from meetings import services
from tests.browser.helpers import eager_tasks_and_locmem_mail, log_in
from tests.meetings.factories import happening_now, noticed, signed_roll
from tests.partnership.factories import PASSWORD, make_kansli

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _eager_tasks_and_locmem_mail(settings):
    yield from eager_tasks_and_locmem_mail(settings)


def test_the_quorum_panel_updates_itself_when_partners_arrive(page, arbetsordning_v1):
    karin = make_kansli()
    roll = signed_roll()
    meeting = happening_now(noticed(by=karin, days_ahead=40))  # presence is recorded at the meeting
    moment = timezone.localtime(meeting.starts_at + datetime.timedelta(minutes=30))
    log_in(page, roll[0].user.email, PASSWORD)
    page.goto(f"/moten/{meeting.pk}/?tid={moment:%Y-%m-%dT%H:%M}")
    panel = page.locator("#quorum-panel")
    assert "Inte beslutsfört" in panel.inner_text()

    for signed in roll:  # everyone arrives, registered by the kansli elsewhere
        services.attendance_register(by=karin, meeting=meeting, partner=signed.partner,
                                     arrived_at=meeting.starts_at)

    page.wait_for_function(
        "() => document.querySelector('#quorum-panel').innerText.includes('Beslutsfört')",
        timeout=15_000,
    )
    assert "5 av 5" in page.locator("#quorum-panel").inner_text()
