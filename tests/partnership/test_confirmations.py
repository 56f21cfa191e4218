"""Irreversible acts on the register ask first: GET says what will happen, POST does it.

Today is Tuesday 2026-03-10 (tests/partnership/conftest.py).
"""

import html
import re

import pytest
from django.urls import reverse

from partnership.models import Invitation, Partner, Withdrawal
from swecan.arbetsordning import parameters_in_force
from tests.partnership.factories import invite_partner

pytestmark = pytest.mark.django_db


def text(response) -> str:
    body = response.content.decode()
    main = body.split("<main", 1)[1].split("</main>", 1)[0]
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", "", main)))


@pytest.fixture
def hesitant(karin, roll):
    """An invited organisation (myndigheter) with one open invitation; the roll has one more there."""
    return invite_partner(by=karin, name="Tveksamma Verket", sector="myndigheter",
                          email="tove@tveksamma.example", contact_name="Tove Tveksam")


# An organisation that declines ----------------------------------------------------------------


def test_declining_shows_what_will_happen_and_changes_nothing_on_get(client, karin, hesitant):
    client.force_login(karin)
    url = reverse("kansli_partner_declined", args=[hesitant.partner_id])

    page = text(client.get(url))

    cap = parameters_in_force().year1_sector_caps["myndigheter"]
    assert "Det registreras att Tveksamma Verket har tackat nej." in page
    assert "1 öppen inbjudan återkallas; länken slutar fungera: Tove Tveksam (tove@tveksamma.example)." in page
    assert f"Platsen i sektorn Myndigheter blir ledig: 1 av {cap} platser är då tagna (i dag 2)." in page
    assert Partner.objects.get(pk=hesitant.partner_id).status == Partner.Status.INVITED
    assert Invitation.objects.get(pk=hesitant.pk).state == "open"


def test_declining_is_done_by_the_post(client, karin, hesitant):
    client.force_login(karin)

    response = client.post(reverse("kansli_partner_declined", args=[hesitant.partner_id]))

    assert response.status_code == 302
    assert Partner.objects.get(pk=hesitant.partner_id).status == Partner.Status.DECLINED
    assert Invitation.objects.get(pk=hesitant.pk).state == "revoked"


def test_the_partner_page_links_to_the_confirmation_instead_of_declining_at_once(client, karin, hesitant):
    client.force_login(karin)
    body = client.get(reverse("kansli_partner_detail", args=[hesitant.partner_id])).content.decode()

    assert f'href="{reverse("kansli_partner_declined", args=[hesitant.partner_id])}"' in body
    assert f'action="{reverse("kansli_partner_declined", args=[hesitant.partner_id])}"' not in body
    assert f'href="{reverse("kansli_invitation_revoke", args=[hesitant.pk])}"' in body


# Revoking an invitation ---------------------------------------------------------------------------


def test_revoking_shows_what_will_happen_and_changes_nothing_on_get(client, karin, hesitant):
    client.force_login(karin)

    page = text(client.get(reverse("kansli_invitation_revoke", args=[hesitant.pk])))

    assert ("Inbjudan till Tove Tveksam (tove@tveksamma.example) att företräda Tveksamma Verket "
            "återkallas. Länken i e-posten slutar fungera") in page
    assert "Tveksamma Verket har därefter ingen giltig inbjudan men står kvar som inbjuden" in page
    assert "Inbjudan hade annars gällt till torsdag 9 april 2026." in page
    assert Invitation.objects.get(pk=hesitant.pk).state == "open"


def test_revoking_is_done_by_the_post(client, karin, hesitant):
    client.force_login(karin)

    client.post(reverse("kansli_invitation_revoke", args=[hesitant.pk]))

    assert Invitation.objects.get(pk=hesitant.pk).state == "revoked"


# Withdrawal -------------------------------------------------------------------------------------------


def test_withdrawal_shows_the_roll_after_it_and_registers_nothing_until_confirmed(client, karin, roll):
    client.force_login(karin)
    partner = roll[1].partner
    url = reverse("kansli_partner_withdraw", args=[partner.pk])

    assert client.get(url).status_code == 200
    response = client.post(url, {"request_received_on": "2026-03-10", "note": "Brev från rektor."})

    page = text(response)
    assert ("Karolinska Exempelinstitutet lämnar röstlängden från och med tisdag 10 mars 2026. "
            "Röstlängden har då 4 partners i stället för 5.") in page
    assert "slutar företräda organisationen" in page and roll[1].representative.name in page
    # What was typed goes along with the confirmation.
    assert 'name="note" value="Brev från rektor."' in response.content.decode()
    assert not Withdrawal.objects.exists()
    assert Partner.objects.get(pk=partner.pk).status == Partner.Status.ACTIVE


def test_withdrawal_is_registered_by_the_confirmation(client, karin, roll):
    client.force_login(karin)
    partner = roll[1].partner

    response = client.post(reverse("kansli_partner_withdraw", args=[partner.pk]),
                           {"request_received_on": "2026-03-10", "note": "Brev från rektor.", "confirm": "yes"})

    assert response.status_code == 302
    assert Withdrawal.objects.get(partner=partner).note == "Brev från rektor."
    assert Partner.objects.get(pk=partner.pk).status == Partner.Status.WITHDRAWN


def test_a_refused_withdrawal_is_refused_before_the_confirmation(client, karin, roll):
    client.force_login(karin)

    response = client.post(reverse("kansli_partner_withdraw", args=[roll[1].partner.pk]),
                           {"request_received_on": "2026-03-11"})

    page = text(response)
    assert "Datumet kan inte ligga i framtiden." in page
    assert "Det här händer" not in page


# Only the kansli ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("method", ["get", "post"])
def test_a_representative_is_refused_every_confirmation(client, karin, roll, alice, hesitant, method):
    client.force_login(alice)
    own = roll[0].partner
    urls = [
        reverse("kansli_partner_declined", args=[hesitant.partner_id]),
        reverse("kansli_invitation_revoke", args=[hesitant.pk]),
        reverse("kansli_partner_withdraw", args=[own.pk]),
    ]
    for url in urls:
        response = getattr(client, method)(url, {"request_received_on": "2026-03-10", "confirm": "yes"})
        assert response.status_code == 403, url
    assert Invitation.objects.get(pk=hesitant.pk).state == "open"
    assert Partner.objects.get(pk=own.pk).status == Partner.Status.ACTIVE
    assert not Withdrawal.objects.exists()
