"""Send a kallelse to N recipients through a real Celery worker and SMTP; print the time.

Needs PostgreSQL and Redis (defaults: the local ones). Creates and drops a
throwaway database. Usage:

    .venv/bin/python bench/notice_send.py [--recipients 200] [--concurrency 4]

Goal (issue 4): under 10 s for 200 recipients, from the kansli's click to the
last message accepted by the SMTP server.
"""

import argparse
import datetime
import os
import subprocess
import sys
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

PG = os.environ.get("BENCH_PG", "postgres://postgres@127.0.0.1:5432")
REDIS = os.environ.get("BENCH_REDIS", "redis://127.0.0.1:6379/9")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--recipients", type=int, default=200)
    parser.add_argument("--concurrency", type=int, default=4)
    args = parser.parse_args()

    db = f"swecan_bench_{uuid.uuid4().hex[:8]}"
    subprocess.run(["psql", PG + "/postgres", "-qc", f"CREATE DATABASE {db}"], check=True)
    queue = f"bench-{uuid.uuid4().hex[:6]}"
    os.environ.update({
        "DATABASE_URL": f"{PG}/{db}", "REDIS_URL": REDIS, "CELERY_QUEUE": queue,
        "SECRET_KEY": "bench-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz",
        "ALLOWED_HOSTS": "localhost", "DEBUG": "false", "DJANGO_SETTINGS_MODULE": "swecan.settings",
        "DATA_DIR": f"/tmp/{db}", "LOG_LEVEL": "WARNING",
    })
    try:
        run(args, db, queue)
    finally:
        from django.db import connections

        connections.close_all()
        subprocess.run(["psql", PG + "/postgres", "-qc", f"DROP DATABASE IF EXISTS {db} WITH (FORCE)"])


def run(args, db, queue):
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from django.utils import timezone

    from meetings import services
    from meetings.models import AgendaItem, Meeting, NoticeDelivery
    from swecan.demo_accounts import ensure_user
    from tests.integration.test_notice_worker import make_roll
    from tests.support.realservices import SmtpSink, Worker, wait_for

    kansli = ensure_user(email="kansli@bench.example", full_name="Bench", password="x", is_kansli=True)
    make_roll(args.recipients, kansli)
    starts = timezone.now() + datetime.timedelta(days=40)
    meeting = services.meeting_plan(by=kansli, fields={
        "title": "Benchmöte", "body": Meeting.Body.PARTNERSHIP, "kind": Meeting.Kind.ORDINARY,
        "form": Meeting.Form.PHYSICAL, "starts_at": starts, "ends_at": starts + datetime.timedelta(hours=2),
        "place": "Stockholm", "planned_notice_date": None,
    })
    for n in range(8):
        services.agenda_item_add(by=kansli, meeting=meeting, title=f"Punkt {n + 1}", kind=AgendaItem.Kind.DECISION)

    with SmtpSink() as smtp, Worker(database_url=os.environ["DATABASE_URL"], broker_url=REDIS,
                                    queue=queue, smtp_port=smtp.port, concurrency=args.concurrency):
        started = time.perf_counter()
        count = services.notice_send(by=kansli, meeting=meeting)
        queued = time.perf_counter()
        ok = wait_for(lambda: smtp.count() >= count, timeout=120, interval=0.02)
        finished = time.perf_counter()
    sent = NoticeDelivery.objects.filter(meeting=meeting, message__status="done").count()
    print(f"recipients: {count}")
    print(f"request (records + queue): {(queued - started) * 1000:.0f} ms")
    print(f"all delivered to SMTP:     {finished - started:.2f} s  ({count / (finished - started):.0f} msg/s)")
    print(f"messages received: {smtp.count()}, deliveries marked sent: {sent}")
    print("goal < 10 s:", "MET" if ok and finished - started < 10 else "NOT MET")


if __name__ == "__main__":
    main()
