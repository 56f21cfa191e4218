"""Cases (ärenden): what a partner raises for the partnership to decide (§ 4.2, R2)."""

import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.formats import date_format
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
    # A received case is corrected, never edited in place: each correction is a new version,
    # its reason kept in the history record (history_change_reason).
    version = models.PositiveIntegerField(_("version"), default=1)
    # Preparation (the preparers': kansli now, the AU's members later).
    preparation_group = models.ForeignKey(
        "PreparationGroup", on_delete=models.PROTECT, null=True, blank=True, related_name="cases",
        verbose_name=_("arbetsgrupp eller expertpanel"),
    )
    decision_proposal = models.TextField(_("beredningens förslag till beslut"), blank=True)
    agenda_item = models.OneToOneField(
        "meetings.AgendaItem", on_delete=models.PROTECT, null=True, blank=True, related_name="case",
        verbose_name=_("punkt på dagordningen"),
    )
    # A change of the arbetsordning (§ 9): the proposed new text and the numbers it changes,
    # by the names of swecan.rules.Parameters (only those that change).
    proposed_text = models.TextField(_("föreslagen lydelse av arbetsordningen"), blank=True)
    proposed_parameters = models.JSONField(_("föreslagna ändrade parametrar"), default=dict, blank=True)
    proposed_effective_from = models.DateField(
        _("föreslås gälla från"), null=True, blank=True,
        help_text=_("Lämna tomt för dagen efter beslutet."))
    history = HistoricalRecords()

    class Meta:
        # Newest reference first, drafts (no reference yet) after, on every database.
        ordering = [models.F("year").desc(nulls_last=True), models.F("number").desc(nulls_last=True),
                    "-created_at"]
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
               "mark_prepared", "put_on_agenda", "decide", "correct", "attach", "consult")

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
                return gettext("Ärendet har redan lämnats in och kan inte ändras här. Om något behöver "
                               "rättas, kontakta kansliet. En rättelse blir en ny version av ärendet.")
            return None
        if action == "request_cosign":
            if state not in (S.DRAFT, S.RECEIVED):
                return gettext("Medundertecknare kan bara läggas till innan beredningen har börjat.")
            return None
        if action in ("confirm_cosign", "withdraw", "attach"):
            return None
        if action == "correct":
            if state == S.DRAFT:
                return gettext("Ett utkast ändras direkt. Rättelser gäller bara inlämnade ärenden.")
            if state == S.ON_AGENDA:
                return gettext("Ärendet står på dagordningen och kan inte längre rättas.")
            return None
        if action == "consult":
            if state != S.IN_PREPARATION:
                return gettext("En remiss kan bara skickas medan ärendet bereds.")
            return None
        if action == "prepare":
            if state != S.RECEIVED:
                return gettext("Bara ett inkommet ärende kan börja beredas.") if state == S.DRAFT else \
                    gettext("Beredningen av ärendet har redan börjat.")
            return None
        if action == "mark_prepared":
            if state != S.IN_PREPARATION:
                return gettext("Bara ett ärende under beredning kan markeras som berett.")
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

    def take_off_agenda(self) -> None:
        """On the agenda → prepared again (the item was removed before the meeting)."""
        if self.state != self.State.ON_AGENDA:
            raise ValidationError(gettext("Ärendet står inte på någon dagordning."))
        self._moved_to(self.State.PREPARED)

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


class PreparationGroup(models.Model):
    """A working group or expert panel a case is assigned to for preparation: a name and its
    members for now; the groups themselves, with purpose and period, come with the AU."""

    class Kind(models.TextChoices):
        WORKING_GROUP = "working_group", _("Arbetsgrupp")
        EXPERT_PANEL = "expert_panel", _("Expertpanel")

    name = models.CharField(_("namn"), max_length=200, unique=True)
    kind = models.CharField(_("typ"), max_length=20, choices=Kind.choices, default=Kind.WORKING_GROUP)
    members = models.TextField(_("medlemmar"), blank=True, help_text=_("En person per rad."))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                   verbose_name=_("skapad av"))
    created_at = models.DateTimeField(_("skapad"), default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name = _("arbetsgrupp eller expertpanel")
        verbose_name_plural = _("arbetsgrupper och expertpaneler")

    def __str__(self):
        return self.name

    @property
    def member_list(self) -> list[str]:
        return [line.strip() for line in self.members.splitlines() if line.strip()]


def case_document_path(instance, filename):
    return f"cases/{instance.case_id}/{secrets.token_hex(8)}-{filename}"


class CaseDocument(models.Model):
    """An attachment to a case (the same upload checks as meeting documents, meetings/files.py).
    Public with the case unless the kansli withholds it with a reason; then only the kansli
    sees it."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="documents")
    title = models.CharField(_("titel"), max_length=300)
    file = models.FileField(_("fil"), upload_to=case_document_path)
    original_name = models.CharField(max_length=255)
    file_type = models.CharField(_("filtyp"), max_length=5)
    size = models.PositiveIntegerField(_("storlek (byte)"))
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(default=timezone.now)
    is_public = models.BooleanField(_("visas öppet"), default=True)
    withheld_reason = models.CharField(_("skäl att inte visa handlingen"), max_length=500, blank=True)
    withheld_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                    related_name="+", verbose_name=_("undanhållen av"))
    withheld_at = models.DateTimeField(_("undanhållen"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["case", "uploaded_at"]
        verbose_name = _("bilaga till ärende")
        verbose_name_plural = _("bilagor till ärenden")

    def __str__(self):
        return self.title

    def download_name(self) -> str:
        """The title as a file name, with the type's extension: never the uploader's file name."""
        from django.utils.text import slugify

        return f"{slugify(self.title, allow_unicode=True)[:120] or 'bilaga'}.{self.file_type}"


class Consultation(models.Model):
    """A consultation (remiss) of one or more sectors on a case in preparation: a question and a
    deadline; one answer per partner of those sectors, editable until the deadline."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="consultations")
    question = models.TextField(_("fråga"))
    sectors = models.JSONField(_("sektorer"), default=list)
    deadline = models.DateField(_("sista svarsdag"))
    opened_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                  verbose_name=_("skickad av"))
    opened_at = models.DateTimeField(_("skickad"), default=timezone.now)
    summary = models.TextField(_("sammanfattning"), blank=True)
    summarised_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True,
                                      blank=True, related_name="+", verbose_name=_("sammanfattad av"))
    summarised_at = models.DateTimeField(_("sammanfattad"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-opened_at"]
        verbose_name = _("remiss")
        verbose_name_plural = _("remisser")

    def __str__(self):
        return f"{self.case}: {self.question[:60]}"

    @property
    def is_summarised(self) -> bool:
        return self.summarised_at is not None

    def is_open(self, today=None) -> bool:
        """Answers are taken to the end of the deadline day."""
        return (today or timezone.localdate()) <= self.deadline

    def answer_refusal(self, today=None) -> str | None:
        """None while a partner may answer (or change its answer), else the reason."""
        if not self.is_open(today):
            return gettext("Sista svarsdag var den %(day)s. Svar tas inte längre emot.") % {
                "day": date_format(self.deadline, "j F Y")}
        if self.is_summarised:
            return gettext("Remissen är redan sammanfattad och tar inte emot fler svar.")
        return None


class ConsultationAnswer(models.Model):
    """One partner's answer to a consultation; changed in place until the deadline (history
    keeps every wording)."""

    consultation = models.ForeignKey(Consultation, on_delete=models.PROTECT, related_name="answers")
    partner = models.ForeignKey("partnership.Partner", on_delete=models.PROTECT, related_name="+",
                                verbose_name=_("partner"))
    text = models.TextField(_("svar"))
    answered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                    verbose_name=_("lämnat av"))
    answered_at = models.DateTimeField(_("lämnat"), default=timezone.now)
    updated_at = models.DateTimeField(_("senast ändrad"), default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        ordering = ["consultation", "partner__name"]
        constraints = [
            models.UniqueConstraint(fields=["consultation", "partner"], name="one_answer_per_partner"),
        ]
        verbose_name = _("remissvar")
        verbose_name_plural = _("remissvar")

    def __str__(self):
        return f"{self.consultation}: {self.partner}"


# Decisions and votes (§ 4.3, § 9; R3, R4, R9, R13) --------------------------------------------


class Decision(models.Model):
    """What the partnership decided on an agenda item, by consensus or by a vote, with a snapshot
    of everything the outcome was derived from (roll, presence per sector, the quorum verdict,
    the ballots counted, the threshold, the version of the arbetsordning), so that it can be
    derived again and explained years later."""

    class Method(models.TextChoices):
        CONSENSUS = "consensus", _("Konsensus")
        VOTE = "vote", _("Omröstning")

    class Outcome(models.TextChoices):
        ADOPTED = "adopted", _("Antaget")
        NOT_ADOPTED = "not_adopted", _("Inte antaget")

    agenda_item = models.OneToOneField("meetings.AgendaItem", on_delete=models.PROTECT, related_name="decision",
                                       verbose_name=_("punkt på dagordningen"))
    case = models.ForeignKey(Case, on_delete=models.PROTECT, null=True, blank=True, related_name="decisions",
                             verbose_name=_("ärende"))
    wording = models.TextField(_("beslut"))
    method = models.CharField(_("beslutsform"), max_length=12, choices=Method.choices)
    outcome = models.CharField(_("utfall"), max_length=12, choices=Outcome.choices)
    decided_at = models.DateTimeField(_("beslutat"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                    verbose_name=_("registrerat av"))
    rules_version = models.ForeignKey("swecan.RulesOfProcedure", on_delete=models.PROTECT, related_name="+",
                                      verbose_name=_("arbetsordning som tillämpades"))
    snapshot = models.JSONField(_("underlag för utfallet"), default=dict)
    # An adopted change of the arbetsordning makes a new version (§ 9): the link both ways.
    created_version = models.OneToOneField(
        "swecan.RulesOfProcedure", on_delete=models.PROTECT, null=True, blank=True,
        related_name="adopting_decision", verbose_name=_("ny version av arbetsordningen"))
    history = HistoricalRecords()

    class Meta:
        ordering = ["-decided_at"]
        verbose_name = _("beslut")
        verbose_name_plural = _("beslut")

    def __str__(self):
        return f"{self.agenda_item}: {self.get_outcome_display()}"


class Vote(models.Model):
    """A vote on an agenda item: open while ballots come in, closed when the chair closes it
    (quorum checked at that moment, the outcome computed), then published."""

    class State(models.TextChoices):
        OPEN = "open", _("Pågår")
        CLOSED = "closed", _("Avslutad")
        PUBLISHED = "published", _("Publicerad")

    agenda_item = models.ForeignKey("meetings.AgendaItem", on_delete=models.PROTECT, related_name="votes",
                                    verbose_name=_("punkt på dagordningen"))
    question = models.TextField(_("förslag som röstas om"))
    # A change of the arbetsordning needs 2/3 (§ 9); everything else a simple majority (§ 4.3).
    qualified = models.BooleanField(_("kvalificerad majoritet"), default=False)
    state = models.CharField(_("status"), max_length=12, choices=State.choices, default=State.OPEN)
    opened_at = models.DateTimeField(_("öppnad"), default=timezone.now)
    opened_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                  verbose_name=_("öppnad av"))
    closed_at = models.DateTimeField(_("avslutad"), null=True, blank=True)
    closed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                  related_name="+", verbose_name=_("avslutad av"))
    decision = models.OneToOneField(Decision, on_delete=models.PROTECT, null=True, blank=True,
                                    related_name="vote", verbose_name=_("beslut"))
    history = HistoricalRecords()

    class Meta:
        ordering = ["opened_at"]
        constraints = [
            # One vote at a time per item: a second "open vote" click leaves one.
            models.UniqueConstraint(fields=["agenda_item"], condition=models.Q(state="open"),
                                    name="one_open_vote_per_item"),
        ]
        verbose_name = _("omröstning")
        verbose_name_plural = _("omröstningar")

    def __str__(self):
        return f"{self.agenda_item}: {self.get_state_display()}"


class Ballot(models.Model):
    """One partner's vote: whichever of its representatives casts it first, or the kansli for a
    partner voting by a show of hands. One per partner per vote, held by the database."""

    class Choice(models.TextChoices):
        YES = "yes", _("Ja")
        NO = "no", _("Nej")
        ABSTAIN = "abstain", _("Avstår")

    vote = models.ForeignKey(Vote, on_delete=models.PROTECT, related_name="ballots")
    partner = models.ForeignKey("partnership.Partner", on_delete=models.PROTECT, related_name="+",
                                verbose_name=_("partner"))
    choice = models.CharField(_("röst"), max_length=8, choices=Choice.choices)
    cast_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                verbose_name=_("avgiven av"))
    by_show_of_hands = models.BooleanField(_("handuppräckning, registrerad av kansliet"), default=False)
    cast_at = models.DateTimeField(_("avgiven"), default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        ordering = ["vote", "partner__name"]
        constraints = [
            models.UniqueConstraint(fields=["vote", "partner"], name="one_ballot_per_partner"),
        ]
        verbose_name = _("röst")
        verbose_name_plural = _("röster")

    def __str__(self):
        return f"{self.vote}: {self.partner} {self.get_choice_display()}"


class ConflictDeclaration(models.Model):
    """A partner's declared conflict of interest (jäv) in a case (Bilaga 2, R13), and the chair's
    ruling on it. Until ruled otherwise, with a reason, the partner does not vote on the case; it
    still counts as present for quorum."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="conflicts")
    partner = models.ForeignKey("partnership.Partner", on_delete=models.PROTECT, related_name="+",
                                verbose_name=_("partner"))
    reason = models.TextField(_("skäl"))
    declared_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                    verbose_name=_("anmäld av"))
    declared_at = models.DateTimeField(_("anmäld"), default=timezone.now)
    # The ruling: None until the chair rules; True only with a reason (the default is no vote).
    may_vote = models.BooleanField(_("får rösta"), null=True, blank=True)
    ruling_reason = models.TextField(_("skäl för ordförandens beslut"), blank=True)
    ruled_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                 related_name="+", verbose_name=_("beslutat av"))
    ruled_at = models.DateTimeField(_("beslutat"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["case", "partner__name"]
        constraints = [
            models.UniqueConstraint(fields=["case", "partner"], name="one_conflict_per_partner_and_case"),
        ]
        verbose_name = _("jävsanmälan")
        verbose_name_plural = _("jävsanmälningar")

    def __str__(self):
        return f"{self.case}: {self.partner}"

    @property
    def rules_out(self) -> bool:
        """Whether the partner is kept from voting on the case (the default until ruled otherwise)."""
        return self.may_vote is not True


# The speakers' list (talarlista) -----------------------------------------------------------------


class SpeakerRequest(models.Model):
    """A representative asking for the floor on an agenda item, from their own device; the chair
    gives it in the order asked. One waiting request per person and item."""

    class State(models.TextChoices):
        WAITING = "waiting", _("Väntar")
        SPEAKING = "speaking", _("Har ordet")
        DONE = "done", _("Har talat")
        WITHDRAWN = "withdrawn", _("Återtagen")

    agenda_item = models.ForeignKey("meetings.AgendaItem", on_delete=models.PROTECT, related_name="speaker_requests",
                                    verbose_name=_("punkt på dagordningen"))
    partner = models.ForeignKey("partnership.Partner", on_delete=models.PROTECT, related_name="+",
                                verbose_name=_("partner"))
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                             verbose_name=_("representant"))
    state = models.CharField(_("status"), max_length=10, choices=State.choices, default=State.WAITING)
    requested_at = models.DateTimeField(_("begärde ordet"), default=timezone.now)
    given_at = models.DateTimeField(_("fick ordet"), null=True, blank=True)
    finished_at = models.DateTimeField(_("avslutad"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["agenda_item", "requested_at", "pk"]
        constraints = [
            # A double click leaves one request in the queue.
            models.UniqueConstraint(fields=["agenda_item", "user"], condition=models.Q(state__in=["waiting", "speaking"]),
                                    name="one_live_speaker_request_per_person"),
        ]
        verbose_name = _("begäran om ordet")
        verbose_name_plural = _("talarlista")

    def __str__(self):
        return f"{self.agenda_item}: {self.partner} ({self.get_state_display()})"

    ACTIONS = ("withdraw", "give", "finish")

    def refusal(self, action: str) -> str | None:
        """None when `action` may be taken on this request now, else the reason (translated)."""
        if action not in self.ACTIONS:
            raise ValueError(f"Unknown speaker request action: {action!r}")
        S = self.State
        if self.state == S.WITHDRAWN:
            return gettext("Begäran om ordet är återtagen.")
        if self.state == S.DONE:
            return gettext("Talaren har redan talat klart.")
        if action == "withdraw" and self.state == S.SPEAKING:
            return gettext("Ordet är redan givet; begäran kan inte längre tas tillbaka.")
        if action == "give" and self.state == S.SPEAKING:
            return gettext("Talaren har redan ordet.")
        if action == "finish" and self.state == S.WAITING:
            return gettext("Talaren har inte fått ordet än.")
        return None

    def check_allowed(self, action: str) -> None:
        reason = self.refusal(action)
        if reason:
            raise ValidationError(reason)

    def withdraw(self, now=None) -> None:
        self.check_allowed("withdraw")
        self.state = self.State.WITHDRAWN
        self.finished_at = now or timezone.now()

    def give(self, now=None) -> None:
        self.check_allowed("give")
        self.state = self.State.SPEAKING
        self.given_at = now or timezone.now()

    def finish(self, now=None) -> None:
        self.check_allowed("finish")
        self.state = self.State.DONE
        self.finished_at = now or timezone.now()


class SpeakersListClosing(models.Model):
    """The chair closed the speakers' list of an item: no new requests; those waiting still speak."""

    agenda_item = models.OneToOneField("meetings.AgendaItem", on_delete=models.PROTECT,
                                       related_name="speakers_closing", verbose_name=_("punkt på dagordningen"))
    closed_at = models.DateTimeField(_("stängd"), default=timezone.now)
    closed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                  verbose_name=_("stängd av"))
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("stängd talarlista")
        verbose_name_plural = _("stängda talarlistor")

    def __str__(self):
        return str(self.agenda_item)


# The voting roll as a decision (§ 5.2, R7) -----------------------------------------------------------


class RollProposal(models.Model):
    """The kansli's compiled list on a decision item: adopting the item fixes the year's voting
    roll (at the first meeting of the year) or adds partners to it during the year."""

    class Kind(models.TextChoices):
        FIX = "fix", _("Fastställande av röstlängden")
        ADD = "add", _("Nya partners på röstlängden")

    agenda_item = models.OneToOneField("meetings.AgendaItem", on_delete=models.PROTECT, related_name="roll_proposal",
                                       verbose_name=_("punkt på dagordningen"))
    kind = models.CharField(_("typ"), max_length=4, choices=Kind.choices)
    year = models.PositiveIntegerField(_("år"))
    partners = models.ManyToManyField("partnership.Partner", related_name="+", verbose_name=_("partners"))
    compiled_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                    verbose_name=_("sammanställd av"))
    compiled_at = models.DateTimeField(_("sammanställd"), default=timezone.now)
    # The roll it fixed, once the item was adopted.
    roll = models.ForeignKey("partnership.VotingRoll", on_delete=models.PROTECT, null=True, blank=True,
                             related_name="proposals", verbose_name=_("röstlängd"))
    history = HistoricalRecords(m2m_fields=[partners])

    class Meta:
        ordering = ["-year", "compiled_at"]
        verbose_name = _("förslag till röstlängd")
        verbose_name_plural = _("förslag till röstlängd")

    def __str__(self):
        return f"{self.get_kind_display()} {self.year}"


# The minutes (protokoll, § 3.2, § 7; R5, R12) ------------------------------------------------------


class Minutes(models.Model):
    """A meeting's minutes: drafted from the record, the prose edited by the kansli, finished
    (then published as finished, not yet approved) and approved at the next meeting. A finished
    text is never edited in place: each finishing or correction is a MinutesRevision."""

    class State(models.TextChoices):
        DRAFT = "draft", _("Utkast")
        FINISHED = "finished", _("Färdigställt, inte godkänt")
        APPROVED = "approved", _("Godkänt")

    meeting = models.OneToOneField("meetings.Meeting", on_delete=models.PROTECT, related_name="minutes",
                                   verbose_name=_("sammanträde"))
    state = models.CharField(_("status"), max_length=10, choices=State.choices, default=State.DRAFT)
    # The prose parts; everything else is drawn from the record.
    introduction = models.TextField(_("inledning"), blank=True)
    item_notes = models.JSONField(_("anteckningar per punkt"), default=dict, blank=True)
    closing = models.TextField(_("avslutning"), blank=True)
    keeper = models.CharField(_("protokollförare"), max_length=200, blank=True)
    adjuster = models.CharField(_("justerare"), max_length=200, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                   verbose_name=_("skapat av"))
    created_at = models.DateTimeField(_("skapat"), default=timezone.now)
    updated_at = models.DateTimeField(_("senast ändrat"), default=timezone.now)
    # The item "approval of the previous minutes" at the next meeting, and its outcome.
    approval_item = models.OneToOneField("meetings.AgendaItem", on_delete=models.PROTECT, null=True, blank=True,
                                         related_name="approves_minutes",
                                         verbose_name=_("punkt för godkännande"))
    approved_at = models.DateTimeField(_("godkänt"), null=True, blank=True)
    reminded_on = models.DateField(_("påminnelse skickad"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-meeting__starts_at"]
        verbose_name = _("protokoll")
        verbose_name_plural = _("protokoll")

    def __str__(self):
        return gettext("Protokoll från %(meeting)s") % {"meeting": self.meeting}

    def refusal(self, action: str) -> str | None:
        """Why the minutes cannot take `action` now (None if they can)."""
        if action in ("edit", "finish") and self.state != self.State.DRAFT:
            return gettext("Protokollet är färdigställt och ändras inte; rätta det med en ny "
                           "version och ett skäl.")
        if action == "correct" and self.state == self.State.DRAFT:
            return gettext("Protokollet är ett utkast; ändra det direkt.")
        if action == "approve" and self.state != self.State.FINISHED:
            return (gettext("Protokollet är redan godkänt.") if self.state == self.State.APPROVED
                    else gettext("Protokollet är inte färdigställt och kan inte godkännas än."))
        return None

    def check_allowed(self, action: str) -> None:
        reason = self.refusal(action)
        if reason:
            raise ValidationError(reason)

    def finish(self) -> None:
        self.check_allowed("finish")
        self.state = self.State.FINISHED

    def approve(self, now=None) -> None:
        self.check_allowed("approve")
        self.state = self.State.APPROVED
        self.approved_at = now or timezone.now()


def minutes_pdf_path(instance, filename):
    return f"protokoll/{instance.minutes.meeting_id}/{filename}"


class MinutesRevision(models.Model):
    """One finished text of the minutes: the first, or a correction with its reason. Its content
    is frozen at finishing (the record as it stood) and its PDF/A rendered from that."""

    minutes = models.ForeignKey(Minutes, on_delete=models.PROTECT, related_name="revisions")
    number = models.PositiveIntegerField(_("version"))
    reason = models.TextField(_("skäl till rättelsen"), blank=True)
    content = models.JSONField(_("innehåll"), default=dict)
    finished_at = models.DateTimeField(_("färdigställt"), default=timezone.now)
    finished_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                    verbose_name=_("färdigställt av"))
    pdf = models.FileField(_("PDF"), upload_to=minutes_pdf_path, blank=True)
    pdf_sha256 = models.CharField(max_length=64, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["minutes", "number"]
        constraints = [
            models.UniqueConstraint(fields=["minutes", "number"], name="one_minutes_revision_per_number"),
        ]
        verbose_name = _("protokollsversion")
        verbose_name_plural = _("protokollsversioner")

    def __str__(self):
        return gettext("%(minutes)s, version %(number)s") % {"minutes": self.minutes, "number": self.number}

    @property
    def download_name(self) -> str:
        return f"protokoll-{self.minutes.meeting.date:%Y-%m-%d}-v{self.number}.pdf"
