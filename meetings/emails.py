from django.conf import settings
from django.urls import reverse

from meetings import ics
from meetings.services import deadlines
from swecan.emails import build_email


def notice_context(meeting):
    """What every recipient's e-mail shares; built once per send."""
    items = list(meeting.agenda_items.prefetch_related("documents").order_by("position"))
    unattached = list(meeting.documents.filter(agenda_item__isnull=True))
    return {
        "meeting": meeting,
        "items": items,
        "unattached": unattached,
        "deadlines": deadlines(meeting),
        "meeting_url": settings.SITE_URL + reverse("meeting_detail", args=[meeting.pk]),
        "document_base": settings.SITE_URL,
    }


def build_notice(meeting, delivery, context, *, connection=None):
    """The e-mail for one delivery: HTML and text, with the meeting as an .ics invitation."""
    name = {"notice": "meeting-notice", "reminder": "meeting-reminder", "change": "meeting-change"}[delivery.kind]
    message = build_email(name, [delivery.email], {**context, "recipient_name": delivery.name})
    message.connection = connection
    message.attach(
        "kallelse.ics",
        ics.calendar([meeting], name="SweCan", method="REQUEST", attendee=delivery.email),
        "text/calendar; method=REQUEST; charset=utf-8",
    )
    return message

