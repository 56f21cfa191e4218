from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied


def kansli_required(view):
    """Only the kansli (Socialstyrelsen's secretariat); anyone else gets 403."""

    @login_required
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_kansli:
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper
