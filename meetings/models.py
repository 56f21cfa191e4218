import datetime
import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _
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
        # The kansli has opened the meeting: representatives check in themselves (R3).
        OPEN = "open", _("Pågår")
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
    def has_roll(self) -> bool:
        """Presence, quorum and votes are counted against a roll: the partnership's voting roll,
        or the AU's seat holders (§ 2.2). A working group has none and decides nothing."""
        return self.body in (self.Body.PARTNERSHIP, self.Body.COMMITTEE)

    @cached_property
    def committee_chairs(self) -> tuple:
        """(chair, vice chair) of the AU on the meeting's day, as representatives (an AU meeting
        is led by them, § 2.2); (None, None) for other bodies."""
        if self.body != self.Body.COMMITTEE:
            return (None, None)
        from partnership.bodies import committee_chairs

        return committee_chairs(self.date)

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

    # The state machine ----------------------------------------------------------------
    # One home for "may this meeting do X now?": services refuse with refusal()/check_allowed(),
    # views and templates offer only what `allows` holds.

    # People arrive a little early; anything further from the meeting is a typing error.
    EARLY_ARRIVAL = datetime.timedelta(hours=2)

    ACTIONS = ("edit", "edit_agenda", "upload_document", "send_notice", "resend", "answer", "open",
               "check_in", "record_presence", "hold", "close")

    @property
    def is_over(self) -> bool:
        """Held or closed: the meeting's record, no longer its planning."""
        return self.state in (self.State.HELD, self.State.CLOSED)

    @property
    def window_opens(self):
        """The first moment presence can be recorded: a little before the start."""
        return self.starts_at - self.EARLY_ARRIVAL

    def in_window(self, moment) -> bool:
        """Whether `moment` lies in the meeting's window (arrivals from two hours before the
        start, departures until the end)."""
        return self.window_opens <= moment <= self.ends_at

    def refusal(self, action: str, now=None) -> str | None:
        """None when `action` may be done on this meeting at `now` (default: now), else the
        reason in words (translated)."""
        if action not in self.ACTIONS:
            raise ValueError(f"Unknown meeting action: {action!r}")
        now = now or timezone.now()
        S = self.State
        state = self.state
        finished = self.is_over
        if action in ("edit", "edit_agenda", "upload_document"):
            if finished:
                return gettext("Mötet är genomfört och kan inte längre ändras.")
            return None
        if action == "send_notice":
            if self.notice_is_sent or state != S.PLANNED:
                return gettext("Kallelsen är redan skickad.")
            return None
        if action == "resend":
            if not self.notice_is_sent:
                return gettext("Kallelsen är inte skickad ännu.")
            if state == S.CLOSED:
                return gettext("Mötet är avslutat.")
            return None
        if action == "answer":
            if state == S.PLANNED:
                return gettext("Kallelsen är inte skickad ännu.")
            if finished or now >= self.starts_at:
                return gettext("Mötet har börjat; svaret kan inte längre ändras. Närvaron registreras "
                               "på mötet.")
            return None
        if action == "open":
            if state == S.PLANNED:
                return gettext("Mötet är inte kallat.")
            if state != S.NOTICED:
                return gettext("Mötet är redan öppnat för incheckning.") if state == S.OPEN else \
                    gettext("Mötet är genomfört.")
            if now < self.window_opens:
                return gettext("Mötet kan öppnas för incheckning tidigast två timmar före start.")
            if now > self.ends_at:
                return gettext("Mötet är slut; kansliet registrerar närvaron i efterhand.")
            return None
        if action == "check_in":
            if state != S.OPEN:
                return gettext("Incheckningen är inte öppen. Kansliet öppnar den när mötet börjar.")
            if not self.in_window(now):
                return gettext("Incheckningen är stängd; mötets tid är slut.")
            return None
        if action == "record_presence":
            if state == S.PLANNED:
                return gettext("Mötet är inte kallat.")
            if state == S.CLOSED:
                return gettext("Mötet är avslutat; närvaron kan inte längre ändras.")
            if now < self.window_opens:
                return gettext("Närvaro registreras på mötet, tidigast två timmar före start; före dess "
                               "gäller förhandssvaren (kommer eller förhinder).")
            return None
        if action == "hold":
            if state not in (S.NOTICED, S.OPEN):
                return gettext("Mötet är inte kallat.") if state == S.PLANNED else gettext("Mötet är redan genomfört.")
            if now < self.starts_at:
                return gettext("Mötet har inte börjat ännu.")
            return None
        # close
        if state != S.HELD:
            return gettext("Mötet är redan avslutat.") if state == S.CLOSED else \
                gettext("Bara ett genomfört möte kan avslutas.")
        return None

    def check_allowed(self, action: str, now=None) -> None:
        """Raise ValidationError with the reason when `action` is not allowed now."""
        reason = self.refusal(action, now)
        if reason is not None:
            raise ValidationError(reason)

    @cached_property
    def allows(self) -> frozenset:
        """The actions allowed now, for templates: {% if "edit_agenda" in meeting.allows %}."""
        now = timezone.now()
        return frozenset(a for a in self.ACTIONS if self.refusal(a, now) is None)

    def _moved_to(self, state):
        self.state = state
        self.__dict__.pop("allows", None)

    def mark_noticed(self, now=None) -> None:
        """The kallelse goes out (the service has judged it by the rules)."""
        self.check_allowed("send_notice", now)
        self.notice_sent_at = now or timezone.now()
        self._moved_to(self.State.NOTICED)

    def open(self, now=None) -> None:
        """The kansli opens the meeting for check-in (not saved: the service saves)."""
        self.check_allowed("open", now)
        self._moved_to(self.State.OPEN)

    def mark_held(self, now=None) -> None:
        self.check_allowed("hold", now)
        self._moved_to(self.State.HELD)

    def close(self) -> None:
        self.check_allowed("close")
        self._moved_to(self.State.CLOSED)


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
    changed_after_notice = models.BooleanField(_("ändrad efter kallelsen"), default=False)
    history = HistoricalRecords()

    class Meta:
        # Positions are kept contiguous by meetings.services; no unique
        # constraint, so that reordering needs no deferrable constraints.
        ordering = ["meeting", "position"]
        verbose_name = _("punkt på dagordningen")
        verbose_name_plural = _("dagordning")

    def __str__(self):
        return f"§ {self.position} {self.title}"


class DocumentQuerySet(models.QuerySet):
    def current(self):
        """The version in force of each document: not replaced by a newer one."""
        return self.filter(replaced_by__isnull=True)


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
    is_late = models.BooleanField(_("sent inkommet"), default=False,
                                  help_text=_("Lades till efter att kallelsen skickats."))
    is_public = models.BooleanField(_("publicerad"), default=False,
                                    help_text=_("Synlig för alla utan inloggning."))
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(default=timezone.now)
    # A correction is a new version that replaces this one; the old file is kept.
    replaces = models.OneToOneField(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="replaced_by",
        verbose_name=_("ersätter"),
    )
    version = models.PositiveIntegerField(_("version"), default=1)
    withdrawn_at = models.DateTimeField(_("återkallat"), null=True, blank=True)
    withdrawn_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True,
                                     blank=True, related_name="+", verbose_name=_("återkallat av"))
    withdrawal_reason = models.CharField(_("skäl till återkallelsen"), max_length=500, blank=True)
    history = HistoricalRecords()

    objects = DocumentQuerySet.as_manager()

    class Meta:
        ordering = ["agenda_item__position", "uploaded_at"]
        verbose_name = _("dokument")
        verbose_name_plural = _("dokument")

    def __str__(self):
        return self.title

    @property
    def is_withdrawn(self) -> bool:
        return self.withdrawn_at is not None

    @property
    def is_current(self) -> bool:
        """Not replaced by a newer version (withdrawn or not)."""
        try:
            return self.replaced_by is None
        except Document.DoesNotExist:
            return True

    def download_name(self) -> str:
        """The title as a file name, with the type's extension: never the uploader's file name."""
        from django.utils.text import slugify

        return f"{slugify(self.title, allow_unicode=True)[:120] or 'dokument'}.{self.file_type}"


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
        return gettext("%(kind)s till %(email)s: %(status)s") % {
            "kind": self.get_kind_display(), "email": self.email, "status": self.message.get_status_display()}


class AdvanceAnswer(models.Model):
    """A partner's answer before a meeting: coming or förhinder, and who will represent it.

    Planning only: it never counts toward quorum (R3); presence is an Attendance."""

    class Answer(models.TextChoices):
        COMING = "coming", _("Vi kommer")
        ABSENT = "absent", _("Förhinder")

    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="advance_answers")
    partner = models.ForeignKey("partnership.Partner", on_delete=models.PROTECT, related_name="advance_answers")
    answer = models.CharField(_("svar"), max_length=10, choices=Answer.choices)
    representative = models.ForeignKey(
        "partnership.Representative", on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("företräds av"),
    )
    note = models.CharField(_("meddelande"), max_length=500, blank=True)
    answered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                    verbose_name=_("svarat av"))
    answered_at = models.DateTimeField(_("svarat"), default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        ordering = ["meeting", "partner__name"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "partner"], name="one_advance_answer_per_partner"),
        ]
        verbose_name = _("svar inför mötet")
        verbose_name_plural = _("svar inför mötet")

    def __str__(self):
        return f"{self.partner}: {self.get_answer_display()} ({self.meeting})"


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
        return gettext("%(partner)s på %(meeting)s") % {"partner": self.partner, "meeting": self.meeting}

    @property
    def suggested_departure(self):
        """Now, or a minute after arrival when attendance was registered ahead of time."""
        import datetime

        return timezone.localtime(max(timezone.now(), self.arrived_at + datetime.timedelta(minutes=1)))

    def present_at(self, moment) -> bool:
        return self.arrived_at <= moment and (self.departed_at is None or self.departed_at > moment)


class MeetingVisit(models.Model):
    """When a person last opened a meeting's page, so their dashboard can say what is new since.

    A personal read marker, not a governance record: no history."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="visits")
    seen_at = models.DateTimeField(_("senast öppnat"))

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "meeting"], name="one_visit_per_user_and_meeting")]
        verbose_name = _("besök på mötessidan")
        verbose_name_plural = _("besök på mötessidan")

    def __str__(self):
        return f"{self.user} – {self.meeting}"

    @classmethod
    def record(cls, user, meeting, now=None) -> None:
        """Mark that `user` has seen the meeting's page (and so its documents) now."""
        if user.is_authenticated:
            cls.objects.update_or_create(user=user, meeting=meeting,
                                         defaults={"seen_at": now or timezone.now()})
