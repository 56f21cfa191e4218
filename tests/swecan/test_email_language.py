"""E-mails go out in the recipient's language. Accounts carry no language yet, so that is
Swedish, never the language of whoever happened to trigger the send (issue 8, § 4)."""

import pytest
from django.utils import translation

from meetings import emails
from meetings.models import NoticeDelivery
from tests.meetings import factories as f

pytestmark = pytest.mark.django_db

SWEDISH = ("Hej Per,", "Du kallas till", "Preliminär dagordning", "Med vänliga hälsningar")


def kallelse(karin):
    meeting = f.plan(by=karin, days_ahead=40, title="Vintermöte")
    f.add_item(meeting, by=karin, title="Verksamhetsplan", kind="decision")
    delivery = NoticeDelivery(meeting=meeting, kind="notice", email="per@example.se", name="Per")
    return emails.build_notice(meeting, delivery, emails.notice_context(meeting))


def test_a_kallelse_sent_from_the_english_ui_is_swedish(karin, roll):
    with translation.override("en"):
        message = kallelse(karin)

    for phrase in SWEDISH:
        assert phrase in message.body
    assert message.subject.startswith("Kallelse: Vintermöte")
    html = emails.html_part(message)
    assert '<html lang="sv">' in html and "Preliminär dagordning" in html


def test_every_word_of_the_kallelse_is_translatable(karin, roll, settings):
    # Were the portal to write in English, nothing Swedish of ours would be left.
    settings.LANGUAGE_CODE = "en"
    message = kallelse(karin)

    for phrase in SWEDISH:
        assert phrase not in message.body
    assert "Hello Per," in message.body and "Provisional agenda" in message.body
    assert message.subject.startswith("Notice of meeting: Vintermöte")
    assert '<html lang="en">' in emails.html_part(message)
