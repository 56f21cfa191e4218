import datetime
import zoneinfo

import pytest

STOCKHOLM = zoneinfo.ZoneInfo("Europe/Stockholm")
# A weekday in operating year 1 (2026), well after SWECAN_YEAR1_START.
DEFAULT_NOW = datetime.datetime(2026, 3, 10, 10, 0, tzinfo=STOCKHOLM)


@pytest.fixture(autouse=True)
def _eager_celery(settings):
    # CI sets REDIS_URL, which turns eager mode off; these tests want `.delay()` inline.
    from swecan.celery import app

    settings.CELERY_TASK_ALWAYS_EAGER = True
    settings.CELERY_TASK_EAGER_PROPAGATES = True
    saved = (app.conf.task_always_eager, app.conf.task_eager_propagates)
    app.conf.task_always_eager = True
    app.conf.task_eager_propagates = True
    yield
    app.conf.task_always_eager, app.conf.task_eager_propagates = saved


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    # Accounts are made in almost every test; a real hasher would dominate the run time.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _year1(settings):
    settings.SWECAN_YEAR1_START = datetime.date(2026, 1, 1)
    settings.INVITATION_VALID_DAYS = 30


@pytest.fixture(autouse=True)
def _frozen_now(time_machine):
    # Every deadline depends on "today"; tests that need another day move further.
    time_machine.move_to(DEFAULT_NOW, tick=False)


@pytest.fixture
def karin(db):
    """Karin at the kansli: invites, registers withdrawals, fixes the roll."""
    from tests.partnership.factories import make_kansli

    return make_kansli()


@pytest.fixture
def declaration_text(karin):
    from tests.partnership.factories import publish_text

    return publish_text(karin)
