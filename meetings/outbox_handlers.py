"""What meetings send, run by the outbox (outbox/services.py)."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from outbox.registry import handler


def _meeting_page(message):
    return reverse("kansli_meeting", args=[message.payload["meeting_id"]])


@handler("meeting_delivery", _("Kallelse, påminnelse eller ändring"), link=_meeting_page)
def send_meeting_delivery(message, batch):
    """One person's kallelse, reminder or change, with the meeting as an .ics invitation."""
    from meetings.emails import build_notice, notice_context
    from meetings.models import Meeting

    delivery = message.notice_delivery
    key = ("meeting", delivery.meeting_id)
    if key not in batch.cache:  # what every recipient's e-mail shares, built once per run
        meeting = Meeting.objects.select_related("rules_version").get(pk=delivery.meeting_id)
        batch.cache[key] = (meeting, notice_context(meeting))
    meeting, context = batch.cache[key]
    batch.send(build_notice(meeting, delivery, context))
    return True
