"""The cases tests share the meetings tests' "today" (2026-11-25, operating year 1): cases are
timed against meetings. The personas are in tests/conftest.py."""

from tests.meetings.conftest import NOW, STOCKHOLM, TODAY, _frozen_now, _year1  # noqa: F401 - fixtures
