"""The kallelse (R1): refused without an agenda or when late, sent once to everyone on the roll."""

import datetime
import email
import re
import smtplib

import pytest
from django.core.exceptions import ValidationError
from django.core.mail import EmailMultiAlternatives
from django.test import TestCase
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from icalendar import Calendar

from meetings import services, tasks
from meetings.models import Meeting, NoticeDelivery
from outbox import services as outbox
from outbox.models import Message
from partnership.models import Representative
from tests.meetings import factories as f
from tests.partnership.factories import make_representative

pytestmark = pytest.mark.django_db

D = datetime.timedelta


@pytest.fixture
def called(roll, karin, outsiders):
    """Everyone who must get the kallelse: every active representative of a partner on the roll.

    Not called: a withdrawn partner's representative, an unsigned partner's (Charlie), an
    inactive representative, and Dave who represents nobody.
    """
    deputy = make_representative(roll[0].partner, email="deputy@region-norr.example",
                                 name="Dora Deputy", role=Representative.Role.DEPUTY)
    former = make_representative(roll[1].partner, email="former@karolinska.example",
                                 name="Fredrik Former")
    Representative.objects.filter(pk=former.pk).update(active=False)
    f.withdrawn_partner(by=karin)
    return sorted([sp.representative.email for sp in roll] + [deputy.email])


@pytest.fixture
def meeting(karin, called):
    meeting = f.plan(by=karin, days_ahead=40, title="Partnerskapets vintermöte")
    f.add_item(meeting, by=karin, title="Godkännande av dagordningen")
    return meeting


def attachment(message, filename):
    return next(a for a in message.attachments if a[0] == filename)


def test_it_refuses_a_notice_without_an_agenda(karin, called):
    meeting = f.plan(by=karin, days_ahead=40)

    with pytest.raises(ValidationError) as exc:
        services.notice_send(by=karin, meeting=meeting)

    assert "dagordning" in exc.value.messages[0]
    meeting.refresh_from_db()
    assert meeting.state == Meeting.State.PLANNED
    assert not meeting.deliveries.exists()


def test_it_refuses_a_late_notice(meeting, karin, time_machine, mailoutbox):
    time_machine.move_to(f.local(meeting.date - D(days=29), 9), tick=False)

    with pytest.raises(ValidationError) as exc:
        f.send_notice(meeting, by=karin)

    reason = exc.value.messages[0]
    assert "30 dagar" in reason
    assert date_format(meeting.date - D(days=30), "j F Y") in reason
    assert "§ 3.1" in reason
    meeting.refresh_from_db()
    assert meeting.state == Meeting.State.PLANNED
    assert not meeting.deliveries.exists()
    assert mailoutbox == []


def test_it_allows_the_notice_on_day_30_exactly(meeting, karin, time_machine, mailoutbox, called):
    time_machine.move_to(f.local(meeting.date - D(days=30), 16), tick=False)

    assert f.send_notice(meeting, by=karin) == len(called)

    assert meeting.state == Meeting.State.NOTICED
    assert meeting.notice_date == meeting.date - D(days=30)


def test_the_au_may_send_its_notice_late(karin, alice, bob, mailoutbox):
    au = f.plan(by=karin, days_ahead=3, body=Meeting.Body.COMMITTEE, title="AU-möte",
                participants=[alice, bob])
    f.add_item(au, by=karin)

    assert f.send_notice(au, by=karin) == 2

    assert sorted(m.to[0] for m in mailoutbox) == sorted([alice.email, bob.email])


def test_it_refuses_a_notice_with_nobody_to_call(karin, mailoutbox):
    au = f.plan(by=karin, days_ahead=3, body=Meeting.Body.COMMITTEE, title="AU-möte utan kallade")
    f.add_item(au, by=karin)

    with pytest.raises(ValidationError) as exc:
        f.send_notice(au, by=karin)

    assert "Det finns ingen att kalla" in exc.value.messages[0]
    au.refresh_from_db()
    assert au.state == Meeting.State.PLANNED
    assert mailoutbox == []


def test_the_kansli_sends_the_notice_from_the_meeting_page(meeting, karin, called, client, mailoutbox,
                                                          django_capture_on_commit_callbacks):
    client.force_login(karin)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("kansli_notice_send", args=[meeting.pk]), follow=True)

    assert f"Kallelsen skickas till {len(called)} mottagare." in response.content.decode()
    assert len(mailoutbox) == len(called)
    again = client.post(reverse("kansli_notice_send", args=[meeting.pk]), follow=True)
    assert "Kallelsen skickades redan" in again.content.decode()
    assert len(mailoutbox) == len(called)


def test_a_late_notice_from_the_meeting_page_is_refused_with_the_reason(meeting, karin, client,
                                                                       time_machine, mailoutbox):
    time_machine.move_to(f.local(meeting.date - D(days=29), 9), tick=False)
    client.force_login(karin)

    response = client.post(reverse("kansli_notice_send", args=[meeting.pk]), follow=True)

    assert "Kallelsen måste skickas senast 30 dagar före sammanträdet" in response.content.decode()
    assert mailoutbox == []


def test_the_meeting_page_says_when_the_notice_can_be_sent(meeting, karin, client):
    client.force_login(karin)

    page = client.get(reverse("kansli_meeting", args=[meeting.pk])).content.decode()

    assert "Kallelsen kan skickas i dag" in page
    assert "Förhandsgranska och skicka kallelsen" in page  # a confirmation page sends it


@pytest.mark.parametrize("problem", ["late", "no agenda"])
def test_the_meeting_page_says_why_the_notice_cannot_be_sent(karin, called, client, time_machine, problem):
    meeting = f.plan(by=karin, days_ahead=40)
    if problem == "late":
        f.add_item(meeting, by=karin)
        time_machine.move_to(f.local(meeting.date - D(days=29), 9), tick=False)
        reason = "Kallelsen måste skickas senast 30 dagar före sammanträdet"
    else:
        reason = "Kallelsen kan inte skickas utan en preliminär dagordning"
    client.force_login(karin)

    page = client.get(reverse("kansli_meeting", args=[meeting.pk])).content.decode()

    # A refused verdict must not read as a notice already sent ("Kallelsen skickades : 0 av 0").
    assert "Kallelsen skickades" not in page
    assert "Kallelsen kan inte skickas" in page
    assert reason in page


def test_it_sends_one_kallelse_per_representative_on_the_roll(meeting, karin, called, mailoutbox):
    count = f.send_notice(meeting, by=karin)

    assert count == len(called)
    deliveries = list(meeting.deliveries.order_by("email"))
    assert [d.email for d in deliveries] == called
    assert {d.kind for d in deliveries} == {NoticeDelivery.Kind.NOTICE}
    assert {d.message.status for d in deliveries} == {Message.Status.DONE}
    assert len(mailoutbox) == len(called)
    assert sorted(address for m in mailoutbox for address in m.to) == called
    assert "charlie@inbjuden.example" not in [d.email for d in deliveries]


def test_the_kallelse_has_html_and_a_calendar_invitation(meeting, karin, mailoutbox):
    f.send_notice(meeting, by=karin)

    message = mailoutbox[0]
    assert "Kallelse" in message.subject
    assert meeting.title in message.subject
    assert "Godkännande av dagordningen" in message.body
    assert [mimetype for _html, mimetype in message.alternatives] == ["text/html"]
    name, content, mimetype = attachment(message, "kallelse.ics")
    assert mimetype.startswith("text/calendar")
    calendar = Calendar.from_ical(content)
    events = calendar.walk("VEVENT")
    assert len(events) == 1
    assert events[0].decoded("DTSTART") == meeting.starts_at
    assert events[0].decoded("DTEND") == meeting.ends_at
    assert meeting.title in str(events[0]["SUMMARY"])
    assert str(calendar["METHOD"]) == "REQUEST"


def test_the_invitation_reaches_the_mail_client_as_text_calendar(meeting, karin, mailoutbox):
    f.send_notice(meeting, by=karin)

    parsed = email.message_from_bytes(mailoutbox[0].message().as_bytes())
    ics = [part for part in parsed.walk() if part.get_filename() == "kallelse.ics"]
    assert len(ics) == 1
    assert ics[0].get_content_type() == "text/calendar"
    assert ics[0].get_param("method") == "REQUEST"
    assert len(Calendar.from_ical(ics[0].get_payload(decode=True)).walk("VEVENT")) == 1


def test_it_refuses_to_send_the_kallelse_twice(meeting, karin, mailoutbox, called):
    f.send_notice(meeting, by=karin)

    with pytest.raises(ValidationError) as exc:
        f.send_notice(meeting, by=karin)

    assert "redan" in exc.value.messages[0]
    assert len(mailoutbox) == len(called)
    assert meeting.deliveries.count() == len(called)


def test_a_repeated_task_sends_nobody_a_second_copy(meeting, karin, mailoutbox, called):
    f.send_notice(meeting, by=karin)

    from outbox import tasks as outbox_tasks

    ids = list(meeting.deliveries.values_list("message_id", flat=True))
    assert outbox.run(ids) == 0
    assert outbox_tasks.run.delay(ids).get() == 0
    assert outbox.sweep() == 0

    assert len(mailoutbox) == len(called)
    assert set(meeting.deliveries.values_list("message__attempts", flat=True)) == {1}


def test_a_failed_delivery_is_recorded_and_resent_alone(meeting, karin, mailoutbox, called, monkeypatch):
    unlucky = called[0]
    real_send = EmailMultiAlternatives.send

    def flaky_send(self, fail_silently=False):
        if unlucky in self.to:
            raise smtplib.SMTPException("550 Mailbox unavailable")
        return real_send(self, fail_silently)

    monkeypatch.setattr(EmailMultiAlternatives, "send", flaky_send)
    f.send_notice(meeting, by=karin)

    failed = meeting.deliveries.get(email=unlucky).message
    # Not given up: tried again later, automatically, and shown as not delivered meanwhile.
    assert failed.status == Message.Status.PENDING
    assert failed.next_attempt_at > timezone.now()
    assert "550 Mailbox unavailable" in failed.last_error
    assert failed.done_at is None
    assert list(services.undelivered(meeting).values_list("email", flat=True)) == [unlucky]
    assert meeting.deliveries.filter(message__status=Message.Status.DONE).count() == len(called) - 1
    assert len(mailoutbox) == len(called) - 1

    monkeypatch.undo()
    with TestCase.captureOnCommitCallbacks(execute=True):
        assert services.notice_resend_failed(by=karin, meeting=meeting) == 1

    assert len(mailoutbox) == len(called)
    assert mailoutbox[-1].to == [unlucky]
    failed.refresh_from_db()
    assert failed.status == Message.Status.DONE
    assert failed.last_error == ""
    assert failed.retried_by == karin


def test_the_kansli_page_shows_failed_deliveries(meeting, karin, called, client, monkeypatch,
                                                 settings):
    settings.OUTBOX_MAX_ATTEMPTS = 1

    def broken_send(self, fail_silently=False):
        raise smtplib.SMTPException("421 Service not available")

    monkeypatch.setattr(EmailMultiAlternatives, "send", broken_send)
    f.send_notice(meeting, by=karin)
    client.force_login(karin)

    response = client.get(reverse("kansli_meeting", args=[meeting.pk]))

    assert f"{len(called)} utskick misslyckades." in response.content.decode()
    assert f"Skicka om {len(called)} utskick som inte har gått fram" in response.content.decode()


def test_a_document_added_after_the_notice_is_late(meeting, karin, alice, client):
    on_time = f.add_document(meeting, by=karin, title="Förslag till verksamhetsplan")
    f.send_notice(meeting, by=karin)
    late = f.add_document(meeting, by=karin, title="Kompletterande underlag")
    item = f.add_item(meeting, by=karin, title="Övrig fråga")

    assert on_time.is_late is False
    assert late.is_late is True
    assert item.added_after_notice is True
    client.force_login(alice)
    page = client.get(reverse("meeting_detail", args=[meeting.pk])).content.decode()
    entries = re.findall(r"<li>(.*?)</li>", page, re.S)
    late_line = next(e for e in entries if "Kompletterande underlag" in e)
    on_time_line = next(e for e in entries if "Förslag till verksamhetsplan" in e)
    assert "Sent inkommet" in late_line  # ett dokument: sent inkommet
    assert "Sent inkommet" not in on_time_line
    assert "Tillagd efter kallelsen" in page


class TestReminders:
    def test_a_week_before_everyone_called_gets_a_reminder(self, meeting, karin, called, mailoutbox):
        f.send_notice(meeting, by=karin)
        mailoutbox.clear()

        with TestCase.captureOnCommitCallbacks(execute=True):
            services.reminders_due(meeting.date - D(days=7))

        reminders = meeting.deliveries.filter(kind=NoticeDelivery.Kind.REMINDER)
        assert sorted(reminders.values_list("email", flat=True)) == called
        assert set(reminders.values_list("message__status", flat=True)) == {Message.Status.DONE}
        assert len(mailoutbox) == len(called)
        assert all("Påminnelse" in m.subject for m in mailoutbox)
        assert all(attachment(m, "kallelse.ics") for m in mailoutbox)

    def test_running_the_reminders_twice_sends_no_duplicates(self, meeting, karin, called, mailoutbox):
        f.send_notice(meeting, by=karin)
        mailoutbox.clear()

        for _ in range(2):
            with TestCase.captureOnCommitCallbacks(execute=True):
                services.reminders_due(meeting.date - D(days=7))

        assert len(mailoutbox) == len(called)
        assert meeting.deliveries.filter(kind=NoticeDelivery.Kind.REMINDER).count() == len(called)

    def test_the_daily_task_uses_today(self, meeting, karin, called, mailoutbox, time_machine):
        f.send_notice(meeting, by=karin)
        mailoutbox.clear()
        time_machine.move_to(f.local(meeting.date - D(days=7), 6), tick=False)

        with TestCase.captureOnCommitCallbacks(execute=True):
            tasks.send_reminders.delay()

        assert len(mailoutbox) == len(called)

    def test_no_reminder_on_other_days_nor_for_planned_meetings(self, meeting, karin, mailoutbox):
        f.plan(by=karin, day=meeting.date, hour=14, title="Planerat men inte kallat")
        f.send_notice(meeting, by=karin)
        mailoutbox.clear()

        with TestCase.captureOnCommitCallbacks(execute=True):
            assert services.reminders_due(meeting.date - D(days=8)) == 0
        assert mailoutbox == []

        # The scheduler missed day -7: day -6 catches up, and later days send nothing new.
        with TestCase.captureOnCommitCallbacks(execute=True):
            assert services.reminders_due(meeting.date - D(days=6)) == 1
        reminded = len(mailoutbox)
        assert reminded > 0
        with TestCase.captureOnCommitCallbacks(execute=True):
            services.reminders_due(meeting.date - D(days=5))
        assert len(mailoutbox) == reminded

        assert not any("Planerat men inte kallat" in m.subject for m in mailoutbox)


def test_a_broker_outage_leaves_the_notice_recorded_and_the_deliveries_resendable(
        meeting, karin, called, mailoutbox, monkeypatch):
    from outbox.tasks import run

    def broker_down(*args, **kwargs):
        raise ConnectionError("Redis is down")

    monkeypatch.setattr(run, "delay", broker_down)
    f.send_notice(meeting, by=karin)  # no exception reaches the kansli
    meeting.refresh_from_db()
    assert meeting.notice_is_sent
    assert mailoutbox == []
    assert services.undelivered(meeting).count() == len(called)

    monkeypatch.undo()
    with TestCase.captureOnCommitCallbacks(execute=True):
        assert services.notice_resend_failed(by=karin, meeting=meeting) == len(called)
    assert len(mailoutbox) == len(called)
    assert not services.undelivered(meeting).exists()
    assert meeting.deliveries.filter(message__status=Message.Status.DONE).count() == len(called)


def test_a_delivery_claimed_by_a_worker_that_died_is_sent_again(meeting, karin, called, mailoutbox,
                                                               time_machine, settings):
    f.send_notice(meeting, by=karin)
    stuck = NoticeDelivery.objects.filter(meeting=meeting).first()
    Message.objects.filter(pk=stuck.message_id).update(status="sending", claimed_at=timezone.now())
    assert not services.undelivered(meeting).exists()  # a worker may still be sending it
    time_machine.shift(datetime.timedelta(seconds=settings.OUTBOX_STALE_AFTER + 60))
    assert list(services.undelivered(meeting)) == [stuck]
    mailoutbox.clear()
    with TestCase.captureOnCommitCallbacks(execute=True):
        services.notice_resend_failed(by=karin, meeting=meeting)
    assert [m.to for m in mailoutbox] == [[stuck.email]]
