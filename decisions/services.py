"""Every change to cases goes through a function here (see partnership/services.py)."""

import datetime
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Exists, F, OuterRef, Prefetch, Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext

from decisions import notify, rule_change
from decisions.access import (
    may_answer_consultation,
    may_confirm_cosignature,
    may_prepare,
    may_withdraw_case,
    may_write_case,
)
from decisions.models import (
    Case,
    CaseDocument,
    CaseNumberSeries,
    Consultation,
    ConsultationAnswer,
    CoSignature,
)
from decisions.timing import Timing, meeting_in_time_for
from meetings.models import Meeting
from meetings.services import checked_upload
from partnership.models import Partner
from partnership.services import voting_roll_on
from swecan import rules
from swecan.arbetsordning import parameters_in_force, version_in_force
from swecan.audit import attributed, saved_unless_taken

# The template's fields a representative writes (the rest is the case's record).
TEMPLATE_FIELDS = ("title", "background", "problem_or_opportunity", "proposal", "justification", "goals",
                   "strategy_area", "consequences", "kind",
                   # a change of the arbetsordning (§ 9): the new text and the changed numbers
                   "proposed_text", "proposed_parameters", "proposed_effective_from")


@dataclass(frozen=True)
class Submission:
    """A received case and what the portal tells its submitter: the meeting it is in time for
    and why (timing.verdict), or that it waits for the next meeting planned (timing.meeting None)."""

    case: Case
    timing: Timing


# Reads ---------------------------------------------------------------------------------


def upcoming_partnership_meetings(after: datetime.date):
    """Partnership meetings after `after` that can still take cases: planned or noticed."""
    return Meeting.objects.filter(
        body=Meeting.Body.PARTNERSHIP, state__in=[Meeting.State.PLANNED, Meeting.State.NOTICED],
        starts_at__gte=timezone.make_aware(datetime.datetime.combine(
            after + datetime.timedelta(days=1), datetime.time.min)),
    ).order_by("starts_at")


def timing_for(submitted_on: datetime.date) -> Timing:
    """Which meeting a case submitted on `submitted_on` is in time for, by the version of the
    arbetsordning in force that day and each meeting's notice date (actual once sent)."""
    return meeting_in_time_for(submitted_on, upcoming_partnership_meetings(submitted_on),
                               parameters_in_force(submitted_on))


def _missing_fields(case: Case) -> dict:
    missing = {name: gettext("Fyll i fältet innan ärendet lämnas in.")
               for name in Case.REQUIRED_FIELDS if not str(getattr(case, name) or "").strip()}
    return {**_rule_change_refusals(case), **missing}


def _next_number(year: int) -> int:
    """The next reference number of `year`, under a row lock: never given twice, never reused."""
    CaseNumberSeries.objects.get_or_create(year=year)
    series = CaseNumberSeries.objects.select_for_update().get(year=year)
    series.last_number += 1
    series.save(update_fields=["last_number"])
    return series.last_number


# Changes -------------------------------------------------------------------------------


@transaction.atomic
def case_draft_save(*, by, partner: Partner, fields: dict, case: Case | None = None) -> Case:
    """Save a draft (new, or the partner's own draft resumed); nothing is checked for
    completeness until the case is submitted."""
    if not may_write_case(by, partner):
        raise PermissionDenied(gettext("Du kan inte skriva ärenden för den här partnern."))
    unknown = set(fields) - set(TEMPLATE_FIELDS)
    if unknown:
        raise ValueError(f"Not template fields: {sorted(unknown)}")
    if case is None:
        case = Case(partner=partner, created_by=by)
    else:
        case = Case.objects.select_for_update().get(pk=case.pk)
        if case.partner_id != partner.pk:
            raise PermissionDenied(gettext("Ärendet tillhör en annan partner."))
        case.check_allowed("edit")
    for name, value in fields.items():
        setattr(case, name, value)
    _start_from_text_in_force(case)
    if not case.title.strip():
        raise ValidationError({"title": gettext("Ge ärendet en rubrik, så att utkastet kan hittas igen.")})
    case.full_clean(exclude=["partner", "created_by", "target_meeting"])
    attributed(case, by).save()
    return case


def _start_from_text_in_force(case: Case) -> None:
    """A proposed change of the arbetsordning is written in the text in force, so that its diff
    shows only what it changes: a rule-change draft without a text gets that text to edit, and
    a draft turned ordinary again drops it if it was left as it came."""
    version = version_in_force(timezone.localdate())
    if version is None:
        return
    if case.kind == Case.Kind.RULE_CHANGE and not case.proposed_text.strip():
        case.proposed_text = version.text
    elif case.kind == Case.Kind.ORDINARY and case.proposed_text == version.text:
        case.proposed_text = ""


@transaction.atomic
def case_submit(*, by, case: Case) -> Submission:
    """Draft → received: the case gets its reference and the meeting it is in time for; a case
    late for every planned meeting is received all the same and waits (target None)."""
    case = Case.objects.select_for_update().get(pk=case.pk)
    if not may_write_case(by, case.partner_id):
        raise PermissionDenied(gettext("Du kan inte lämna in ärenden för den här partnern."))
    case.check_allowed("submit")
    missing = _missing_fields(case)
    if missing:
        raise ValidationError(missing)
    today = timezone.localdate()
    # The meetings it is timed against stay as they are until this commits: a kallelse sent
    # at the same moment waits, then its re-targeting (decisions/schedule.py) sees this case.
    list(upcoming_partnership_meetings(today).select_for_update())
    case.receive(on=today, year=today.year, number=_next_number(today.year))
    timing = timing_for(today)
    case.target_meeting = timing.meeting
    attributed(case, by).save()
    notify.case_received(case, timing, by)
    return Submission(case, timing)


@transaction.atomic
def case_cosign_request(*, by, case: Case, partner: Partner) -> CoSignature:
    """Ask another partner on the roll to co-sign; it counts once that partner confirms."""
    case = Case.objects.select_for_update().get(pk=case.pk)
    if not may_write_case(by, case.partner_id):
        raise PermissionDenied(gettext("Du kan inte begära medundertecknare för den här partnern."))
    case.check_allowed("request_cosign")
    if partner.pk == case.partner_id:
        raise ValidationError({"partner": gettext("Den inlämnande partnern kan inte medunderteckna sitt "
                                                  "eget ärende.")})
    if not voting_roll_on(timezone.localdate()).filter(pk=partner.pk).exists():
        raise ValidationError({"partner": gettext("Medundertecknaren måste vara en partner som står i röstlängden.")})
    cosignature = attributed(CoSignature(case=case, partner=partner, requested_by=by), by)
    if CoSignature.objects.filter(case=case, partner=partner).exists() or not saved_unless_taken(cosignature):
        raise ValidationError({"partner": gettext("%(partner)s är redan tillfrågad.") % {"partner": partner.name}})
    notify.cosign_requested(cosignature, by)
    return cosignature


@transaction.atomic
def case_cosign_confirm(*, by, cosignature: CoSignature) -> CoSignature:
    """The co-signing partner confirms from its own account: the case is now theirs too."""
    cosignature = CoSignature.objects.select_for_update().select_related("case").get(pk=cosignature.pk)
    if not may_confirm_cosignature(by, cosignature):
        raise PermissionDenied(gettext("Bara en företrädare för den medundertecknande partnern kan "
                                       "bekräfta."))
    cosignature.case.check_allowed("confirm_cosign")
    if cosignature.is_confirmed:
        raise ValidationError(gettext("Medundertecknandet är redan bekräftat."))
    cosignature.confirmed_by = by
    cosignature.confirmed_at = timezone.now()
    attributed(cosignature, by).save()
    return cosignature


@transaction.atomic
def case_withdraw(*, by, case: Case) -> Case:
    """The submitters take their case back before it is decided; its reference stays taken."""
    case = Case.objects.select_for_update().get(pk=case.pk)
    if not may_withdraw_case(by, case):
        raise PermissionDenied(gettext("Bara den inlämnande partnern kan återkalla ärendet."))
    case.withdraw()
    attributed(case, by).save()
    return case


# Representatives' pages (reads) -------------------------------------------------------------


@dataclass
class PartnerCases:
    """What /mina-arenden/ shows a partner: its cases and drafts (and those it co-signed), each
    with `next_step`; the co-signing requests waiting for it; the open consultations of its sector,
    each with `answered`; and `timing`: the meeting a case submitted today would be in time for."""

    partner: Partner
    cases: list
    cosign_requests: list
    consultations: list
    timing: Timing


def _day(day: datetime.date) -> str:
    return date_format(day, "j F Y")


def next_step(case: Case, timing_today: Timing) -> str:
    """What happens next to the case, in words (`timing_today` says where a draft would go)."""
    S = Case.State
    if case.state == S.DRAFT:
        if timing_today.meeting is not None:
            return gettext("Utkast: fyll i och lämna in. Lämnas det in senast den %(deadline)s hinner det till "
                           "sammanträdet den %(meeting)s.") % {
                "deadline": _day(timing_today.verdict.params["deadline"]),
                "meeting": _day(timing_today.meeting.date)}
        return gettext("Utkast: fyll i och lämna in.")
    if case.state == S.RECEIVED:
        if case.target_meeting is not None:
            return gettext("Inkommet: väntar på beredning och hinner till sammanträdet den %(meeting)s.") % {
                "meeting": _day(case.target_meeting.date)}
        return gettext("Inkommet: hann inte till något planerat sammanträde och tas upp vid det första "
                       "sammanträde som det hinner till, när ett sådant har planerats.")
    if case.state == S.IN_PREPARATION:
        return gettext("Under beredning: ett förslag till beslut tas fram.")
    if case.state == S.PREPARED:
        if case.target_meeting is not None:
            return gettext("Berett: väntar på att föras upp på dagordningen för sammanträdet den %(meeting)s.") % {
                "meeting": _day(case.target_meeting.date)}
        return gettext("Berett: väntar på att föras upp på dagordningen för ett kommande sammanträde.")
    if case.state == S.ON_AGENDA:
        meeting = case.agenda_item.meeting if case.agenda_item_id else case.target_meeting
        if meeting is not None:
            return gettext("På dagordningen: tas upp vid sammanträdet den %(meeting)s.") % {"meeting": _day(meeting.date)}
        return gettext("På dagordningen.")
    if case.state == S.DECIDED:
        return gettext("Beslutat.")
    return gettext("Återkallat den %(day)s.") % {"day": _day(timezone.localdate(case.withdrawn_at))} \
        if case.withdrawn_at else gettext("Återkallat.")


def partner_cases(partner: Partner, today: datetime.date | None = None) -> PartnerCases:
    """The reads behind /mina-arenden/, in a fixed number of queries however many cases."""
    today = today or timezone.localdate()
    timing = timing_for(today)
    cases = list(
        Case.objects.filter(Q(partner=partner)
                            | Q(cosignatures__partner=partner, cosignatures__confirmed_at__isnull=False))
        .distinct()
        .select_related("partner", "target_meeting", "agenda_item__meeting")
        .prefetch_related(Prefetch("cosignatures", queryset=CoSignature.objects.select_related("partner")))
        # drafts first (no number yet), then the newest reference
        .order_by(F("year").desc(nulls_first=True), F("number").desc(nulls_first=True), "-created_at", "-pk")
    )
    for case in cases:
        case.next_step = next_step(case, timing)
        case.is_own = case.partner_id == partner.pk
        case.waiting_cosigners = [c.partner for c in case.cosignatures.all() if not c.is_confirmed]
    return PartnerCases(partner, cases, list(_cosign_requests(partner)), _open_consultations(partner, today),
                        timing)


def _cosign_requests(partner: Partner):
    """Requests to co-sign that this partner has not confirmed, on cases that can still take them."""
    return (CoSignature.objects.filter(partner=partner, confirmed_at__isnull=True)
            .exclude(case__state__in=[Case.State.WITHDRAWN, Case.State.DECIDED])
            .select_related("case__partner", "requested_by").order_by("requested_at"))


def _open_consultations(partner: Partner, today: datetime.date) -> list:
    """Consultations of the partner's sector still taking answers, each with `answered`."""
    answered = ConsultationAnswer.objects.filter(consultation=OuterRef("pk"), partner=partner)
    open_now = (Consultation.objects.filter(deadline__gte=today, summarised_at__isnull=True)
                .annotate(answered=Exists(answered)).select_related("case").order_by("deadline", "pk"))
    # Few are open at a time; containment in a JSON list is not portable to SQLite.
    return [c for c in open_now if partner.sector in c.sectors]


def waiting_for_partner(partner: Partner, today: datetime.date | None = None) -> dict:
    """The dashboard's counts: co-signing requests to confirm, open consultations unanswered."""
    today = today or timezone.localdate()
    return {"cosign_requests": _cosign_requests(partner).count(),
            "consultations": sum(1 for c in _open_consultations(partner, today) if not c.answered)}


def submission_timing(case: Case) -> Timing:
    """The receipt's answer, however long after: the meeting the case is in time for (its
    target, which a changed schedule may have moved on) and why, by the version in force on
    the day it was received, and the meetings before it that it came too late for, with
    their verdicts. A queued case (no target) names every meeting it was too late for."""
    params = parameters_in_force(case.submitted_on)
    meetings = Meeting.objects.filter(
        body=Meeting.Body.PARTNERSHIP,
        starts_at__gte=timezone.make_aware(datetime.datetime.combine(
            case.submitted_on + datetime.timedelta(days=1), datetime.time.min)),
    ).order_by("starts_at")
    target = case.target_meeting
    if target is not None:
        meetings = meetings.filter(starts_at__lt=target.starts_at)
    missed = []
    for meeting in meetings:
        verdict = rules.check_case_submission(case.submitted_on, meeting.notice_date, params)
        if not verdict:
            missed.append((meeting, verdict))
    verdict = rules.check_case_submission(case.submitted_on, target.notice_date, params) if target else None
    return Timing(target, verdict, missed)


def cosigner_choices(case: Case) -> list[Partner]:
    """The partners a case's submitter can ask to co-sign: on today's roll, not the submitter,
    not asked already."""
    asked = CoSignature.objects.filter(case=case).values("partner_id")
    return list(voting_roll_on(timezone.localdate()).exclude(pk=case.partner_id).exclude(pk__in=asked)
                .order_by("name"))


def attach_refusal(user, case: Case) -> str | None:
    """None when `user` may attach a file to the case now, else the reason. Its own partner
    attaches while the case is a draft or just received; once preparation begins, material goes
    through the preparers, who attach whenever the case still allows it."""
    if not may_prepare(user) and not may_write_case(user, case.partner_id):
        return gettext("Bara den inlämnande partnern kan lägga till bilagor.")
    if reason := case.refusal("attach"):
        return reason
    if not may_prepare(user) and case.state not in (Case.State.DRAFT, Case.State.RECEIVED):
        return gettext("Ärendet bereds. Skicka nya underlag till kansliet.")
    return None


def _rule_change_refusals(case: Case) -> dict:
    """A change of the arbetsordning changes its text or numbers, judged against the version in
    force on the day of submission; an ordinary case proposes neither."""
    if case.kind == Case.Kind.RULE_CHANGE:
        try:
            rule_change.clean_parameters(case.proposed_parameters or {}, text=case.proposed_text or "")
        except ValidationError as exc:
            return exc.message_dict
        return {}
    if case.proposed_text.strip() or case.proposed_parameters:
        return {"kind": gettext("Ärendet föreslår en ny lydelse av arbetsordningen eller ändrade värden. Välj "
                                "typen ”Ändring av arbetsordningen” eller töm de fälten.")}
    return {}


# Representatives' changes: attachments and consultation answers ------------------------------


@transaction.atomic
def case_document_add(*, by, case: Case, title: str, uploaded) -> CaseDocument:
    """Attach a file to a case (the meeting documents' checks), when attach_refusal allows."""
    case = Case.objects.select_for_update().get(pk=case.pk)
    if not may_prepare(by) and not may_write_case(by, case.partner_id):
        raise PermissionDenied(gettext("Bara den inlämnande partnern kan lägga till bilagor."))
    if reason := attach_refusal(by, case):
        raise ValidationError(reason)
    if not title.strip():
        raise ValidationError({"title": gettext("Ge bilagan en titel.")})
    file_type, sha256 = checked_upload(uploaded)
    document = attributed(CaseDocument(case=case, title=title.strip(), file=uploaded,
                                       original_name=uploaded.name[:255], file_type=file_type,
                                       size=uploaded.size, sha256=sha256, uploaded_by=by), by)
    document.save()
    return document


def answer_token(answer: ConsultationAnswer | None) -> str:
    """Which answer a form was shown ("" for none), so that a change meanwhile is noticed."""
    return f"{answer.pk}:{answer.updated_at.isoformat()}" if answer else ""


@transaction.atomic
def consultation_answer_set(*, by, consultation: Consultation, partner: Partner, text: str,
                            seen: str | None = None) -> ConsultationAnswer:
    """The partner's one answer, written or changed until the deadline. With `seen` (an
    answer_token), an answer another representative of the partner wrote meanwhile is not
    overwritten unseen: the second writer is told and keeps their text."""
    consultation = Consultation.objects.select_for_update().get(pk=consultation.pk)
    if not may_answer_consultation(by, consultation, partner):
        raise PermissionDenied(gettext("Remissen gäller inte din partners sektor."))
    if reason := consultation.answer_refusal():
        raise ValidationError({"text": reason})
    if not text.strip():
        raise ValidationError({"text": gettext("Skriv ert svar.")})
    taken = gettext("Någon annan hos er har sparat ett svar under tiden. Läs det nedan. Spara igen om ert "
                    "svar ska ersätta det.")
    answer = ConsultationAnswer.objects.filter(consultation=consultation, partner=partner).first()
    if seen is not None and seen != answer_token(answer):
        raise ValidationError({"text": taken})
    now = timezone.now()
    if answer is None:
        answer = attributed(ConsultationAnswer(consultation=consultation, partner=partner, text=text.strip(),
                                               answered_by=by, answered_at=now, updated_at=now), by)
        if not saved_unless_taken(answer):
            raise ValidationError({"text": taken})
        return answer
    answer.text, answer.answered_by, answer.updated_at = text.strip(), by, now
    attributed(answer, by).save(update_fields=["text", "answered_by", "updated_at"])
    return answer
