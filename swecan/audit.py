def attributed(obj, user):
    """Name the acting user in the history row that saving `obj` writes.

    The request middleware does this for views; services set it explicitly so that
    tasks, commands and tests are attributed too.
    """
    obj._history_user = user
    return obj
