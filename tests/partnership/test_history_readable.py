"""The kansli's history page reads as words, in the page's language (issue 8, § 4)."""

import datetime
import html
import re

import pytest
from django.conf import settings
from django.urls import reverse

from partnership import services
from swecan.audit import attributed

pytestmark = pytest.mark.django_db


def history_rows(client, partner, language="sv") -> list[str]:
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    response = client.get(reverse("kansli_partner_history", args=[partner.pk]))
    assert response.status_code == 200
    body = html.unescape(response.content.decode())
    rows = re.findall(r"<tr>(.*?)</tr>", body, re.S)[1:]  # the first is the header
    return [" ".join(re.sub(r"<[^>]+>", " ", row).split()) for row in rows]


@pytest.fixture
def withdrawn(client, karin, roll):
    """Alice's partner, whose PDF was stored, left on 10 March 2026."""
    signed = roll[0]
    services.declaration_store_pdf(declaration_id=signed.declaration.pk, pdf_bytes=b"%PDF-1.4 test")
    services.withdrawal_register(by=karin, partner=signed.partner,
                                 request_received_on=datetime.date(2026, 3, 10))
    client.force_login(karin)
    return signed.partner


def test_a_yes_no_field_reads_ja_nej(client, withdrawn):
    rows = history_rows(client, withdrawn)

    assert any("Aktiv: Ja → Nej" in row for row in rows)
    assert not any("True" in row or "False" in row for row in rows)


def test_choices_show_their_labels_and_dates_their_words(client, withdrawn):
    rows = history_rows(client, withdrawn)

    assert any("Status: Partner → Utträdd" in row for row in rows)
    assert any("10 mars 2026" in row for row in rows)
    assert not any("withdrawn" in row or "2026-03-10" in row for row in rows)


def test_a_stored_file_shows_no_path_and_no_fingerprint(client, withdrawn):
    rows = history_rows(client, withdrawn)

    assert any("PDF: – → fil sparad" in row for row in rows)
    text = " ".join(rows)
    assert "declarations/" not in text and ".pdf" not in text
    assert "sha256" not in text.lower() and "Kontrollsumma" not in text


def test_a_save_that_changed_nothing_makes_no_row(client, karin, withdrawn):
    before = history_rows(client, withdrawn)
    withdrawn.refresh_from_db()
    attributed(withdrawn, karin).save()
    assert withdrawn.history.count() > 0 and withdrawn.history.first().history_type == "~"

    after = history_rows(client, withdrawn)

    assert len(after) == len(before)
    assert not any(row.endswith("ändrad –") for row in after)


def test_the_english_page_has_english_dates_and_yes_no(client, withdrawn):
    rows = history_rows(client, withdrawn, language="en")
    text = " ".join(rows)

    assert "10 March 2026" in text
    assert "Active: Yes → No" in text
    assert "mars" not in text and " Ja " not in text
