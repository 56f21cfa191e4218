"""The same record made by several people at the same moment: one record, a clear refusal for
the others, never a 500 (an IntegrityError). PostgreSQL, threads released together."""

import datetime
import functools
import threading
import time

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, transaction

from partnership import services
from partnership.models import DeclarationText, Partner, VotingRoll, VotingRollEntry
from tests.concurrency.test_races import race
from tests.integration.test_notice_worker import make_roll
from tests.partnership.factories import next_org_number

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def _refusals(errors) -> list[str]:
    # Every caller that lost got a refusal meant for a person; nothing else went wrong.
    assert all(isinstance(error, ValidationError) for error in errors), errors
    return [" ".join(error.messages) for error in errors]


def test_thirty_officers_fixing_the_same_year_make_one_roll(karin):
    make_roll(10, karin)
    fix = functools.partial(services.voting_roll_fix, by=karin, year=2026,
                            fixed_on=datetime.date(2026, 3, 1))

    results, errors = race(*[fix] * 30)

    assert len(results) == 1
    assert len(errors) == 29
    assert set(_refusals(errors)) == {"Röstlängden för 2026 är redan fastställd."}
    assert VotingRoll.objects.filter(year=2026).count() == 1
    assert VotingRollEntry.objects.count() == 10


def _fields(sector: str, org_number: str) -> dict:
    return {"name": "Stiftelsen Samtidigt", "org_number": org_number, "sector": sector,
            "category": "other_civil_society" if sector == "civilsamhalle" else "company"}


def test_the_same_organisation_invited_twice_at_once_is_registered_once(karin):
    # An empty sector: no existing row for the sector cap's lock to serialise on.
    org_number = next_org_number()
    invite = [
        lambda n=n: services.partner_create_and_invite(
            by=karin, partner_fields=_fields("civilsamhalle", org_number),
            name=f"Person {n}", email=f"person{n}@samtidigt.example",
        )
        for n in range(2)
    ]

    results, errors = race(*invite)

    assert len(results) == 1
    assert len(errors) == 1
    [refusal] = _refusals(errors)
    assert "Det finns redan en organisation som heter Stiftelsen Samtidigt." in refusal
    assert Partner.objects.count() == 1


def test_the_same_prospect_registered_twice_at_once_is_registered_once(karin):
    org_number = next_org_number()
    register = functools.partial(services.partner_register_prospect, by=karin,
                                 partner_fields=_fields("naringsliv", org_number))

    results, errors = race(register, register, register)

    assert len(results) == 1
    assert len(errors) == 2
    assert all("Organisationsnumret" in refusal for refusal in _refusals(errors))
    assert Partner.objects.count() == 1


@pytest.mark.parametrize("existing", [0, 1], ids=["first-version", "new-version"])
def test_a_double_click_on_publish_makes_one_version(karin, existing):
    # The second click may come at the same moment or just after the first committed.
    if existing:
        services.declaration_text_publish(by=karin, text="{organisation} deltar i SweCan.")
    publish = functools.partial(services.declaration_text_publish, by=karin,
                                text="{organisation} ansluter sig.")

    results, errors = race(publish, publish)

    assert len(results) == 1
    assert len(errors) == 1
    [refusal] = _refusals(errors)
    assert f"Texten är redan publicerad som version {existing + 1}." in refusal
    assert DeclarationText.objects.count() == existing + 1
    assert DeclarationText.objects.get(version=existing + 1).text == "{organisation} ansluter sig."


def test_two_officers_publishing_different_texts_at_once_make_one_version(karin):
    first = services.declaration_text_publish(by=karin, text="{organisation} deltar i SweCan.")
    outcomes = {"results": [], "errors": []}

    def publish(n):
        try:
            outcomes["results"].append(
                services.declaration_text_publish(by=karin, text=f"{{organisation}} text {n}.")
            )
        except Exception as exc:  # noqa: BLE001 - collected for the assertions
            outcomes["errors"].append(exc)
        finally:
            connection.close()

    # Hold the current version's lock until both officers wait for it, so they truly overlap.
    with transaction.atomic():
        DeclarationText.objects.select_for_update().get(pk=first.pk)
        threads = [threading.Thread(target=publish, args=(n,)) for n in range(2)]
        for thread in threads:
            thread.start()
        _wait_until_waiting_for_locks(2)
    for thread in threads:
        thread.join(timeout=30)

    assert len(outcomes["results"]) == 1
    [refusal] = _refusals(outcomes["errors"])
    assert "En annan version av texten publicerades nyss." in refusal
    assert sorted(DeclarationText.objects.values_list("version", flat=True)) == [1, 2]


def _wait_until_waiting_for_locks(count: int) -> None:
    with connection.cursor() as cursor:
        for _ in range(200):
            cursor.execute("SELECT pg_stat_clear_snapshot()")  # else it is read once per transaction
            cursor.execute("SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' "
                           "AND datname = current_database()")
            if cursor.fetchone()[0] >= count:
                return
            time.sleep(0.05)
    raise AssertionError(f"{count} sessions never waited for the lock")
