"""The arbetsutskott's seats and officers, working groups and the yearly nomination round (§ 2.2,
§ 5, § 6, § 8; R7, R8, R10, R11, R12).

What the partnership appoints or decides is proposed on a decision item of one of its meetings
and takes effect through the decision (`decisions.signals.item_decided`, nominations/follow.py),
as the voting roll does: an item's proposal rows point at the item, and the decision, once
adopted, is linked from what it made.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from partnership.models import Category, Sector
from swecan import rules

# The arbetsutskott (AU, § 2.2) -----------------------------------------------------------------


class SeatQuerySet(models.QuerySet):
    def appointed(self):
        """Seats the partnership has appointed (their item adopted)."""
        return self.filter(decision__isnull=False)

    def held_on(self, day):
        """Seats in force on `day`: appointed, the mandate running, not vacated."""
        return (self.appointed().filter(starts_on__lte=day, ends_on__gte=day)
                .filter(models.Q(vacated_on__isnull=True) | models.Q(vacated_on__gt=day)))


class Seat(models.Model):
    """A member's mandate in the arbetsutskott: a representative of a partner of the seat's sector,
    from `starts_on` to `ends_on`, appointed by the partnership's decision (§ 2.2). Proposed on a
    decision item first; the seat holds once the item is adopted."""

    sector = models.CharField(_("sektor"), max_length=20, choices=Sector.choices)
    partner = models.ForeignKey("partnership.Partner", on_delete=models.PROTECT, related_name="committee_seats",
                                verbose_name=_("partner"))
    representative = models.ForeignKey("partnership.Representative", on_delete=models.PROTECT,
                                       related_name="committee_seats", verbose_name=_("ledamot"))
    starts_on = models.DateField(_("mandatet börjar"))
    ends_on = models.DateField(_("mandatet slutar"))
    # The partnership meeting's item that proposed the seat, and its decision once adopted.
    proposed_on_item = models.ForeignKey("meetings.AgendaItem", on_delete=models.PROTECT, related_name="proposed_seats",
                                         verbose_name=_("föreslagen på punkt"))
    decision = models.ForeignKey("decisions.Decision", on_delete=models.PROTECT, null=True, blank=True,
                                 related_name="appointed_seats", verbose_name=_("beslut"))
    vacated_on = models.DateField(_("lämnad"), null=True, blank=True)
    vacated_reason = models.CharField(_("skäl"), max_length=300, blank=True)
    proposed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                    verbose_name=_("föreslagen av"))
    proposed_at = models.DateTimeField(_("föreslagen"), default=timezone.now)
    history = HistoricalRecords()

    objects = SeatQuerySet.as_manager()

    class Meta:
        ordering = ["sector", "starts_on", "pk"]
        verbose_name = _("plats i arbetsutskottet")
        verbose_name_plural = _("platser i arbetsutskottet")

    def __str__(self):
        return gettext("%(partner)s i arbetsutskottet %(start)s–%(end)s") % {
            "partner": self.partner, "start": self.starts_on, "end": self.ends_on}

    @property
    def is_appointed(self) -> bool:
        return self.decision_id is not None

    def holds_on(self, day) -> bool:
        return (self.is_appointed and self.starts_on <= day <= self.ends_on
                and (self.vacated_on is None or self.vacated_on > day))


class Officer(models.Model):
    """The AU's chair or vice chair: a member elected by the members among themselves for a
    one-year mandate (§ 2.2), through a vote at an AU meeting. Holds once the item is adopted."""

    class Role(models.TextChoices):
        CHAIR = "chair", _("Ordförande")
        VICE_CHAIR = "vice_chair", _("Vice ordförande")

    role = models.CharField(_("uppdrag"), max_length=12, choices=Role.choices)
    seat = models.ForeignKey(Seat, on_delete=models.PROTECT, related_name="officer_terms",
                             verbose_name=_("ledamot"))
    starts_on = models.DateField(_("mandatet börjar"))
    ends_on = models.DateField(_("mandatet slutar"))
    elected_on_item = models.ForeignKey("meetings.AgendaItem", on_delete=models.PROTECT, related_name="elections",
                                        verbose_name=_("val på punkt"))
    decision = models.ForeignKey("decisions.Decision", on_delete=models.PROTECT, null=True, blank=True,
                                 related_name="elected_officers", verbose_name=_("beslut"))
    # Published under R12: the AU chair's contact details (§ 7).
    contact_email = models.EmailField(_("kontaktadress"), blank=True)
    contact_phone = models.CharField(_("telefon"), max_length=40, blank=True)
    vacated_on = models.DateField(_("lämnad"), null=True, blank=True)
    proposed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                    verbose_name=_("föreslagen av"))
    proposed_at = models.DateTimeField(_("föreslagen"), default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        ordering = ["role", "-starts_on", "pk"]
        verbose_name = _("ordförande eller vice ordförande i arbetsutskottet")
        verbose_name_plural = _("ordförande och vice ordförande i arbetsutskottet")

    def __str__(self):
        return f"{self.get_role_display()}: {self.seat.representative.name} ({self.starts_on}–{self.ends_on})"

    @property
    def is_elected(self) -> bool:
        return self.decision_id is not None

    def holds_on(self, day) -> bool:
        return (self.is_elected and self.starts_on <= day <= self.ends_on
                and (self.vacated_on is None or self.vacated_on > day))


class Reminder(models.Model):
    """A reminder sent once (mandates ending, the yearly review of the arbetsordning): the key says
    what and when, so the beat task sends each only once."""

    key = models.CharField(max_length=200, unique=True)
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("påminnelse")
        verbose_name_plural = _("påminnelser")

    def __str__(self):
        return self.key


# Working groups and expert panels (§ 2.2, the report's section 4) -----------------------------------


class WorkingGroup(models.Model):
    """A working group or expert panel initiated by the AU in consultation with the kansli. Temporary
    by default, with an end date; a permanent or semi-permanent group needs the partnership's
    decision and a consultation with the partnership's chair (R8)."""

    class Kind(models.TextChoices):
        WORKING_GROUP = "working_group", _("Arbetsgrupp")
        EXPERT_PANEL = "expert_panel", _("Expertpanel")

    class Duration(models.TextChoices):
        TEMPORARY = "temporary", _("Tillfällig")
        SEMI_PERMANENT = "semi_permanent", _("Halvpermanent")
        PERMANENT = "permanent", _("Permanent")

    name = models.CharField(_("namn"), max_length=200, unique=True)
    kind = models.CharField(_("typ"), max_length=20, choices=Kind.choices, default=Kind.WORKING_GROUP)
    duration = models.CharField(_("varaktighet"), max_length=20, choices=Duration.choices,
                                default=Duration.TEMPORARY)
    purpose = models.TextField(_("syfte"))
    goal = models.TextField(_("mål"))
    starts_on = models.DateField(_("från"))
    ends_on = models.DateField(_("till"), null=True, blank=True)
    # The AU initiates the group; the kansli's agreement is recorded (§ 2.2).
    initiated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                     verbose_name=_("initierad av"))
    initiated_at = models.DateTimeField(_("initierad"), default=timezone.now)
    kansli_agreed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                         related_name="+", verbose_name=_("kansliets samråd, av"))
    kansli_agreed_at = models.DateTimeField(_("kansliets samråd"), null=True, blank=True)
    kansli_note = models.CharField(_("kansliets anteckning"), max_length=500, blank=True)
    # A (semi-)permanent group: the partnership chair consulted, and the partnership's decision.
    chair_consulted_on = models.DateField(_("samråd med partnerskapets ordförande"), null=True, blank=True)
    chair_consultation_note = models.CharField(_("samrådet"), max_length=500, blank=True)
    proposed_on_item = models.OneToOneField("meetings.AgendaItem", on_delete=models.PROTECT, null=True, blank=True,
                                            related_name="working_group_proposal",
                                            verbose_name=_("föreslagen på punkt"))
    decision = models.ForeignKey("decisions.Decision", on_delete=models.PROTECT, null=True, blank=True,
                                 related_name="established_groups", verbose_name=_("partnerskapets beslut"))
    # The group as a preparer of cases (decisions.Case.preparation_group).
    preparation_group = models.OneToOneField("decisions.PreparationGroup", on_delete=models.PROTECT, null=True,
                                             blank=True, related_name="working_group")
    meetings = models.ManyToManyField("meetings.Meeting", blank=True, related_name="working_groups",
                                      verbose_name=_("sammanträden"))
    history = HistoricalRecords(m2m_fields=[meetings])

    class Meta:
        ordering = ["name"]
        verbose_name = _("arbetsgrupp eller expertpanel")
        verbose_name_plural = _("arbetsgrupper och expertpaneler")

    def __str__(self):
        return self.name

    @property
    def needs_partnership_decision(self) -> bool:
        return self.duration != self.Duration.TEMPORARY

    @property
    def is_agreed(self) -> bool:
        return self.kansli_agreed_at is not None

    def establishment(self) -> rules.Verdict:
        """Whether the group is established, with the rule and the reason (R8): the rules engine's
        answer from what is recorded."""
        return rules.check_group_established(
            permanent=self.needs_partnership_decision, kansli_agreed=self.is_agreed,
            chair_consulted=self.chair_consulted_on is not None, decided=self.decision_id is not None)

    @property
    def is_established(self) -> bool:
        return bool(self.establishment())

    def is_active_on(self, day) -> bool:
        """Established, and `day` within its period."""
        return self.is_established and self.starts_on <= day and (self.ends_on is None or day <= self.ends_on)


class GroupMember(models.Model):
    """A member of a working group: a representative, or an external expert by name."""

    group = models.ForeignKey(WorkingGroup, on_delete=models.PROTECT, related_name="members",
                              verbose_name=_("arbetsgrupp"))
    representative = models.ForeignKey("partnership.Representative", on_delete=models.PROTECT, null=True,
                                       blank=True, related_name="group_memberships", verbose_name=_("representant"))
    name = models.CharField(_("namn"), max_length=200, blank=True)
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    email = models.EmailField(_("e-post"), blank=True)
    is_leader = models.BooleanField(_("sammankallande"), default=False)
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    added_at = models.DateTimeField(default=timezone.now)
    left_on = models.DateField(_("lämnade"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["group", "-is_leader", "name"]
        constraints = [
            models.UniqueConstraint(fields=["group", "representative"],
                                    condition=models.Q(representative__isnull=False, left_on__isnull=True),
                                    name="group_member_once"),
        ]
        verbose_name = _("medlem i arbetsgrupp")
        verbose_name_plural = _("medlemmar i arbetsgrupper")

    def __str__(self):
        return f"{self.display_name} ({self.group})"

    @property
    def display_name(self) -> str:
        return self.representative.name if self.representative_id else self.name

    @property
    def display_organisation(self) -> str:
        return self.representative.partner.name if self.representative_id else self.organisation

    @property
    def is_external(self) -> bool:
        return self.representative_id is None


def group_document_path(instance, filename):
    return f"groups/{instance.group_id}/{timezone.now():%Y%m%d%H%M%S}-{filename}"


class GroupDocument(models.Model):
    """A working group's document; its output can be attached to a case in preparation."""

    group = models.ForeignKey(WorkingGroup, on_delete=models.PROTECT, related_name="documents",
                              verbose_name=_("arbetsgrupp"))
    title = models.CharField(_("titel"), max_length=300)
    file = models.FileField(_("fil"), upload_to=group_document_path)
    original_name = models.CharField(max_length=255)
    size = models.PositiveIntegerField(_("storlek (byte)"))
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(default=timezone.now)
    # Once attached: the copy among the case's documents.
    case_document = models.OneToOneField("decisions.CaseDocument", on_delete=models.PROTECT, null=True, blank=True,
                                         related_name="group_document", verbose_name=_("bifogad till ärende"))
    history = HistoricalRecords()

    class Meta:
        ordering = ["group", "-uploaded_at"]
        verbose_name = _("arbetsgruppens handling")
        verbose_name_plural = _("arbetsgruppernas handlingar")

    def __str__(self):
        return self.title


# The nomination round (§ 5, R10) -----------------------------------------------------------------


class NominationRound(models.Model):
    """The yearly round for the voting roll of `year`: a call per sector, nominations, the
    kansli's review and the compiled list the partnership decides at the year's first meeting."""

    year = models.PositiveIntegerField(_("röstlängd för år"), unique=True)
    introduction = models.TextField(_("inledning"), blank=True)
    opened_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                  verbose_name=_("öppnad av"))
    opened_at = models.DateTimeField(_("öppnad"), default=timezone.now)
    # The compiled list: the decision item (a voting roll item of decisions/roll.py).
    list_item = models.OneToOneField("meetings.AgendaItem", on_delete=models.PROTECT, null=True, blank=True,
                                     related_name="nomination_round", verbose_name=_("beslutspunkt"))
    compiled_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                    related_name="+", verbose_name=_("sammanställd av"))
    compiled_at = models.DateTimeField(_("sammanställd"), null=True, blank=True)
    decision = models.ForeignKey("decisions.Decision", on_delete=models.PROTECT, null=True, blank=True,
                                 related_name="nomination_rounds", verbose_name=_("beslut"))
    history = HistoricalRecords()

    class Meta:
        ordering = ["-year"]
        verbose_name = _("nomineringsomgång")
        verbose_name_plural = _("nomineringsomgångar")

    def __str__(self):
        return gettext("Nominering till partnerskapet %(year)s") % {"year": self.year}


class Call(models.Model):
    """A sector's open call (inbjudan) with its criteria and deadline (§ 5)."""

    round = models.ForeignKey(NominationRound, on_delete=models.PROTECT, related_name="calls",
                              verbose_name=_("omgång"))
    sector = models.CharField(_("sektor"), max_length=20, choices=Sector.choices)
    selection = models.TextField(_("urval"))
    competence = models.TextField(_("kompetens"))
    experience = models.TextField(_("erfarenhet"))
    geographic_spread = models.TextField(_("geografisk spridning"))
    deadline = models.DateField(_("sista dag att nominera"))
    history = HistoricalRecords()

    class Meta:
        ordering = ["round", "sector"]
        constraints = [models.UniqueConstraint(fields=["round", "sector"], name="one_call_per_sector")]
        verbose_name = _("inbjudan att nominera")
        verbose_name_plural = _("inbjudningar att nominera")

    def __str__(self):
        return f"{self.round} – {self.get_sector_display()}"

    def is_open(self, today) -> bool:
        """The deadline day itself is open (rules.check_nomination_open judges a nomination)."""
        return today <= self.deadline


class Nomination(models.Model):
    """An organisation nominated, by itself or by another, through the public form. The nominator's
    contact details are never public (R12 publishes the outcome, not the people)."""

    class Review(models.TextChoices):
        RECEIVED = "received", _("Inkommen")
        ACCEPTED = "accepted", _("Uppfyller kriterierna")
        REJECTED = "rejected", _("Uppfyller inte kriterierna")

    call = models.ForeignKey(Call, on_delete=models.PROTECT, related_name="nominations",
                             verbose_name=_("inbjudan"))
    organisation = models.CharField(_("organisationens namn"), max_length=200)
    org_number = models.CharField(_("organisationsnummer"), max_length=11)
    category = models.CharField(_("kategori"), max_length=30, blank=True)
    county = models.CharField(_("län"), max_length=60, blank=True)
    website = models.URLField(_("webbplats"), blank=True)
    motivation = models.TextField(_("motivering"))
    # The organisation's contact: who the invitation goes to if the partnership admits it.
    contact_name = models.CharField(_("kontaktperson"), max_length=200)
    contact_title = models.CharField(_("kontaktpersonens titel"), max_length=200, blank=True)
    contact_email = models.EmailField(_("kontaktpersonens e-post"))
    contact_phone = models.CharField(_("kontaktpersonens telefon"), max_length=40, blank=True)
    self_nomination = models.BooleanField(_("organisationen nominerar sig själv"), default=True)
    nominator_name = models.CharField(_("nominerad av"), max_length=200, blank=True)
    nominator_organisation = models.CharField(_("nominerarens organisation"), max_length=200, blank=True)
    nominator_email = models.EmailField(_("nominerarens e-post"), blank=True)
    submitted_at = models.DateTimeField(_("inkom"), default=timezone.now)
    review = models.CharField(_("bedömning"), max_length=10, choices=Review.choices, default=Review.RECEIVED)
    # The kansli's assessment against each criterion of the call.
    assessment_selection = models.TextField(_("bedömning: urval"), blank=True)
    assessment_competence = models.TextField(_("bedömning: kompetens"), blank=True)
    assessment_experience = models.TextField(_("bedömning: erfarenhet"), blank=True)
    assessment_geography = models.TextField(_("bedömning: geografisk spridning"), blank=True)
    review_note = models.TextField(_("motivering av bedömningen"), blank=True)
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                    related_name="+", verbose_name=_("bedömd av"))
    reviewed_at = models.DateTimeField(_("bedömd"), null=True, blank=True)
    on_list = models.BooleanField(_("på förteckningen"), default=False)
    # The partner made when the partnership adopted the list.
    partner = models.OneToOneField("partnership.Partner", on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="nomination", verbose_name=_("partner"))
    history = HistoricalRecords()

    class Meta:
        ordering = ["call", "organisation"]
        constraints = [
            models.UniqueConstraint(fields=["call", "org_number"], name="nominated_once_per_call"),
        ]
        verbose_name = _("nominering")
        verbose_name_plural = _("nomineringar")

    def __str__(self):
        return f"{self.organisation} ({self.call})"

    @property
    def category_label(self) -> str:
        """The category in words (the form offers the register's categories)."""
        return Category(self.category).label if self.category in Category.values else self.category


class Year1Duty(models.Model):
    """A duty of operating year 1 (§ 8) marked done by the kansli; the list itself is in code
    (nominations/year1.py), the marks are data."""

    key = models.CharField(max_length=40, unique=True)
    done_on = models.DateField(_("klart"))
    note = models.TextField(_("anteckning"), blank=True)
    done_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                verbose_name=_("markerad av"))
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("uppgift under verksamhetsår 1")
        verbose_name_plural = _("uppgifter under verksamhetsår 1")

    def __str__(self):
        return self.key
