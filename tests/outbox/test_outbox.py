"""Nothing the portal promises to send or render is lost: the transactional outbox."""

import datetime
import smtplib

import pytest
from django.core.mail import EmailMultiAlternatives
from django.urls import reverse
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from outbox import services as outbox
from outbox import tasks
from outbox.models import Message
from partnership import services
from partnership.models import Invitation, SignedDeclaration
from tests.partnership.factories import make_partner, make_representative, signed_partner

pytestmark = pytest.mark.django_db


@pytest.fixture
def broker_down(monkeypatch):
    """`.delay()` raises as it does when Redis is stopped; undo() brings the broker back."""

    def refuse(*args, **kwargs):
        raise ConnectionRefusedError(111, "Connection refused")

    monkeypatch.setattr(tasks.run, "delay", refuse)
    return monkeypatch


@pytest.fixture
def region(db):
    return make_partner(name="Region Norrexempel", sector="halso_sjukvard")


def later(seconds):
    return timezone.now() + datetime.timedelta(seconds=seconds)


def invite_form():
    return {"person_name": "Alice Andersson", "email": "alice@region-norr.example",
            "person_title": "Regiondirektör", "role": "primary"}


# A broker that is down never fails the request, and nothing is lost ---------------------------


def test_an_invitation_made_while_the_broker_is_down_is_sent_once_it_is_back(
        client, karin, region, broker_down, mailoutbox, django_capture_on_commit_callbacks,
        time_machine, settings):
    client.force_login(karin)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("kansli_partner_invite", args=[region.pk]), invite_form())

    assert response.status_code == 302  # not a 500 after the invitation was committed
    invitation = Invitation.objects.get(partner=region)
    message = Message.objects.get(kind="invitation")
    assert (message.status, message.recipient) == (Message.Status.PENDING, invitation.email)
    assert mailoutbox == []

    broker_down.undo()
    time_machine.shift(datetime.timedelta(seconds=settings.OUTBOX_SWEEP_GRACE + 1))
    assert outbox.sweep() == 1

    assert [m.to for m in mailoutbox] == [[invitation.email]]
    message.refresh_from_db()
    assert message.status == Message.Status.DONE
    # The e-mailed link works: the token was made when the e-mail went out.
    token = mailoutbox[0].body.split("/inbjudan/")[1].split("/")[0]
    assert services.invitation_by_token(token) == invitation
    assert outbox.sweep() == 0
    assert len(mailoutbox) == 1


def test_a_signature_made_while_the_broker_is_down_gets_its_pdf_from_the_sweep(
        karin, declaration_text, broker_down, django_capture_on_commit_callbacks, time_machine,
        settings):
    with django_capture_on_commit_callbacks(execute=True):
        signed = signed_partner()
    declaration = SignedDeclaration.objects.get(pk=signed.declaration.pk)
    assert not declaration.pdf  # the signature is saved; its PDF is promised

    broker_down.undo()
    time_machine.shift(datetime.timedelta(seconds=settings.OUTBOX_SWEEP_GRACE + 1))
    outbox.sweep()

    declaration.refresh_from_db()
    assert declaration.pdf
    assert declaration.pdf.read().startswith(b"%PDF")


def test_the_sweep_leaves_a_fresh_message_to_its_own_dispatch(karin, region, broker_down,
                                                                django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        services.partner_invite(by=karin, partner=region, name="Alice", email="alice@example.org")
    broker_down.undo()

    assert outbox.sweep() == 0  # a moment old: its on-commit dispatch may still be running


# Failures are retried with backoff, then shown ----------------------------------------------


def smtp_refuses(monkeypatch, address, code=550):
    real_send = EmailMultiAlternatives.send

    def send(self, fail_silently=False):
        if address in self.to:
            raise smtplib.SMTPRecipientsRefused({address: (code, b"Mailbox unavailable")})
        return real_send(self, fail_silently)

    monkeypatch.setattr(EmailMultiAlternatives, "send", send)


def test_an_smtp_refusal_is_retried_with_backoff_then_marked_failed(
        karin, region, monkeypatch, mailoutbox, django_capture_on_commit_callbacks, time_machine,
        settings):
    settings.OUTBOX_MAX_ATTEMPTS = 3
    smtp_refuses(monkeypatch, "alice@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        services.partner_invite(by=karin, partner=region, name="Alice", email="alice@example.org")
    message = Message.objects.get(kind="invitation")
    waits = []
    while message.status == Message.Status.PENDING:
        waits.append((message.next_attempt_at - timezone.now()).total_seconds())
        assert outbox.sweep() == 0  # not due yet
        time_machine.shift(datetime.timedelta(seconds=waits[-1] + 1))
        outbox.sweep()
        message.refresh_from_db()

    assert waits == [60, 120]  # 1 minute, then 2
    assert message.status == Message.Status.FAILED
    assert message.attempts == 3
    assert "550" in message.last_error
    assert mailoutbox == []
    assert list(outbox.problems()) == [message]


def test_a_claim_left_by_a_dead_worker_is_taken_again_by_the_sweep(
        karin, region, broker_down, mailoutbox, django_capture_on_commit_callbacks, time_machine,
        settings):
    with django_capture_on_commit_callbacks(execute=True):
        services.partner_invite(by=karin, partner=region, name="Alice", email="alice@example.org")
    broker_down.undo()
    message = Message.objects.get(kind="invitation")
    assert outbox.claim(message.pk) is not None  # a worker takes it … and is killed

    time_machine.shift(datetime.timedelta(seconds=settings.OUTBOX_STALE_AFTER - 5))
    assert outbox.sweep() == 0  # it may still be working
    assert outbox.claim(message.pk) is None
    time_machine.shift(datetime.timedelta(seconds=10))
    assert outbox.sweep() == 1

    assert [m.to for m in mailoutbox] == [["alice@example.org"]]
    message.refresh_from_db()
    assert (message.status, message.attempts) == (Message.Status.DONE, 2)


def test_a_revoked_invitation_is_not_sent_at_all(karin, region, broker_down, mailoutbox,
                                                 django_capture_on_commit_callbacks, time_machine,
                                                 settings):
    with django_capture_on_commit_callbacks(execute=True):
        invitation = services.partner_invite(by=karin, partner=region, name="Alice",
                                             email="alice@example.org")
    services.invitation_revoke(by=karin, invitation=invitation)
    broker_down.undo()
    time_machine.shift(datetime.timedelta(seconds=settings.OUTBOX_SWEEP_GRACE + 1))
    outbox.sweep()

    assert mailoutbox == []
    assert Message.objects.get(kind="invitation").status == Message.Status.CANCELLED


@given(st.integers(min_value=1, max_value=40))
def test_backoff_doubles_and_never_exceeds_an_hour(attempts):
    wait = outbox.backoff(attempts)
    assert datetime.timedelta(minutes=1) <= wait <= datetime.timedelta(hours=1)
    assert outbox.backoff(attempts + 1) == min(2 * wait, datetime.timedelta(hours=1))


def test_the_same_key_is_promised_once(karin, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):
        first = outbox.enqueue("invitation", key="invitation:x", payload={"invitation_id": 0}, by=karin)
        again = outbox.enqueue("invitation", key="invitation:x", payload={"invitation_id": 0}, by=karin)
    assert first.pk == again.pk
    assert Message.objects.count() == 1


def test_an_unknown_kind_is_refused_at_once():
    with pytest.raises(ValueError):
        outbox.enqueue("telegram", key="x")


# The kansli's page ------------------------------------------------------------------------


@pytest.fixture
def failed_invitation(karin, region, monkeypatch, django_capture_on_commit_callbacks, settings):
    settings.OUTBOX_MAX_ATTEMPTS = 1
    smtp_refuses(monkeypatch, "alice@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        services.partner_invite(by=karin, partner=region, name="Alice", email="alice@example.org")
    monkeypatch.undo()
    return Message.objects.get(kind="invitation")


def test_the_kansli_sees_what_failed_with_recipient_error_and_a_resend_button(
        client, karin, failed_invitation, region):
    client.force_login(karin)
    page = client.get(reverse("outbox_problems")).content.decode()

    assert "alice@example.org" in page
    assert "Mailbox unavailable" in page
    assert "Inbjudan" in page
    assert reverse("kansli_partner_detail", args=[region.pk]) in page
    assert reverse("outbox_retry", args=[failed_invitation.pk]) in page
    assert "1<span class=\"visually-hidden\"> att åtgärda" in client.get(reverse("dashboard")).content.decode()


def test_resending_from_the_page_sends_once_and_names_who_did_it(
        client, karin, failed_invitation, mailoutbox, django_capture_on_commit_callbacks):
    client.force_login(karin)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("outbox_retry", args=[failed_invitation.pk]), follow=True)
    assert "alice@example.org" in response.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        again = client.post(reverse("outbox_retry", args=[failed_invitation.pk]), follow=True)

    assert [m.to for m in mailoutbox] == [["alice@example.org"]]
    assert "redan klart" in again.content.decode()
    failed_invitation.refresh_from_db()
    assert failed_invitation.status == Message.Status.DONE
    assert failed_invitation.retried_by == karin
    assert failed_invitation.history.filter(history_user=karin).exists()
    assert "Allt som portalen har lovat" in client.get(reverse("outbox_problems")).content.decode()


def test_resend_all_sends_each_failed_message_once(client, karin, failed_invitation, mailoutbox,
                                                   django_capture_on_commit_callbacks):
    client.force_login(karin)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("outbox_retry_all"))
        client.post(reverse("outbox_retry_all"))
    assert len(mailoutbox) == 1


@pytest.mark.parametrize("name", ["outbox_problems", "outbox_retry_all", "outbox_retry"])
def test_only_the_kansli_may_see_or_resend(client, failed_invitation, region, name, mailoutbox):
    url = reverse(name, args=[failed_invitation.pk] if name == "outbox_retry" else [])
    assert client.get(url).status_code == 302  # to the login page
    client.force_login(make_representative(region).user)
    assert client.get(url).status_code == 403
    assert client.post(url).status_code == 403
    failed_invitation.refresh_from_db()
    assert failed_invitation.status == Message.Status.FAILED


# A declaration whose PDF is missing ----------------------------------------------------------


def test_the_kansli_can_render_a_missing_declaration_pdf_again(
        client, karin, declaration_text, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        signed = signed_partner()
    declaration = SignedDeclaration.objects.get(pk=signed.declaration.pk)
    declaration.pdf.delete(save=False)  # lost from the disk
    SignedDeclaration.objects.filter(pk=declaration.pk).update(pdf="")  # history: test set-up
    client.force_login(karin)
    page = client.get(reverse("kansli_partner_detail", args=[signed.partner.pk])).content.decode()
    assert "Skapa PDF:en igen" in page

    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("kansli_declaration_pdf_again", args=[declaration.pk]))

    declaration.refresh_from_db()
    assert declaration.pdf.read().startswith(b"%PDF")
    response = client.post(reverse("kansli_declaration_pdf_again", args=[declaration.pk]), follow=True)
    assert "PDF:en finns redan" in response.content.decode()


def test_the_page_of_failures_costs_the_same_queries_for_3_or_30(client, karin, region):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def fail(n):
        for i in range(n):
            message = outbox.enqueue("invitation", key=f"invitation:test-{n}-{i}",
                                     recipient=f"p{i}@example.org",
                                     payload={"invitation_id": 0, "partner_id": region.pk}, by=karin)
            Message.objects.filter(pk=message.pk).update(  # history: test set-up
                status=Message.Status.FAILED, last_error="550", retried_by=karin)

    client.force_login(karin)
    counts = []
    for n in (3, 27):
        fail(n)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("outbox_problems")).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]
