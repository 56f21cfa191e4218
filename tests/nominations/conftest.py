"""The nominations tests share the meetings tests' "today" (2026-11-25, operating year 1, which began
on 2026-01-01): the first meeting of 2027 is in operating year 2. The personas are in tests/conftest.py."""

from tests.meetings.conftest import NOW, STOCKHOLM, TODAY, _frozen_now, _year1  # noqa: F401 - fixtures
