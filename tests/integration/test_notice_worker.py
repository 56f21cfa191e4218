"""The kallelse through real components: a Celery worker on Redis and an SMTP server on loopback."""

import datetime

import pytest
from django.conf import settings
from django.db import connection
from django.utils import timezone
from icalendar import Calendar

from meetings import services
from meetings.models import AgendaItem, Meeting, NoticeDelivery
from partnership.models import DeclarationText, Partner, Representative, SignedDeclaration
from swecan import rules
from swecan.demo_accounts import ensure_user
from tests.support.realservices import SmtpSink, Worker, database_url, wait_for

pytestmark = [pytest.mark.worker, pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def make_roll(n: int, kansli) -> list[Representative]:
    """`n` signed partners spread over the five sectors, one representative each."""
    text = DeclarationText.objects.create(version=1, text="{organisation} deltar i SweCan.")
    reps = []
    for i in range(n):
        partner = Partner.objects.create(
            name=f"Organisation {i:03d}", org_number=f"{800000 + i:06d}-{i:04d}",
            sector=rules.SECTORS[i % 5], category="other_civil_society", status=Partner.Status.ACTIVE,
            joined_on=datetime.date(2026, 2, 1),
        )
        SignedDeclaration.objects.create(
            partner=partner, text=text, signed_text="x", text_sha256="0" * 64, place="Stockholm",
            signed_on=datetime.date(2026, 2, 1), signer_name="N", signer_title="T", signed_by=kansli,
        )
        reps.append(Representative.objects.create(partner=partner, name=f"Person {i}",
                                                  email=f"person{i:03d}@org{i:03d}.example"))
    return reps


def plan_meeting(kansli) -> Meeting:
    """A partnership meeting 40 days ahead with one decision item: ready for its kallelse."""
    starts = timezone.now() + datetime.timedelta(days=40)
    meeting = services.meeting_plan(by=kansli, fields={
        "title": "Partnerskapets möte", "body": Meeting.Body.PARTNERSHIP, "kind": Meeting.Kind.ORDINARY,
        "form": Meeting.Form.PHYSICAL, "starts_at": starts, "ends_at": starts + datetime.timedelta(hours=3),
        "place": "Stockholm", "planned_notice_date": None,
    })
    services.agenda_item_add(by=kansli, meeting=meeting, title="Beslut", kind=AgendaItem.Kind.DECISION)
    return meeting


def test_kallelse_reaches_each_representative_exactly_once_even_when_the_task_is_retried(worker_queue):
    kansli = ensure_user(email="kansli@sos.example", full_name="Karin", password="x", is_kansli=True)
    reps = make_roll(70, kansli)
    meeting = plan_meeting(kansli)

    with SmtpSink() as smtp, Worker(database_url=database_url(connection.settings_dict),
                                    broker_url=settings.CELERY_BROKER_URL, queue=worker_queue,
                                    smtp_port=smtp.port):
        assert services.notice_send(by=kansli, meeting=meeting) == 70
        assert wait_for(lambda: smtp.count() >= 70, timeout=90), f"only {smtp.count()} of 70 arrived"

        # A retried and a duplicated task must send nobody a second copy.
        from outbox.tasks import run, sweep

        ids = list(meeting.deliveries.values_list("message_id", flat=True))
        run.delay(ids)
        run.apply_async((ids,), countdown=0)
        marker = sweep.delay()  # nothing is due: a no-op
        assert wait_for(lambda: _queue_empty(worker_queue), timeout=30)
        del marker
        wait_for(lambda: False, timeout=1.5)  # let the last claimed task finish

        messages = list(smtp.messages)

    assert len(messages) == 70
    recipients = sorted(rcpt for rcpts, _ in messages for rcpt in rcpts)
    assert recipients == sorted(r.email for r in reps)
    assert NoticeDelivery.objects.filter(meeting=meeting, message__status="done").count() == 70
    for _, message in messages:
        assert "Kallelse" in message["Subject"]
        ics_parts = [p for p in message.walk() if p.get_content_type() == "text/calendar"]
        assert len(ics_parts) == 1
        calendar = Calendar.from_ical(ics_parts[0].get_payload(decode=True))
        (event,) = calendar.walk("VEVENT")
        assert event.decoded("DTSTART") == meeting.starts_at.replace(microsecond=0)


def _queue_empty(queue: str) -> bool:
    import redis

    client = redis.Redis.from_url(settings.CELERY_BROKER_URL)
    return client.llen(queue) == 0
