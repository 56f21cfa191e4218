"""Kansli and representative roles never mix on one account (the kansli administers partners)."""

import html
import re

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from partnership import services
from partnership.models import Invitation, Representative
from swecan.demo_accounts import ensure_totp
from tests.partnership.factories import make_user

pytestmark = pytest.mark.django_db



# Karin (the kansli) and Alice (who represents Region Norrexempel) are in tests/conftest.py.


@pytest.fixture
def region(roll):
    """Alice's partner."""
    return roll[0].partner


def errors_next_to(response, field: str) -> str:
    match = re.search(rf'<div id="id_{field}_errors">(.*?)</div>', response.content.decode(), re.S)
    return html.unescape(re.sub(r"<[^>]+>", " ", match.group(1))) if match else ""


def test_a_representative_cannot_invite_a_kansli_address(client, karin, alice, mailoutbox):
    client.force_login(alice)

    response = client.post(reverse("deputy_invite"), {"person_name": "Karin", "email": karin.email.upper()})

    assert response.status_code == 200
    assert errors_next_to(response, "email").strip() == (
        "Adressen kan inte bjudas in som representant; kontakta kansliet."
    )
    assert not Invitation.objects.exists()
    assert mailoutbox == []


def test_the_kansli_cannot_invite_a_kansli_address_either(karin, region):
    colleague = make_user(email="kalle@socialstyrelsen.example", is_kansli=True)

    with pytest.raises(ValidationError, match="hör till ett kanslikonto"):
        services.partner_invite(by=karin, partner=region, name="Kalle", email=colleague.email)


def test_a_kansli_account_cannot_accept_an_invitation_made_before_it_was_kansli(
    client, karin, region, mailoutbox, django_capture_on_commit_callbacks
):
    # The invitation went out while the address had no kansli account.
    with django_capture_on_commit_callbacks(execute=True):
        services.partner_invite(by=karin, partner=region, name="Kalle",
                                email="kalle@socialstyrelsen.example", role=Representative.Role.DEPUTY)
    token = re.search(r"/inbjudan/([^/\s]+)/", mailoutbox[0].body).group(1)
    kalle = make_user(email="kalle@socialstyrelsen.example", is_kansli=True)
    ensure_totp(kalle)
    client.force_login(kalle)

    page = client.get(reverse("invitation_accept", args=[token]))
    posted = client.post(reverse("invitation_accept", args=[token]), {"full_name": "Kalle"})

    assert page.status_code == posted.status_code == 403
    assert "kanslikonto kan inte företräda en partner" in html.unescape(page.content.decode())
    assert not Representative.objects.filter(user=kalle).exists()
    with pytest.raises(ValidationError, match="kanslikonto"):
        services.invitation_accept(token=token, user=kalle)
    assert Invitation.objects.get().state == "open"


def test_the_admin_refuses_to_make_a_representative_kansli(client, alice):
    admin = make_user(email="root@socialstyrelsen.example", full_name="Root Admin")
    admin.is_staff = admin.is_superuser = True
    admin.save()
    ensure_totp(admin)
    client.force_login(admin)
    url = reverse("admin:swecan_user_change", args=[alice.pk])

    response = client.post(url, {
        "email": alice.email, "full_name": alice.full_name, "is_active": "on", "is_kansli": "on",
        "date_joined_0": "2026-01-01", "date_joined_1": "10:00:00",
    })

    assert response.status_code == 200
    assert "Kontot företräder en partner och kan inte samtidigt vara kansli" in html.unescape(
        response.content.decode()
    )
    alice.refresh_from_db()
    assert not alice.is_kansli


def test_a_former_representative_can_become_kansli(alice):
    representation = alice.representations.get()
    representation.active = False
    representation.save()
    alice.is_kansli = True

    alice.full_clean()


def test_the_model_refuses_kansli_for_an_account_that_represents_a_partner(alice):
    alice.is_kansli = True

    with pytest.raises(ValidationError) as refused:
        alice.full_clean()
    assert "is_kansli" in refused.value.error_dict
