"""The partnership tests' "today" is 2026-03-10; the personas are in tests/conftest.py."""

import datetime
import zoneinfo

import pytest

STOCKHOLM = zoneinfo.ZoneInfo("Europe/Stockholm")
# A weekday in operating year 1 (2026), well after SWECAN_YEAR1_START.
DEFAULT_NOW = datetime.datetime(2026, 3, 10, 10, 0, tzinfo=STOCKHOLM)


@pytest.fixture(autouse=True)
def _year1(settings):
    settings.SWECAN_YEAR1_START = datetime.date(2026, 1, 1)
    settings.INVITATION_VALID_DAYS = 30


@pytest.fixture(autouse=True)
def _frozen_now(time_machine):
    # Every deadline depends on "today"; tests that need another day move further.
    time_machine.move_to(DEFAULT_NOW, tick=False)
