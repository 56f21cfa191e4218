"""Shared steps for the browser journeys: logging in as a person would, and eager tasks.

The live server runs in another thread of this process, so settings changed here
(eager Celery, the locmem mail backend) apply to it too, and `django.core.mail.outbox`
is the same list the `mailoutbox` fixture hands to the test.
"""

import re
import time

from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value

from tests.conftest import assert_accessible

TOTP_PERIOD = 30
TYPING_SECONDS = 3  # from reading the code to the server checking it, with room to spare

# (secret, counter) pairs already typed in: allauth refuses a code used twice.
_used_codes: set[tuple[str, int]] = set()


def eager_tasks_and_locmem_mail(settings):
    """Keep the live server's e-mail in memory (tasks already run inline: tests/conftest.py).

    A generator for a module's autouse fixture: `yield from eager_tasks_and_locmem_mail(settings)`.
    """
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    yield


def totp_code(secret: str) -> str:
    """The authenticator app's current code; waits for the next one if this one was used."""
    counter = int(time.time()) // TOTP_PERIOD
    # A code typed in the last seconds of its period reaches the server in the next one, where
    # it is refused (no tolerance): then, as with a used code, wait for the next period.
    closing = (counter + 1) * TOTP_PERIOD - time.time() < TYPING_SECONDS
    if (secret, counter) in _used_codes or closing:
        time.sleep((counter + 1) * TOTP_PERIOD - time.time() + 0.2)
        counter = int(time.time()) // TOTP_PERIOD
    _used_codes.add((secret, counter))
    return format_hotp_value(hotp_value(secret, counter))


def log_in(page, email: str, password: str, *, check: str | None = None) -> None:
    """Log in from the start page with e-mail and password (representatives stop here).

    With `check`, the login page is checked with axe and kept as the screenshot `check`.
    """
    page.goto("/")
    with page.expect_navigation():
        page.get_by_role("banner").get_by_role("link", name="Logga in").click()
    assert page.get_by_role("heading", level=1, name="Logga in").is_visible()
    if check:
        assert_accessible(page, check)
    page.get_by_label("E-postadress").fill(email)
    page.get_by_label("Lösenord").fill(password)
    with page.expect_navigation():  # the page the click leads to, not the one loaded
        page.get_by_role("button", name="Logga in").click()


def log_in_kansli(page, email: str, password: str, secret: str,
                  *, checks: tuple[str, str] | None = None) -> None:
    """Log in as a kansli officer: password, then the code from the authenticator app.

    With `checks` (two screenshot names), the login and the code pages are checked with axe.
    """
    log_in(page, email, password, check=checks[0] if checks else None)
    assert page.url.endswith("/konto/2fa/authenticate/"), page.url
    if checks:
        assert_accessible(page, checks[1])
    page.get_by_label("Kod").fill(totp_code(secret))
    with page.expect_navigation():  # the page the click leads to, not the one loaded
        page.get_by_role("button", name="Logga in", exact=True).click()
    assert "/konto/" not in page.url, f"still on {page.url}"


def log_out(page) -> None:
    with page.expect_navigation():  # the page the click leads to, not the one loaded
        page.get_by_role("button", name="Logga ut").click()
    assert page.get_by_role("banner").get_by_role("link", name="Logga in").is_visible()


def label(text: str) -> re.Pattern:
    """A field's label as the form renders it: `text`, with "(obligatoriskt)" when required, or
    "(krävs för att lämna in)" on a case's template (a draft saves without it)."""
    return re.compile(rf"^{re.escape(text)}( \((obligatoriskt|krävs för att lämna in)\))?$")
