"""What cases send, run by the outbox (outbox/services.py); the e-mails are written in
decisions/notify.py, which also promises them."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from outbox.registry import handler


def _case_page(message):
    return reverse("kansli_case", args=[message.payload["case_id"]])


def _send(batch, email) -> bool:
    if email is None:
        return False  # nothing to say any more: the outbox records it as not needed
    batch.send(email)
    return True


@handler("case_received", _("Bekräftelse på inkommet ärende"), link=_case_page)
def send_case_received(message, batch):
    from decisions.notify import received_email

    return _send(batch, received_email(message))


@handler("case_cosign_request", _("Begäran om medundertecknande"), link=_case_page)
def send_cosign_request(message, batch):
    from decisions.notify import cosign_email

    return _send(batch, cosign_email(message))


@handler("case_consultation", _("Remiss"), link=_case_page)
def send_consultation(message, batch):
    from decisions.notify import consultation_email

    return _send(batch, consultation_email(message))


@handler("case_moved", _("Ärende flyttat till ett annat sammanträde"), link=_case_page)
def send_case_moved(message, batch):
    from decisions.notify import moved_email

    return _send(batch, moved_email(message))


def _minutes_page(message):
    return reverse("kansli_minutes", args=[message.payload["meeting_id"]])


@handler("minutes_pdf", _("PDF av protokoll"), link=_minutes_page)
def render_minutes_pdf(message, batch):
    from django.utils import translation

    from decisions.minutes import minutes_store_pdf
    from decisions.minutes_record import readable
    from decisions.models import MinutesRevision
    from swecan.pdf import render_pdf

    revision = MinutesRevision.objects.select_related("minutes__meeting").get(pk=message.payload["revision_id"])
    if revision.pdf and revision.pdf.storage.exists(revision.pdf.name):
        return True  # already rendered (a retry after the file was stored)
    with translation.override("sv"):  # the minutes are kept in Swedish, the partnership's language
        pdf = render_pdf("pdf/minutes.html", {"revision": revision, "minutes": readable(revision.content)},
                         tagged=True)
    minutes_store_pdf(revision_id=revision.pk, pdf_bytes=pdf)
    return True


@handler("minutes_due_reminder", _("Påminnelse om protokoll"), link=_minutes_page)
def send_minutes_reminder(message, batch):
    from decisions.notify import minutes_reminder_email

    return _send(batch, minutes_reminder_email(message))
