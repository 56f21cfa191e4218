"""A real SMTP server on loopback and a real Celery worker, for integration tests and bench/."""

import os
import subprocess
import sys
import tempfile
import threading
import time
from email import message_from_bytes
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


class SmtpSink:
    """aiosmtpd on 127.0.0.1 that keeps every message it receives."""

    def __init__(self, *, hold_rcpt: str | None = None, refuse_once: frozenset = frozenset()):
        """`hold_rcpt`: stop at that recipient's RCPT TO (before any content is sent) until
        `release` is set, so a test can kill the sending worker mid-transaction.
        `refuse_once`: addresses answered "451 try again later" the first time."""
        import asyncio

        from aiosmtpd.controller import Controller

        self.messages = []
        self._lock = threading.Lock()
        self.held = threading.Event()
        self.release = threading.Event()
        self.refused = []
        sink = self

        class Handler:
            async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
                if address == hold_rcpt and not sink.release.is_set():
                    sink.held.set()
                    while not sink.release.is_set():
                        await asyncio.sleep(0.05)
                if address in refuse_once and address not in sink.refused:
                    sink.refused.append(address)
                    return "451 4.3.0 Try again later"
                envelope.rcpt_tos.append(address)
                return "250 OK"

            async def handle_DATA(self, server, session, envelope):
                with sink._lock:
                    sink.messages.append((list(envelope.rcpt_tos), message_from_bytes(envelope.content)))
                return "250 OK"

        self.port = _free_port()
        self.controller = Controller(Handler(), hostname="127.0.0.1", port=self.port)

    def __enter__(self):
        self.controller.start()
        return self

    def __exit__(self, *exc):
        self.controller.stop()

    def count(self) -> int:
        with self._lock:
            return len(self.messages)

    def recipients(self) -> list[str]:
        with self._lock:
            return [rcpt for rcpts, _ in self.messages for rcpt in rcpts]


def _free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def database_url(settings_dict) -> str:
    user = settings_dict.get("USER") or "postgres"
    password = f":{settings_dict['PASSWORD']}" if settings_dict.get("PASSWORD") else ""
    host = settings_dict.get("HOST") or "127.0.0.1"
    port = settings_dict.get("PORT") or 5432
    return f"postgres://{user}{password}@{host}:{port}/{settings_dict['NAME']}"


class Worker:
    """`celery -A swecan worker` in a subprocess, on its own queue, against the given database."""

    def __init__(self, *, database_url: str, broker_url: str, queue: str, smtp_port: int,
                 concurrency: int = 4, beat: bool = False, name: str = "", env: dict | None = None):
        self.env = {
            **os.environ,
            "DATABASE_URL": database_url,
            "CELERY_BROKER_URL": broker_url,
            "REDIS_URL": broker_url,
            "CELERY_QUEUE": queue,
            "EMAIL_URL": f"smtp://127.0.0.1:{smtp_port}",
            "SECRET_KEY": os.environ.get("SECRET_KEY", "worker-test-secret-key-0123456789-abcdefghij"),
            "ALLOWED_HOSTS": "localhost",
            "DEBUG": "false",
            "DJANGO_SETTINGS_MODULE": "swecan.settings",
            **(env or {}),
        }
        self.env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        self.args = [sys.executable, "-m", "celery", "-A", "swecan", "worker", "-Q", queue,
                     "--concurrency", str(concurrency), "--pool", "threads", "-l", "warning",
                     "--without-heartbeat", "--without-gossip", "--without-mingle",
                     "-n", f"{queue}{name}@%h"]
        if beat:  # the outbox sweep, as Celery beat runs it in production
            self.args += ["-B", "-s", f"/tmp/celerybeat-{queue}{name}"]
        self.name = f"{queue}{name}"
        self.queue = queue
        self.broker_url = broker_url

    def output(self) -> str:
        self.log.seek(0)
        return self.log.read()

    def __enter__(self):
        # A file, not a pipe: a worker logging reconnection attempts must never block on a
        # full pipe that nobody reads.
        self.log = tempfile.TemporaryFile("w+")
        self.process = subprocess.Popen(self.args, cwd=ROOT, env=self.env,
                                        stdout=self.log, stderr=subprocess.STDOUT, text=True)
        self._wait_ready()
        return self

    def _wait_ready(self, timeout=30):
        # The worker is ready once it answers a ping on the broker.
        import socket

        from celery import Celery

        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError("Celery-workern startade inte:\n" + self.output())
            app = Celery(broker=self.broker_url, set_as_current=False)
            try:
                if app.control.ping(destination=[f"{self.name}@{socket.gethostname()}"], timeout=0.5):
                    return
            except Exception:  # noqa: BLE001 - a broker that was just restarted drops old connections
                time.sleep(0.2)
            finally:
                app.close()
        raise RuntimeError("Celery-workern svarade inte inom 30 s")

    def kill(self):
        """SIGKILL: the worker dies at once, as under the OOM killer, leaving its claims."""
        self.process.kill()
        self.process.wait(timeout=10)

    def __exit__(self, *exc):
        if self.process.poll() is not None:
            return
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()


def wait_for(predicate, timeout=60.0, interval=0.1) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(interval)
    return predicate()


class RedisServer:
    """A Redis of the test's own on a free port, to stop and start again as a broker outage."""

    def __init__(self):
        self.port = _free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process = None

    def start(self):
        self.process = subprocess.Popen(
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "",
             "--appendonly", "no"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        import redis

        client = redis.Redis.from_url(self.url)
        if not wait_for(lambda: _answers(client), timeout=10):
            raise RuntimeError("redis-server startade inte")
        return self

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=10)

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        if self.process and self.process.poll() is None:
            self.stop()


def _answers(client) -> bool:
    try:
        return bool(client.ping())
    except Exception:  # noqa: BLE001 - not up yet
        return False
