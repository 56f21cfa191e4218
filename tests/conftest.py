import os
import shutil
from pathlib import Path

import pytest

# Playwright's sync API runs an event loop in the test thread; Django's ORM
# calls from the test itself are still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = "/usr/bin/chromium"
REQUIRE_ALL = os.environ.get("REQUIRE_ALL_TESTS") == "1"
SCREENSHOTS = Path(os.environ.get("DATA_DIR", "data")) / "screenshots"


def _unavailable(reason: str):
    # In CI every test must run: a missing service is a failure, not a skip. A laptop
    # without PostgreSQL or Redis still runs everything else, and is told what it missed.
    if REQUIRE_ALL:
        pytest.fail(f"{reason} (REQUIRE_ALL_TESTS=1)")
    # Only where PostgreSQL or Redis is not installed at all: ./bin/test starts and uses them
    # when they are (so every test runs, as in CI), and .ci/run installs-and-requires them.
    pytest.skip(f"{reason}; PostgreSQL and Redis are not installed here: ./bin/test uses them "
                "when they are, and .ci/run always runs this test")


@pytest.fixture(autouse=True)
def _require_services(request):
    if request.node.get_closest_marker("postgres"):
        from django.db import connection

        if connection.vendor != "postgresql":
            _unavailable("behöver PostgreSQL: sätt DATABASE_URL")
    if request.node.get_closest_marker("worker"):
        from django.conf import settings

        if settings.CELERY_TASK_ALWAYS_EAGER:
            _unavailable("behöver Redis för en riktig Celery-worker: sätt REDIS_URL")


@pytest.fixture(scope="session")
def _celery_configured_eager():
    # Read once, before any test overrides settings: this is the configured value.
    from swecan.celery import app

    return app.conf.task_always_eager


@pytest.fixture(autouse=True)
def _eager_celery(request, settings, _celery_configured_eager):
    """`.delay()` runs inline (CI sets REDIS_URL, which turns eager mode off), except
    in tests that start a real worker."""
    if request.node.get_closest_marker("worker"):
        yield
        return
    from swecan.celery import app

    settings.CELERY_TASK_ALWAYS_EAGER = True
    app.conf.task_always_eager = True
    app.conf.task_eager_propagates = True
    yield
    app.conf.task_always_eager = _celery_configured_eager


@pytest.fixture(autouse=True)
def _swedish():
    # A request in English (LocaleMiddleware) leaves that language active in the thread.
    from django.utils import translation

    translation.activate("sv")
    yield
    translation.activate("sv")


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    # Accounts are made in almost every test; a real hasher would dominate the run time.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _test_storage(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    # Tests never run collectstatic; the live server serves from the finders.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture(autouse=True)
def _locmem_cache(settings):
    # Each test run gets its own cache: rate-limit counters and TOTP replay
    # marks must not leak between tests or between test runs on one machine.
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture(scope="session")
def chromium():
    if not (Path(CHROMIUM).exists() or shutil.which("chromium")):
        _unavailable("Chromium saknas: apt-get install chromium chromium-driver")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--lang=sv-SE"],
        )
        yield browser
        browser.close()


# Runs in every document before its own scripts: each thing the CSP refuses is sent to the test.
_REPORT_CSP_VIOLATIONS = """
document.addEventListener("securitypolicyviolation", (e) => {
  window.__cspViolations = (window.__cspViolations || 0) + 1;
  window.__cspViolation(`${e.effectiveDirective} refused ${e.blockedURI} on ${e.documentURI}`
                        + (e.sample ? `: ${e.sample}` : ""));
}, true);
"""


@pytest.fixture
def csp_violations():
    """What the browser refused under the Content-Security-Policy; `page` fails the test on any."""
    return []


def _window(chromium, live_server, csp_violations, locale: str = "sv-SE"):
    context = chromium.new_context(locale=locale, base_url=live_server.url)
    context.expose_function("__cspViolation", lambda report: csp_violations.append(report))
    context.add_init_script(_REPORT_CSP_VIOLATIONS)
    window = context.new_page()
    window.set_default_timeout(15_000)
    return context, window


@pytest.fixture
def open_window(chromium, live_server, csp_violations):
    """`open_window(locale="sv-SE")`: another person's browser window (its own cookies), the CSP
    watched as in `page`; every window is closed at the end."""
    contexts = []

    def open_one(locale: str = "sv-SE"):
        context, window = _window(chromium, live_server, csp_violations, locale)
        contexts.append(context)
        return window

    yield open_one
    for context in contexts:
        for window in context.pages:
            if not window.is_closed():
                window.evaluate("0")  # a round trip, so that reports already sent have arrived
        context.close()
    assert not csp_violations, "CSP-överträdelser:\n" + "\n".join(csp_violations)


@pytest.fixture
def page(chromium, live_server, csp_violations):
    context, page = _window(chromium, live_server, csp_violations)
    yield page
    if not page.is_closed():
        page.evaluate("0")  # a round trip, so that reports already sent have arrived
    context.close()
    assert not csp_violations, "CSP-överträdelser:\n" + "\n".join(csp_violations)


def assert_accessible(page, name: str):
    """axe-core finds no WCAG 2.1 A/AA violations; a screenshot is kept for people."""
    from axe_playwright_python.sync_playwright import Axe

    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)
    results = Axe().run(
        page,
        options={"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}},
    )
    assert results.violations_count == 0, results.generate_report()


@pytest.fixture
def arbetsordning_v1(db):
    """Version 1 as its migration creates it (transactional tests flush data migrations)."""
    import importlib

    from django.apps import apps

    migration = importlib.import_module("swecan.migrations.0002_first_rules_of_procedure")
    migration.create_v1(apps, None)
    from swecan.models import RulesOfProcedure

    return RulesOfProcedure.objects.get(number=1)


# The personas (tests/personas.py says who they are) ------------------------------------------
# Directories set their own "today" (autouse _frozen_now); the people are the same everywhere.


@pytest.fixture
def karin(db):
    """Karin at the kansli, with the authenticator every kansli account must have."""
    from tests.personas import officer

    return officer()


@pytest.fixture
def declaration_text(karin):
    from tests.partnership.factories import publish_text

    return publish_text(karin)


@pytest.fixture
def karin_totp_secret(karin):
    """The secret of Karin's authenticator, for logging in with a code (in a browser)."""
    from tests.personas import totp_secret_of

    return totp_secret_of(karin)


@pytest.fixture
def officer_without_totp(db):
    """Ny Kansli, a new kansli officer who has not activated an authenticator yet."""
    from tests.personas import officer_without_totp

    return officer_without_totp()


@pytest.fixture
def roll(karin, declaration_text):
    """Five signed partners, one per sector, who signed `declaration_text`; Alice represents the
    first, Bob the second."""
    from tests.personas import signed_roll

    return signed_roll()


@pytest.fixture
def alice(roll):
    """Primary representative of Region Norrexempel (hälso- och sjukvård)."""
    return roll[0].user


@pytest.fixture
def bob(roll):
    """Primary representative of Karolinska Exempelinstitutet (akademi)."""
    return roll[1].user


@pytest.fixture
def deputy(roll, alice):
    """Dora, deputy (ersättare) for Alice's partner."""
    from tests.personas import deputy_of

    return deputy_of(roll[0].partner).user


@pytest.fixture
def outsiders(db):
    """Charlie represents an invited partner that has not signed; Dave has no partner at all."""
    from tests.personas import outsiders

    return outsiders()


@pytest.fixture
def charlie(outsiders):
    return outsiders.charlie


@pytest.fixture
def dave(outsiders):
    return outsiders.dave


@pytest.fixture
def nora(karin, declaration_text, mailoutbox, django_capture_on_commit_callbacks):
    """Nora Nykomling came in through Karin's invitation, gave her phone number, signed for
    Region Sörexempel and turned on two-factor authentication."""
    from tests.personas import joined_by_invitation

    user = joined_by_invitation(by=karin, mailoutbox=mailoutbox,
                                send_mail=django_capture_on_commit_callbacks)
    mailoutbox.clear()
    return user


@pytest.fixture
def public():
    """A visitor without an account (AnonymousUser)."""
    from tests.personas import public

    return public()
