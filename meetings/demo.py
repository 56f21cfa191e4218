"""The demo year's meetings, replayed through the same services as in the portal.

Each step runs with the clock set to the day it happens (time_machine), so the
rules engine judges the notice, the attendance and the states as it did then.
"""

import datetime
from zoneinfo import ZoneInfo

from django.test.utils import override_settings
from django.utils import timezone

from meetings import services
from meetings.models import AgendaItem, Meeting

STOCKHOLM = ZoneInfo("Europe/Stockholm")
MARKER = "Partnerskapets första sammanträde 2026"


def _at(day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(hour, minute), tzinfo=STOCKHOLM)


def _travel(moment: datetime.datetime):
    import time_machine

    return time_machine.travel(moment, tick=False)


CHAIR_EMAIL = "ordforande@swecan.example"


def chair():
    """The partnership's chair, Socialstyrelsen's in year 1 (§ 8.2): she leads the meetings."""
    from swecan.demo_accounts import DEMO_PASSWORD, ensure_user

    return ensure_user(email=CHAIR_EMAIL, full_name="Annika Ekstrand", password=DEMO_PASSWORD)


def _plan(kansli, *, title, starts_at, hours, form, place="", link="", body=Meeting.Body.PARTNERSHIP,
          items=()):
    meeting = services.meeting_plan(by=kansli, fields={
        "title": title, "body": body, "kind": Meeting.Kind.ORDINARY, "form": form,
        "starts_at": starts_at, "ends_at": starts_at + datetime.timedelta(hours=hours),
        "place": place, "online_link": link, "planned_notice_date": None,
        # The AU is led by its elected chair (nominations), whoever that is on the day.
        "chair": chair() if body == Meeting.Body.PARTNERSHIP else None,
    })
    for item_title, kind, presenter in items:
        services.agenda_item_add(by=kansli, meeting=meeting, title=item_title, kind=kind, presenter=presenter)
    return meeting


AGENDA_MARCH = [
    ("Mötets öppnande och val av justerare", AgendaItem.Kind.INFORMATION, "Ordföranden"),
    ("Fastställande av röstlängd för 2026", AgendaItem.Kind.DECISION, "Kansliet"),
    ("SweCans verksamhetsplan för år 1", AgendaItem.Kind.DISCUSSION, "Kansliet"),
    ("Tillsättning av arbetsutskottet", AgendaItem.Kind.DECISION, "Ordföranden"),
    ("Nästa sammanträde", AgendaItem.Kind.INFORMATION, "Kansliet"),
]
AGENDA_DECEMBER = [
    ("Mötets öppnande", AgendaItem.Kind.INFORMATION, "Ordföranden"),
    ("Godkännande av föregående protokoll", AgendaItem.Kind.MINUTES_APPROVAL, "Kansliet"),
    ("Rapport från arbetsutskottet", AgendaItem.Kind.INFORMATION, "AU:s ordförande"),
    ("Nationell prioritering: tidig upptäckt av lungcancer", AgendaItem.Kind.DECISION, "Arbetsgrupp screening"),
    ("Nomineringsprocess inför verksamhetsår 2", AgendaItem.Kind.DISCUSSION, "Kansliet"),
]
AGENDA_MARCH_2027 = [
    ("Mötets öppnande", AgendaItem.Kind.INFORMATION, "Ordföranden"),
    ("Fastställande av röstlängd för 2027", AgendaItem.Kind.DECISION, "Kansliet"),
]


def seed_meetings(kansli) -> bool:
    """Plan the demo year: one meeting to hold, one to notice, one planned for next year and
    an AU meeting. False if they already exist. The kallelser go out in hold_meetings, so that
    cases can reach the agendas first (swecan/demo.py runs the cases in between)."""
    if Meeting.objects.filter(title=MARKER).exists():
        return False
    with _travel(_at(datetime.date(2026, 1, 20), 9)):
        _plan(kansli, title=MARKER, starts_at=_at(PAST_MEETING_DAY, 10), hours=6, form=Meeting.Form.PHYSICAL,
              place="Socialstyrelsen, Rålambsvägen 3, Stockholm", items=AGENDA_MARCH)
    meeting_day = autumn_meeting_day()
    with _travel(_at(meeting_day - datetime.timedelta(days=60), 9)):
        _plan(kansli, title=AUTUMN_TITLE, starts_at=_at(meeting_day, 10),
              hours=5, form=Meeting.Form.HYBRID, place="Uppsala universitet, Uppsala",
              link="https://moten.swecan.example/partnerskapet", items=AGENDA_DECEMBER)
    today = timezone.localdate()
    _plan(kansli, title="Partnerskapets första sammanträde 2027",
          starts_at=_at(max(datetime.date(2027, 3, 16), today + datetime.timedelta(days=60)), 10),
          hours=5, form=Meeting.Form.PHYSICAL, place="Göteborgs universitet, Vasaparken, Göteborg",
          items=AGENDA_MARCH_2027)
    _plan(kansli, title="Arbetsutskottets möte", body=Meeting.Body.COMMITTEE,
          starts_at=_at(today + datetime.timedelta(days=8), 13), hours=2, form=Meeting.Form.DIGITAL,
          link="https://moten.swecan.example/au")
    return True


PAST_MEETING_DAY = datetime.date(2026, 3, 10)
AUTUMN_TITLE = "Partnerskapets höstmöte 2026"


def autumn_meeting_day() -> datetime.date:
    """The noticed meeting: 10 December 2026, or a fortnight ahead when the demo runs later."""
    return max(datetime.date(2026, 12, 10), timezone.localdate() + datetime.timedelta(days=15))


def hold_meetings(kansli) -> bool:
    """Send the kallelser on their days and open the March meeting with its attendance (the
    partnership decides there: swecan/demo.py runs the decisions next, then close_meetings);
    False if already done."""
    past = Meeting.objects.get(title=MARKER)
    if past.notice_is_sent:
        return False
    # Kallelser in the demo go nowhere; their deliveries are still recorded as sent.
    with override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"):
        _open_past_meeting(kansli, past)
        _notice_autumn_meeting(kansli, Meeting.objects.get(title=AUTUMN_TITLE))
    return True


def close_meetings(kansli) -> bool:
    """The March meeting is over: held, then closed. False if already done."""
    past = Meeting.objects.get(title=MARKER)
    if past.state != Meeting.State.OPEN:
        return False
    with _travel(past.starts_at + datetime.timedelta(hours=7)):
        services.meeting_set_state(by=kansli, meeting=past, state=Meeting.State.HELD)
        services.meeting_set_state(by=kansli, meeting=past, state=Meeting.State.CLOSED)
    return True


def _open_past_meeting(kansli, meeting):
    from partnership.models import Representative

    starts = meeting.starts_at
    with _travel(_at(datetime.date(2026, 2, 6), 9)):
        _send_notice(kansli, meeting)
    with _travel(starts - datetime.timedelta(minutes=30)):
        services.meeting_set_state(by=kansli, meeting=meeting, state=Meeting.State.OPEN)
    with _travel(starts + datetime.timedelta(minutes=5)):
        roll = list(services.roll_for(meeting))
        for index, partner in enumerate(roll):
            if index % 5 == 4:
                continue  # about a fifth stayed away
            reps = list(Representative.objects.filter(partner=partner)[:1])
            departed = starts + datetime.timedelta(hours=4) if index % 11 == 0 else None
            services.attendance_register(by=kansli, meeting=meeting, partner=partner,
                                         arrived_at=starts, departed_at=departed, representatives=reps)


def _notice_autumn_meeting(kansli, meeting):
    with _travel(_at(meeting.date - datetime.timedelta(days=35), 9)):
        _send_notice(kansli, meeting)
    _advance_answers(meeting, answered_on=meeting.date - datetime.timedelta(days=32))


def _advance_answers(meeting, *, answered_on):
    """A few partners answer before the meeting: most are coming, two have förhinder.
    Planning only: none of it counts toward quorum."""
    from meetings.models import AdvanceAnswer
    from partnership.models import Representative

    roll = list(services.roll_for(meeting))
    with _travel(_at(answered_on, 14)):
        for index, partner in enumerate(roll[:12]):
            rep = Representative.objects.filter(partner=partner, active=True, user__isnull=False).first()
            if rep is None:
                continue
            absent = index % 6 == 5
            services.advance_answer_set(
                by=rep.user, meeting=meeting, partner=partner,
                answer=AdvanceAnswer.Answer.ABSENT if absent else AdvanceAnswer.Answer.COMING,
                representative=None if absent else rep,
                note="Krockar med vår styrelsedag." if absent else "",
            )


def _send_notice(kansli, meeting):
    from outbox.services import run

    services.notice_send(by=kansli, meeting=meeting)
    # Deliver now, on the day of the notice; the dispatch on commit then finds
    # nothing to claim (sending is idempotent) and sends nothing.
    run(list(meeting.deliveries.values_list("message_id", flat=True)))
