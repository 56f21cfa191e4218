"""The preparers' work on a case (issue 9 § 3): the inbox, working groups and expert panels,
consultations of the sectors, the proposal for decision, the agenda, corrections and withheld
attachments. The preparers are the kansli now and the AU's members later: every function asks
decisions.access.may_prepare, never who the user is."""

import datetime
from dataclasses import dataclass, field

from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Prefetch
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext

from decisions import notify, rule_change, services
from decisions.access import may_prepare
from decisions.models import Case, CaseDocument, Consultation, CoSignature, PreparationGroup
from decisions.services import TEMPLATE_FIELDS, upcoming_partnership_meetings
from meetings import services as meetings
from meetings.models import AgendaItem, Document, Meeting
from partnership.models import Partner, Sector
from swecan import rules
from swecan.arbetsordning import Timeline, parameters_in_force
from swecan.audit import attributed, saved_unless_taken

# What a correction may change: the template, a rule change's text and numbers included.
CORRECTABLE_FIELDS = TEMPLATE_FIELDS
# A correction that touches these judges the rule change again (decisions/rule_change.py).
RULE_CHANGE_FIELDS = {"kind", "proposed_text", "proposed_parameters"}

# The inbox's groups, in the order a case moves through them.
OPEN_STATES = (Case.State.RECEIVED, Case.State.IN_PREPARATION, Case.State.PREPARED, Case.State.ON_AGENDA)
CLOSED_STATES = (Case.State.DECIDED, Case.State.WITHDRAWN)


def _check_preparer(by) -> None:
    if not may_prepare(by):
        raise PermissionDenied(gettext("Bara den som bereder ärenden kan göra det här."))


def _locked(case: Case) -> Case:
    return Case.objects.select_for_update().get(pk=case.pk)


def preparation_refusal(case: Case) -> str | None:
    """Why the preparation's own work (a group, the proposal) cannot be done now, or None.
    Case.ACTIONS has no action for it (the models are settled): it is the work between
    "start preparation" and the agenda, so a case in preparation or prepared."""
    if case.state in (Case.State.IN_PREPARATION, Case.State.PREPARED):
        return None
    if case.state == Case.State.RECEIVED:
        return gettext("Börja beredningen av ärendet först.")
    if case.state == Case.State.DRAFT:
        return gettext("Ärendet är ett utkast och har inte lämnats in.")
    if case.state == Case.State.ON_AGENDA:
        return gettext("Ärendet står på dagordningen. Beredningen är avslutad.")
    return case.refusal("decide")  # withdrawn or decided: the model says which


# Reads ---------------------------------------------------------------------------------


@dataclass
class InboxRow:
    case: Case
    partners: list  # the submitting partner, then those that confirmed co-signing
    deadlines: dict | None  # meetings.services.deadlines of the target meeting
    consultations: list  # not summarised yet, by deadline

    @property
    def is_queued(self) -> bool:
        """Received and waiting: late for every meeting planned so far (R2, never lost)."""
        return self.case.target_meeting_id is None and self.case.state != Case.State.WITHDRAWN


@dataclass
class InboxGroup:
    state: str
    label: str
    rows: list = field(default_factory=list)


def preparation_inbox(*, closed: bool = False) -> list[InboxGroup]:
    """Received cases by state, each group in the order of its meeting's deadlines (queued cases
    last), in a fixed number of queries however many cases there are."""
    states = CLOSED_STATES if closed else OPEN_STATES
    cases = (
        Case.objects.filter(state__in=states)
        .select_related("partner", "target_meeting", "preparation_group")
        .prefetch_related(
            Prefetch("cosignatures", queryset=CoSignature.objects.select_related("partner")),
            Prefetch("consultations", to_attr="pending_consultations",
                     queryset=Consultation.objects.filter(summarised_at__isnull=True).order_by("deadline")),
        )
    )
    timeline = Timeline()
    by_meeting: dict[int, dict] = {}
    groups = {state: InboxGroup(state, Case.State(state).label) for state in states}
    for case in cases:
        meeting = case.target_meeting
        if meeting is not None and meeting.pk not in by_meeting:
            by_meeting[meeting.pk] = meetings.deadlines(meeting, timeline)
        partners = [case.partner] + [c.partner for c in case.cosignatures.all() if c.is_confirmed]
        groups[case.state].rows.append(InboxRow(case, partners, by_meeting.get(meeting.pk) if meeting else None,
                                                case.pending_consultations))
    latest = datetime.datetime.max.replace(tzinfo=datetime.UTC)
    for group in groups.values():
        group.rows.sort(key=lambda row: (
            row.case.target_meeting is None,
            row.case.target_meeting.starts_at if row.case.target_meeting else latest,
            row.case.year or 0, row.case.number or 0))
    return list(groups.values())


@dataclass
class Version:
    number: int
    record: object  # the case's first history record of this version
    reason: str
    changed: list  # (label, earlier text) of the fields this version changed


def case_versions(case: Case) -> list[Version]:
    """Each version of a received case: when and by whom it was made, the reason given and the
    fields it changed, from the history (a correction is a new version with a reason)."""
    records = list(case.history.select_related("history_user").order_by("history_date", "history_id"))
    versions: list[Version] = []
    previous = None
    for record in records:
        if record.submitted_on is None:
            previous = record  # a draft's saves are the partner's own, before the case was received
            continue
        if not versions or record.version != versions[-1].number:
            changed = []
            if versions and previous is not None:
                for name in CORRECTABLE_FIELDS:
                    before, after = getattr(previous, name), getattr(record, name)
                    if before != after:
                        changed.append((Case._meta.get_field(name).verbose_name, _shown(case, name, before)))
            versions.append(Version(record.version, record, record.history_change_reason or "", changed))
        previous = record
    return versions


def _shown(case: Case, name: str, value) -> str:
    if isinstance(value, dict):  # a rule change's numbers
        return "; ".join(f"{rule_change.LABELS.get(k, k)}: {rule_change.display(k, v)}" for k, v in value.items())
    choices = dict(Case._meta.get_field(name).flatchoices)
    return str(choices.get(value, value)) if choices else value


@dataclass
class AgendaChoice:
    meeting: Meeting
    verdict: rules.Verdict  # R2: is the case in time for this meeting's kallelse?


def agenda_choices(case: Case) -> list[AgendaChoice]:
    """The upcoming partnership meetings whose agenda can still be changed, each with whether
    the case was submitted in time for its kallelse (R2, by the version in force that day)."""
    params = parameters_in_force(case.submitted_on)
    return [AgendaChoice(m, rules.check_case_submission(case.submitted_on, m.notice_date, params))
            for m in upcoming_partnership_meetings(timezone.localdate()) if "edit_agenda" in m.allows]


def public_documents(case: Case) -> list[CaseDocument]:
    """The attachments that go out with the kallelse: not withheld."""
    return [d for d in case.documents.all() if d.is_public]


def meeting_copies(document: CaseDocument):
    """The meeting documents made from this attachment when its case went onto an agenda."""
    return Document.objects.filter(file=document.file.name).select_related("meeting")


@dataclass
class ConsultationOverview:
    answers: list  # ConsultationAnswer, by partner name
    silent: list  # partners of the consulted sectors without an answer


def consultation_overview(consultation: Consultation) -> ConsultationOverview:
    """Every answer, and the partners of the consulted sectors that have not answered."""
    answers = list(consultation.answers.select_related("partner", "answered_by").order_by("partner__name"))
    answered = {a.partner_id for a in answers}
    silent = [p for p in Partner.objects.public().filter(sector__in=consultation.sectors).order_by("sector", "name")
              if p.pk not in answered]
    return ConsultationOverview(answers, silent)


def sector_labels(sectors) -> list[str]:
    return [str(Sector(s).label) for s in rules.SECTORS if s in sectors]


# Changes -------------------------------------------------------------------------------


@transaction.atomic
def case_start_preparation(*, by, case: Case) -> Case:
    """Received → in preparation."""
    _check_preparer(by)
    case = _locked(case)
    case.start_preparation()
    attributed(case, by).save()
    return case


@transaction.atomic
def preparation_group_save(*, by, fields: dict, group: PreparationGroup | None = None) -> PreparationGroup:
    """A working group or expert panel: a name, its kind and its members, one per line."""
    _check_preparer(by)
    name = str(fields.get("name", "")).strip()
    kind = fields.get("kind") or PreparationGroup.Kind.WORKING_GROUP
    members = "\n".join(line.strip() for line in str(fields.get("members", "")).splitlines() if line.strip())
    errors = {}
    if not name:
        errors["name"] = gettext("Ge gruppen ett namn.")
    if kind not in PreparationGroup.Kind.values:
        errors["kind"] = gettext("Välj arbetsgrupp eller expertpanel.")
    taken = PreparationGroup.objects.filter(name__iexact=name)
    if group is not None:
        taken = taken.exclude(pk=group.pk)
    if name and taken.exists():
        errors["name"] = gettext("Det finns redan en grupp som heter %(name)s.") % {"name": name}
    if errors:
        raise ValidationError(errors)
    if group is None:
        group = PreparationGroup(created_by=by)
    else:
        group = PreparationGroup.objects.select_for_update().get(pk=group.pk)
    group.name, group.kind, group.members = name, kind, members
    group.full_clean(exclude=["created_by", "name"])
    if not saved_unless_taken(attributed(group, by)):
        raise ValidationError({"name": gettext("Det finns redan en grupp som heter %(name)s.") % {"name": name}})
    return group


# Which groups may take a case. The AU sets groups up in nominations (with the kansli's agreement
# and, for a permanent one, the partnership's decision), an app built on this one: it registers
# here, from its AppConfig.ready(), a function(groups, day) -> {group pk: GroupStanding} for the
# groups it knows. A group nobody knows (kept from before the AU) stands as it is.


@dataclass(frozen=True)
class GroupStanding:
    refusal: str | None = None  # why it cannot take a case now, None when it can
    url: str = ""  # its page, where it is set up


_GROUP_STANDINGS: list = []


def on_group_standing(function) -> None:
    if function not in _GROUP_STANDINGS:
        _GROUP_STANDINGS.append(function)


def group_standings(groups, day: datetime.date | None = None) -> dict[int, GroupStanding]:
    """{pk: GroupStanding} for each of `groups`, in one query per registered app."""
    groups = list(groups)
    day = day or timezone.localdate()
    known: dict[int, GroupStanding] = {}
    for function in _GROUP_STANDINGS:
        known.update(function(groups, day))
    return {group.pk: known.get(group.pk, GroupStanding()) for group in groups}


def assignable_groups(day: datetime.date | None = None) -> list[PreparationGroup]:
    """The groups a case may be given to now."""
    groups = list(PreparationGroup.objects.order_by("name"))
    standings = group_standings(groups, day)
    return [group for group in groups if standings[group.pk].refusal is None]


@transaction.atomic
def case_assign_group(*, by, case: Case, group: PreparationGroup | None) -> Case:
    """Give the case to a working group or expert panel for preparation (None: to none), one
    that may take it now (set up, not ended)."""
    _check_preparer(by)
    case = _locked(case)
    if reason := preparation_refusal(case):
        raise ValidationError(reason)
    if group is not None and (refusal := group_standings([group])[group.pk].refusal):
        raise ValidationError({"group": refusal})
    case.preparation_group = group
    attributed(case, by).save()
    return case


@transaction.atomic
def consultation_open(*, by, case: Case, question: str, sectors, deadline: datetime.date) -> Consultation:
    """Send a question on a case in preparation to the partners of one or more sectors; their
    representatives are e-mailed and answer in the portal until the deadline."""
    _check_preparer(by)
    case = _locked(case)
    case.check_allowed("consult")
    question = (question or "").strip()
    chosen = [s for s in rules.SECTORS if s in set(sectors or ())]
    errors = {}
    if not question:
        errors["question"] = gettext("Skriv frågan som sektorerna ska svara på.")
    if set(sectors or ()) - set(rules.SECTORS):
        errors["sectors"] = gettext("Välj bland partnerskapets fem sektorer.")
    elif not chosen:
        errors["sectors"] = gettext("Välj minst en sektor.")
    today = timezone.localdate()
    if deadline is None:
        errors["deadline"] = gettext("Ange sista svarsdag.")
    elif deadline < today:
        errors["deadline"] = gettext("Sista svarsdag kan inte ha passerat. I dag är det den %(today)s.") % {
            "today": date_format(today, "j F Y")}
    if errors:
        raise ValidationError(errors)
    consultation = attributed(Consultation(case=case, question=question, sectors=chosen, deadline=deadline,
                                           opened_by=by), by)
    consultation.save()
    # The e-mails go into the outbox in this transaction: a rollback sends nothing.
    notify.consultation_opened(consultation, by=by)
    return consultation


@transaction.atomic
def consultation_summarise(*, by, consultation: Consultation, summary: str) -> Consultation:
    """The preparers' summary of the answers, once the answering time is over; from then on the
    answers can be read side by side by everyone signed in."""
    _check_preparer(by)
    consultation = Consultation.objects.select_for_update().get(pk=consultation.pk)
    summary = (summary or "").strip()
    if consultation.is_open():
        raise ValidationError(gettext(
            "Remissen är öppen för svar till och med den %(day)s. Sammanfatta svaren när svarstiden har gått ut.")
            % {"day": date_format(consultation.deadline, "j F Y")})
    if not summary:
        raise ValidationError({"summary": gettext("Skriv en sammanfattning av svaren.")})
    consultation.summary = summary
    if not consultation.is_summarised:
        consultation.summarised_by, consultation.summarised_at = by, timezone.now()
    attributed(consultation, by).save()
    return consultation


@transaction.atomic
def case_proposal_save(*, by, case: Case, text: str) -> Case:
    """The preparation's proposal for decision: what the meeting is asked to decide."""
    _check_preparer(by)
    case = _locked(case)
    if reason := preparation_refusal(case):
        raise ValidationError(reason)
    text = (text or "").strip()
    if not text:
        raise ValidationError({"decision_proposal": gettext("Skriv förslaget till beslut.")})
    case.decision_proposal = text
    attributed(case, by).save()
    return case


@transaction.atomic
def case_mark_prepared(*, by, case: Case) -> Case:
    """In preparation → prepared: only with a proposal for decision to put to the meeting."""
    _check_preparer(by)
    case = _locked(case)
    case.check_allowed("mark_prepared")
    if not case.decision_proposal.strip():
        raise ValidationError({"decision_proposal": gettext(
            "Skriv förslaget till beslut innan ärendet markeras som berett. Det är förslaget som sammanträdet ska "
            "besluta om.")})
    case.mark_prepared()
    attributed(case, by).save()
    return case


@transaction.atomic
def case_put_on_agenda(*, by, case: Case, meeting: Meeting) -> Case:
    """A prepared case becomes a decision item on a partnership meeting's agenda, with the
    proposal for decision as its description and its public attachments as the item's
    documents, so that the kallelse carries them. After the kallelse the meetings' own rules
    mark the item as added after the notice and the documents as late."""
    _check_preparer(by)
    case = _locked(case)
    case.check_allowed("put_on_agenda")
    meeting = Meeting.objects.get(pk=meeting.pk)
    choice = next((c for c in agenda_choices(case) if c.meeting.pk == meeting.pk), None)
    if choice is None:
        raise ValidationError({"meeting": gettext(
            "Välj ett kommande sammanträde i partnerskapet vars dagordning fortfarande kan ändras.")})
    if not choice.verdict:
        raise ValidationError({"meeting": choice.verdict.reason})
    title = f"{case.reference} {case.title}"[:AgendaItem._meta.get_field("title").max_length]
    item = meetings.agenda_item_add(by=by, meeting=meeting, title=title, kind=AgendaItem.Kind.DECISION,
                                    presenter="", description=case.decision_proposal)
    meeting = item.meeting  # locked by agenda_item_add
    for document in public_documents(case):
        # The stored file is the case's own: the meeting refers to it, nothing is uploaded again.
        attributed(Document(
            meeting=meeting, agenda_item=item, title=document.title, file=document.file.name,
            original_name=document.original_name, file_type=document.file_type, size=document.size,
            sha256=document.sha256, is_late=meeting.notice_is_sent, is_public=True, uploaded_by=by,
        ), by).save()
    case.agenda_item = item
    case.target_meeting = meeting
    case.put_on_agenda()
    attributed(case, by).save()
    return case


@transaction.atomic
def case_correct(*, by, case: Case, fields: dict, reason: str) -> Case:
    """A received case is corrected, never edited: a new version, with the reason kept in its
    history record."""
    _check_preparer(by)
    unknown = set(fields) - set(CORRECTABLE_FIELDS)
    if unknown:
        raise ValueError(f"Not correctable fields: {sorted(unknown)}")
    case = _locked(case)
    case.check_allowed("correct")
    reason = (reason or "").strip()
    errors = {}
    if not reason:
        errors["reason"] = gettext("Ange skälet till rättelsen. Det visas tillsammans med versionen.")
    changed = [name for name, value in fields.items() if getattr(case, name) != value]
    for name in changed:
        setattr(case, name, fields[name])
    for name in Case.REQUIRED_FIELDS:
        if not str(getattr(case, name) or "").strip():
            errors[name] = gettext("Ett inlämnat ärende måste ha fältet ifyllt.")
    if RULE_CHANGE_FIELDS & set(changed):
        errors.update(services._rule_change_refusals(case))
    if not changed and not errors:
        errors[NON_FIELD_ERRORS] = gettext("Inget har ändrats. En rättelse måste ändra minst ett fält.")
    if errors:
        raise ValidationError(errors)
    case.full_clean(exclude=["partner", "created_by", "target_meeting", "preparation_group", "agenda_item"])
    case.version += 1
    case._change_reason = reason
    attributed(case, by).save()
    return case


@transaction.atomic
def case_document_withhold(*, by, document: CaseDocument, reason: str) -> CaseDocument:
    """Withhold an attachment (secrecy, personal data): from now on only the kansli sees it. A
    copy already sent out with a meeting's documents is withdrawn there with the same reason,
    while that meeting can still be changed."""
    _check_preparer(by)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": gettext("Ange skälet till att bilagan inte visas.")})
    document = CaseDocument.objects.select_for_update().get(pk=document.pk)
    if not document.is_public:
        raise ValidationError(gettext("Bilagan visas redan bara för kansliet."))
    document.is_public = False
    document.withheld_reason, document.withheld_by, document.withheld_at = reason, by, timezone.now()
    attributed(document, by).save()
    for copy in meeting_copies(document).filter(withdrawn_at__isnull=True):
        if copy.meeting.refusal("upload_document") is None:
            meetings.document_withdraw(by=by, document=copy, reason=reason)
    return document


@transaction.atomic
def case_document_release(*, by, document: CaseDocument) -> CaseDocument:
    """Show a withheld attachment again (the history keeps why it was withheld)."""
    _check_preparer(by)
    document = CaseDocument.objects.select_for_update().get(pk=document.pk)
    if document.is_public:
        raise ValidationError(gettext("Bilagan visas redan."))
    document.is_public = True
    document.withheld_reason, document.withheld_by, document.withheld_at = "", None, None
    attributed(document, by).save()
    return document
