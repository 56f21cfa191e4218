"""How the minutes name each partner's vote: per choice (ja, nej, avstår) the partners in name
order, on the web page and in the PDF/A alike; a ballot given by a show of hands says so."""

import io
import re

import pytest
from django.urls import reverse
from pypdf import PdfReader

from decisions import minutes as service
from decisions import voting
from meetings import services as meeting_services
from meetings.models import Meeting
from outbox.models import Message
from tests.decisions.helpers_room import room_under_way
from tests.swecan.test_valid_html import problems

pytestmark = pytest.mark.django_db


@pytest.fixture
def voted(karin, roll, time_machine):
    """A held meeting whose case was decided by a vote: three yes, one no, and one abstention the
    kansli recorded by a show of hands."""
    room = room_under_way(karin=karin, roll=roll, time_machine=time_machine)
    vote = voting.vote_open(by=karin, item=room.case_item, question="Ska förslaget antas?")
    for entry, choice in zip(roll[:4], ["yes", "yes", "yes", "no"], strict=True):
        voting.ballot_cast(by=entry.user, vote=vote, partner=entry.partner, choice=choice)
    voting.ballot_record(by=karin, vote=vote, partner=roll[4].partner, choice="abstain")
    voting.vote_close(by=karin, vote=vote)
    meeting_services.meeting_set_state(by=karin, meeting=room.meeting, state=Meeting.State.HELD)
    room.meeting.refresh_from_db()
    minutes = service.minutes_start(by=karin, meeting=room.meeting)
    return room, minutes


def squash(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def test_the_public_minutes_list_the_partners_under_each_choice(client, karin, voted):
    room, minutes = voted
    service.minutes_finish(by=karin, minutes=minutes)
    response = client.get(reverse("public_minutes", args=[room.meeting.pk]))
    html = squash(response.content.decode())
    assert response.status_code == 200 and problems(response.content.decode()) == []
    assert "<dt>Ja (3)</dt><dd>Exempelmyndigheten, Karolinska Exempelinstitutet, Region Norrexempel</dd>" in html
    assert "<dt>Nej (1)</dt><dd>Exempel Life Science AB</dd>" in html
    assert "<dt>Avstod (1)</dt><dd>Cancerföreningen Exempel (handuppräckning)</dd>" in html


def test_the_kansli_preview_lists_them_the_same_way(client, karin, voted):
    room, _minutes = voted
    client.force_login(karin)
    html = squash(client.get(reverse("kansli_minutes", args=[room.meeting.pk])).content.decode())
    assert "<dt>Ja (3)</dt><dd>Exempelmyndigheten, Karolinska Exempelinstitutet, Region Norrexempel</dd>" in html


def test_a_choice_nobody_made_is_left_out(client, karin, roll, time_machine):
    room = room_under_way(karin=karin, roll=roll, time_machine=time_machine)
    vote = voting.vote_open(by=karin, item=room.case_item, question="Ska förslaget antas?")
    for entry in roll:
        voting.ballot_cast(by=entry.user, vote=vote, partner=entry.partner, choice="yes")
    voting.vote_close(by=karin, vote=vote)
    meeting_services.meeting_set_state(by=karin, meeting=room.meeting, state=Meeting.State.HELD)
    room.meeting.refresh_from_db()
    service.minutes_finish(by=karin, minutes=service.minutes_start(by=karin, meeting=room.meeting))
    html = squash(client.get(reverse("public_minutes", args=[room.meeting.pk])).content.decode())
    assert "<dt>Ja (5)</dt>" in html and "<dt>Nej" not in html and "<dt>Avstår" not in html


def test_the_pdf_names_them_per_choice(karin, voted, django_capture_on_commit_callbacks):
    _room, minutes = voted
    with django_capture_on_commit_callbacks(execute=True):
        revision = service.minutes_finish(by=karin, minutes=minutes)
    message = Message.objects.get(kind="minutes_pdf")
    assert message.status == Message.Status.DONE, message.last_error
    revision.refresh_from_db()
    with revision.pdf.open("rb") as f:
        text = squash(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(f.read())).pages))
    assert "Så röstade partnerna Ja (3) Exempelmyndigheten, Karolinska Exempelinstitutet, Region Norrexempel" in text
    assert "Nej (1) Exempel Life Science AB" in text
    assert "Avstod (1) Cancerföreningen Exempel (handuppräckning)" in text
