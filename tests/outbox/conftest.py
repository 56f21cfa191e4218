import pytest

# The partnership personas and their frozen day (factories, the declaration text).
from tests.partnership.conftest import _frozen_now, _year1, declaration_text  # noqa: F401


@pytest.fixture
def karin(db):
    """Karin at the kansli, with the authenticator every kansli account must have."""
    from swecan.demo_accounts import ensure_totp
    from tests.partnership.factories import make_kansli

    karin = make_kansli()
    ensure_totp(karin)
    return karin
