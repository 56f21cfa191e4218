"""The meetings tests' "today" is 2026-11-25; the personas are in tests/conftest.py."""

import datetime
import zoneinfo

import pytest

STOCKHOLM = zoneinfo.ZoneInfo("Europe/Stockholm")
NOW = datetime.datetime(2026, 11, 25, 10, 0, tzinfo=STOCKHOLM)
TODAY = NOW.date()


@pytest.fixture(autouse=True)
def _year1(settings):
    settings.SWECAN_YEAR1_START = datetime.date(2026, 1, 1)


@pytest.fixture(autouse=True)
def _frozen_now(time_machine):
    # Every deadline depends on "today"; tests that need another day move further.
    time_machine.move_to(NOW, tick=False)


# The personas (karin, roll, alice, bob, outsiders, charlie, dave, deputy) are in tests/conftest.py.
