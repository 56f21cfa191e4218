"""iCalendar (RFC 5545) for meetings: the invitation attached to the kallelse and the feeds."""

import datetime

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext

PRODID = "-//Socialstyrelsen//SweCan-portalen//SV"


def _escape(text: str) -> str:
    text = (text or "").replace("\r\n", "\n").replace("\r", "\n")
    return text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def _fold(line: str) -> str:
    # Lines longer than 75 octets are folded with CRLF + space (RFC 5545 § 3.1).
    data = line.encode("utf-8")
    if len(data) <= 75:
        return line
    parts, current = [], b""
    for char in line:
        encoded = char.encode("utf-8")
        if len(current) + len(encoded) > (75 if not parts else 74):
            parts.append(current.decode("utf-8"))
            current = b""
        current += encoded
    parts.append(current.decode("utf-8"))
    return "\r\n ".join(parts)


def _utc(moment: datetime.datetime) -> str:
    return moment.astimezone(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")


def _event(meeting, *, attendee: str | None = None, public: bool = False) -> list[str]:
    # The join link is for those called; the public feed gets the place only.
    location = meeting.place or ("" if public else meeting.online_link) or meeting.get_form_display()
    url = settings.SITE_URL + reverse("public_meetings" if public else "meeting_detail",
                                      args=[] if public else [meeting.pk])
    description = gettext("%(body)s, %(form)s möte.") % {
        "body": meeting.get_body_display(), "form": meeting.get_form_display().lower()}
    if meeting.online_link and not public:
        description += "\n" + gettext("Anslut: %(link)s") % {"link": meeting.online_link}
    description += "\n" + gettext("Dagordning och underlag: %(url)s") % {"url": url}
    lines = [
        "BEGIN:VEVENT",
        f"UID:meeting-{meeting.pk}@swecan",
        f"DTSTAMP:{_utc(meeting.notice_sent_at or meeting.created_at)}",
        f"DTSTART:{_utc(meeting.starts_at)}",
        f"DTEND:{_utc(meeting.ends_at)}",
        f"SUMMARY:{_escape('SweCan: ' + meeting.title)}",
        f"LOCATION:{_escape(location)}",
        f"DESCRIPTION:{_escape(description)}",
        f"URL:{url}",
        f"SEQUENCE:{meeting.sequence}",
        "STATUS:CONFIRMED",
    ]
    if attendee:
        organizer = settings.DEFAULT_FROM_EMAIL.rsplit("<", 1)[-1].rstrip(">")
        lines += [
            f"ORGANIZER;CN=SweCans kansli:mailto:{organizer}",
            f"ATTENDEE;ROLE=REQ-PARTICIPANT;RSVP=FALSE:mailto:{attendee}",
        ]
    lines.append("END:VEVENT")
    return lines


def calendar(meetings, *, name: str, method: str | None = None, attendee: str | None = None,
             public: bool = False) -> str:
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", f"PRODID:{PRODID}", "CALSCALE:GREGORIAN",
             f"X-WR-CALNAME:{_escape(name)}", "X-WR-TIMEZONE:Europe/Stockholm"]
    if method:
        lines.append(f"METHOD:{method}")
    for meeting in meetings:
        lines += _event(meeting, attendee=attendee, public=public)
    lines.append("END:VCALENDAR")
    return "\r\n".join(_fold(line) for line in lines) + "\r\n"
