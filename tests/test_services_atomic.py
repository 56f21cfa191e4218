"""Every state change is one service function that runs in one transaction ("one home per
question"): a service that is not atomic sends its e-mails before the records they need exist
(the outbox dispatches on commit, which is at once outside a transaction)."""

import inspect

import pytest

from tests.test_history_complete import state_changing_services

SERVICES = state_changing_services()

# Not one transaction, on purpose (each says why).
OWN_TRANSACTION_PER_ITEM = {
    # Written inside the caller's transaction: they are part of the caller's change.
    "outbox.services.enqueue",
    "outbox.services.enqueue_many",
    # Each message is retried in its own transaction (message_retry is atomic), so that one
    # finished meanwhile does not undo the retries of the others.
    "outbox.services.messages_retry",
    "meetings.services.notice_resend_failed",
}


def _atomic(function) -> bool:
    source = inspect.getsource(function)  # the decorators included
    return "@transaction.atomic" in source or "transaction.atomic(" in source


@pytest.mark.parametrize("name", sorted(set(SERVICES) - OWN_TRANSACTION_PER_ITEM))
def test_the_service_runs_in_one_transaction(name):
    assert _atomic(SERVICES[name]), f"{name} is not wrapped in transaction.atomic"


def test_the_exceptions_are_still_services():
    assert OWN_TRANSACTION_PER_ITEM <= set(SERVICES)
