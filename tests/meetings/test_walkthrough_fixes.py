"""Flaws found walking through the portal as a new user (issue 8 walk-through)."""

import datetime

import pytest
from django.urls import reverse

from meetings.models import Meeting
from tests.meetings import factories as f
from tests.meetings.conftest import TODAY
from tests.meetings.test_moving_a_noticed_meeting import edit_post

D = datetime.timedelta

pytestmark = pytest.mark.django_db


def test_a_kallelse_with_nobody_to_call_is_not_offered_on_its_confirmation(client, karin, mailoutbox):
    au = f.plan(by=karin, days_ahead=3, body=Meeting.Body.COMMITTEE, title="AU-möte utan kallade")
    f.add_item(au, by=karin)
    client.force_login(karin)

    page = client.get(reverse("kansli_notice_send", args=[au.pk])).content.decode()

    assert "Det finns ingen att kalla" in page
    assert "Skicka kallelsen till 0" not in page
    assert reverse("kansli_meeting_edit", args=[au.pk]) in page



def test_a_move_the_rules_refuse_is_refused_on_the_form_not_after_its_confirmation(
        client, karin, roll, mailoutbox, django_capture_on_commit_callbacks):
    noticed = f.noticed(by=karin, days_ahead=40, title="Partnerskapets vintermöte")
    too_early = f.local(TODAY + D(days=20))  # 20 days after the notice: R1 wants 30
    client.force_login(karin)
    mailoutbox.clear()
    history_before = noticed.history.count()

    with django_capture_on_commit_callbacks(execute=True):
        page = client.post(reverse("kansli_meeting_edit", args=[noticed.pk]), edit_post(noticed, too_early))

    text = page.content.decode()
    assert page.status_code == 200
    assert 'name="bekraftad"' not in text  # no "Spara och meddela alla kallade" to be refused afterwards
    assert "§ 3.1" in text
    noticed.refresh_from_db()
    assert noticed.date == TODAY + D(days=40)
    assert noticed.sequence == 0
    assert noticed.history.count() == history_before  # the trial run left no history row
    assert mailoutbox == []


def _tables_outside_a_scroller(html: str) -> int:
    """Tables not inside <div class="table-wrap"> or "table-scroll": those widen a phone's page."""
    from html.parser import HTMLParser

    class Finder(HTMLParser):
        def __init__(self):
            super().__init__()
            self.stack, self.bare = [], 0

        def handle_starttag(self, tag, attrs):
            if tag == "table" and not any(self.stack):
                self.bare += 1
            if tag in ("div", "section"):
                # The quorum panel's three narrow columns fit a phone (tests/browser/test_long_words.py);
                # a scroller there would be a tab stop that the 10-second refresh takes away.
                classes = set((dict(attrs).get("class") or "").split())
                self.stack.append(bool({"table-wrap", "table-scroll", "quorum-panel"} & classes))

        def handle_endtag(self, tag):
            if tag in ("div", "section") and self.stack:
                self.stack.pop()

    finder = Finder()
    finder.feed(html)
    return finder.bare


def test_the_kansli_tables_that_were_wider_than_a_phone_scroll_inside_the_page(client, karin, roll):
    """At 390 px, /kansli/partner/ (sector caps), its history, the voting roll and a held
    meeting's attendance were 420-530 px wide: each table now scrolls in its own wrapper."""
    meeting = f.noticed(by=karin, days_ahead=40, title="Partnerskapets vintermöte")
    client.force_login(karin)

    for url in (reverse("kansli_partner_list"), reverse("kansli_partner_history", args=[roll[0].partner.pk]),
                reverse("kansli_voting_roll"), reverse("kansli_meeting", args=[meeting.pk])):
        html = client.get(url).content.decode()
        assert _tables_outside_a_scroller(html) == 0, url
