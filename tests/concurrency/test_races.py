"""Two people (or two workers) doing the same thing at the same moment, on PostgreSQL."""

import datetime
import threading
from unittest.mock import patch

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import connection
from django.utils import timezone

from meetings import services as meeting_services
from meetings.models import AgendaItem, Meeting, NoticeDelivery
from partnership import services
from partnership.models import Partner, SignedDeclaration
from swecan.demo_accounts import ensure_user
from tests.integration.test_notice_worker import make_roll
from tests.partnership.factories import make_partner, next_org_number

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _mail_in_memory(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


def race(*calls):
    """Run the calls at the same moment in threads; return (results, errors)."""
    barrier = threading.Barrier(len(calls))
    results, errors = [], []

    def run(call):
        try:
            barrier.wait()
            results.append(call())
        except Exception as exc:  # noqa: BLE001 - collected for the assertions
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(call,)) for call in calls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return results, errors


def test_two_officers_cannot_both_take_the_last_place_in_a_sector(karin):
    for _ in range(2):  # Näringsliv's cap is 3 in year 1
        make_partner(sector="naringsliv", category="industry_association")
    invite = [
        lambda n=n: services.partner_create_and_invite(
            by=karin,
            partner_fields={"name": f"Företag {n}", "org_number": next_org_number(), "sector": "naringsliv",
                            "category": "company"},
            name=f"Person {n}", email=f"p{n}@foretag{n}.example",
        )
        for n in range(2)
    ]
    results, errors = race(*invite)
    assert len(results) == 1
    assert len(errors) == 1 and isinstance(errors[0], ValidationError)
    assert "§ 8.1" in str(errors[0])
    assert Partner.objects.counting_towards_cap().filter(sector="naringsliv").count() == 3


def test_a_kallelse_sent_twice_at_once_goes_out_once(karin):
    reps = make_roll(10, karin)
    starts = timezone.now() + datetime.timedelta(days=40)
    meeting = meeting_services.meeting_plan(by=karin, fields={
        "title": "Möte", "body": Meeting.Body.PARTNERSHIP, "kind": Meeting.Kind.ORDINARY,
        "form": Meeting.Form.PHYSICAL, "starts_at": starts, "ends_at": starts + datetime.timedelta(hours=2),
        "place": "Stockholm", "planned_notice_date": None,
    })
    meeting_services.agenda_item_add(by=karin, meeting=meeting, title="Beslut", kind=AgendaItem.Kind.DECISION)
    results, errors = race(*[lambda: meeting_services.notice_send(by=karin, meeting=meeting)] * 2)
    assert results == [10]
    assert len(errors) == 1 and "redan" in str(errors[0])
    assert sorted(m.to[0] for m in mail.outbox) == sorted(r.email for r in reps)


def test_two_workers_sending_the_same_kallelse_send_each_message_once(karin):
    from outbox import services as outbox

    reps = make_roll(30, karin)
    starts = timezone.now() + datetime.timedelta(days=40)
    meeting = Meeting.objects.create(
        title="Möte", starts_at=starts, ends_at=starts + datetime.timedelta(hours=2), place="Stockholm",
        planned_notice_date=starts.date() - datetime.timedelta(days=30), created_by=karin,
        state=Meeting.State.NOTICED, notice_sent_at=timezone.now(),
    )
    AgendaItem.objects.create(meeting=meeting, position=1, title="Beslut")
    with patch("outbox.services.dispatch"):  # the three "workers" below are the only senders
        meeting_services._create_deliveries(meeting, NoticeDelivery.Kind.NOTICE,
                                            [(r.email, r.name, r.partner_id) for r in reps])
    ids = list(meeting.deliveries.values_list("message_id", flat=True))
    results, errors = race(*[lambda: outbox.run(ids)] * 3)
    assert errors == []
    assert sum(results) == 30
    assert sorted(m.to[0] for m in mail.outbox) == sorted(r.email for r in reps)


def test_signing_twice_at_once_makes_one_declaration(karin):
    services.declaration_text_publish(by=karin, text="{organisation} deltar i SweCan.")
    partner = make_partner(sector="akademi", category="university")
    user = ensure_user(email="rep@uni.example", full_name="Rep", password="x")
    from partnership.models import Representative

    Representative.objects.create(partner=partner, user=user, name="Rep", email=user.email)
    sign = lambda: services.declaration_sign(  # noqa: E731
        user=user, partner=partner, place="Umeå", signed_on=timezone.localdate(),
        signer_name="Rep", signer_title="Rektor",
    )
    results, errors = race(sign, sign)
    assert len(results) == 1
    assert len(errors) == 1 and "redan undertecknat" in str(errors[0])
    assert SignedDeclaration.objects.filter(partner=partner).count() == 1
