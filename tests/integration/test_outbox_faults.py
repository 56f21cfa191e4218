"""Faults in the production shape lose nothing: a broker that stops, a worker that is killed.

Real components: PostgreSQL, a Celery worker with beat (the outbox sweep), Redis, and an
SMTP server on loopback. Nobody presses a button: the sweep does the recovery.
"""

import os

import pytest
from django.conf import settings
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from meetings import services as meetings
from outbox.models import Message
from partnership import services
from partnership.models import Invitation, SignedDeclaration
from tests.integration.test_notice_worker import make_roll, plan_meeting
from tests.partnership.factories import make_partner, make_representative, publish_text
from tests.support.realservices import SmtpSink, Worker, database_url, wait_for

pytestmark = [pytest.mark.worker, pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def fast_recovery(media_root) -> dict:
    """Sweep every second; a claim older than 10 s belongs to a dead worker (a live one, even
    on a busy CI machine, sends one message or renders one PDF well within that)."""
    return {"OUTBOX_SWEEP_SECONDS": "1", "OUTBOX_STALE_AFTER": "10", "OUTBOX_RETRY_AFTER": "1",
            "MEDIA_ROOT": str(media_root), "LOG_LEVEL": "ERROR"}


def test_a_broker_outage_during_invitations_and_signatures_loses_nothing(
        karin, own_broker, worker_queue, client):
    publish_text(karin)
    invited = [make_partner(name=f"Region {n}", sector="halso_sjukvard") for n in range(3)]
    signers = [make_representative(make_partner(name=f"Förening {n}", sector="civilsamhalle"))
               for n in range(2)]
    client.force_login(karin)

    with SmtpSink() as smtp, Worker(database_url=database_url(connection.settings_dict),
                                    broker_url=own_broker.url, queue=worker_queue, smtp_port=smtp.port,
                                    beat=True, env=fast_recovery(settings.MEDIA_ROOT)):
        own_broker.stop()
        for n, partner in enumerate(invited):
            response = client.post(reverse("kansli_partner_invite", args=[partner.pk]), {
                "person_name": f"Person {n}", "email": f"person{n}@region.example",
                "person_title": "Direktör", "role": "primary"})
            assert response.status_code == 302  # recorded; the request does not fail
        for rep in signers:
            services.declaration_sign(user=rep.user, partner=rep.partner, place="Umeå",
                                      signed_on=timezone.localdate(), signer_name=rep.name,
                                      signer_title="Ordförande")
        assert Message.objects.filter(status=Message.Status.PENDING).count() == 5
        assert smtp.count() == 0

        own_broker.start()
        assert wait_for(lambda: Message.objects.exclude(status=Message.Status.DONE).count() == 0,
                        timeout=90), list(Message.objects.values_list("kind", "status", "last_error"))
        wait_for(lambda: False, timeout=3)  # three more sweeps: nothing may be sent again

    assert sorted(smtp.recipients()) == [f"person{n}@region.example" for n in range(3)]
    assert Invitation.objects.count() == 3
    for declaration in SignedDeclaration.objects.all():
        assert declaration.pdf.read().startswith(b"%PDF")


def test_a_worker_killed_mid_send_is_recovered_by_the_sweep_without_duplicates(karin, worker_queue):
    reps = make_roll(20, karin)
    held = sorted(r.email for r in reps)[7]  # the worker dies while talking to the server about this one
    meeting = plan_meeting(karin)
    common = {"database_url": database_url(connection.settings_dict),
              "broker_url": settings.CELERY_BROKER_URL, "queue": worker_queue}

    with SmtpSink(hold_rcpt=held) as smtp:
        first = Worker(**common, smtp_port=smtp.port, name="-first").__enter__()
        meetings.notice_send(by=karin, meeting=meeting)
        assert smtp.held.wait(60), "the first worker never reached the held recipient"
        first.kill()
        smtp.release.set()
        before = smtp.count()
        assert 0 < before < 20
        assert Message.objects.filter(status=Message.Status.SENDING).count() == 1  # its orphan

        with Worker(**common, smtp_port=smtp.port, name="-second", beat=True,
                    env=fast_recovery(settings.MEDIA_ROOT)):
            assert wait_for(lambda: smtp.count() >= 20, timeout=90), f"{smtp.count()} of 20"
            wait_for(lambda: False, timeout=3)  # three more sweeps: nothing may be sent again

    received = smtp.recipients()
    assert sorted(received) == sorted(r.email for r in reps)  # each once
    assert set(meeting.deliveries.values_list("message__status", flat=True)) == {"done"}
    assert os.environ.get("OUTBOX_STALE_AFTER") is None  # the portal's own setting is untouched
