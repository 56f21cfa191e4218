# The partnership tests' frozen day; the personas are in tests/conftest.py.
from tests.partnership.conftest import _frozen_now, _year1  # noqa: F401
