"""The Swedish pages read as plain Swedish (issue 8, § 4): one term per concept (partners in the
plural, färdigställt protokoll), dates written out ("20 februari 2026") in running text, and
no "ej" or stiff passive where a person reads it."""

import re

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.dateformat import format as date_format

pytestmark = pytest.mark.django_db


def text(response) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


def test_the_menus_name_the_partners_in_the_plural(client, karin):
    public_page = text(client.get(reverse("home")))
    client.force_login(karin)
    kansli_html = client.get(reverse("kansli_partner_list")).content.decode()
    kansli_page = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", kansli_html))

    assert "Öppna data: partners (CSV)" in public_page
    assert "Öppna data: partner (CSV)" not in public_page
    assert "Kansli: partners" in kansli_page
    assert "<h1>Partners</h1>" in kansli_html


def test_my_partner_writes_the_dates_out(client, alice, roll):
    client.force_login(alice)
    page = text(client.get(reverse("my_partner")))

    joined = date_format(roll[0].partner.joined_on, "j F Y")
    assert not re.search(r"\b20\d\d-\d\d-\d\d\b", page)
    assert f"Partner sedan {joined}" in page


def test_the_kansli_partner_page_writes_the_dates_out(client, karin, roll):
    client.force_login(karin)
    page = text(client.get(reverse("kansli_partner_detail", args=[roll[0].partner.pk])))

    dl = page.split("Partner sedan", 1)[1][:40]
    assert not re.search(r"20\d\d-\d\d-\d\d", dl)


def test_the_dashboard_asks_for_finished_minutes_and_a_password_change(client, karin):
    client.force_login(karin)
    page = text(client.get(reverse("dashboard")))

    assert "Ändra lösenord" in page  # the same words as allauth's page it leads to
    assert "Byt lösenord" not in page
    assert "Partners och inbjudningar" in page


def test_the_notice_e_mail_asks_for_an_answer_not_a_registration_of_presence():
    from django.template.loader import get_template

    source = get_template("emails/meeting-notice-body.txt").template.source

    assert "närvaroanmälan" not in source
    assert "där du också svarar om din organisation kommer" in source


def test_the_invitation_link_sentence_says_gäller_once():
    from django.template.loader import render_to_string

    body = render_to_string("emails/invitation-body.txt", {
        "invitee_email": "a@example.org", "expires_on": timezone.localdate(),
        "partner_name": "Region Exempel", "link": "https://x.example/", "recipient_name": "A",
    })

    assert "Länken är personlig. Den gäller för a@example.org till och med" in body
    assert body.count("gäller") == 1
