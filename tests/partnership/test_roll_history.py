"""Fixing the voting roll leaves a history row for every line, naming who fixed it (§ 5.2)."""

import pytest
from django.utils import timezone

from partnership import services
from partnership.models import VotingRollEntry
from tests.partnership.factories import signed_partner

pytestmark = pytest.mark.django_db


def test_every_line_of_the_fixed_roll_has_history_naming_the_officer(karin):
    partners = [signed_partner(sector=sector).partner
                for sector in ("halso_sjukvard", "akademi", "naringsliv", "civilsamhalle")]

    roll = services.voting_roll_fix(by=karin, year=2026, fixed_on=timezone.localdate())

    entries = list(VotingRollEntry.objects.filter(roll=roll))
    assert sorted(e.partner_id for e in entries) == sorted(p.pk for p in partners)
    for entry in entries:
        [created] = entry.history.all()
        assert created.history_type == "+"
        assert created.history_user == karin
