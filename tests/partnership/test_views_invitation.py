"""Following the link in an invitation: a dead link says why (410); a live one makes the account."""

import datetime
import html
import re

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from partnership import services
from partnership.models import Invitation, Partner, Representative
from swecan.models import User
from tests.partnership.conftest import DEFAULT_NOW
from tests.partnership.factories import (
    PASSWORD,
    make_partner,
    make_representative,
    make_user,
    publish_text,
)

pytestmark = pytest.mark.django_db

ALICE = "alice@region-norr.example"


@pytest.fixture
def region(karin):
    """Region Norrexempel: registered, waiting for its representative; a text to sign exists."""
    publish_text(karin)
    return make_partner(name="Region Norrexempel", sector="halso_sjukvard")


@pytest.fixture
def invitation_link(karin, region, mailoutbox, django_capture_on_commit_callbacks):
    """Karin invites Alice; returns the invitation and the path in the e-mail Alice receives."""
    with django_capture_on_commit_callbacks(execute=True):
        invitation = services.partner_invite(
            by=karin, partner=region, name="Alice Andersson", email=ALICE, title="Regiondirektör",
        )
    match = re.search(r"(/inbjudan/[^/\s]+/)", mailoutbox[-1].body)
    assert match, mailoutbox[-1].body
    return invitation, match.group(1)


@pytest.fixture
def link(invitation_link):
    return invitation_link[1]


def errors_next_to(response, field: str) -> str:
    match = re.search(rf'<div id="id_{field}_errors">(.*?)</div>', response.content.decode(), re.S)
    return html.unescape(re.sub(r"<[^>]+>", " ", match.group(1))) if match else ""


def page_text(response) -> str:
    return html.unescape(response.content.decode())


def accept_form(**overrides) -> dict:
    data = {"full_name": "Alice Andersson", "phone": "090-785 00 00",
            "password1": PASSWORD, "password2": PASSWORD}
    data.update(overrides)
    return data


# Dead links -----------------------------------------------------------------------------------


def test_it_refuses_an_unknown_link(client, link):
    response = client.get(reverse("invitation_accept", args=["inte-en-riktig-nyckel"]))

    assert response.status_code == 410
    assert "Länken är ogiltig" in page_text(response)
    assert "Region Norrexempel" not in page_text(response)


def test_it_refuses_an_expired_link(client, link, time_machine):
    # Plain UTC arithmetic: summer time starts within the 30 days.
    sent = timezone.now()
    time_machine.move_to(sent + datetime.timedelta(days=settings.INVITATION_VALID_DAYS, seconds=1),
                         tick=False)

    response = client.get(link)

    assert response.status_code == 410
    assert "Inbjudan gick ut 9 april 2026" in page_text(response)


def test_the_link_works_until_it_expires(client, link, time_machine):
    sent = timezone.now()
    time_machine.move_to(sent + datetime.timedelta(days=settings.INVITATION_VALID_DAYS, seconds=-1),
                         tick=False)

    assert client.get(link).status_code == 200


def test_it_refuses_a_used_link(client, link):
    client.post(link, accept_form())
    client.logout()

    response = client.get(link)

    assert response.status_code == 410
    assert "Inbjudan har redan använts" in page_text(response)


def test_it_refuses_a_revoked_link(client, karin, invitation_link):
    invitation, link = invitation_link
    services.invitation_revoke(by=karin, invitation=invitation)

    response = client.get(link)

    assert response.status_code == 410
    assert "Inbjudan har återkallats" in page_text(response)


def test_it_refuses_the_old_link_after_a_resend(client, karin, invitation_link):
    invitation, link = invitation_link
    services.invitation_resend(by=karin, invitation=invitation)

    response = client.post(link, accept_form())

    assert response.status_code == 410
    assert not User.objects.filter(email=ALICE).exists()


# A live link ---------------------------------------------------------------------------------------


def test_it_welcomes_the_invitee_with_the_organisations_name(client, link):
    response = client.get(link)

    assert response.status_code == 200
    assert "Välkommen som representant för Region Norrexempel" in page_text(response)
    assert ALICE in page_text(response)
    assert 'value="Alice Andersson"' in response.content.decode()


def test_it_says_the_passwords_differ_and_keeps_the_name(client, link):
    response = client.post(link, accept_form(full_name="Alice B. Andersson", password2=PASSWORD + "x"))

    assert response.status_code == 200
    assert "Lösenorden är inte lika." in errors_next_to(response, "password2")
    assert 'value="Alice B. Andersson"' in response.content.decode()
    assert 'value="090-785 00 00"' in response.content.decode()
    assert PASSWORD not in response.content.decode()
    assert not User.objects.filter(email=ALICE).exists()


def test_it_refuses_a_short_password_in_djangos_words(client, link):
    response = client.post(link, accept_form(password1="k0rt!", password2="k0rt!"))

    assert response.status_code == 200
    assert ("Det här lösenordet är för kort. Det måste innehålla minst 10 tecken."
            in errors_next_to(response, "password1"))
    assert 'value="Alice Andersson"' in response.content.decode()
    assert not User.objects.filter(email=ALICE).exists()


def test_accepting_logs_the_invitee_in_and_asks_her_to_sign(client, link, region):
    response = client.post(link, accept_form(), follow=True)

    assert response.redirect_chain == [(reverse("declaration_sign"), 302)]
    assert response.status_code == 200
    assert "Välkommen! Du företräder nu Region Norrexempel." in page_text(response)
    user = User.objects.get(email=ALICE)
    assert response.context["user"] == user
    assert user.check_password(PASSWORD)
    rep = Representative.objects.get(user=user)
    assert rep.partner == region
    assert rep.phone == "090-785 00 00"
    assert Invitation.objects.get().state == "accepted"


def test_accepting_when_the_partner_has_signed_leads_to_the_partner_page(client, link, region):
    region.status = Partner.Status.ACTIVE
    region.save(update_fields=["status"])
    earlier = make_representative(region, email="first@region-norr.example")
    services.declaration_sign(user=earlier.user, partner=region, place="Umeå",
                              signed_on=DEFAULT_NOW.date(), signer_name="First", signer_title="Chef")

    response = client.post(link, accept_form())

    assert response.status_code == 302
    assert response["Location"] == reverse("my_partner")


def test_a_logged_in_invitee_confirms_without_a_new_password(client, link):
    alice = make_user(email=ALICE, full_name="Alice Andersson")
    client.force_login(alice)

    page = client.get(link)
    response = client.post(link, {"full_name": "Alice Andersson", "phone": ""})

    assert 'name="password1"' not in page.content.decode()
    assert response.status_code == 302
    assert response["Location"] == reverse("declaration_sign")
    assert Representative.objects.get(partner__name="Region Norrexempel").user == alice


def test_it_asks_someone_with_an_account_to_log_in_first(client, link):
    make_user(email=ALICE, full_name="Alice Andersson")

    response = client.post(link, accept_form())

    assert response.status_code == 200
    assert f"Det finns redan ett konto för {ALICE}. Logga in och öppna länken igen." in page_text(response)
    assert not Representative.objects.exists()


def test_it_tells_someone_logged_in_as_another_person(client, link, charlie):
    """Charlie (tests/conftest.py) represents another partner and opens Alice's link."""
    client.force_login(charlie)

    response = client.post(link, accept_form())

    assert response.status_code == 200
    assert f"Inbjudan gäller {ALICE}, men du är inloggad som {charlie.email}." in page_text(response)
    assert not Representative.objects.filter(partner__name="Region Norrexempel").exists()
    assert Invitation.objects.get().state == "open"
    assert response.context["user"] == charlie
