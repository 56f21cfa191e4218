"""The password pages speak the portal's Swedish, not allauth's stock labels ("Nytt lösenord
(igen)"): the field that repeats a new password is "Upprepa det nya lösenordet"."""

import re

import pytest
from allauth.account.forms import default_token_generator
from allauth.account.utils import user_pk_to_url_str
from django.urls import reverse

from tests.partnership.factories import PASSWORD

pytestmark = pytest.mark.django_db


def labels(response) -> list[str]:
    body = response.content.decode()
    return [re.sub(r"<[^>]+>", "", label).strip() for label in re.findall(r"<label[^>]*>(.*?)</label>", body, re.S)]


def placeholders(response) -> list[str]:
    return re.findall(r'placeholder="([^"]*)"', response.content.decode())


def test_the_password_change_page_asks_to_repeat_the_new_password(client, alice):
    client.force_login(alice)

    response = client.get(reverse("account_change_password"))

    assert response.status_code == 200
    found = labels(response)
    assert "Upprepa det nya lösenordet" in " ".join(found)
    assert not any("(igen)" in label for label in found + placeholders(response))


def test_a_wrong_repetition_keeps_the_portal_label_beside_the_error(client, alice):
    client.force_login(alice)

    response = client.post(reverse("account_change_password"), {
        "oldpassword": PASSWORD, "password1": "ett-nytt-langt-losenord-1", "password2": "ett-annat-2"})

    assert response.status_code == 200
    assert "Upprepa det nya lösenordet" in " ".join(labels(response))
    assert "(igen)" not in response.content.decode()


def test_the_reset_from_a_link_asks_to_repeat_the_new_password(client, alice):
    url = reverse("account_reset_password_from_key", kwargs={
        "uidb36": user_pk_to_url_str(alice), "key": default_token_generator.make_token(alice)})

    response = client.get(url, follow=True)

    assert response.status_code == 200
    found = labels(response)
    assert any(label.startswith("Nytt lösenord") for label in found)
    assert "Upprepa det nya lösenordet" in " ".join(found)
    assert not any("(igen)" in label for label in found + placeholders(response))


def test_a_new_password_from_the_link_still_works(client, alice):
    url = reverse("account_reset_password_from_key", kwargs={
        "uidb36": user_pk_to_url_str(alice), "key": default_token_generator.make_token(alice)})
    form_url = client.get(url, follow=True).redirect_chain[-1][0]

    response = client.post(form_url, {"password1": "ett-nytt-langt-losenord-1",
                                       "password2": "ett-nytt-langt-losenord-1"})

    assert response.status_code == 302
    alice.refresh_from_db()
    assert alice.check_password("ett-nytt-langt-losenord-1")
