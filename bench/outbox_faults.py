"""A fault run of the outbox in the production shape; prints what was made, what went wrong
and what arrived. Nobody presses a button: Celery beat's sweep does all the recovery.

Real components: PostgreSQL (a throwaway database), a Redis of its own as broker (stopped and
started), Celery workers with beat, and an SMTP server on loopback. Usage:

    .venv/bin/python bench/outbox_faults.py [--invitations 20] [--signatures 10] [--recipients 60]

Faults: the broker is down while invitations and signatures are made; the SMTP server answers
"451 try later" to every fifth invitation once; the worker is killed (SIGKILL) in the middle
of a kallelse and a second worker starts.
"""

import argparse
import collections
import os
import subprocess
import sys
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

PG = os.environ.get("BENCH_PG", "postgres://postgres@127.0.0.1:5432")
FAST = {"OUTBOX_SWEEP_SECONDS": "1", "OUTBOX_STALE_AFTER": "10", "OUTBOX_RETRY_AFTER": "1",
        "LOG_LEVEL": "ERROR"}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--invitations", type=int, default=20)
    parser.add_argument("--signatures", type=int, default=10)
    parser.add_argument("--recipients", type=int, default=60)
    args = parser.parse_args()

    from tests.support.realservices import RedisServer

    db = f"swecan_faults_{uuid.uuid4().hex[:8]}"
    subprocess.run(["psql", PG + "/postgres", "-qc", f"CREATE DATABASE {db}"], check=True)
    with RedisServer() as broker:
        os.environ.update({
            "DATABASE_URL": f"{PG}/{db}", "REDIS_URL": broker.url, "CELERY_QUEUE": f"faults-{db}",
            "SECRET_KEY": "bench-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz",
            "ALLOWED_HOSTS": "localhost", "DEBUG": "false", "DJANGO_SETTINGS_MODULE": "swecan.settings",
            "DATA_DIR": f"/tmp/{db}", "MEDIA_ROOT": f"/tmp/{db}/media", **FAST,
        })
        try:
            run(args, broker)
        finally:
            from django.db import connections

            connections.close_all()
            subprocess.run(["psql", PG + "/postgres", "-qc", f"DROP DATABASE IF EXISTS {db} WITH (FORCE)"])


def run(args, broker):
    import logging

    import django

    django.setup()
    logging.disable(logging.WARNING)  # the refused enqueues are expected here
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from django.utils import timezone

    from meetings import services as meetings
    from outbox.models import Message
    from partnership import services
    from partnership.models import SignedDeclaration
    from swecan.demo_accounts import ensure_user
    from tests.integration.test_notice_worker import make_roll, plan_meeting
    from tests.partnership.factories import make_partner, make_representative
    from tests.support.realservices import SmtpSink, Worker, wait_for

    kansli = ensure_user(email="kansli@faults.example", full_name="Karin", password="x", is_kansli=True)
    invitees = [f"person{n:03d}@region{n:03d}.example" for n in range(args.invitations)]
    refuse = frozenset(invitees[::5])
    reps = make_roll(args.recipients, kansli)
    held = sorted(r.email for r in reps)[args.recipients // 3]
    common = {"database_url": os.environ["DATABASE_URL"], "broker_url": broker.url,
              "queue": os.environ["CELERY_QUEUE"]}
    started = time.perf_counter()

    with SmtpSink(hold_rcpt=held, refuse_once=refuse) as smtp:
        first = Worker(**common, smtp_port=smtp.port, beat=True, name="-first", env=FAST).__enter__()
        broker.stop()
        for n, email in enumerate(invitees):
            partner = make_partner(name=f"Region {n:03d}", sector="halso_sjukvard")
            services.partner_invite(by=kansli, partner=partner, name=f"Person {n}", email=email)
        for n in range(args.signatures):
            rep = make_representative(make_partner(name=f"Förening {n:03d}", sector="civilsamhalle"))
            services.declaration_sign(user=rep.user, partner=rep.partner, place="Umeå",
                                      signed_on=timezone.localdate(), signer_name=rep.name,
                                      signer_title="Ordförande")
        pending_while_down = Message.objects.filter(status=Message.Status.PENDING).count()
        broker.start()

        meeting = plan_meeting(kansli)
        meetings.notice_send(by=kansli, meeting=meeting)
        killed = smtp.held.wait(90)
        first.kill()
        smtp.release.set()
        with Worker(**common, smtp_port=smtp.port, beat=True, name="-second", env=FAST):
            done = wait_for(lambda: not Message.objects.exclude(status=Message.Status.DONE).exists(),
                            timeout=180, interval=0.2)
            recovered = time.perf_counter()
            time.sleep(3)  # three more sweeps: anything sent twice would show now
            received = collections.Counter(smtp.recipients())

    called = list(meeting.deliveries.values_list("email", flat=True))  # the roll, signers included
    expected = collections.Counter(invitees + called)
    pdfs = sum(1 for d in SignedDeclaration.objects.all() if d.pdf and d.pdf.storage.exists(d.pdf.name))
    print(f"records made:        {args.invitations} invitations, {args.signatures} signatures, "
          f"1 kallelse to {len(called)}")
    print(f"faults injected:     broker down for {pending_while_down} promises, "
          f"{len(smtp.refused)} SMTP 451 refusals, worker killed mid-send: {'yes' if killed else 'NO'}")
    print(f"e-mails expected:    {sum(expected.values())}")
    print(f"e-mails delivered:   {sum(min(received[a], 1) for a in expected)}")
    twice = sorted(a for a in expected if received[a] > 1)
    print(f"duplicates:          {sum(received[a] - 1 for a in twice)}{'  ' + ', '.join(twice) if twice else ''}")
    for address in twice:  # a second attempt after a claim left by the killed worker
        attempts = Message.objects.filter(recipient=address).values_list("kind", "attempts")
        print(f"  {address}: {', '.join(f'{kind} after {n} attempts' for kind, n in attempts)}")
    print(f"lost:                {sum(1 for a in expected if not received[a])}")
    print(f"unexpected:          {sum(n for a, n in received.items() if a not in expected)}")
    print(f"PDFs present:        {pdfs} of {args.signatures}")
    print(f"outbox not done:     {Message.objects.exclude(status=Message.Status.DONE).count()}")
    print(f"recovered in:        {recovered - started:.1f} s (all done: {'yes' if done else 'NO'})")


if __name__ == "__main__":
    main()
