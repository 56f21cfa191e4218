"""The kansli finds what did not go through and sends it again, in the browser, on a phone too."""

import smtplib

import pytest
from django.core.mail import EmailMultiAlternatives

from outbox.models import Message
from partnership import services
from tests.browser.helpers import eager_tasks_and_locmem_mail, log_in_kansli
from tests.conftest import assert_accessible
from tests.partnership.factories import PASSWORD, make_partner
from tests.personas import kansli_with_secret

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _eager_tasks_and_locmem_mail(settings):
    yield from eager_tasks_and_locmem_mail(settings)


def test_a_refused_invitation_is_shown_and_sent_again(page, settings, monkeypatch):
    from django.core import mail

    settings.OUTBOX_MAX_ATTEMPTS = 1
    karin, secret = kansli_with_secret()
    region = make_partner(name="Region Norrexempel", sector="halso_sjukvard")

    def refuse(self, fail_silently=False):
        raise smtplib.SMTPRecipientsRefused({"anna@region.example": (550, b"5.1.1 Mailbox unavailable")})

    monkeypatch.setattr(EmailMultiAlternatives, "send", refuse)
    services.partner_invite(by=karin, partner=region, name="Anna Lind", email="anna@region.example")
    monkeypatch.undo()
    log_in_kansli(page, karin.email, PASSWORD, secret)

    page.get_by_role("link", name="Utskick som inte har gått fram").click()
    row = page.get_by_role("row").filter(has_text="anna@region.example")
    assert "550 5.1.1 Mailbox unavailable" in row.inner_text()
    assert_accessible(page, "outbox-01-failed")
    page.set_viewport_size({"width": 390, "height": 844})
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert_accessible(page, "outbox-02-failed-phone")

    row.get_by_role("button", name="Gör om nu").click()

    assert page.get_by_text("Utskicket till anna@region.example har nu gått fram.").is_visible()
    assert page.get_by_text("Allt som portalen har lovat att skicka eller skapa har gått fram.").is_visible()
    assert [m.to for m in mail.outbox] == [["anna@region.example"]]
    assert Message.objects.get().retried_by == karin
