"""The nominations app's beat tasks. The § 9 review reminder here; each reminder its own function."""

import datetime

from celery import shared_task
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

# The yearly review of the arbetsordning (§ 9) -----------------------------------------------------

RULES_REVIEW = "rules_review_reminder"
# On or after this day of each calendar year, if not sent that year (month, day).
RULES_REVIEW_FROM = (2, 1)


def rules_review_recipients(day: datetime.date) -> list[tuple[str, str, dict]]:
    """(key, e-mail, payload) for the AU's members on `day` and the kansli, one per address."""
    from partnership.bodies import committee_members

    people = [(r.email, r.name, "committee") for r in committee_members(day) if r.email]
    people += [(u.email, u.get_full_name(), "kansli") for u in
               get_user_model().objects.filter(is_kansli=True, is_active=True).exclude(email="").order_by("pk")]
    seen, items = set(), []
    for email, name, role in people:
        address = email.strip().lower()
        if address in seen:
            continue
        seen.add(address)
        items.append((f"rules-review:{day.year}:{address}", address,
                      {"year": day.year, "name": name, "role": role}))
    return items


def rules_review_due(today: datetime.date | None = None) -> int:
    """Remind the AU and the kansli once per calendar year, on or after 1 February, to review the
    arbetsordning (§ 9). Once only: a Reminder keyed by the year, and one outbox key per recipient."""
    from nominations.models import Reminder
    from outbox import services as outbox

    today = today or timezone.localdate()
    if (today.month, today.day) < RULES_REVIEW_FROM:
        return 0
    key = f"rules-review:{today.year}"
    with transaction.atomic():
        if Reminder.objects.select_for_update().filter(key=key).exists():
            return 0
        items = rules_review_recipients(today)
        Reminder.objects.create(key=key)
        if items:
            outbox.enqueue_many(RULES_REVIEW, items)
    return len(items)


@shared_task
def remind_rules_review():
    """Daily (Celery beat): the yearly reminder to review the arbetsordning (§ 9)."""
    return rules_review_due()


# Mandates in the AU ending soon (§ 2.2, R8) ----------------------------------------------------------

MANDATE_ENDING = "mandate_ending_reminder"


def mandate_reminders(today: datetime.date) -> list[tuple[str, str, dict]]:
    """(key, e-mail, payload) per mandate ending within seats.ENDING_SOON_DAYS and kansli officer:
    the key names the mandate, its last day and the officer, so each is told once per mandate."""
    from nominations.models import Seat
    from nominations.seats import ending_soon

    officers = list(get_user_model().objects.filter(is_kansli=True, is_active=True).exclude(email="").order_by("pk"))
    items = []
    for mandate in ending_soon(today):
        kind = "seat" if isinstance(mandate, Seat) else "officer"
        for user in officers:
            items.append((f"mandate-ending:{kind}:{mandate.pk}:{mandate.ends_on.isoformat()}:{user.pk}",
                          user.email, {"kind": kind, "id": mandate.pk, "ends_on": mandate.ends_on.isoformat(),
                                       "user_id": user.pk}))
    return items


def mandate_reminders_due(today: datetime.date | None = None) -> int:
    """Tell the kansli of AU mandates (seats, chair and vice chair) ending within 60 days, once
    per mandate and officer (the outbox key), however often the task runs. Returns how many new."""
    from outbox import services as outbox
    from outbox.models import Message

    items = mandate_reminders(today or timezone.localdate())
    if not items:
        return 0
    already = set(Message.objects.filter(key__in=[key for key, _r, _p in items]).values_list("key", flat=True))
    with transaction.atomic():
        outbox.enqueue_many(MANDATE_ENDING, items)
    return len(items) - len(already)


@shared_task
def remind_mandates_ending():
    """Daily (Celery beat): remind the kansli of AU mandates ending within 60 days (R8)."""
    return mandate_reminders_due()
