"""Render the minutes of a long meeting as the worker does; print the time, size and pages.

The meeting (issue 10): a partnership meeting on PostgreSQL with 50 decision items, each decided
by a vote of the whole year-1 roll (74 partners, 74 named ballots per item), then held, its minutes
written and finished (revision 1 frozen from decisions.minutes_record.record). All of it is made
through the services, as the kansli, the chair and the representatives would, on a clock that
stands still where the services need a date (time_machine); only the outbox's dispatch to Celery
is switched off (the PDF is rendered here instead).

Then, RUNS times, the worker's code path: the outbox handler `minutes_pdf`
(decisions/outbox_handlers.render_minutes_pdf: `readable()` of the frozen content, the template,
WeasyPrint to PDF/A-3b with tags, the file stored), with its parts timed apart. It prints min,
median and max seconds, the PDF's size and page count (pypdf), and the time and query count of
`minutes_record.record()` for the meeting (what finishing and the kansli's preview run).
`--profile` adds a cProfile of one render, the top functions by cumulative and by own time.

Needs the local PostgreSQL (a throwaway database, dropped at the end). Usage:

    .venv/bin/python bench/minutes_render.py [--runs 5] [--items 50] [--profile] [--keep | --database NAME]

Building the meeting takes a few minutes (3,700 ballots through the services); `--keep` leaves the
database (and prints its name) so that `--database NAME` measures again without building.

Goal (issue 10): the PDF rendered in the worker in under 1 s. Exits non-zero only when the PDF
does not hold every decision or does not claim PDF/A, not on speed.
"""

import argparse
import cProfile
import datetime
import io
import os
import pstats
import shutil
import statistics
import subprocess
import sys
import time
import uuid
import zoneinfo
from pathlib import Path
from unittest.mock import patch

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

PG = os.environ.get("BENCH_PG", "postgres://postgres@127.0.0.1:5432")
REDIS = os.environ.get("BENCH_REDIS", "redis://127.0.0.1:6379/10")
GOAL = 1.0
STOCKHOLM = zoneinfo.ZoneInfo("Europe/Stockholm")
# The day the meeting is planned and the roll signs (the tests' "today"); it is held 80 days later.
PLANNED_AT = datetime.datetime(2026, 11, 25, 10, 0, tzinfo=STOCKHOLM)
# The whole year-1 roll: every sector at its cap (27 + 15 + 9 + 3 + 20 = 74).
FULL_ROLL = {"halso_sjukvard": 27, "akademi": 15, "myndigheter": 9, "naringsliv": 3, "civilsamhalle": 20}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--items", type=int, default=50)
    parser.add_argument("--profile", action="store_true")
    parser.add_argument("--keep", action="store_true", help="keep the database built for --database")
    parser.add_argument("--database", help="a database kept by an earlier run with --keep")
    args = parser.parse_args()
    sys.stdout.reconfigure(line_buffering=True)

    db = args.database or f"swecan_minutes_{uuid.uuid4().hex[:8]}"
    if not args.database:
        subprocess.run(["psql", PG + "/postgres", "-qc", f"CREATE DATABASE {db}"], check=True)
    os.environ.update({
        "DATABASE_URL": f"{PG}/{db}", "REDIS_URL": REDIS,
        "SECRET_KEY": "bench-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz",
        "ALLOWED_HOSTS": "localhost", "DEBUG": "false", "DJANGO_SETTINGS_MODULE": "swecan.settings",
        "DATA_DIR": f"/tmp/{db}", "LOG_LEVEL": "WARNING", "SWECAN_YEAR1_START": "2026-01-01",
    })
    try:
        ok = run(args)
    finally:
        from django.db import connections

        connections.close_all()
        if args.keep or args.database:
            print(f"database kept: --database {db} (drop it with: psql {PG}/postgres -c 'DROP DATABASE {db}')")
        else:
            subprocess.run(["psql", PG + "/postgres", "-qc", f"DROP DATABASE IF EXISTS {db} WITH (FORCE)"])
            shutil.rmtree(f"/tmp/{db}", ignore_errors=True)
    sys.exit(0 if ok else 1)


def run(args) -> bool:
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    if args.database:
        from decisions.models import MinutesRevision

        revision = MinutesRevision.objects.select_related("minutes__meeting").get(number=1)
        meeting = revision.minutes.meeting
    else:
        started = time.perf_counter()
        with patch("outbox.services.dispatch"):  # the PDF is rendered below, not by a Celery worker
            revision, meeting = build(args.items)
        print(f"built through the services in {time.perf_counter() - started:.0f} s: {args.items} decision "
              f"items, each a vote of {sum(FULL_ROLL.values())} partners")
    measure_record(meeting, revision)
    return measure_render(revision, args)


def build(items: int):
    """The held meeting and its finished minutes (revision 1), through the services."""
    import time_machine

    from decisions import minutes, preparation, voting
    from decisions.models import MinutesRevision
    from meetings import services as meeting_services
    from meetings.models import AgendaItem, Meeting
    from tests.decisions.helpers_prepare import a_meeting, prepared
    from tests.decisions.helpers_vote import many_partners
    from tests.meetings import factories as mf

    choices = ("yes", "no", "abstain")
    with time_machine.travel(PLANNED_AT, tick=False) as clock:
        karin = mf.officer()
        partners = many_partners(FULL_ROLL)
        meeting = a_meeting(karin, days_ahead=80, hours=8)
        # The first item is a case a partner submitted, as the tests' meetings have; the rest are
        # the kansli's decision items, each with a short description as an agenda has.
        case = prepared(karin=karin, by=partners[0].user, partner=partners[0].partner)
        case = preparation.case_put_on_agenda(by=karin, case=case, meeting=meeting)
        agenda = [case.agenda_item]
        for n in range(2, items + 1):
            item = meeting_services.agenda_item_add(
                by=karin, meeting=meeting, title=f"Beslut om uppdrag {n} till arbetsutskottet",
                kind=AgendaItem.Kind.DECISION, presenter="Kansliet",
                description=f"Arbetsutskottet föreslår att partnerskapet beslutar om uppdrag {n}.")
            agenda.append(item)
        mf.send_notice(meeting, by=karin)
        clock.move_to(meeting.starts_at)
        meeting_services.meeting_set_state(by=karin, meeting=meeting, state=Meeting.State.OPEN)
        for signed in partners:
            meeting_services.attendance_register(by=karin, meeting=meeting, partner=signed.partner,
                                                 arrived_at=meeting.starts_at,
                                                 representatives=[signed.representative])
        for n, item in enumerate(agenda):
            clock.move_to(meeting.starts_at + datetime.timedelta(minutes=5 + 8 * n))
            vote = voting.vote_open(by=karin, item=item, question=f"Ska partnerskapet bifalla förslaget i § {n + 1}?")
            for i, signed in enumerate(partners):
                voting.ballot_cast(by=signed.user, vote=vote, partner=signed.partner,
                                   choice=choices[(i + n) % 7 % 3])
            clock.move_to(meeting.starts_at + datetime.timedelta(minutes=9 + 8 * n))
            voting.vote_close(by=karin, vote=vote)
        clock.move_to(meeting.ends_at)
        meeting_services.meeting_set_state(by=karin, meeting=meeting, state=Meeting.State.HELD)
        meeting.refresh_from_db()
        clock.move_to(meeting.ends_at + datetime.timedelta(days=3))
        kept = minutes.minutes_start(by=karin, meeting=meeting)
        minutes.minutes_edit(by=karin, minutes=kept, fields={
            "keeper": "Karin Kansli", "adjuster": "Alice Exempel",
            "introduction": "Ordföranden öppnade sammanträdet och hälsade partnerna välkomna.",
            "closing": "Ordföranden tackade partnerna och avslutade sammanträdet.",
            "item_notes": {str(item.pk): "Förslaget presenterades och diskuterades." for item in agenda[::5]}})
        revision = minutes.minutes_finish(by=karin, minutes=kept)
    return MinutesRevision.objects.get(pk=revision.pk), meeting


def measure_record(meeting, revision):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from decisions import minutes_record

    times = []
    for _ in range(3):
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            minutes_record.record(meeting, revision.minutes, finished_on=timezone.localdate(revision.finished_at))
            times.append(time.perf_counter() - started)
    print(f"minutes_record.record(): {min(times):.3f} s best of {len(times)}, {len(queries)} queries")


def measure_render(revision, args) -> bool:
    from django.template.loader import render_to_string
    from django.utils import translation
    from pypdf import PdfReader
    from weasyprint import HTML

    from decisions.minutes_record import readable
    from decisions.outbox_handlers import render_minutes_pdf
    from outbox.models import Message

    message = Message.objects.get(kind="minutes_pdf", key=f"minutes-pdf:{revision.pk}")

    def rendered_again():
        """The handler, as the worker calls it, after the stored file of the last run is removed."""
        revision.refresh_from_db()
        if revision.pdf:
            revision.pdf.delete(save=True)
        started = time.perf_counter()
        render_minutes_pdf(message, None)
        return time.perf_counter() - started

    rendered_again()  # the first run loads fonts and templates, as a worker's first task does
    totals = [rendered_again() for _ in range(args.runs)]
    parts = {"readable()": [], "template": [], "WeasyPrint": []}
    with translation.override("sv"):
        for _ in range(max(1, min(3, args.runs))):
            started = time.perf_counter()
            content = readable(revision.content)
            parts["readable()"].append(time.perf_counter() - started)
            started = time.perf_counter()
            html = render_to_string("pdf/minutes.html", {"revision": revision, "minutes": content})
            parts["template"].append(time.perf_counter() - started)
            started = time.perf_counter()
            document = HTML(string=html).render()
            layout = time.perf_counter() - started
            document.write_pdf(pdf_variant="pdf/a-3b", uncompressed_pdf=False, pdf_tags=True)
            parts["WeasyPrint"].append(time.perf_counter() - started)
            parts.setdefault("  of it layout", []).append(layout)

    revision.refresh_from_db()
    data = revision.pdf.read()
    reader = PdfReader(io.BytesIO(data))
    text = "\n".join(page.extract_text() or "" for page in reader.pages)
    flat = " ".join(text.split())
    decisions = [item for item in revision.content["items"] if item["decision"]]
    missing = [item["title"] for item in decisions if item["title"] not in flat]
    metadata = reader.trailer["/Root"].get("/Metadata")
    pdfa = metadata is not None and b"pdfaid:part" in metadata.get_object().get_data()
    ballots = sum(len(item["decision"].get("ballots", [])) for item in decisions)

    print(f"minutes PDF/A in the worker's code path (outbox handler minutes_pdf), {args.runs} runs:")
    print(f"  min {min(totals):.2f} s, median {statistics.median(totals):.2f} s, max {max(totals):.2f} s")
    for name, values in parts.items():
        print(f"  {name:16} {min(values):6.2f} s (best of {len(values)})")
    print(f"  PDF: {len(data) / 1024:.0f} KiB, {len(reader.pages)} pages, {len(decisions)} decisions, "
          f"{ballots} named ballots, compliance sheet {'present' if 'Regelefterlevnad' in text else 'MISSING'}, "
          f"PDF/A claimed: {'yes' if pdfa else 'NO'}")
    if missing:
        print(f"  decisions missing from the PDF text: {missing[:5]}", file=sys.stderr)
    print(f"goal < {GOAL:g} s:", "MET" if statistics.median(totals) < GOAL else "NOT MET")
    if args.profile:
        profile(revision)
    return not missing and pdfa and "Regelefterlevnad" in text


def profile(revision):
    from decisions.outbox_handlers import render_minutes_pdf
    from outbox.models import Message

    message = Message.objects.get(kind="minutes_pdf", key=f"minutes-pdf:{revision.pk}")
    revision.refresh_from_db()
    revision.pdf.delete(save=True)
    profiler = cProfile.Profile()
    profiler.runcall(render_minutes_pdf, message, None)
    for order in ("cumulative", "tottime"):
        out = io.StringIO()
        pstats.Stats(profiler, stream=out).strip_dirs().sort_stats(order).print_stats(25)
        print(f"\ncProfile of one render, by {order} time:")
        print("\n".join(line for line in out.getvalue().splitlines() if line.strip())[:6000])


if __name__ == "__main__":
    main()
