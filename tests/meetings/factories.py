"""Helpers that build meetings for tests; partners come from tests.partnership.factories.

Meetings are planned, noticed and given documents through `meetings.services`, as the
kansli would; `mark_noticed` writes the state directly where only the volume matters.
"""

import datetime
import io
import zipfile
import zoneinfo

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase
from django.utils import timezone

from meetings import services
from meetings.models import Meeting

# The people (and the signed roll) are made in tests/personas.py; kept importable from here.
from tests.personas import (  # noqa: F401
    SECTOR_NAMES,
    Outsiders,
    officer,
    outsiders,
    signed_roll,
    withdrawn_partner,
)

STOCKHOLM = zoneinfo.ZoneInfo("Europe/Stockholm")


def local(day: datetime.date, hour: int = 10, minute: int = 0) -> datetime.datetime:
    return datetime.datetime(day.year, day.month, day.day, hour, minute, tzinfo=STOCKHOLM)


def meeting_fields(*, starts_at, title="Partnerskapets sammanträde", body=Meeting.Body.PARTNERSHIP,
                   form=Meeting.Form.PHYSICAL, hours=3, **overrides) -> dict:
    fields = {
        "title": title,
        "body": body,
        "kind": Meeting.Kind.ORDINARY,
        "form": form,
        "starts_at": starts_at,
        "ends_at": starts_at + datetime.timedelta(hours=hours),
        "place": "Socialstyrelsen, Stockholm" if form != Meeting.Form.DIGITAL else "",
        "online_link": "https://mote.example/swecan" if form != Meeting.Form.PHYSICAL else "",
        "planned_notice_date": None,
    }
    fields.update(overrides)
    return fields


def plan(*, by, days_ahead: int | None = None, day: datetime.date | None = None, hour: int = 10,
         **kwargs) -> Meeting:
    """Plan a meeting through the service, `days_ahead` of today or on `day`, at `hour` local time."""
    if day is None:
        day = timezone.localdate() + datetime.timedelta(days=days_ahead)
    return services.meeting_plan(by=by, fields=meeting_fields(starts_at=local(day, hour), **kwargs))


def add_item(meeting, *, by, title="Information från kansliet", kind="information"):
    return services.agenda_item_add(by=by, meeting=meeting, title=title, kind=kind)


def send_notice(meeting, *, by) -> int:
    """Send the kallelse and run what waits for the commit (the e-mails)."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        count = services.notice_send(by=by, meeting=meeting)
    meeting.refresh_from_db()
    return count


def noticed(*, by, days_ahead: int = 40, items: int = 1, **kwargs) -> Meeting:
    meeting = plan(by=by, days_ahead=days_ahead, **kwargs)
    for n in range(items):
        add_item(meeting, by=by, title=f"Punkt {n + 1}")
    send_notice(meeting, by=by)
    return meeting


def mark_noticed(meeting) -> Meeting:
    """Skip the e-mails: only the state matters to the caller."""
    Meeting.objects.filter(pk=meeting.pk).update(state=Meeting.State.NOTICED, notice_sent_at=timezone.now())
    meeting.refresh_from_db()
    return meeting


# Files as a browser would upload them --------------------------------------------------

PDF_BYTES = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)


def _zip(entries: list[tuple[str, bytes]], *, stored_first: bool = False) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for index, (name, data) in enumerate(entries):
            compress = zipfile.ZIP_STORED if stored_first and index == 0 else zipfile.ZIP_DEFLATED
            archive.writestr(name, data, compress_type=compress)
    return buffer.getvalue()


def docx_bytes() -> bytes:
    return _zip([
        ("[Content_Types].xml", b'<?xml version="1.0"?><Types/>'),
        ("word/document.xml", b'<?xml version="1.0"?><w:document/>'),
    ])


def xlsx_bytes() -> bytes:
    return _zip([
        ("[Content_Types].xml", b'<?xml version="1.0"?><Types/>'),
        ("xl/workbook.xml", b'<?xml version="1.0"?><workbook/>'),
    ])


def odt_bytes() -> bytes:
    return _zip([
        ("mimetype", b"application/vnd.oasis.opendocument.text"),
        ("content.xml", b'<?xml version="1.0"?><office:document-content/>'),
    ], stored_first=True)


EXE_BYTES = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 64


def upload(name: str, content: bytes = PDF_BYTES) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content)


def add_document(meeting, *, by, title="Underlag", name="underlag.pdf", content=PDF_BYTES,
                 agenda_item=None, is_public=False):
    return services.document_upload(by=by, meeting=meeting, title=title, uploaded=upload(name, content),
                                    agenda_item=agenda_item, is_public=is_public)


def happening_now(meeting, *, started: datetime.timedelta = datetime.timedelta(minutes=10),
                  hours: int = 3) -> Meeting:
    """Move a noticed meeting to the present (it began `started` ago), for tests in real time
    (browser journeys) where presence must be recorded inside the meeting's window."""
    starts = timezone.now().replace(second=0, microsecond=0) - started
    Meeting.objects.filter(pk=meeting.pk).update(starts_at=starts, ends_at=starts + datetime.timedelta(hours=hours))
    meeting.refresh_from_db()
    return meeting
