"""What each kind of outbox message does, declared by the app that owns it."""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Handler:
    kind: str
    label: str  # lazy translation: what the kansli reads ("Inbjudan", "Kallelse" …)
    run: Callable  # run(message, batch) does the work; raises to fail; returns False if moot
    link: Callable | None = None  # link(message) -> URL of the record it belongs to, for the kansli


HANDLERS: dict[str, Handler] = {}


def handler(kind: str, label, link: Callable | None = None):
    def register(run):
        HANDLERS[kind] = Handler(kind, label, run, link)
        return run

    return register


class Batch:
    """What one run shares between its messages: one SMTP connection, rendered contexts."""

    def __init__(self):
        self.cache = {}
        self._connection = None

    @property
    def connection(self):
        if self._connection is None:
            from django.core.mail import get_connection

            self._connection = get_connection()
            self._connection.open()
        return self._connection

    def close(self):
        if self._connection is not None:
            try:
                self._connection.close()
            except Exception:  # noqa: BLE001 - a broken connection cannot be closed cleanly
                pass
            self._connection = None

    def send(self, email) -> None:
        email.connection = self.connection
        try:
            email.send()
        except Exception:
            # A refused or dropped connection is not reused for the next message.
            self.close()
            raise
