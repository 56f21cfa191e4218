"""The yearly nomination round (§ 5, § 8.1; R10).

From operating year 2 new partners come through nomination: the kansli opens a round for the
voting roll of a calendar year with one call per sector (its criteria and deadline), anyone
nominates an organisation through the public form, the kansli reviews each nomination against
the criteria and compiles the list: the partners who stay (decisions/roll.py fixes the roll with
them) and the accepted nominations, as one decision item of the year's first partnership meeting.
Adopting the item fixes the roll (decisions/roll.py's receiver) and makes the nominated
organisations partners, invited through their contact person (here, `follow_decision`).

The rules are in swecan/rules.py (check_nomination_round, check_nomination_open): a round whose
roll year begins in operating year 1 is refused, as nominating after a call's deadline is.
"""

import datetime
from email.utils import parseaddr

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext

from decisions import roll
from decisions.models import Decision
from meetings import services as meetings
from meetings.models import Meeting
from nominations.access import may_run_nominations
from nominations.models import Call, Nomination, NominationRound
from outbox import services as outbox
from partnership import orgnr
from partnership import services as partnership
from partnership.models import Category, Partner, Sector
from swecan import rules
from swecan.arbetsordning import operating_year_on
from swecan.audit import attributed, saved_unless_taken

SECTORS = tuple(code for code, _label in Sector.choices)
# A call's four criteria (§ 5) and the review's assessment of each.
CRITERIA = ("selection", "competence", "experience", "geographic_spread")
ASSESSMENTS = {"selection": "assessment_selection", "competence": "assessment_competence",
               "experience": "assessment_experience", "geographic_spread": "assessment_geography"}
NOMINATION_FIELDS = ("organisation", "org_number", "category", "county", "website", "motivation",
                     "contact_name", "contact_title", "contact_email", "contact_phone", "self_nomination",
                     "nominator_name", "nominator_organisation", "nominator_email")
RECEIVED = "nomination_received"


# Reads ---------------------------------------------------------------------------------------


def roll_year_operating_year(year: int) -> int:
    """The operating year in which the roll of calendar year `year` begins (1 January)."""
    return operating_year_on(datetime.date(year, 1, 1))


def round_verdict(year: int) -> rules.Verdict:
    """May a round prepare the roll of `year` (§ 8.1)?"""
    return rules.check_nomination_round(roll_year_operating_year(year))


def nomination_verdict(call: Call, today: datetime.date | None = None) -> rules.Verdict:
    """May an organisation be nominated to `call` today (§ 5, § 8.1)?"""
    today = today or timezone.localdate()
    return rules.check_nomination_open(roll_year_operating_year(call.round.year), today, call.deadline)


def current_round(today: datetime.date | None = None) -> NominationRound | None:
    """The round the public page shows: the earliest one not decided yet whose roll year has not
    passed (with its calls)."""
    today = today or timezone.localdate()
    return (NominationRound.objects.filter(decision__isnull=True, year__gte=today.year)
            .prefetch_related("calls").order_by("year").first())


def in_sector_order(calls) -> list[Call]:
    """The calls in the sectors' canonical order (Sector.choices, as on /arbetsutskott/)."""
    return sorted(calls, key=lambda call: SECTORS.index(call.sector))


def next_round_year(today: datetime.date | None = None) -> int:
    """The year the kansli's open-a-round form suggests: the first year after today's without a
    round whose roll does not begin in operating year 1."""
    today = today or timezone.localdate()
    taken = set(NominationRound.objects.values_list("year", flat=True))
    year = today.year + 1
    for _attempt in range(50):
        if year not in taken and round_verdict(year):
            return year
        year += 1
    return today.year + 1


def latest_call_values() -> dict:
    """The criteria of the latest round's calls as the open-a-round form's initial values
    (`<criterion>_<sector>`): a new round is usually like the last one."""
    latest = NominationRound.objects.order_by("-year").first()
    if latest is None:
        return {}
    return {f"{name}_{call.sector}": getattr(call, name) for call in latest.calls.all() for name in CRITERIA}


def decided_rounds():
    """Rounds the partnership decided on (adopted), latest first: their outcome is public."""
    return (NominationRound.objects.filter(decision__isnull=False, decision__outcome=Decision.Outcome.ADOPTED)
            .select_related("decision").order_by("-year"))


def admitted_by_sector(rounds) -> dict[int, list[tuple[str, list[str]]]]:
    """{round pk: [(sector label, [organisation names admitted])]} in two queries at most: the
    organisations only, never who nominated them (R12)."""
    rounds = list(rounds)
    names: dict[tuple[int, str], list[str]] = {}
    for round_id, sector, organisation in (Nomination.objects.filter(call__round__in=rounds, on_list=True)
                                           .order_by("organisation")
                                           .values_list("call__round_id", "call__sector", "organisation")):
        names.setdefault((round_id, sector), []).append(organisation)
    return {r.pk: [(label, names.get((r.pk, code), [])) for code, label in Sector.choices] for r in rounds}


def first_meeting_refusal(year: int, deadline: datetime.date) -> str | None:
    first = roll.first_meeting_of(year)
    if first is not None and deadline >= first.date:
        return gettext("Sista dag att nominera måste ligga före årets första sammanträde, %(meeting)s den "
                       "%(date)s, där partnerskapet beslutar om förteckningen (§ 5.2).") % {
            "meeting": first.title, "date": date_format(first.date, "j F Y")}
    return None


def is_decided(round_: NominationRound) -> bool:
    return round_.decision_id is not None


def _deadline_errors(deadline, today, year, field) -> dict:
    if deadline is None:
        return {field: gettext("Ange sista dag att nominera.")}
    if deadline <= today:
        return {field: gettext("Sista dag att nominera måste ligga efter i dag.")}
    if reason := first_meeting_refusal(year, deadline):
        return {field: reason}
    return {}


def _criteria_errors(values: dict, suffix: str = "") -> dict:
    return {f"{name}{suffix}": gettext("Beskriv kriteriet.") for name in CRITERIA
            if not str(values.get(name) or "").strip()}


# The kansli opens a round --------------------------------------------------------------------


@transaction.atomic
def round_open(*, by, year: int, introduction: str, calls: list[dict]) -> NominationRound:
    """Open the round for the roll of `year` with one call per sector (all five): its four criteria
    and its deadline (after today, before the year's first partnership meeting if one is planned).
    `calls` is a list of dicts with `sector`, the criteria and `deadline`."""
    if not may_run_nominations(by):
        raise PermissionDenied(gettext("Bara kansliet öppnar en nomineringsomgång."))
    verdict = round_verdict(year)
    if not verdict:
        raise ValidationError({"year": verdict.reason})
    if NominationRound.objects.filter(year=year).exists():
        raise ValidationError({"year": gettext("Det finns redan en nomineringsomgång för %(year)s.") % {
            "year": year}})
    by_sector = {call.get("sector"): call for call in calls}
    if set(by_sector) != set(SECTORS) or len(calls) != len(SECTORS):
        raise ValidationError(gettext("Ange en inbjudan för var och en av de fem sektorerna."))
    today = timezone.localdate()
    errors = {}
    for sector in SECTORS:
        call = by_sector[sector]
        errors |= _criteria_errors(call, f"_{sector}")
        errors |= _deadline_errors(call.get("deadline"), today, year, f"deadline_{sector}")
    if errors:
        raise ValidationError(errors)
    round_ = attributed(NominationRound(year=year, introduction=introduction.strip(), opened_by=by), by)
    if not saved_unless_taken(round_):
        raise ValidationError({"year": gettext("Det finns redan en nomineringsomgång för %(year)s.") % {
            "year": year}})
    for sector in SECTORS:
        call = by_sector[sector]
        attributed(Call(round=round_, sector=sector, deadline=call["deadline"],
                        **{name: call[name].strip() for name in CRITERIA}), by).save()
    return round_


@transaction.atomic
def call_update(*, by, call: Call, selection: str, competence: str, experience: str, geographic_spread: str,
                deadline: datetime.date) -> Call:
    """Correct a call's criteria or deadline, until its deadline has passed."""
    if not may_run_nominations(by):
        raise PermissionDenied(gettext("Bara kansliet ändrar inbjudan att nominera."))
    call = Call.objects.select_for_update().select_related("round").get(pk=call.pk)
    today = timezone.localdate()
    if today > call.deadline or is_decided(call.round):
        raise ValidationError(gettext("Sista dag att nominera har passerat; inbjudan kan inte längre ändras."))
    values = {"selection": selection, "competence": competence, "experience": experience,
              "geographic_spread": geographic_spread}
    errors = _criteria_errors(values) | _deadline_errors(deadline, today, call.round.year, "deadline")
    if errors:
        raise ValidationError(errors)
    for name, value in values.items():
        setattr(call, name, value.strip())
    call.deadline = deadline
    attributed(call, by).save()
    return call


# The public nominates --------------------------------------------------------------------------


def partner_refusal(org_number: str) -> str | None:
    """Why an organisation cannot be nominated because it is already a partner (or invited)."""
    partner = (Partner.objects.filter(org_number=org_number, status__in=[Partner.Status.INVITED,
                                                                         Partner.Status.ACTIVE]).first())
    if partner is None:
        return None
    return gettext("%(name)s är redan partner i SweCan (eller inbjuden) och behöver inte nomineras.") % {
        "name": partner.name}


def already_nominated(call: Call, org_number: str) -> bool:
    return call.nominations.filter(org_number=org_number).exists()


@transaction.atomic
def nomination_submit(call: Call, data: dict) -> Nomination:
    """An organisation nominated through the public form (no one is logged in: the history names
    no one). Refused after the deadline, in operating year 1, for an organisation already a
    partner and for one nominated to the call already; the kansli is told through the outbox."""
    call = Call.objects.select_related("round").get(pk=call.pk)
    verdict = nomination_verdict(call)
    if not verdict:
        raise ValidationError(verdict.reason)
    try:
        org_number = orgnr.normalise(data.get("org_number", ""))
    except ValueError as error:
        raise ValidationError({"org_number": str(error)}) from error
    if reason := partner_refusal(org_number):
        raise ValidationError({"org_number": reason})
    duplicate = ValidationError({"org_number": gettext(
        "Organisationen med organisationsnummer %(number)s är redan nominerad inom sektorn i år.") % {
        "number": org_number}})
    if already_nominated(call, org_number):
        raise duplicate
    if data.get("category") not in Category.values:
        raise ValidationError({"category": gettext("Välj en kategori.")})
    fields = {name: data.get(name, "") for name in NOMINATION_FIELDS}
    fields["org_number"] = org_number
    fields["self_nomination"] = bool(data.get("self_nomination"))
    if fields["self_nomination"]:
        fields |= {"nominator_name": "", "nominator_organisation": "", "nominator_email": ""}
    else:
        missing = {name: gettext("Ange vem som nominerar, eller markera att organisationen nominerar sig själv.")
                   for name in ("nominator_name", "nominator_email") if not str(fields[name]).strip()}
        if missing:
            raise ValidationError(missing)
    nomination = Nomination(call=call, **{k: (v.strip() if isinstance(v, str) else v) for k, v in fields.items()})
    # Two submissions of the same organisation at once both pass the check: one is kept.
    if not saved_unless_taken(nomination):
        raise duplicate
    kansli = parseaddr(settings.DEFAULT_FROM_EMAIL)[1]
    if kansli:
        outbox.enqueue(RECEIVED, key=f"nomination-received:{nomination.pk}", recipient=kansli,
                       payload={"nomination_id": nomination.pk})
    return nomination


# The kansli reviews ----------------------------------------------------------------------------


def review_refusal(nomination: Nomination) -> str | None:
    round_ = nomination.call.round
    if is_decided(round_):
        return gettext("Partnerskapet har redan beslutat om förteckningen för %(year)s; bedömningen kan inte "
                       "ändras.") % {"year": round_.year}
    return None


@transaction.atomic
def nomination_review(*, by, nomination: Nomination, review: str, assessment_selection: str,
                      assessment_competence: str, assessment_experience: str, assessment_geography: str,
                      note: str = "") -> Nomination:
    """The kansli's review: accepted or rejected, with an assessment against each criterion;
    never after the partnership has decided on the round's list."""
    if not may_run_nominations(by):
        raise PermissionDenied(gettext("Bara kansliet bedömer nomineringar."))
    nomination = Nomination.objects.select_for_update().select_related("call__round").get(pk=nomination.pk)
    if reason := review_refusal(nomination):
        raise ValidationError(reason)
    if review not in (Nomination.Review.ACCEPTED, Nomination.Review.REJECTED):
        raise ValidationError({"review": gettext("Välj om nomineringen uppfyller kriterierna eller inte.")})
    values = {"assessment_selection": assessment_selection, "assessment_competence": assessment_competence,
              "assessment_experience": assessment_experience, "assessment_geography": assessment_geography}
    errors = {name: gettext("Bedöm nomineringen mot kriteriet.") for name, value in values.items()
              if not (value or "").strip()}
    if errors:
        raise ValidationError(errors)
    for name, value in values.items():
        setattr(nomination, name, value.strip())
    nomination.review = review
    nomination.review_note = (note or "").strip()
    nomination.reviewed_by = by
    nomination.reviewed_at = timezone.now()
    attributed(nomination, by).save()
    return nomination


# The kansli compiles the list ------------------------------------------------------------------


def compile_refusal(round_: NominationRound, meeting: Meeting | None) -> str | None:
    """Why the round's list cannot be compiled on `meeting` now (the roll's own refusals are asked
    by decisions/roll.py when compiling)."""
    if is_decided(round_):
        return gettext("Partnerskapet har redan beslutat om förteckningen för %(year)s.") % {"year": round_.year}
    if meeting is None:
        return gettext("Inget av partnerskapets sammanträden är planerat för %(year)s än. Planera årets första "
                       "sammanträde; förteckningen blir en beslutspunkt på det.") % {"year": round_.year}
    if meeting.date.year != round_.year:
        return gettext("Förteckningen för %(year)s beslutas vid ett sammanträde %(year)s.") % {"year": round_.year}
    if round_.calls.filter(deadline__gte=timezone.localdate()).exists():
        return gettext("Nomineringen är fortfarande öppen i någon sektor; sammanställ förteckningen efter "
                       "sista dag att nominera.")
    return roll.compile_refusal(meeting, roll.KINDS.FIX)


def accepted(round_: NominationRound) -> list[Nomination]:
    return list(Nomination.objects.filter(call__round=round_, review=Nomination.Review.ACCEPTED)
                .select_related("call").order_by("call__sector", "organisation"))


def _list_description(listed: list[Nomination], year: int) -> str:
    groups = {code: [] for code in SECTORS}
    for nomination in listed:
        groups[nomination.call.sector].append(nomination.organisation)
    if not listed:
        return gettext("Inga nya organisationer föreslås genom nomineringen till %(year)s.") % {"year": year}
    parts = "; ".join(f"{label}: {', '.join(groups[code])}" for code, label in Sector.choices if groups[code])
    return gettext("Partnerskapet antar efter nominering (§ 5) som nya partners, som förs upp på röstlängden "
                   "när de har undertecknat avsiktsförklaringen: %(list)s.") % {"list": parts}


def admission_refusal(nomination: Nomination) -> str | None:
    """Why the nominated organisation cannot be admitted as a partner, else None: it already is one
    (or is invited), it has withdrawn (a return is the kansli's to handle, with its withdrawal on
    record), or another organisation in the register has its name. A prospect or an organisation
    that once declined is admitted as the record it already has."""
    existing = Partner.objects.filter(org_number=nomination.org_number).first()
    if existing is None:
        return partnership.partner_identity_errors(nomination.organisation, None).get("name")
    if existing.status == Partner.Status.WITHDRAWN:
        return gettext("%(name)s har trätt ut ur SweCan; en återkomst handläggs av kansliet i registret.") % {
            "name": existing.name}
    return partner_refusal(nomination.org_number)


@transaction.atomic
def round_compile(*, by, round: NominationRound, meeting: Meeting) -> NominationRound:  # noqa: A002
    """Compile the round's list as the decision item of the year's first partnership meeting: the
    roll of the partners who stay (decisions/roll.py) and the accepted nominations per sector.
    Compiling again before the decision redoes it."""
    if not may_run_nominations(by):
        raise PermissionDenied(gettext("Bara kansliet sammanställer förteckningen."))
    round_ = NominationRound.objects.select_for_update().get(pk=round.pk)
    if reason := compile_refusal(round_, meeting):
        raise ValidationError(reason)
    listed = accepted(round_)
    if problems := [reason for reason in map(admission_refusal, listed) if reason]:
        raise ValidationError(" ".join(problems))
    proposal = roll.roll_proposal_compile(by=by, meeting=meeting, kind=roll.KINDS.FIX)
    item = proposal.agenda_item
    item.refresh_from_db()
    description = f"{item.description}\n\n{_list_description(listed, round_.year)}"
    meetings.agenda_item_update(by=by, item=item, title=item.title, kind=item.kind, presenter=item.presenter,
                                description=description)
    item.refresh_from_db()
    chosen = {n.pk for n in listed}
    for nomination in Nomination.objects.filter(call__round=round_).select_for_update():
        on_list = nomination.pk in chosen
        if nomination.on_list != on_list:
            nomination.on_list = on_list
            attributed(nomination, by).save(update_fields=["on_list"])
    round_.list_item = item
    round_.compiled_by = by
    round_.compiled_at = timezone.now()
    attributed(round_, by).save()
    return round_


# Adoption: what the decision does, in its transaction ---------------------------------------


def follow_decision(decision, by) -> None:
    """Receiver part of `item_decided`: an adopted list makes each nominated organisation on it a
    partner (invited on the decision's day, admitted by the decision) and invites its contact
    person; decisions/roll.py's receiver fixes the roll with the partners who stay. Not adopted,
    nothing changes. A refusal undoes the decision, with its reason."""
    round_ = NominationRound.objects.select_for_update().filter(list_item_id=decision.agenda_item_id).first()
    if round_ is None or decision.outcome != Decision.Outcome.ADOPTED:
        return
    day = timezone.localdate(decision.decided_at)
    reference = roll.decision_reference(decision)
    nominations = Nomination.objects.filter(call__round=round_, on_list=True).select_related("call")
    try:
        for nomination in nominations.order_by("call__sector", "organisation"):
            partner = _admitted_partner(nomination, day=day, reference=reference, by=by)
            partnership.partner_invite(by=by, partner=partner, name=nomination.contact_name,
                                       email=nomination.contact_email, title=nomination.contact_title)
            nomination.partner = partner
            attributed(nomination, by).save(update_fields=["partner"])
    except ValidationError as error:
        raise ValidationError(gettext("De nominerade organisationerna kan inte bli partners enligt förslaget: "
                                      "%(reason)s") % {"reason": " ".join(error.messages)}) from error
    round_.decision = decision
    attributed(round_, by).save(update_fields=["decision"])


def _admitted_partner(nomination: Nomination, *, day, reference: str, by) -> Partner:
    # Judged again on the decision's day: the register may have changed since the list was compiled.
    if reason := admission_refusal(nomination):
        raise ValidationError(reason)
    partner = Partner.objects.select_for_update().filter(org_number=nomination.org_number).first()
    if partner is None:
        partner = Partner(name=nomination.organisation, org_number=nomination.org_number,
                          sector=nomination.call.sector, category=nomination.category or Category.values[0],
                          county=nomination.county, website=nomination.website)
    partner.status = Partner.Status.INVITED
    partner.invited_on = day
    partner.admitted_by = reference
    if not saved_unless_taken(attributed(partner, by)):
        raise ValidationError(gettext("Det finns redan en organisation som heter %(name)s.") % {
            "name": nomination.organisation})
    return partner
