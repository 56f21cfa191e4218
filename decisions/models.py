"""Cases (ärenden): what a partner raises for the partnership to decide (§ 4.2, R2)."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class CaseNumberSeries(models.Model):
    """The last reference number given in a year: one row per year, locked while a number is
    given, so two cases received at the same moment get two numbers and none is reused."""

    year = models.PositiveIntegerField(_("år"), unique=True)
    last_number = models.PositiveIntegerField(_("senast givna nummer"), default=0)

    class Meta:
        verbose_name = _("diarienummerserie")
        verbose_name_plural = _("diarienummerserier")

    def __str__(self):
        return f"{self.year}: {self.last_number}"


class Case(models.Model):
    """A matter for decision, written on the template by a partner (or several)."""

    class Kind(models.TextChoices):
        ORDINARY = "ordinary", pgettext_lazy("case kind", "Ordinarie ärende")
        RULE_CHANGE = "rule_change", _("Ändring av arbetsordningen")

    class StrategyArea(models.TextChoices):
        PREVENTION = "prevention", _("Prevention")
        EARLY_DETECTION = "early_detection", _("Tidig upptäckt och diagnostik")
        CARE = "care", _("Vård och behandling")
        REHABILITATION = "rehabilitation", _("Rehabilitering")
        PALLIATIVE = "palliative", _("Palliativ vård och livet efter cancer")

    class State(models.TextChoices):
        DRAFT = "draft", _("Utkast")
        RECEIVED = "received", _("Inkommet")
        IN_PREPARATION = "in_preparation", _("Under beredning")
        PREPARED = "prepared", _("Berett")
        ON_AGENDA = "on_agenda", _("På dagordningen")
        DECIDED = "decided", _("Beslutat")
        WITHDRAWN = "withdrawn", _("Återkallat")

    # The reference (diarienummer), given when the case is received and never reused.
    year = models.PositiveIntegerField(_("år"), null=True, blank=True)
    number = models.PositiveIntegerField(_("löpnummer"), null=True, blank=True)
    title = models.CharField(_("rubrik"), max_length=300)
    background = models.TextField(_("bakgrund"), blank=True)
    problem_or_opportunity = models.TextField(_("problem eller möjlighet"), blank=True)
    proposal = models.TextField(_("förslag till beslut"), blank=True)
    justification = models.TextField(_("motivering"), blank=True)
    goals = models.TextField(_("vilka av SweCans mål ärendet bidrar till"), blank=True)
    strategy_area = models.CharField(_("del av cancerstrategin"), max_length=20,
                                     choices=StrategyArea.choices, blank=True)
    consequences = models.TextField(_("förväntade konsekvenser för partnerna"), blank=True)
    kind = models.CharField(_("typ av ärende"), max_length=20, choices=Kind.choices, default=Kind.ORDINARY)
    partner = models.ForeignKey("partnership.Partner", on_delete=models.PROTECT, related_name="cases",
                                verbose_name=_("inlämnat av"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                   verbose_name=_("skapat av"))
    created_at = models.DateTimeField(_("skapat"), default=timezone.now)
    state = models.CharField(_("status"), max_length=20, choices=State.choices, default=State.DRAFT)
    submitted_on = models.DateField(_("inkom"), null=True, blank=True)
    target_meeting = models.ForeignKey(
        "meetings.Meeting", on_delete=models.PROTECT, null=True, blank=True, related_name="cases",
        verbose_name=_("sammanträde"),
    )
    withdrawn_at = models.DateTimeField(_("återkallat"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-year", "-number", "-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["year", "number"], name="one_case_per_reference"),
        ]
        verbose_name = _("ärende")
        verbose_name_plural = _("ärenden")

    def __str__(self):
        return f"{self.reference} {self.title}" if self.reference else self.title

    @property
    def reference(self) -> str:
        """The diarienummer, "SweCan 2026/7"; empty for a draft."""
        if self.number is None:
            return ""
        return f"SweCan {self.year}/{self.number}"

    # The state machine ----------------------------------------------------------------
    # As Meeting: services refuse with refusal()/check_allowed(), templates read `allows`.

    # The template's fields a case must have filled in to be submitted.
    REQUIRED_FIELDS = ("title", "background", "problem_or_opportunity", "proposal", "justification",
                       "goals", "strategy_area", "consequences")

    ACTIONS = ("edit", "submit", "request_cosign", "confirm_cosign", "withdraw", "prepare",
               "mark_prepared", "put_on_agenda", "decide")

    def refusal(self, action: str) -> str | None:
        """None when `action` may be done on this case now, else the reason (translated)."""
        if action not in self.ACTIONS:
            raise ValueError(f"Unknown case action: {action!r}")
        S = self.State
        state = self.state
        if state == S.WITHDRAWN:
            return gettext("Ärendet är återkallat.")
        if state == S.DECIDED:
            return gettext("Ärendet är redan beslutat.")
        if action in ("edit", "submit"):
            if state != S.DRAFT:
                return gettext("Ärendet har redan lämnats in. En rättelse görs som en ny version med "
                               "skäl.")
            return None
        if action == "request_cosign":
            if state not in (S.DRAFT, S.RECEIVED):
                return gettext("Medundertecknare kan bara läggas till innan beredningen har börjat.")
            return None
        if action in ("confirm_cosign", "withdraw"):
            return None
        if action == "prepare":
            if state != S.RECEIVED:
                return gettext("Bara ett inkommet ärende kan börja beredas.") if state == S.DRAFT else \
                    gettext("Ärendet bereds redan.")
            return None
        if action == "mark_prepared":
            if state != S.IN_PREPARATION:
                return gettext("Bara ett ärende under beredning kan bli berett.")
            return None
        if action == "put_on_agenda":
            if state != S.PREPARED:
                return gettext("Bara ett berett ärende kan föras upp på dagordningen.")
            return None
        # decide
        if state != S.ON_AGENDA:
            return gettext("Bara ett ärende på dagordningen kan beslutas.")
        return None

    def check_allowed(self, action: str) -> None:
        reason = self.refusal(action)
        if reason is not None:
            raise ValidationError(reason)

    @cached_property
    def allows(self) -> frozenset:
        return frozenset(a for a in self.ACTIONS if self.refusal(a) is None)

    def _moved_to(self, state):
        self.state = state
        self.__dict__.pop("allows", None)

    def receive(self, *, on, year: int, number: int) -> None:
        """Draft → received, with its reference (not saved: the service saves)."""
        self.check_allowed("submit")
        self.submitted_on = on
        self.year, self.number = year, number
        self._moved_to(self.State.RECEIVED)

    def withdraw(self, now=None) -> None:
        self.check_allowed("withdraw")
        self.withdrawn_at = now or timezone.now()
        self._moved_to(self.State.WITHDRAWN)

    def start_preparation(self) -> None:
        self.check_allowed("prepare")
        self._moved_to(self.State.IN_PREPARATION)

    def mark_prepared(self) -> None:
        self.check_allowed("mark_prepared")
        self._moved_to(self.State.PREPARED)

    def put_on_agenda(self) -> None:
        self.check_allowed("put_on_agenda")
        self._moved_to(self.State.ON_AGENDA)

    def mark_decided(self) -> None:
        self.check_allowed("decide")
        self._moved_to(self.State.DECIDED)


class CoSignature(models.Model):
    """Another partner behind the case; it counts as theirs once their representative confirms."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="cosignatures")
    partner = models.ForeignKey("partnership.Partner", on_delete=models.PROTECT, related_name="cosignatures",
                                verbose_name=_("medundertecknande partner"))
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                     verbose_name=_("begärd av"))
    requested_at = models.DateTimeField(_("begärd"), default=timezone.now)
    confirmed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True,
                                     blank=True, related_name="+", verbose_name=_("bekräftad av"))
    confirmed_at = models.DateTimeField(_("bekräftad"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["case", "partner__name"]
        constraints = [
            models.UniqueConstraint(fields=["case", "partner"], name="one_cosignature_per_partner"),
        ]
        verbose_name = _("medundertecknande")
        verbose_name_plural = _("medundertecknanden")

    def __str__(self):
        return f"{self.case}: {self.partner}"

    @property
    def is_confirmed(self) -> bool:
        return self.confirmed_at is not None
