"""The transactional outbox: every e-mail and PDF the portal promises goes through here.

`enqueue` writes the work in the caller's transaction and dispatches it on commit.
A broker that is down only delays it: the beat's sweep picks up whatever is due
(never dispatched, retried after an error, or claimed by a worker that died),
with backoff, until it is done or marked failed for the kansli to see.
"""

import datetime
import logging
import smtplib

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from outbox.models import Message
from outbox.registry import HANDLERS, Batch
from swecan.audit import attributed

logger = logging.getLogger(__name__)


def _seconds(name: str) -> datetime.timedelta:
    return datetime.timedelta(seconds=getattr(settings, name))


# Writing -------------------------------------------------------------------------------


def enqueue(kind: str, *, key: str, recipient: str = "", payload: dict | None = None,
            by=None) -> Message:
    """Promise one piece of work; the same key is only ever promised once."""
    return enqueue_many(kind, [(key, recipient, payload or {})], by=by)[0]


def enqueue_many(kind: str, items, *, by=None) -> list[Message]:
    """Promise several (key, recipient, payload); dispatched together on commit."""
    if kind not in HANDLERS:
        raise ValueError(f"No outbox handler for {kind!r}")
    items = list(items)
    existing = Message.objects.in_bulk([key for key, _recipient, _payload in items], field_name="key")
    messages = []
    for key, recipient, payload in items:
        message = existing.get(key)
        if message is None:
            message = attributed(
                Message(kind=kind, key=key, recipient=recipient, payload=payload, created_by=by), by
            )
            message.save()
        messages.append(message)
    fresh = [m.pk for m in messages if m.status == Message.Status.PENDING]
    if fresh:
        transaction.on_commit(lambda: dispatch(fresh))
    return messages


def dispatch(ids: list[int]) -> None:
    """Hand the messages to a worker. If the broker is down they stay pending for the sweep:
    the request that promised them never fails because of it."""
    from outbox.tasks import run

    for start in range(0, len(ids), BATCH_SIZE):
        try:
            run.delay(ids[start:start + BATCH_SIZE])
        except Exception:  # noqa: BLE001 - any broker failure; the sweep retries
            logger.warning("Utskick %s kunde inte köas; svepet tar dem senare.", ids[start:start + BATCH_SIZE],
                           exc_info=True)
            return


# One worker run sends at most this many over one SMTP connection.
BATCH_SIZE = 50


# Running -------------------------------------------------------------------------------


def _abandoned(now) -> Q:
    """Claimed by a worker that has stopped answering (no live run takes this long)."""
    return Q(status=Message.Status.SENDING, claimed_at__lt=now - _seconds("OUTBOX_STALE_AFTER"))


def claimable(now=None) -> Q:
    """Pending and due, or abandoned by a dead worker."""
    now = now or timezone.now()
    return Q(status=Message.Status.PENDING, next_attempt_at__lte=now) | _abandoned(now)


def not_delivered(now=None) -> Q:
    """Not done and not in a live worker's hands: failed, waiting, or abandoned."""
    return Q(status__in=[Message.Status.FAILED, Message.Status.PENDING]) | _abandoned(now or timezone.now())


def claim(message_id: int) -> Message | None:
    """Claim one message; None if another worker has it or it is not due.

    One conditional UPDATE: of two workers racing for the same row, only one sees
    it claimable (PostgreSQL re-checks the WHERE after the first commits).
    """
    now = timezone.now()
    # The claim is bookkeeping (excluded from history); the outcome is saved with history.
    claimed = Message.objects.filter(claimable(now), pk=message_id).update(  # history: a claim
        status=Message.Status.SENDING, claimed_at=now, attempts=F("attempts") + 1
    )
    return Message.objects.get(pk=message_id) if claimed else None


def backoff(attempts: int) -> datetime.timedelta:
    """1, 2, 4, 8 … minutes after each failed attempt, at most an hour."""
    first = _seconds("OUTBOX_RETRY_AFTER")
    return min(first * 2 ** max(attempts - 1, 0), datetime.timedelta(hours=1))


def finish(message: Message, *, error: str = "", moot: bool = False) -> None:
    """Record how an attempt went: done, moot, or failed (retried later until attempts run out)."""
    now = timezone.now()
    message.claimed_at = None
    if moot:
        message.status, message.done_at = Message.Status.CANCELLED, now
    elif not error:
        message.status, message.done_at, message.last_error = Message.Status.DONE, now, ""
    else:
        message.last_error = error[:2000]
        if message.attempts >= settings.OUTBOX_MAX_ATTEMPTS:
            message.status = Message.Status.FAILED
        else:
            message.status = Message.Status.PENDING
            message.next_attempt_at = now + backoff(message.attempts)
    attributed(message, None).save()


def run(ids) -> int:
    """Do the work of each message that can be claimed; returns how many were done."""
    done = 0
    batch = Batch()
    try:
        for message_id in ids:
            message = claim(message_id)
            if message is None:
                continue
            handler = HANDLERS.get(message.kind)
            try:
                if handler is None:
                    raise LookupError(f"Okänt slag av utskick: {message.kind}")
                result = handler.run(message, batch)
            except Exception as exc:  # noqa: BLE001 - recorded on the message, shown to the kansli
                logger.warning("Utskick %s (%s) misslyckades: %s", message.pk, message.kind,
                               exc.__class__.__name__)
                finish(message, error=describe(exc))
            else:
                finish(message, moot=result is False)
                done += result is not False
    finally:
        batch.close()
    return done


def describe(exc: Exception) -> str:
    """What the kansli reads: the SMTP server's code and words where there are some."""
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        return "; ".join(f"{address}: {code} {reply.decode(errors='replace')}"
                         for address, (code, reply) in exc.recipients.items())
    if isinstance(exc, smtplib.SMTPResponseException):
        return f"{exc.smtp_code} {exc.smtp_error.decode(errors='replace')}"
    return f"{exc.__class__.__name__}: {exc}".rstrip(": ")


def sweep() -> int:
    """Dispatch everything due that no worker holds (beat, every OUTBOX_SWEEP_SECONDS)."""
    # A message promised a moment ago is on its way already; leave it to that dispatch.
    grace = timezone.now() - _seconds("OUTBOX_SWEEP_GRACE")
    due = list(
        Message.objects.filter(claimable())
        .exclude(status=Message.Status.PENDING, attempts=0, created_at__gt=grace)
        .order_by("next_attempt_at").values_list("pk", flat=True)[:1000]
    )
    if due:
        dispatch(due)
    return len(due)


# The kansli's view -------------------------------------------------------------------------


def problems():
    """Everything failed or overdue: what a person should look at."""
    now = timezone.now()
    overdue = now - _seconds("OUTBOX_OVERDUE_AFTER")
    return Message.objects.filter(
        Q(status=Message.Status.FAILED)
        | Q(status=Message.Status.PENDING, created_at__lt=overdue)
        | Q(status=Message.Status.PENDING, attempts__gt=0)
        | _abandoned(now)
    ).order_by("-created_at", "-pk")


def _run_again(message: Message, by) -> Message:
    """Due now with fresh attempts, recorded as `by`'s act, dispatched on commit."""
    message.status = Message.Status.PENDING
    message.attempts = 0
    message.next_attempt_at = timezone.now()
    message.claimed_at = None
    message.retried_by = by
    attributed(message, by).save()
    transaction.on_commit(lambda: dispatch([message.pk]))
    return message


def _refuse_in_flight(message: Message) -> None:
    if message.status == Message.Status.SENDING and not Message.objects.filter(
            _abandoned(timezone.now()), pk=message.pk).exists():
        raise ValidationError(_("Utskicket skickas just nu."))


@transaction.atomic
def message_retry(*, by, message: Message) -> Message:
    """Try again now, with fresh attempts; something done is never sent twice."""
    message = Message.objects.select_for_update().get(pk=message.pk)
    if message.status in (Message.Status.DONE, Message.Status.CANCELLED):
        raise ValidationError(_("Utskicket är redan klart och skickas inte igen."))
    _refuse_in_flight(message)
    return _run_again(message, by)


def messages_retry(*, by, messages) -> int:
    """Try again every one of `messages` that is not done (each recorded as `by`'s act)."""
    count = 0
    for message in messages:
        try:
            message_retry(by=by, message=message)
        except ValidationError:
            continue  # finished or in flight meanwhile: nothing to do
        count += 1
    return count


@transaction.atomic
def message_request_again(*, by, kind: str, key: str, recipient: str = "",
                          payload: dict | None = None) -> Message:
    """Ask for work that may have been done before (a PDF that went missing): the message
    with this key is run again, or created."""
    message = Message.objects.select_for_update().filter(key=key).first()
    if message is None:
        return enqueue(kind, key=key, recipient=recipient, payload=payload, by=by)
    _refuse_in_flight(message)
    return _run_again(message, by)
