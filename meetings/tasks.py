from celery import shared_task


@shared_task
def send_reminders():
    """Daily (Celery beat): reminders a week before each noticed meeting."""
    from meetings.services import reminders_due

    return reminders_due()
