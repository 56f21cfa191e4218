"""The kansli works in English: rule reasons and refusals arrive in English (issue 8, § 4).

Needs the English catalogue (locale/en) to hold the rule reasons' messages.
"""

import re

import pytest
from django.urls import reverse

from meetings.models import Meeting
from tests.browser.helpers import eager_tasks_and_locmem_mail, log_in_kansli
from tests.conftest import assert_accessible
from tests.meetings.factories import plan
from tests.partnership.factories import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SWEDISH = re.compile(r"\b(Kallelsen|kallelsen|dagar|dag|sammanträde\w*|Partnerskapet|"
                     r"dagordning|fysiska?|planerade?|krävs|minst)\b")


@pytest.fixture(autouse=True)
def _eager_tasks_and_locmem_mail(settings):
    yield from eager_tasks_and_locmem_mail(settings)


def test_the_kansli_in_english_reads_why_a_kallelse_is_refused(
        page, live_server, karin, karin_totp_secret, roll, arbetsordning_v1):
    user, secret = karin, karin_totp_secret
    # Planned 40 days ahead with an empty agenda: the kallelse cannot go out yet.
    meeting = plan(by=user, days_ahead=40, title="Autumn meeting of the partnership")
    log_in_kansli(page, user.email, PASSWORD, secret)
    with page.expect_navigation():  # the page the click leads to, not the one loaded
        page.get_by_role("banner").get_by_role("button", name="In English").click()
    assert page.locator("html").get_attribute("lang") == "en"

    page.goto(reverse("kansli_meeting", args=[meeting.pk]))
    main = page.get_by_role("main")
    assert "without a preliminary agenda" in main.inner_text()
    assert_accessible(page, "english-01-meeting-refused")

    page.goto(reverse("kansli_notice_send", args=[meeting.pk]))
    text = page.get_by_role("main").inner_text()
    reason = next(line for line in text.splitlines() if "preliminary agenda" in line)
    assert not SWEDISH.search(reason), reason
    send = page.get_by_role("main").locator("form[method=post] button[type=submit]")
    if send.count():
        # Sent anyway (a second tab, a stale page): the service refuses in English.
        with page.expect_navigation():  # the page the click leads to, not the one loaded
            send.first.click()
        message = page.get_by_role("main").inner_text()
        assert "without a preliminary agenda" in message
        line = next(line for line in message.splitlines() if "preliminary agenda" in line)
        assert not SWEDISH.search(line), line
    assert Meeting.objects.get(pk=meeting.pk).notice_sent_at is None
    assert_accessible(page, "english-02-notice-refused")

    # The year view judges the number of meetings in person, in English with its plurals.
    page.goto(f"{reverse('kansli_meetings')}?ar={meeting.starts_at.year}")
    text = page.get_by_role("main").inner_text()
    verdict = next(line for line in text.splitlines() if "in person" in line)
    assert re.search(r"at least 2 times per calendar year; 1 in-person meeting planned", verdict), verdict
    assert not SWEDISH.search(verdict), verdict
    assert_accessible(page, "english-03-year-view")

    # The sectors are named in English where partners are invited (one source of labels).
    page.goto(reverse("kansli_partner_create"))
    body = page.get_by_role("main").inner_text()
    assert "Health care" in body and "Academia and research" in body
    assert "Hälso- och sjukvård" not in body and "Akademi och forskning" not in body
    sector = page.locator("select[name=sector]")
    assert "Civil society" in sector.inner_text()
    assert_accessible(page, "english-04-sectors")
