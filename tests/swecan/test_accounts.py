"""Login by e-mail, no open sign-up, MFA for the kansli, the admin behind allauth."""

import pytest
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from django.urls import reverse

from tests.personas import PASSWORD

pytestmark = pytest.mark.django_db
# The people (alice, karin, officer_without_totp) are in tests/conftest.py; all log in with PASSWORD.


def current_code(secret):
    import time

    return format_hotp_value(hotp_value(secret, int(time.time()) // 30))


def test_representative_logs_in_with_email(client, alice):
    response = client.post(reverse("account_login"), {"login": alice.email, "password": PASSWORD})
    assert response.status_code == 302
    assert client.get(reverse("dashboard")).status_code == 200


def test_wrong_password_gets_a_swedish_message_and_keeps_the_email(client, alice):
    response = client.post(reverse("account_login"), {"login": alice.email, "password": "fel"})
    assert response.status_code == 200
    assert "E-postadressen eller lösenordet är fel." in response.content.decode()
    assert f'value="{alice.email}"' in response.content.decode()


def test_there_is_no_open_sign_up(client):
    response = client.post(
        reverse("account_signup"),
        {"email": "eve@example.com", "password1": PASSWORD, "password2": PASSWORD},
    )
    from swecan.models import User

    assert not User.objects.filter(email="eve@example.com").exists()
    assert response.status_code == 200
    assert "stängd" in response.content.decode().lower()


def test_kansli_without_totp_is_sent_to_activate_it(client, officer_without_totp):
    client.force_login(officer_without_totp)
    response = client.get(reverse("dashboard"))
    assert response.status_code == 302
    assert response.url == reverse("mfa_activate_totp")


def test_kansli_with_totp_must_give_a_code_at_login(client, karin, karin_totp_secret):
    secret = karin_totp_secret
    response = client.post(reverse("account_login"), {"login": karin.email, "password": PASSWORD})
    assert response.url == reverse("mfa_authenticate")
    assert client.get(reverse("dashboard")).status_code == 302  # not logged in yet
    response = client.post(reverse("mfa_authenticate"), {"code": current_code(secret)})
    assert response.status_code == 302
    assert client.get(reverse("dashboard")).status_code == 200


def test_representative_is_not_forced_to_use_totp(client, alice):
    client.force_login(alice)
    assert client.get(reverse("dashboard")).status_code == 200


def test_admin_login_goes_through_allauth(client):
    response = client.get("/admin/login/?next=/admin/")
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


def test_admin_refuses_a_logged_in_non_staff_user(client, alice):
    client.force_login(alice)
    assert client.get("/admin/login/").status_code == 403


def test_failed_logins_are_rate_limited(client, alice):
    for _ in range(5):
        client.post(reverse("account_login"), {"login": alice.email, "password": "fel"})
    response = client.post(reverse("account_login"), {"login": alice.email, "password": PASSWORD})
    assert client.get(reverse("dashboard")).status_code == 302
    assert response.status_code in (200, 429)
    assert "för många" in response.content.decode().lower()


def test_the_email_address_cannot_be_changed_by_the_user(client, alice):
    from allauth.account.models import EmailAddress

    address = alice.email
    client.force_login(alice)
    response = client.post("/konto/email/", {"action_add": "", "email": "alice2@annan.example"})
    assert response.status_code == 403
    assert "kan bara ändras av kansliet" in response.content.decode()
    assert not EmailAddress.objects.filter(email="alice2@annan.example").exists()
    alice.refresh_from_db()
    assert alice.email == address


def test_a_chair_must_use_two_factor_authentication(client, alice, karin):
    import datetime

    from django.utils import timezone

    from meetings.models import Meeting

    client.force_login(alice)
    assert client.get(reverse("dashboard")).status_code == 200
    starts = timezone.now() + datetime.timedelta(days=40)
    Meeting.objects.create(title="AU", body=Meeting.Body.COMMITTEE, starts_at=starts,
                           ends_at=starts + datetime.timedelta(hours=1), chair=alice,
                           planned_notice_date=starts.date(), created_by=karin)
    response = client.get(reverse("dashboard"))
    assert response.status_code == 302
    assert response.url == reverse("mfa_activate_totp")
