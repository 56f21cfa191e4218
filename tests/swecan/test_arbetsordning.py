"""The arbetsordning is versioned data; its numbers apply from their effective date."""

import datetime

import pytest
from django.urls import reverse

from swecan import rules
from swecan.arbetsordning import parameters_in_force, version_in_force
from swecan.models import RulesOfProcedure

pytestmark = pytest.mark.django_db

MEETING = datetime.date(2027, 6, 15)


@pytest.fixture
def version_2():
    params = rules.Parameters(notice_days=21)
    return RulesOfProcedure.objects.create(
        number=2,
        effective_from=datetime.date(2027, 3, 1),
        parameters=params.to_dict(),
        text="# Arbetsordning för SweCan\n\nKallelse 21 dagar före.",
        adopted_note="Beslut 2027-02-10, § 7",
    )


def test_the_first_version_is_created_by_a_migration_with_the_adopted_numbers():
    v1 = RulesOfProcedure.objects.get(number=1)
    assert v1.params == rules.DEFAULT
    assert parameters_in_force(datetime.date(2026, 6, 1)) == rules.DEFAULT


def test_a_new_version_changes_verdicts_from_its_effective_date_and_not_before(version_2):
    notice = MEETING - datetime.timedelta(days=25)
    before = parameters_in_force(datetime.date(2027, 2, 28))
    after = parameters_in_force(datetime.date(2027, 3, 1))
    assert not rules.check_notice(MEETING, notice, before)
    assert rules.check_notice(MEETING, notice, after)
    assert version_in_force(datetime.date(2027, 2, 28)).number == 1
    assert version_in_force(datetime.date(2027, 3, 1)).number == 2


def test_invalid_parameters_are_refused_by_the_model():
    from django.core.exceptions import ValidationError

    version = RulesOfProcedure(number=3, effective_from=datetime.date(2028, 1, 1),
                               parameters={"notice_days": -4}, text="x")
    with pytest.raises(ValidationError):
        version.full_clean()


def test_public_page_shows_the_version_in_force_and_earlier_ones(client, version_2, time_machine):
    time_machine.move_to(datetime.datetime(2027, 4, 1, 12, tzinfo=datetime.UTC))
    response = client.get(reverse("rules_of_procedure"))
    body = response.content.decode()
    assert "Version 2, gäller från" in body
    assert "<h1>Arbetsordning för SweCan</h1>" in body
    assert reverse("rules_of_procedure_version", args=[1]) in body
    old = client.get(reverse("rules_of_procedure_version", args=[1])).content.decode()
    assert "Detta är inte den version som gäller nu." in old


def test_unknown_version_is_404(client):
    assert client.get(reverse("rules_of_procedure_version", args=[99])).status_code == 404


def test_published_text_cannot_inject_html(client):
    v1 = RulesOfProcedure.objects.get(number=1)
    v1.text = "# Rubrik\n\n<script>alert(1)</script>"
    v1.save()
    body = client.get(reverse("rules_of_procedure_version", args=[1])).content.decode()
    assert "<script>alert(1)</script>" not in body
    assert "&lt;script&gt;" in body
