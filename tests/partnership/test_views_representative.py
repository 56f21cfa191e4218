"""A representative's own partner: only their own, whatever id is in the URL (§ 5.3)."""

import html
import re

import pytest
from django.urls import reverse

from partnership import services
from partnership.models import Invitation, Partner, Representative, SignedDeclaration
from swecan.demo_accounts import ensure_totp
from tests.partnership.factories import (
    make_partner,
    make_representative,
    make_user,
    publish_text,
    signed_partner,
)

pytestmark = pytest.mark.django_db

ALICE = "alice@region-norr.example"
BOB = "bob@karolinska.example"
FAKE_PDF = b"%PDF-1.7\n% a stand-in for the rendered declaration\n%%EOF\n"
OWN_PAGES = ("my_partner", "declaration_sign", "deputy_invite")


@pytest.fixture
def officer(karin):
    ensure_totp(karin)
    return karin


@pytest.fixture
def text(karin):
    return publish_text(karin)


@pytest.fixture
def partner_a(text):
    """Region Norrexempel: invited, not yet signed."""
    return make_partner(name="Region Norrexempel", sector="halso_sjukvard", city="Umeå")


@pytest.fixture
def alice_rep(partner_a):
    return make_representative(partner_a, email=ALICE, name="Alice Andersson", title="Regiondirektör")


@pytest.fixture
def alice(alice_rep):
    """Alice, primary representative of partner A."""
    return alice_rep.user


@pytest.fixture
def signed_b(text):
    """Karolinska Exempelinstitutet (partner B) has signed; Bob represents it; its PDF exists."""
    signed = signed_partner(name="Karolinska Exempelinstitutet", sector="akademi", email=BOB,
                            place="Solna")
    services.declaration_store_pdf(declaration_id=signed.declaration.pk, pdf_bytes=FAKE_PDF)
    return signed


@pytest.fixture
def bob(signed_b):
    return signed_b.user


@pytest.fixture
def nobody(db):
    """Charlie has an account but represents no partner."""
    return make_user(email="charlie@example.org", full_name="Charlie Utan Partner")


def errors_next_to(response, field: str) -> str:
    match = re.search(rf'<div id="id_{field}_errors">(.*?)</div>', response.content.decode(), re.S)
    return html.unescape(re.sub(r"<[^>]+>", " ", match.group(1))) if match else ""


def page_text(response) -> str:
    return html.unescape(response.content.decode())


def sign_form(**overrides) -> dict:
    data = {"place": "Umeå", "signed_on": "2026-03-09", "signer_name": "Alice Andersson",
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
def test_it_refuses_someone_who_represents_no_partner(client, nobody, text, url_name):
    client.force_login(nobody)

    assert client.get(reverse(url_name)).status_code == 404
    assert client.post(reverse(url_name), {"person_name": "X", "email": "x@example.org"}).status_code == 404
    assert not Invitation.objects.exists()


def test_it_refuses_a_former_representative(client, alice_rep):
    alice_rep.active = False
    alice_rep.save(update_fields=["active"])
    client.force_login(alice_rep.user)

    assert client.get(reverse("my_partner")).status_code == 404


@pytest.mark.parametrize("url_name", OWN_PAGES)
def test_alice_sees_only_her_own_partner(client, alice, signed_b, url_name):
    client.force_login(alice)

    response = client.get(reverse(url_name))

    assert response.status_code == 200
    assert "Region Norrexempel" in page_text(response)
    assert "Karolinska Exempelinstitutet" not in page_text(response)
    assert BOB not in page_text(response)


def test_my_partner_shows_the_partners_representatives_and_asks_to_sign(client, alice, partner_a):
    deputy = make_representative(partner_a, email="dora@region-norr.example", name="Dora Deputy",
                                 role=Representative.Role.DEPUTY)
    client.force_login(alice)

    response = client.get(reverse("my_partner"))

    assert "Dora Deputy" in page_text(response)
    assert deputy.email in page_text(response)
    assert "Avsiktsförklaringen är inte undertecknad." in page_text(response)
    assert reverse("declaration_sign") in response.content.decode()


# The declaration's PDF -------------------------------------------------------------------------


def test_it_refuses_alice_partner_bs_pdf_by_id(client, alice, signed_b):
    client.force_login(alice)

    response = client.get(reverse("declaration_pdf", args=[signed_b.declaration.pk]))

    assert response.status_code == 404


def test_it_refuses_someone_who_represents_no_partner_any_pdf(client, nobody, signed_b):
    client.force_login(nobody)

    response = client.get(reverse("declaration_pdf", args=[signed_b.declaration.pk]))

    assert response.status_code == 404


def test_bob_downloads_his_partners_pdf(client, bob, signed_b):
    client.force_login(bob)

    response = client.get(reverse("declaration_pdf", args=[signed_b.declaration.pk]))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "attachment" in response["Content-Disposition"]
    assert b"".join(response.streaming_content) == FAKE_PDF


def test_the_kansli_downloads_any_partners_pdf(client, officer, signed_b):
    client.force_login(officer)

    response = client.get(reverse("declaration_pdf", args=[signed_b.declaration.pk]))

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == FAKE_PDF


def test_a_pdf_not_yet_rendered_is_not_found(client, text):
    signed = signed_partner(name="Region Långsamexempel")
    client.force_login(signed.user)

    response = client.get(reverse("declaration_pdf", args=[signed.declaration.pk]))

    assert response.status_code == 404


# Signing -----------------------------------------------------------------------------------------


def test_the_sign_page_shows_the_text_with_the_partners_name(client, alice, text):
    client.force_login(alice)

    response = client.get(reverse("declaration_sign"))

    assert response.status_code == 200
    assert text.text_for(Partner.objects.get(name="Region Norrexempel")).splitlines()[0] in page_text(response)
    assert 'value="Alice Andersson"' in response.content.decode()
    assert 'value="2026-03-10"' in response.content.decode()


def test_it_asks_to_tick_the_box_and_keeps_what_was_written(client, alice, partner_a):
    client.force_login(alice)
    data = sign_form(place="Skellefteå", signer_name="Alice A. Andersson", signer_title="Tf. regiondirektör")
    del data["confirm"]

    response = client.post(reverse("declaration_sign"), data)

    assert response.status_code == 200
    assert "Kryssa i rutan" in errors_next_to(response, "confirm")
    body = response.content.decode()
    assert 'value="Skellefteå"' in body
    assert 'value="Alice A. Andersson"' in body
    assert 'value="Tf. regiondirektör"' in body
    assert 'value="2026-03-09"' in body
    assert not SignedDeclaration.objects.filter(partner=partner_a).exists()


def test_it_refuses_a_date_in_the_future(client, alice, partner_a):
    client.force_login(alice)

    response = client.post(reverse("declaration_sign"), sign_form(signed_on="2026-03-11"))

    assert response.status_code == 200
    assert "Datumet kan inte ligga i framtiden." in errors_next_to(response, "signed_on")
    assert 'value="Umeå"' in response.content.decode()
    partner_a.refresh_from_db()
    assert partner_a.status == Partner.Status.INVITED


def test_signing_makes_the_organisation_a_partner(client, alice, partner_a):
    client.force_login(alice)

    response = client.post(reverse("declaration_sign"), sign_form(), follow=True)

    assert response.redirect_chain == [(reverse("my_partner"), 302)]
    assert "Avsiktsförklaringen är undertecknad för Region Norrexempel." in page_text(response)
    partner_a.refresh_from_db()
    assert partner_a.status == Partner.Status.ACTIVE
    assert str(partner_a.joined_on) == "2026-03-09"
    declaration = SignedDeclaration.objects.get(partner=partner_a)
    assert declaration.signed_by == alice
    assert declaration.place == "Umeå"
    assert declaration.signed_text.startswith("Region Norrexempel vill delta i SweCan")


def test_after_signing_the_pdf_can_be_downloaded(
    client, alice, partner_a, django_capture_on_commit_callbacks
):
    client.force_login(alice)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("declaration_sign"), sign_form())
    declaration = SignedDeclaration.objects.get(partner=partner_a)

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


@pytest.fixture
def deputy(partner_a, alice):
    return make_representative(partner_a, email="dora@region-norr.example", name="Dora Deputy",
                               role=Representative.Role.DEPUTY).user


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
    client, alice, partner_a, mailoutbox, django_capture_on_commit_callbacks
):
    client.force_login(alice)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("deputy_invite"), {
            "person_name": "Erik Ersättare", "email": "erik@region-norr.example",
            "person_title": "Chefläkare",
        })

    assert response.status_code == 302
    assert response["Location"] == reverse("my_partner")
    invitation = Invitation.objects.get()
    assert invitation.partner == partner_a
    assert invitation.role == Representative.Role.DEPUTY
    assert invitation.sent_by == alice
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == ["erik@region-norr.example"]
    assert "ersättare" in mailoutbox[0].body
    page = client.get(reverse("my_partner"))
    assert "Erik Ersättare (erik@region-norr.example)" in page_text(page)


def test_it_refuses_a_deputy_who_already_represents_another_partner(client, alice, bob, mailoutbox):
    client.force_login(alice)

    response = client.post(reverse("deputy_invite"), {"person_name": "Bob Berg", "email": BOB})

    assert response.status_code == 200
    assert "kan inte bjudas in härifrån; kontakta kansliet." in errors_next_to(response, "email")
    assert 'value="Bob Berg"' in response.content.decode()
    assert not Invitation.objects.exists()
    assert mailoutbox == []
    # Who represents partner B is not Alice's business.
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
    from tests.partnership.factories import make_partner, make_representative

    rep = make_representative(make_partner())
    client.force_login(rep.user)
    response = client.get(reverse("declaration_sign"), follow=True)
    assert "Kansliet har inte publicerat avsiktsförklaringen ännu." in response.content.decode()
