from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from outbox import services
from outbox.models import Message
from outbox.registry import HANDLERS
from swecan.forms import run_action
from swecan.permissions import kansli_required


@kansli_required
def problems(request):
    """Everything the portal promised and has not done: failed, or overdue."""
    rows = list(services.problems().select_related("retried_by")[:500])
    for message in rows:
        handler = HANDLERS.get(message.kind)
        message.label = handler.label if handler else message.kind
        message.link = handler.link(message) if handler and handler.link else None
    return render(request, "outbox/problems.html", {"rows": rows})


@kansli_required
@require_POST
def retry(request, pk):
    message = get_object_or_404(Message, pk=pk)
    run_action(request, lambda: services.message_retry(by=request.user, message=message), _retried)
    return redirect("outbox_problems")


def _retried(message) -> str:
    message.refresh_from_db()  # run at once when no worker is in between (the embedded default)
    what = {"to": message.recipient or HANDLERS[message.kind].label}
    if message.status == Message.Status.DONE:
        return _("Utskicket till %(to)s har nu gått fram.") % what
    return _("Utskicket till %(to)s görs om nu.") % what


@kansli_required
@require_POST
def retry_all(request):
    count = services.messages_retry(by=request.user, messages=list(services.problems()))
    messages.success(request, ngettext("%(n)d utskick görs om nu.", "%(n)d utskick görs om nu.",
                                       count) % {"n": count})
    return redirect("outbox_problems")
