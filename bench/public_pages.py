"""Requests per second of every public page against a bare Django view, under gunicorn.

Real components: PostgreSQL (a throwaway database with the demo data of `seed_demo`),
Redis, and gunicorn with the portal's settings (swecan/gunicorn_conf.py, 3 workers).
The same gunicorn serves `/__ok`, a Django view that returns "ok" behind the portal's
own middleware (bench/bare_wsgi.py). Each URL gets the same load: a warm-up, then
CLIENTS threads of http.client (each keeps its cookies, as a browser does, and its
connection when the server does) for
SECONDS seconds, as an anonymous visitor; page and bare view take turns in half-second
slices, so a machine busy with other work slows both alike. Usage:

    .venv/bin/python bench/public_pages.py [--seconds 5] [--clients 6]

Goal (issue 8 § 5): every public page at least 50 % of the bare view's requests per
second. Exits non-zero only when a request fails (status other than 200), not on speed.
"""

import argparse
import http.client
import os
import subprocess
import sys
import threading
import time
import uuid
from pathlib import Path

from serving import free_port, wait_ready  # noqa: E402 - bench/ is the script's own folder

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

PG = os.environ.get("BENCH_PG", "postgres://postgres@127.0.0.1:5432")
REDIS = os.environ.get("BENCH_REDIS", "redis://127.0.0.1:6379/9")
GOAL = 0.5
SLICE = 0.5


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=5.0)
    parser.add_argument("--clients", type=int, default=6)
    parser.add_argument("--warmup", type=float, default=1.0)
    args = parser.parse_args()

    db = f"swecan_pages_{uuid.uuid4().hex[:8]}"
    subprocess.run(["psql", PG + "/postgres", "-qc", f"CREATE DATABASE {db}"], check=True)
    os.environ.update({
        "DATABASE_URL": f"{PG}/{db}", "REDIS_URL": REDIS,
        "SECRET_KEY": "bench-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz",
        "ALLOWED_HOSTS": "localhost,127.0.0.1", "DEBUG": "false", "SECURE_SSL_REDIRECT": "false",
        "DJANGO_SETTINGS_MODULE": "swecan.settings", "DATA_DIR": f"/tmp/{db}", "LOG_LEVEL": "WARNING",
    })
    try:
        failures = run(args)
    finally:
        from django.db import connections

        connections.close_all()
        subprocess.run(["psql", PG + "/postgres", "-qc", f"DROP DATABASE IF EXISTS {db} WITH (FORCE)"])
    sys.exit(1 if failures else 0)


def run(args) -> int:
    import django

    django.setup()
    from django.core.cache import cache
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    call_command("seed_demo", verbosity=0, stdout=open(os.devnull, "w"))
    cache.clear()  # Redis db of the bench: nothing left from an earlier run
    from partnership.models import Partner
    from swecan.models import RulesOfProcedure

    partner = Partner.objects.public().order_by("pk").first()
    version = RulesOfProcedure.objects.order_by("number").first()
    urls = ["/", "/partner/", f"/partner/{partner.pk}/", "/partner.json", "/partner.csv",
            "/sammantraden/", "/kalender.ics", "/arbetsordning/"]
    if version is not None:
        urls.append(f"/arbetsordning/version/{version.number}/")
    from decisions.models import Case

    case = Case.objects.filter(kind=Case.Kind.RULE_CHANGE, number__isnull=False).first()
    urls += ["/arenden/", "/arenden.json"] + ([f"/arenden/{case.year}/{case.number}/"] if case else [])

    port = free_port()
    # A file, not a pipe: a full pipe would block gunicorn's error log and every worker with it.
    errlog = open(Path(os.environ["DATA_DIR"]) / "gunicorn-error.log", "w+")
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "bench.bare_wsgi:application", "-c", "python:swecan.gunicorn_conf",
         "--chdir", str(ROOT)],
        env={**os.environ, "GUNICORN_BIND": f"127.0.0.1:{port}", "GUNICORN_WORKERS": "3"},
        stdout=subprocess.DEVNULL, stderr=errlog,
    )
    try:
        wait_ready(port, server, path="/__ok")
        failures = 0
        for url in ["/__ok", *urls]:  # every worker loads its templates and connects first
            failures += _hammer(port, url, args.clients, args.warmup)[1]
        print(f"gunicorn, 3 workers, PostgreSQL; {args.clients} clients, {args.seconds:g} s per URL;")
        print("page and bare view take turns in 0.5 s slices (the machine may be shared)")
        print(f"{'URL':36} {'req/s':>8} {'bare':>8} {'ratio':>7}  errors")
        below = []
        for url in urls:
            rate, bare, errors = load(port, url, args)
            failures += errors
            ratio = rate / bare if bare else 0
            if ratio < GOAL:
                below.append(url)
            print(f"{url:36} {rate:8.0f} {bare:8.0f} {ratio:7.0%}  {errors}")
        print(f"goal every page >= {GOAL:.0%} of the bare view:", "MET" if not below else f"NOT MET ({', '.join(below)})")
        return failures
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
        if failures_seen(errlog):
            print(failures_seen(errlog)[-3000:], file=sys.stderr)
        errlog.close()


def failures_seen(errlog) -> str:
    """The error log's tracebacks, if any."""
    errlog.seek(0)
    text = errlog.read()
    return text if "Traceback" in text else ""


def load(port: int, url: str, args) -> tuple[float, float, int]:
    """Requests per second for `url` and for the bare view, and the failed requests.

    The two take turns in short slices, so a machine busy with other work slows both alike.
    """
    _hammer(port, "/__ok", args.clients, args.warmup)
    _hammer(port, url, args.clients, args.warmup)
    slices = max(1, round(args.seconds / SLICE))
    page = bare = errors = 0
    for _ in range(slices):
        done, failed = _hammer(port, "/__ok", args.clients, SLICE)
        bare, errors = bare + done, errors + failed
        done, failed = _hammer(port, url, args.clients, SLICE)
        page, errors = page + done, errors + failed
    return page / (slices * SLICE), bare / (slices * SLICE), errors


def _hammer(port: int, url: str, clients: int, seconds: float) -> tuple[int, int]:
    done = [0] * clients
    failed = [0] * clients
    stop = time.monotonic() + seconds

    def client(n):
        conn = None
        cookies = {}  # each client is one visitor's browser: it sends back what it was given
        while time.monotonic() < stop:
            if conn is None:
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
            headers = {"Host": "localhost", "Accept-Language": "sv"}
            if cookies:
                headers["Cookie"] = "; ".join(f"{name}={value}" for name, value in cookies.items())
            try:
                conn.request("GET", url, headers=headers)
                response = conn.getresponse()
                response.read()
                for header in response.headers.get_all("Set-Cookie") or ():
                    name, _, value = header.split(";", 1)[0].partition("=")
                    cookies[name.strip()] = value
            except (OSError, http.client.HTTPException) as exc:
                failed[n] += 1
                if failed[n] == 1:
                    print(f"  {url}: {type(exc).__name__}: {exc}", file=sys.stderr)
                conn.close()
                conn = None
                continue
            if response.status != 200:
                failed[n] += 1
                if failed[n] == 1:
                    print(f"  {url}: HTTP {response.status}", file=sys.stderr)
            else:
                done[n] += 1
            # gunicorn's sync workers close after each response; reconnect then.
            if response.will_close:
                conn.close()
                conn = None
        if conn is not None:
            conn.close()

    threads = [threading.Thread(target=client, args=(n,)) for n in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return sum(done), sum(failed)


if __name__ == "__main__":
    main()
