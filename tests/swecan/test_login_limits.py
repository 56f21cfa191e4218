"""Failed logins are limited per client and per account, behind the proxy and with Redis down."""

import logging

import pytest
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from django.urls import reverse

from tests.personas import PASSWORD
from tests.swecan.test_settings import PRODUCTION_ENV, run_manage

pytestmark = pytest.mark.django_db
# Nothing listens on port 1: every Redis call fails to connect at once.
REDIS_DOWN = {"default": {"BACKEND": "swecan.cache.FailOpenRedisCache", "LOCATION": "redis://127.0.0.1:1/0"}}


# The people (alice, karin) are in tests/conftest.py; both log in with PASSWORD.


@pytest.fixture
def behind_proxy(settings):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1


def log_in(client, email, password, *, client_ip="192.0.2.1", forged=""):
    # The TLS proxy connects from 127.0.0.1 (the test client's REMOTE_ADDR) and appends the
    # client's address to whatever X-Forwarded-For the client sent.
    forwarded = f"{forged}, {client_ip}" if forged else client_ip
    return client.post(reverse("account_login"), {"login": email, "password": password},
                       HTTP_X_FORWARDED_FOR=forwarded)


def last_line(output: str) -> str:
    return output.strip().splitlines()[-1] if output.strip() else ""


def refused_as_too_many(response) -> bool:
    return "för många" in response.content.decode().lower()


def test_production_reads_the_proxy_count_and_uses_the_cache_that_survives_redis():
    read = ("from django.conf import settings; "
            "print(settings.ALLAUTH_TRUSTED_PROXY_COUNT, settings.CACHES['default']['BACKEND'])")
    behind = run_manage("shell", "-c", read,
                        env_overrides={**PRODUCTION_ENV, "ALLAUTH_TRUSTED_PROXY_COUNT": "1"})
    direct = run_manage("shell", "-c", read, env_overrides=PRODUCTION_ENV)

    assert last_line(behind.stdout) == "1 swecan.cache.FailOpenRedisCache", behind.stderr
    assert last_line(direct.stdout) == "0 swecan.cache.FailOpenRedisCache", direct.stderr


def test_guessing_from_one_address_does_not_lock_out_another(client, alice, behind_proxy):
    for n in range(10):
        log_in(client, f"gissad{n}@example.org", "fel", client_ip="203.0.113.7")
    assert refused_as_too_many(log_in(client, "gissad@example.org", "fel", client_ip="203.0.113.7"))

    response = log_in(client, alice.email, PASSWORD, client_ip="198.51.100.9")

    assert response.status_code == 302
    assert client.get(reverse("dashboard")).status_code == 200


def test_a_forged_forwarded_header_does_not_escape_the_limit(client, alice, behind_proxy):
    for n in range(10):
        log_in(client, f"gissad{n}@example.org", "fel", client_ip="203.0.113.7", forged=f"10.0.0.{n}")

    response = log_in(client, alice.email, PASSWORD, client_ip="203.0.113.7", forged="10.9.9.9")

    assert refused_as_too_many(response)


def test_guessing_one_accounts_password_from_many_addresses_locks_that_account(
    client, alice, behind_proxy
):
    for n in range(5):
        log_in(client, alice.email, "fel", client_ip=f"203.0.113.{n + 1}")

    assert refused_as_too_many(log_in(client, alice.email, PASSWORD, client_ip="198.51.100.9"))
    assert client.get(reverse("dashboard")).status_code == 302


def test_login_works_with_redis_down(client, alice, settings, caplog):
    settings.CACHES = REDIS_DOWN
    caplog.set_level(logging.WARNING, logger="swecan.cache")

    wrong = client.post(reverse("account_login"), {"login": alice.email, "password": "fel"})
    right = client.post(reverse("account_login"), {"login": alice.email, "password": PASSWORD})

    assert wrong.status_code == 200 and "E-postadressen eller lösenordet är fel." in wrong.content.decode()
    assert right.status_code == 302
    assert client.get(reverse("dashboard")).status_code == 200
    warnings = [r.getMessage() for r in caplog.records if r.name == "swecan.cache"]
    assert warnings and "Redis-cachen svarar inte" in warnings[0]
    assert "127.0.0.1:1" not in " ".join(warnings)


def test_failed_logins_are_still_limited_with_redis_down(client, alice, settings):
    settings.CACHES = REDIS_DOWN
    for _ in range(5):
        client.post(reverse("account_login"), {"login": alice.email, "password": "fel"})

    response = client.post(reverse("account_login"), {"login": alice.email, "password": PASSWORD})

    assert refused_as_too_many(response)


def test_a_totp_code_is_accepted_once_with_redis_down(client, karin, karin_totp_secret, settings):
    import time

    settings.CACHES = REDIS_DOWN
    secret = karin_totp_secret
    code = format_hotp_value(hotp_value(secret, int(time.time()) // 30))

    def log_in_with(code):
        client.post(reverse("account_login"), {"login": karin.email, "password": PASSWORD})
        return client.post(reverse("mfa_authenticate"), {"code": code})

    assert log_in_with(code).status_code == 302
    client.logout()
    replay = log_in_with(code)

    assert replay.status_code == 200
    assert client.get(reverse("dashboard")).status_code == 302
