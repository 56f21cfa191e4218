"""Text posted after the session expired is not lost: it waits in the new (anonymous) session
while the person logs in again, and the form it came from shows it restored."""

from functools import wraps

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.utils.translation import gettext

SESSION_KEY = "swecan_unsaved_post"
# A template's worth of text with room to spare; beyond that nothing is kept (no anonymous
# visitor fills the session table with megabytes).
MAX_CHARS = 200_000


def login_required_keeping_post(view):
    """As login_required, but a POST from someone logged out (their session expired while they
    wrote) is kept in the session before the redirect to the login page; `restored_post` gives it
    back on the first GET of the same page after login. Files are not kept."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.user.is_authenticated:
            return view(request, *args, **kwargs)
        if request.method == "POST":
            data = {name: values for name, values in request.POST.lists() if name != "csrfmiddlewaretoken"}
            if sum(len(value) for values in data.values() for value in values) <= MAX_CHARS:
                request.session[SESSION_KEY] = {"path": request.path, "data": data}
        return redirect_to_login(request.get_full_path())

    return wrapper


def restored_post(request, message: str | None = None) -> dict | None:
    """The values kept for this page (each name to its value, or list of values), once; None if
    there are none. The person is told their text is back."""
    stash = request.session.get(SESSION_KEY)
    if request.method != "GET" or not stash or stash.get("path") != request.path:
        return None
    del request.session[SESSION_KEY]
    messages.info(request, message or gettext("Det du skrev är återställt men inte sparat. Spara utkastet."))
    return {name: values[0] if len(values) == 1 else values for name, values in stash["data"].items()}
