"""The meeting services' refusals follow the reader's language, dates written as people read
them (issue 8, § 4: "service refusals ... are Swedish in the English UI today").

The English cases need these messages in locale/en (the catalogue test keeps it complete).
"""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone, translation
from django.utils.formats import date_format

from meetings import ics, services
from meetings.models import Meeting
from tests.meetings import factories as f

pytestmark = pytest.mark.django_db

D = datetime.timedelta


def refusal(act) -> list[str]:
    with pytest.raises(ValidationError) as exc:
        act()
    return exc.value.messages


def in_both_languages(act) -> tuple[list[str], list[str]]:
    with translation.override("sv"):
        swedish = refusal(act)
    with translation.override("en"):
        english = refusal(act)
    return swedish, english


def _plan(karin, **overrides):
    def act():
        fields = f.meeting_fields(starts_at=f.local(timezone.localdate() + D(days=60)))
        fields.update(overrides)
        services.meeting_plan(by=karin, fields=fields)
    return act


# Each case: (how to provoke the refusal, a piece of the Swedish text the user reads).
def _cases(karin, roll):
    today = timezone.localdate()
    yield "in the past", _plan(karin, starts_at=f.local(today - D(days=1)),
                               ends_at=f.local(today - D(days=1), 12)), "i det förflutna"
    yield "ends before it starts", _plan(karin, ends_at=f.local(today + D(days=60), 9)), "sluta efter"
    yield "too soon for the notice", _plan(
        karin, starts_at=f.local(today + D(days=10)), ends_at=f.local(today + D(days=10), 12)), \
        "Välj ett senare datum"
    yield "notice planned after the meeting", _plan(
        karin, planned_notice_date=today + D(days=61)), "Kallelsen kan inte planeras efter mötet."

    noticed = f.noticed(by=karin, days_ahead=40)
    item = noticed.agenda_items.get()
    yield "new body after the notice", lambda: services.meeting_update(
        by=karin, meeting=noticed, fields={"body": Meeting.Body.COMMITTEE}), "kan inte byta organ"
    yield "remove an item after the notice", lambda: services.agenda_item_remove(
        by=karin, item=item), "punkter tas inte bort"
    yield "notice sent twice", lambda: services.notice_send(by=karin, meeting=noticed), \
        "Kallelsen skickades redan"

    planned = f.plan(by=karin, days_ahead=50)
    with_document = f.add_item(planned, by=karin)
    f.add_document(planned, by=karin, agenda_item=with_document)
    yield "remove an item with documents", lambda: services.agenda_item_remove(
        by=karin, item=with_document), "Punkten har dokument"
    yield "item of another meeting", lambda: f.add_document(
        planned, by=karin, agenda_item=item), "Punkten hör till ett annat möte."
    yield "wrong file type", lambda: f.add_document(
        planned, by=karin, name="program.pdf", content=f.EXE_BYTES), "Endast PDF, DOCX, XLSX och ODT"

    au = f.plan(by=karin, days_ahead=3, body=Meeting.Body.COMMITTEE, title="AU-möte utan kallade")
    f.add_item(au, by=karin)
    yield "nobody to call", lambda: services.notice_send(by=karin, meeting=au), \
        "Det finns ingen att kalla"


def test_each_refusal_reads_in_swedish_and_is_not_swedish_in_the_english_ui(karin, roll):
    seen = []
    for name, act, swedish_text in _cases(karin, roll):
        swedish, english = in_both_languages(act)
        assert any(swedish_text in message for message in swedish), (name, swedish)
        seen.append((name, swedish_text, english))
    still_swedish = [(name, english) for name, text, english in seen
                     if any(text in message for message in english)]
    assert still_swedish == []


def test_a_second_notice_names_the_first_in_words_not_iso(karin, roll):
    meeting = f.noticed(by=karin, days_ahead=40)
    sent = timezone.localtime(meeting.notice_sent_at)

    message = refusal(lambda: services.notice_send(by=karin, meeting=meeting))[0]

    assert message == f"Kallelsen skickades redan {date_format(sent, 'j F Y H:i')}."
    assert "25 november 2026" in message
    assert sent.strftime("%Y-%m-%d") not in message


def test_the_calendar_event_is_written_in_the_readers_language(karin, roll):
    meeting = f.plan(by=karin, days_ahead=40, form=Meeting.Form.HYBRID)

    def unfolded() -> str:
        return ics.calendar([meeting], name="SweCan").replace("\r\n ", "")

    with translation.override("sv"):
        swedish = unfolded()
    with translation.override("en"):
        english = unfolded()

    assert "Dagordning och underlag:" in swedish and "Anslut:" in swedish
    assert "Dagordning och underlag" not in english and "Anslut:" not in english


def test_the_late_document_label_and_the_participants_help_agree_with_their_nouns():
    from meetings.forms import MeetingForm
    from meetings.models import Document

    assert Document._meta.get_field("is_late").verbose_name == "sent inkommet"
    help_text = str(MeetingForm.base_fields["participants"].help_text)
    assert help_text.startswith("Till partnerskapets möten kallas alla partners på röstlängden, och till "
                                "arbetsutskottets möten dess ledamöter")
