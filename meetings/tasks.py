import logging

from celery import shared_task
from django.core.mail import get_connection

logger = logging.getLogger(__name__)


@shared_task(acks_late=True)
def send_deliveries(meeting_id: int, kind: str):
    """Send every pending delivery of a kallelse or reminder over one SMTP connection.

    Each delivery is claimed before sending and marked after, so a retried or
    duplicated task sends nobody a second copy.
    """
    from meetings.emails import build_notice, notice_context
    from meetings.models import Meeting, NoticeDelivery
    from meetings.services import delivery_claim, delivery_done

    meeting = Meeting.objects.select_related("rules_version").get(pk=meeting_id)
    pending = list(
        NoticeDelivery.objects.filter(meeting=meeting, kind=kind)
        .exclude(status__in=[NoticeDelivery.Status.SENT, NoticeDelivery.Status.FAILED])
        .values_list("pk", flat=True)
    )
    if not pending:
        return 0
    context = notice_context(meeting)
    sent = 0
    with get_connection() as connection:
        for delivery_id in pending:
            delivery = delivery_claim(delivery_id)
            if delivery is None:
                continue
            try:
                build_notice(meeting, delivery, context, connection=connection).send()
            except Exception as exc:  # noqa: BLE001 - recorded per recipient, shown to the kansli
                logger.warning("Kallelse till %s misslyckades: %s", delivery.email, exc)
                delivery_done(delivery, error=str(exc) or exc.__class__.__name__)
            else:
                delivery_done(delivery)
                sent += 1
    return sent


@shared_task
def send_reminders():
    """Daily (Celery beat): reminders a week before each noticed meeting."""
    from meetings.services import reminders_due

    return reminders_due()
