"""Personas and a signed partnership roll for the meetings tests; "today" is 2026-11-25."""

import datetime
import zoneinfo

import pytest

from tests.meetings import factories as f

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


@pytest.fixture
def karin(db):
    """Karin at the kansli, with the authenticator every kansli account must have."""
    return f.officer()


@pytest.fixture
def roll(karin):
    """Five signed partners, one per sector; Alice represents the first, Bob the second."""
    return f.signed_roll()


@pytest.fixture
def alice(roll):
    return roll[0].user


@pytest.fixture
def bob(roll):
    return roll[1].user


@pytest.fixture
def outsiders(db):
    """Charlie represents an invited partner that has not signed; Dave has no partner at all."""
    return f.outsiders()


@pytest.fixture
def charlie(outsiders):
    return outsiders.charlie


@pytest.fixture
def dave(outsiders):
    return outsiders.dave
