from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class Message(models.Model):
    """One piece of work the portal has promised: an e-mail to one person or a PDF to render.

    Written in the same transaction as the record that needs it, so a commit never
    loses it; dispatched on commit and swept until done or visibly failed.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("Väntar")
        SENDING = "sending", _("Pågår")
        DONE = "done", _("Klar")
        FAILED = "failed", _("Misslyckades")
        CANCELLED = "cancelled", _("Behövs inte längre")

    kind = models.CharField(_("slag"), max_length=40)
    # One message per recipient and occasion: the same key is never sent twice.
    key = models.CharField(max_length=200, unique=True)
    recipient = models.CharField(_("mottagare"), max_length=254, blank=True)
    payload = models.JSONField(default=dict, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(_("försök"), default=0)
    next_attempt_at = models.DateTimeField(_("nästa försök"), default=timezone.now)
    claimed_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(_("senaste fel"), blank=True)
    done_at = models.DateTimeField(_("klar"), null=True, blank=True)
    created_at = models.DateTimeField(_("skapad"), default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    retried_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("skickades igen av"),
    )

    # Claims and attempt counters change on every try; the history keeps the outcomes.
    history = HistoricalRecords(excluded_fields=["claimed_at", "next_attempt_at", "attempts"])

    class Meta:
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["status", "next_attempt_at"], name="outbox_due")]
        verbose_name = _("utskick")
        verbose_name_plural = _("utskick")

    def __str__(self):
        return f"{self.kind} {self.recipient or self.key}: {self.get_status_display()}"

    @property
    def is_done(self) -> bool:
        return self.status == self.Status.DONE
