from django.db import IntegrityError, transaction


def attributed(obj, user):
    """Name the acting user in the history row that saving `obj` writes.

    The request middleware does this for views; services set it explicitly so that
    tasks, commands and tests are attributed too.
    """
    obj._history_user = user
    return obj


def saved_unless_taken(obj) -> bool:
    """Save `obj` in a savepoint; False when a unique constraint says another request saved
    the same thing a moment ago (both passed the checks before either wrote)."""
    try:
        with transaction.atomic():
            obj.save()
    except IntegrityError:
        return False
    return True
