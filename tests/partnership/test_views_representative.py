"""A representative's own partner: only their own, whatever id is in the URL (§ 5.3)."""

import html
import re

import pytest
from django.urls import reverse

from partnership import services
from partnership.models import Invitation, Partner, Representative, SignedDeclaration
from tests.partnership.factories import (
    make_partner,
    make_representative,
    signed_partner,
)
from tests.personas import deputy_of

pytestmark = pytest.mark.django_db

FAKE_PDF = b"%PDF-1.7\n% a stand-in for the rendered declaration\n%%EOF\n"
OWN_PAGES = ("my_partner", "declaration_sign", "deputy_invite")
INVITED = "Inbjuden Men Ej Undertecknad"
# The people are in tests/conftest.py: Charlie represents an invited partner that has not signed,
# Bob a partner that has (Karolinska Exempelinstitutet), Dave no partner, Dora is Alice's deputy.


@pytest.fixture
def invited(outsiders, declaration_text):
    """Charlie's partner: invited, not yet signed; a text to sign is published."""
    return outsiders.unsigned


@pytest.fixture
def charlie_rep(charlie):
    return charlie.representations.get()


@pytest.fixture
def signed_b(roll, bob):
    """Bob's partner (Karolinska Exempelinstitutet) has signed; the PDF of its declaration exists."""
    signed = roll[1]
    services.declaration_store_pdf(declaration_id=signed.declaration.pk, pdf_bytes=FAKE_PDF)
    return signed


def errors_next_to(response, field: str) -> str:
    match = re.search(rf'<div id="id_{field}_errors">(.*?)</div>', response.content.decode(), re.S)
    return html.unescape(re.sub(r"<[^>]+>", " ", match.group(1))) if match else ""


def page_text(response) -> str:
    return html.unescape(response.content.decode())


def sign_form(**overrides) -> dict:
    data = {"place": "Umeå", "signed_on": "2026-03-09", "signer_name": "Charlie Clark",
            "signer_title": "Regiondirektör", "confirm": "on"}
    data.update(overrides)
    return data


# Who gets in ---------------------------------------------------------------------------------


@pytest.mark.parametrize("url_name", [*OWN_PAGES, "declaration_pdf"])
def test_it_sends_anonymous_visitors_to_the_login_page(client, signed_b, url_name):
    args = [signed_b.declaration.pk] if url_name == "declaration_pdf" else []
    url = reverse(url_name, args=args)

    response = client.get(url)

    assert response.status_code == 302
    assert response["Location"] == f"{reverse('account_login')}?next={url}"


@pytest.mark.parametrize("url_name", OWN_PAGES)
def test_it_refuses_someone_who_represents_no_partner(client, dave, declaration_text, url_name):
    client.force_login(dave)

    assert client.get(reverse(url_name)).status_code == 404
    assert client.post(reverse(url_name), {"person_name": "X", "email": "x@example.org"}).status_code == 404
    assert not Invitation.objects.exists()


def test_it_refuses_a_former_representative(client, charlie_rep):
    charlie_rep.active = False
    charlie_rep.save(update_fields=["active"])
    client.force_login(charlie_rep.user)

    assert client.get(reverse("my_partner")).status_code == 404


@pytest.mark.parametrize("url_name", OWN_PAGES)
def test_charlie_sees_only_his_own_partner(client, charlie, signed_b, url_name):
    client.force_login(charlie)

    response = client.get(reverse(url_name))

    assert response.status_code == 200
    assert INVITED in page_text(response)
    assert "Karolinska Exempelinstitutet" not in page_text(response)
    assert signed_b.user.email not in page_text(response)


def test_my_partner_shows_the_partners_representatives_and_asks_to_sign(client, charlie, invited):
    deputy = deputy_of(invited, email="dora@inbjuden.example")
    client.force_login(charlie)

    response = client.get(reverse("my_partner"))

    assert "Dora Deputy" in page_text(response)
    assert deputy.email in page_text(response)
    assert "Avsiktsförklaringen är inte undertecknad." in page_text(response)
    assert reverse("declaration_sign") in response.content.decode()


# The declaration's PDF -------------------------------------------------------------------------


def test_it_refuses_charlie_partner_bs_pdf_by_id(client, charlie, signed_b):
    client.force_login(charlie)

    response = client.get(reverse("declaration_pdf", args=[signed_b.declaration.pk]))

    assert response.status_code == 404


def test_it_refuses_someone_who_represents_no_partner_any_pdf(client, dave, signed_b):
    client.force_login(dave)

    response = client.get(reverse("declaration_pdf", args=[signed_b.declaration.pk]))

    assert response.status_code == 404


def test_bob_downloads_his_partners_pdf(client, bob, signed_b):
    client.force_login(bob)

    response = client.get(reverse("declaration_pdf", args=[signed_b.declaration.pk]))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "attachment" in response["Content-Disposition"]
    assert b"".join(response.streaming_content) == FAKE_PDF


def test_the_kansli_downloads_any_partners_pdf(client, karin, signed_b):
    client.force_login(karin)

    response = client.get(reverse("declaration_pdf", args=[signed_b.declaration.pk]))

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == FAKE_PDF


def test_a_pdf_not_yet_rendered_is_not_found(client, declaration_text):
    signed = signed_partner(name="Region Långsamexempel")
    client.force_login(signed.user)

    response = client.get(reverse("declaration_pdf", args=[signed.declaration.pk]))

    assert response.status_code == 404


# Signing -----------------------------------------------------------------------------------------


def test_the_sign_page_shows_the_text_with_the_partners_name(client, charlie, declaration_text):
    client.force_login(charlie)

    response = client.get(reverse("declaration_sign"))

    assert response.status_code == 200
    assert declaration_text.text_for(Partner.objects.get(name=INVITED)).splitlines()[0] in page_text(response)
    assert 'value="Charlie Clark"' in response.content.decode()
    assert 'value="2026-03-10"' in response.content.decode()


def test_it_asks_to_tick_the_box_and_keeps_what_was_written(client, charlie, invited):
    client.force_login(charlie)
    data = sign_form(place="Skellefteå", signer_name="Charlie C. Clark", signer_title="Tf. regiondirektör")
    del data["confirm"]

    response = client.post(reverse("declaration_sign"), data)

    assert response.status_code == 200
    assert "Kryssa i rutan" in errors_next_to(response, "confirm")
    body = response.content.decode()
    assert 'value="Skellefteå"' in body
    assert 'value="Charlie C. Clark"' in body
    assert 'value="Tf. regiondirektör"' in body
    assert 'value="2026-03-09"' in body
    assert not SignedDeclaration.objects.filter(partner=invited).exists()


def test_it_refuses_a_date_in_the_future(client, charlie, invited):
    client.force_login(charlie)

    response = client.post(reverse("declaration_sign"), sign_form(signed_on="2026-03-11"))

    assert response.status_code == 200
    assert "Datumet kan inte ligga i framtiden." in errors_next_to(response, "signed_on")
    assert 'value="Umeå"' in response.content.decode()
    invited.refresh_from_db()
    assert invited.status == Partner.Status.INVITED


def test_signing_makes_the_organisation_a_partner(client, charlie, invited):
    client.force_login(charlie)

    response = client.post(reverse("declaration_sign"), sign_form(), follow=True)

    assert response.redirect_chain == [(reverse("my_partner"), 302)]
    assert f"Avsiktsförklaringen är undertecknad för {INVITED}." in page_text(response)
    invited.refresh_from_db()
    assert invited.status == Partner.Status.ACTIVE
    assert str(invited.joined_on) == "2026-03-09"
    declaration = SignedDeclaration.objects.get(partner=invited)
    assert declaration.signed_by == charlie
    assert declaration.place == "Umeå"
    assert declaration.signed_text.startswith(f"{INVITED} vill delta i SweCan")


def test_after_signing_the_pdf_can_be_downloaded(
    client, charlie, invited, django_capture_on_commit_callbacks
):
    client.force_login(charlie)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("declaration_sign"), sign_form())
    declaration = SignedDeclaration.objects.get(partner=invited)

    page = client.get(reverse("my_partner"))
    response = client.get(reverse("declaration_pdf", args=[declaration.pk]))

    assert reverse("declaration_pdf", args=[declaration.pk]) in page.content.decode()
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF")


def test_the_sign_page_sends_a_signed_partner_back_with_a_message(client, bob):
    client.force_login(bob)

    response = client.get(reverse("declaration_sign"), follow=True)

    assert response.redirect_chain == [(reverse("my_partner"), 302)]
    assert ("Karolinska Exempelinstitutet har redan undertecknat den gällande avsiktsförklaringen."
            in page_text(response))


def test_signing_twice_is_refused(client, bob, signed_b):
    client.force_login(bob)

    response = client.post(reverse("declaration_sign"), sign_form(), follow=True)

    assert response.redirect_chain == [(reverse("my_partner"), 302)]
    assert SignedDeclaration.objects.filter(partner=signed_b.partner).count() == 1


# Deputies --------------------------------------------------------------------------------------


def test_it_refuses_a_deputy_inviting_a_deputy(client, deputy, mailoutbox):
    client.force_login(deputy)

    assert client.get(reverse("deputy_invite")).status_code == 403
    response = client.post(reverse("deputy_invite"),
                           {"person_name": "Erik Extra", "email": "erik@region-norr.example"})

    assert response.status_code == 403
    assert not Invitation.objects.exists()
    assert mailoutbox == []


def test_a_deputy_is_not_offered_the_invitation(client, deputy):
    client.force_login(deputy)

    response = client.get(reverse("my_partner"))

    assert response.status_code == 200
    assert reverse("deputy_invite") not in response.content.decode()


def test_the_primary_representative_invites_a_deputy(
    client, charlie, invited, mailoutbox, django_capture_on_commit_callbacks
):
    client.force_login(charlie)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("deputy_invite"), {
            "person_name": "Erik Ersättare", "email": "erik@region-norr.example",
            "person_title": "Chefläkare",
        })

    assert response.status_code == 302
    assert response["Location"] == reverse("my_partner")
    invitation = Invitation.objects.get()
    assert invitation.partner == invited
    assert invitation.role == Representative.Role.DEPUTY
    assert invitation.sent_by == charlie
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == ["erik@region-norr.example"]
    assert "ersättare" in mailoutbox[0].body
    page = client.get(reverse("my_partner"))
    assert "Erik Ersättare (erik@region-norr.example)" in page_text(page)


def test_it_refuses_a_deputy_who_already_represents_another_partner(client, charlie, bob, mailoutbox):
    client.force_login(charlie)

    response = client.post(reverse("deputy_invite"), {"person_name": "Bob Berg", "email": bob.email})

    assert response.status_code == 200
    assert "kan inte bjudas in härifrån; kontakta kansliet." in errors_next_to(response, "email")
    assert 'value="Bob Berg"' in response.content.decode()
    assert not Invitation.objects.exists()
    assert mailoutbox == []
    # Who represents partner B is not Charlie's business.
    assert "Karolinska Exempelinstitutet" not in page_text(response)


def test_a_former_representative_is_not_offered_the_partner_pages(client, karin):
    import datetime

    from partnership import services
    from tests.partnership.factories import signed_partner

    signed = signed_partner(signed_on=datetime.date(2026, 2, 1))
    services.withdrawal_register(by=karin, partner=signed.partner,
                                 request_received_on=datetime.date(2026, 3, 1))
    client.force_login(signed.user)
    assert reverse("my_partner") not in client.get(reverse("dashboard")).content.decode()
    assert client.get(reverse("my_partner")).status_code == 404


def test_the_signing_page_says_when_there_is_no_text_to_sign_yet(client):

    rep = make_representative(make_partner())
    client.force_login(rep.user)
    response = client.get(reverse("declaration_sign"), follow=True)
    assert "Kansliet har inte publicerat avsiktsförklaringen ännu." in response.content.decode()
