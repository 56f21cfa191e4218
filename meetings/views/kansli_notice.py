"""The kallelse goes out only after the kansli has seen what will happen: who is called, the
e-mail as it will arrive, and what sending today does to the case deadline (R1, R2)."""

from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext
from django.views.decorators.clickjacking import xframe_options_sameorigin
from django.views.decorators.http import require_http_methods

from meetings import emails, services
from meetings.models import Meeting
from meetings.views.kansli import meeting_url
from swecan.forms import run_action
from swecan.permissions import kansli_required

# The e-mail's own HTML carries inline styles (mail clients need them); the preview frame is
# its own sandboxed document that may style itself and can do nothing else.
PREVIEW_POLICY = ("default-src 'none'; style-src 'unsafe-inline'; img-src data:; "
                  "frame-ancestors 'self'; sandbox")


@kansli_required
@require_http_methods(["GET", "POST"])
def notice_send(request, pk):
    meeting = get_object_or_404(Meeting, pk=pk)
    if request.method == "POST":
        run_action(request, lambda: services.notice_send(by=request.user, meeting=meeting),
                   lambda count: gettext("Kallelsen skickas till %(count)s mottagare.") % {"count": count})
        return redirect(f"{meeting_url(meeting)}#kallelse")
    people = services.recipients(meeting)
    preview = emails.preview_notice(meeting, people[0]) if people else None
    return render(request, "meetings/kansli_notice_confirm.html", {
        "meeting": meeting,
        "verdict": None if meeting.notice_is_sent else services.notice_verdict(meeting),
        "people": people,
        "by_sector": services.called_by_sector(meeting, people) if meeting.is_partnership else None,
        "preview": preview,
        "preview_to": people[0] if people else None,
        "no_one": None if people else services.no_one_to_call(),
        "text_part": preview.body if preview else "",
        **services.notice_consequences(meeting),
    })


@kansli_required
@xframe_options_sameorigin
def notice_preview(request, pk):
    """The HTML part of the kallelse to the first person called, for the confirmation page's frame."""
    meeting = get_object_or_404(Meeting, pk=pk)
    people = services.recipients(meeting)
    html = emails.html_part(emails.preview_notice(meeting, people[0])) if people else ""
    response = HttpResponse(html, content_type="text/html; charset=utf-8")
    response["Content-Security-Policy"] = PREVIEW_POLICY
    return response
