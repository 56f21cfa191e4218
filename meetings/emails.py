import copy

from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from meetings import ics
from meetings.services import agenda, deadlines
from swecan.emails import build_email


def notice_context(meeting):
    """What every recipient's e-mail shares; built once per send."""
    # The e-mail lists what members can open: current versions, nothing withdrawn.
    shown = agenda(meeting, withdrawn=False)
    items, unattached = list(shown["items"]), list(shown["unattached"])
    return {
        "meeting": meeting,
        "items": items,
        "unattached": unattached,
        "deadlines": deadlines(meeting),
        "meeting_url": settings.SITE_URL + reverse("meeting_detail", args=[meeting.pk]),
        "document_base": settings.SITE_URL,
    }


def preview_notice(meeting, recipient: tuple[str, str, int | None]):
    """The kallelse to `recipient` exactly as the outbox will build it if sent now."""
    from meetings.models import Meeting, NoticeDelivery

    sent = copy.copy(meeting)
    sent.notice_sent_at, sent.state = timezone.now(), Meeting.State.NOTICED
    email, name, partner_id = recipient
    delivery = NoticeDelivery(meeting=sent, kind=NoticeDelivery.Kind.NOTICE, email=email, name=name,
                              partner_id=partner_id)
    return build_notice(sent, delivery, notice_context(sent))


def html_part(message) -> str:
    return next(content for content, mimetype in message.alternatives if mimetype == "text/html")


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

