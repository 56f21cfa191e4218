from celery import shared_task


@shared_task
def remind_minutes_due():
    """Daily (Celery beat): remind the kansli of minutes not finished before their due date (R5)."""
    from decisions.minutes import reminders_due

    return reminders_due()
