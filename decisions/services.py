"""Every change to cases goes through a function here (see partnership/services.py)."""

import datetime
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from decisions.access import may_confirm_cosignature, may_withdraw_case, may_write_case
from decisions.models import Case, CaseNumberSeries, CoSignature
from decisions.timing import Timing, meeting_in_time_for
from meetings.models import Meeting
from partnership.models import Partner
from partnership.services import voting_roll_on
from swecan.arbetsordning import parameters_in_force
from swecan.audit import attributed, saved_unless_taken

# The template's fields a representative writes (the rest is the case's record).
TEMPLATE_FIELDS = ("title", "background", "problem_or_opportunity", "proposal", "justification", "goals",
                   "strategy_area", "consequences", "kind")


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
    return {name: gettext("Fyll i fältet innan ärendet lämnas in.")
            for name in Case.REQUIRED_FIELDS if not str(getattr(case, name) or "").strip()}


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
    if not case.title.strip():
        raise ValidationError({"title": gettext("Ge ärendet en rubrik, så att utkastet kan hittas igen.")})
    case.full_clean(exclude=["partner", "created_by", "target_meeting"])
    attributed(case, by).save()
    return case


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
    case.receive(on=today, year=today.year, number=_next_number(today.year))
    timing = timing_for(today)
    case.target_meeting = timing.meeting
    attributed(case, by).save()
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
        raise ValidationError({"partner": gettext("Medundertecknare måste vara partner i röstlängden.")})
    cosignature = attributed(CoSignature(case=case, partner=partner, requested_by=by), by)
    if CoSignature.objects.filter(case=case, partner=partner).exists() or not saved_unless_taken(cosignature):
        raise ValidationError({"partner": gettext("%(partner)s är redan tillfrågad.") % {"partner": partner.name}})
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
