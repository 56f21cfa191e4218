"""The kansli is reminded of AU mandates ending within 60 days (R8), through the outbox, once per
mandate and officer however often the beat runs."""

import datetime

import pytest

from nominations import tasks
from nominations.models import Seat
from outbox.models import Message
from tests.meetings import factories as mf
from tests.nominations.helpers_seats import appoint, elect
from tests.partnership import factories as pf

START = datetime.date(2027, 1, 1)
SEATS_END = datetime.date(2028, 12, 31)


@pytest.fixture
def appointed(karin, roll, time_machine):
    return appoint(karin, roll, clock=time_machine, starts_on=START, day=datetime.date(2026, 12, 28))


def _at(clock, day):
    clock.move_to(mf.local(day, 7), tick=False)


def _reminders():
    return Message.objects.filter(kind=tasks.MANDATE_ENDING)


def test_nothing_61_days_before_then_once_from_60_days(karin, appointed, time_machine, mailoutbox,
                                                       django_capture_on_commit_callbacks):
    _at(time_machine, SEATS_END - datetime.timedelta(days=61))
    assert tasks.remind_mandates_ending() == 0
    assert not _reminders().exists()
    _at(time_machine, SEATS_END - datetime.timedelta(days=60))
    with django_capture_on_commit_callbacks(execute=True):
        assert tasks.remind_mandates_ending() == 5  # five seats, one kansli officer
    assert _reminders().count() == 5 and {m.recipient for m in _reminders()} == {karin.email}
    mails = [m for m in mailoutbox if "arbetsutskottet" in m.subject]
    assert len(mails) == 5
    assert "löper snart ut. Det är om 60 dagar." in mails[0].body and "31 december 2028" in mails[0].subject
    # Run again the same day and the day after: nothing more.
    with django_capture_on_commit_callbacks(execute=True):
        assert tasks.remind_mandates_ending() == 0
    _at(time_machine, SEATS_END - datetime.timedelta(days=59))
    with django_capture_on_commit_callbacks(execute=True):
        assert tasks.remind_mandates_ending() == 0
    assert _reminders().count() == 5 and len([m for m in mailoutbox if "arbetsutskottet" in m.subject]) == 5


def test_each_kansli_officer_is_told_and_officers_terms_too(karin, roll, appointed, time_machine):
    elect(karin, appointed[0], "chair", clock=time_machine, day=datetime.date(2027, 1, 12), present=roll)
    pf.make_kansli(email="kalle@socialstyrelsen.example", full_name="Kalle Kansli")
    chair_ends = datetime.date(2028, 1, 11)
    _at(time_machine, chair_ends - datetime.timedelta(days=61))
    assert tasks.mandate_reminders_due() == 0
    _at(time_machine, chair_ends - datetime.timedelta(days=60))
    assert tasks.mandate_reminders_due() == 2
    assert {m.payload["kind"] for m in _reminders()} == {"officer"}


def test_a_seat_vacated_before_the_reminder_is_not_reminded(karin, appointed, time_machine):
    from nominations import seats

    _at(time_machine, datetime.date(2028, 6, 1))
    seats.seat_vacate(by=karin, seat=appointed[0], on=datetime.date(2028, 6, 1), reason="Slutat")
    _at(time_machine, SEATS_END - datetime.timedelta(days=30))
    assert tasks.mandate_reminders_due() == 4
    assert appointed[0].pk not in {m.payload["id"] for m in _reminders()}
    assert Seat.objects.count() == 5


def test_the_beat_runs_the_task_daily(settings):
    [entry] = [e for e in settings.CELERY_BEAT_SCHEDULE.values()
               if e["task"] == "nominations.tasks.remind_mandates_ending"]
    assert entry["schedule"] == 60 * 60 * 24
