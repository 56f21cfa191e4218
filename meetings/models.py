import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords


class Meeting(models.Model):
    """A meeting of the partnership, the arbetsutskott or a working group (§ 3)."""

    class Body(models.TextChoices):
        PARTNERSHIP = "partnership", _("Partnerskapet")
        COMMITTEE = "committee", _("Arbetsutskottet")
        WORKING_GROUP = "working_group", _("Arbetsgrupp")

    class Kind(models.TextChoices):
        ORDINARY = "ordinary", pgettext_lazy("meeting kind", "Ordinarie")
        EXTRA = "extra", _("Extrainsatt")

    class Form(models.TextChoices):
        PHYSICAL = "physical", _("Fysiskt")
        DIGITAL = "digital", _("Digitalt")
        HYBRID = "hybrid", _("Hybrid")

    class State(models.TextChoices):
        PLANNED = "planned", _("Planerat")
        NOTICED = "noticed", _("Kallat")
        HELD = "held", _("Genomfört")
        CLOSED = "closed", _("Avslutat")

    title = models.CharField(_("rubrik"), max_length=200)
    body = models.CharField(_("organ"), max_length=20, choices=Body.choices, default=Body.PARTNERSHIP)
    group_name = models.CharField(_("arbetsgruppens namn"), max_length=200, blank=True)
    kind = models.CharField(_("typ"), max_length=10, choices=Kind.choices, default=Kind.ORDINARY)
    form = models.CharField(_("form"), max_length=10, choices=Form.choices, default=Form.PHYSICAL)
    starts_at = models.DateTimeField(_("börjar"))
    ends_at = models.DateTimeField(_("slutar"))
    place = models.CharField(_("plats"), max_length=300, blank=True)
    online_link = models.URLField(_("länk till digitalt möte"), blank=True)
    planned_notice_date = models.DateField(_("planerat datum för kallelse"))
    notice_sent_at = models.DateTimeField(_("kallelse skickad"), null=True, blank=True)
    state = models.CharField(_("status"), max_length=10, choices=State.choices, default=State.PLANNED)
    # Bumped when a noticed meeting changes time or place: calendars replace the event.
    sequence = models.PositiveIntegerField(_("ändringsnummer"), default=0)
    chair = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
        related_name="chaired_meetings", verbose_name=_("ordförande för mötet"),
    )
    rules_version = models.ForeignKey(
        "swecan.RulesOfProcedure", on_delete=models.PROTECT, null=True, related_name="+",
        verbose_name=_("arbetsordning"),
    )
    # Arbetsutskottet and working groups call named people; AU seats (a later
    # issue) will fill this from the committee's members.
    participants = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="meetings_called_to",
        verbose_name=_("kallade"),
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords(m2m_fields=[participants])

    class Meta:
        ordering = ["starts_at"]
        verbose_name = _("sammanträde")
        verbose_name_plural = _("sammanträden")

    def __str__(self):
        return f"{self.title} ({timezone.localtime(self.starts_at):%Y-%m-%d})"

    @property
    def date(self):
        return timezone.localtime(self.starts_at).date()

    @property
    def is_partnership(self) -> bool:
        return self.body == self.Body.PARTNERSHIP

    @property
    def has_physical_room(self) -> bool:
        return self.form in (self.Form.PHYSICAL, self.Form.HYBRID)

    @property
    def notice_is_sent(self) -> bool:
        return self.notice_sent_at is not None

    @property
    def notice_date(self):
        """The date that counts for R2: the actual notice once sent, else the planned one."""
        if self.notice_sent_at:
            return timezone.localtime(self.notice_sent_at).date()
        return self.planned_notice_date


class AgendaItem(models.Model):
    """An item on a meeting's agenda (dagordning, § 3.2)."""

    class Kind(models.TextChoices):
        INFORMATION = "information", _("Information")
        DISCUSSION = "discussion", _("Diskussion")
        DECISION = "decision", _("Beslut")
        MINUTES_APPROVAL = "minutes_approval", _("Godkännande av föregående protokoll")

    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="agenda_items")
    position = models.PositiveIntegerField(_("ordning"))
    title = models.CharField(_("rubrik"), max_length=300)
    kind = models.CharField(_("typ"), max_length=20, choices=Kind.choices, default=Kind.INFORMATION)
    presenter = models.CharField(_("föredragande"), max_length=200, blank=True)
    description = models.TextField(_("beskrivning"), blank=True)
    added_after_notice = models.BooleanField(_("tillagd efter kallelsen"), default=False)
    history = HistoricalRecords()

    class Meta:
        # Positions are kept contiguous by meetings.services; no unique
        # constraint, so that reordering needs no deferrable constraints.
        ordering = ["meeting", "position"]
        verbose_name = _("punkt på dagordningen")
        verbose_name_plural = _("dagordning")

    def __str__(self):
        return f"§ {self.position} {self.title}"


def document_path(instance, filename):
    return f"meetings/{instance.meeting_id}/{secrets.token_hex(8)}-{filename}"


class Document(models.Model):
    """A decision document (underlag) for a meeting; served only through a view that checks access."""

    class FileType(models.TextChoices):
        PDF = "pdf", "PDF"
        DOCX = "docx", "Word (DOCX)"
        XLSX = "xlsx", "Excel (XLSX)"
        ODT = "odt", "OpenDocument (ODT)"

    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="documents")
    agenda_item = models.ForeignKey(
        AgendaItem, on_delete=models.PROTECT, null=True, blank=True, related_name="documents",
        verbose_name=_("punkt"),
    )
    title = models.CharField(_("titel"), max_length=300)
    file = models.FileField(_("fil"), upload_to=document_path)
    original_name = models.CharField(max_length=255)
    file_type = models.CharField(_("filtyp"), max_length=5, choices=FileType.choices)
    size = models.PositiveIntegerField(_("storlek (byte)"))
    sha256 = models.CharField(max_length=64)
    is_late = models.BooleanField(_("sent inkommen"), default=False,
                                  help_text=_("Lades till efter att kallelsen skickats."))
    is_public = models.BooleanField(_("publicerad"), default=False,
                                    help_text=_("Synlig för alla utan inloggning."))
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        ordering = ["agenda_item__position", "uploaded_at"]
        verbose_name = _("dokument")
        verbose_name_plural = _("dokument")

    def __str__(self):
        return self.title


class NoticeDelivery(models.Model):
    """One e-mail of a kallelse, reminder or change to one person.

    The record of who was called; the sending itself is the outbox message it holds
    (outbox/services.py), unique per person, kind and change, so nobody gets two copies.
    """

    class Kind(models.TextChoices):
        NOTICE = "notice", _("Kallelse")
        REMINDER = "reminder", _("Påminnelse")
        CHANGE = "change", _("Ändring")

    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="deliveries")
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.NOTICE)
    sequence = models.PositiveIntegerField(default=0)
    email = models.EmailField()
    name = models.CharField(max_length=200, blank=True)
    partner = models.ForeignKey(
        "partnership.Partner", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    message = models.OneToOneField(
        "outbox.Message", on_delete=models.PROTECT, related_name="notice_delivery"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["meeting", "kind", "email"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "kind", "sequence", "email"],
                                    name="one_delivery_per_person"),
        ]
        verbose_name = _("utskick")
        verbose_name_plural = _("utskick")

    def __str__(self):
        return f"{self.get_kind_display()} till {self.email}: {self.message.get_status_display()}"


class Attendance(models.Model):
    """A partner present at a meeting from arrival to departure (närvaro, § 3.3)."""

    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="attendances")
    partner = models.ForeignKey("partnership.Partner", on_delete=models.PROTECT, related_name="attendances")
    arrived_at = models.DateTimeField(_("ankomst"))
    departed_at = models.DateTimeField(_("avgång"), null=True, blank=True)
    representatives = models.ManyToManyField(
        "partnership.Representative", blank=True, related_name="attendances",
        verbose_name=_("representanter i rummet"),
    )
    registered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    registered_at = models.DateTimeField(default=timezone.now)
    history = HistoricalRecords(m2m_fields=[representatives])

    class Meta:
        ordering = ["meeting", "arrived_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(departed_at__isnull=True) | models.Q(departed_at__gt=models.F("arrived_at")),
                name="departure_after_arrival",
            ),
        ]
        verbose_name = _("närvaro")
        verbose_name_plural = _("närvaro")

    def __str__(self):
        return f"{self.partner} på {self.meeting}"

    @property
    def suggested_departure(self):
        """Now, or a minute after arrival when attendance was registered ahead of time."""
        import datetime

        return timezone.localtime(max(timezone.now(), self.arrived_at + datetime.timedelta(minutes=1)))

    def present_at(self, moment) -> bool:
        return self.arrived_at <= moment and (self.departed_at is None or self.departed_at > moment)
