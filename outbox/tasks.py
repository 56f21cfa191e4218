from celery import shared_task


# acks_late: a worker that dies mid-run leaves the task to be delivered again, and the
# claims make sure nothing in it is sent twice. The time limit is shorter than the stale
# claim (OUTBOX_STALE_AFTER), so a claim older than that belongs to a dead worker.
@shared_task(acks_late=True, reject_on_worker_lost=True, soft_time_limit=90, time_limit=100)
def run(ids):
    from outbox.services import run as run_messages

    return run_messages(ids)


@shared_task
def sweep():
    """Celery beat: dispatch everything due (never queued, retried, or left by a dead worker)."""
    from outbox.services import sweep as sweep_due

    return sweep_due()
