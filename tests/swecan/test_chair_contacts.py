"""The public reads who chairs the partnership and how to reach them (R12, § 7); the kansli
keeps it current, and every change is in the history with who made it."""

import pytest
from django.urls import reverse

from swecan import contacts
from swecan.models import ChairContact
from tests.partnership.factories import PASSWORD

pytestmark = pytest.mark.django_db

CHAIR = {"name": "Annika Ekstrand", "title": "Avdelningschef", "organisation": "Socialstyrelsen",
         "email": "ordforande@swecan.example", "phone": "08-465 004 01"}
EDIT_CHAIR = reverse("kansli_chair_edit")


def login(client, user):
    assert client.login(email=user.email, password=PASSWORD)
    return client


def test_the_public_contact_page_names_the_chair_and_vice_chair(client, karin):
    contacts.chair_contact_save(role="vice_chair", by=karin, name="Jonas Berglund", title="",
                                organisation="Socialstyrelsen", email="vice@swecan.example", phone="")
    contacts.chair_contact_save(role="chair", by=karin, **CHAIR)
    body = client.get(reverse("contact")).content.decode()
    assert body.index("Annika Ekstrand") < body.index("Jonas Berglund")  # chair first
    assert '<a href="mailto:ordforande@swecan.example">' in body
    assert '<a href="tel:08-46500401">08-465 004 01</a>' in body
    assert "Vice ordförande" in body
    assert EDIT_CHAIR not in body  # the public gets no edit link


def test_every_page_links_to_the_contact_page_from_its_footer(client):
    body = client.get(reverse("home")).content.decode()
    footer = body[body.index('<footer'):]
    assert f'href="{reverse("contact")}"' in footer


def test_before_anything_is_published_the_page_says_so(client):
    body = client.get(reverse("contact")).content.decode()
    assert "publiceras här när de är fastställda" in body


def test_the_kansli_publishes_a_chair_and_the_history_names_her(client, karin):
    login(client, karin)
    assert client.get(reverse("contact")).content.decode().count(EDIT_CHAIR) == 1
    response = client.post(EDIT_CHAIR, CHAIR)
    assert response.status_code == 302 and response.url == reverse("contact")
    chair = ChairContact.objects.get(role="chair")
    assert chair.name == "Annika Ekstrand"
    assert chair.history.first().history_user == karin
    assert client.post(reverse("kansli_vice_chair_edit"), {**CHAIR, "name": "Jonas Berglund"}).status_code == 302
    assert ChairContact.objects.get(role="vice_chair").name == "Jonas Berglund"
    follow = client.get(EDIT_CHAIR).content.decode()
    assert "Senast ändrad" in follow and karin.get_full_name() in follow


def test_a_bad_email_is_shown_next_to_the_field_and_nothing_typed_is_lost(client, karin):
    login(client, karin)
    response = client.post(EDIT_CHAIR, {**CHAIR, "email": "inte-en-adress"})
    body = response.content.decode()
    assert response.status_code == 200
    assert 'id="id_email_errors"' in body
    assert 'value="Annika Ekstrand"' in body and 'value="inte-en-adress"' in body
    assert not ChairContact.objects.exists()


def test_a_representative_may_not_edit_the_chair(client, alice):
    login(client, alice)
    assert client.get(EDIT_CHAIR).status_code == 403
    assert client.post(EDIT_CHAIR, CHAIR).status_code == 403
    assert not ChairContact.objects.exists()


def test_the_public_is_sent_to_log_in(client):
    response = client.get(EDIT_CHAIR)
    assert response.status_code == 302 and reverse("account_login") in response.url


def test_the_demo_publishes_socialstyrelsen_in_the_chair_once(karin):
    from swecan.demo import seed_chair_contacts

    assert "publicerade" in seed_chair_contacts(karin)
    assert "finns redan" in seed_chair_contacts(karin)
    chair = ChairContact.objects.get(role="chair")
    assert chair.organisation == "Socialstyrelsen"  # year 1, § 8.2
    assert ChairContact.objects.count() == 2
