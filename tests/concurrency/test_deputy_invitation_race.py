"""Thirty deputy invitations at the same moment still send three (PostgreSQL)."""

import pytest
from django.core.exceptions import ValidationError

from partnership import services
from partnership.models import Invitation
from tests.concurrency.test_races import race
from tests.partnership.factories import make_partner, make_representative

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _mail_in_memory(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


def test_thirty_invitations_at_once_make_three(settings):
    region = make_partner(name="Region Norrexempel")
    alice = make_representative(region, email="alice@region-norr.example").user

    results, errors = race(*[
        lambda n=n: services.deputy_invite(by=alice, partner=region, name=f"Ersättare {n}",
                                           email=f"ersattare{n}@region-norr.example")
        for n in range(30)
    ])

    assert len(results) == settings.DEPUTY_INVITATIONS_PER_USER_PER_HOUR == 3
    assert len(errors) == 27 and all(isinstance(e, ValidationError) for e in errors)
    assert Invitation.objects.count() == 3
