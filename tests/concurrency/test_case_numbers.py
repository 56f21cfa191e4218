"""Two cases received at the same moment get two references (R12: never given twice)."""

import pytest

from decisions import services
from decisions.models import Case
from tests.concurrency.test_races import race

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

TEMPLATE = {"title": "Ärende", "background": "B", "problem_or_opportunity": "P", "proposal": "F",
            "justification": "M", "goals": "Mål", "strategy_area": "prevention", "consequences": "K"}


def test_cases_submitted_at_once_get_distinct_numbers(roll):
    drafts = [services.case_draft_save(by=signed.user, partner=signed.partner,
                                       fields={**TEMPLATE, "title": f"Ärende {n}"})
              for n, signed in enumerate(roll[:4])]
    results, errors = race(*[lambda s=s, c=c: services.case_submit(by=s.user, case=c)
                             for s, c in zip(roll, drafts, strict=False)])
    assert not errors
    assert len(results) == 4
    numbers = sorted(Case.objects.values_list("number", flat=True))
    assert numbers == [1, 2, 3, 4]
    assert Case.objects.filter(state=Case.State.RECEIVED).count() == 4
