"""Decisions at the meeting (§ 4.3, § 9; R3, R4, R9, R13): consensus or a vote with one ballot per
partner present, conflicts of interest (jäv) and the chair's rulings on them. Every decision keeps a
snapshot of its inputs, so that the outcome can be derived again and explained years later.

Race safety: a ballot and the close both lock the vote row (select_for_update), so a ballot lands
either before the count or after the close, where it is refused; the database's unique constraint
(one ballot per partner per vote) is the last word, through saved_unless_taken."""

import datetime
from fractions import Fraction

from django.core.exceptions import ObjectDoesNotExist, PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext

from decisions import rule_change
from decisions.access import may_run_meeting, may_vote_for
from decisions.models import Ballot, Case, ConflictDeclaration, Decision, Vote
from decisions.signals import item_decided
from meetings.models import AgendaItem, Attendance, Meeting
from meetings.services import quorum_at, roll_for
from partnership.access import is_kansli, may_act_for
from partnership.models import Partner
from swecan import rules
from swecan.arbetsordning import version_in_force
from swecan.audit import attributed, saved_unless_taken

DECIDABLE_KINDS = (AgendaItem.Kind.DECISION, AgendaItem.Kind.MINUTES_APPROVAL)


# Reads ---------------------------------------------------------------------------------------


def _case_of(item) -> Case | None:
    try:
        return item.case
    except ObjectDoesNotExist:
        return None


def _decision_of(item) -> Decision | None:
    try:
        return Decision.objects.get(agenda_item=item)
    except Decision.DoesNotExist:
        return None


def _present_ids(meeting: Meeting, moment) -> set[int]:
    """Partners present at `moment` (R3: presence recorded at the meeting, never an advance answer)."""
    return set(
        Attendance.objects.filter(meeting=meeting, arrived_at__lte=moment)
        .filter(Q(departed_at__isnull=True) | Q(departed_at__gt=moment))
        .values_list("partner_id", flat=True)
    )


def _ruled_out_ids(case: Case | None) -> set[int]:
    if case is None:
        return set()
    return {c.partner_id for c in ConflictDeclaration.objects.filter(case=case) if c.rules_out}


def conflicts_for(item):
    """The declared conflicts of interest on the item's case, with the chair's rulings."""
    case = _case_of(item)
    if case is None:
        return ConflictDeclaration.objects.none()
    return (ConflictDeclaration.objects.filter(case=case)
            .select_related("partner", "declared_by", "ruled_by").order_by("partner__name"))


def eligible_partners(vote: Vote, moment=None) -> list[Partner]:
    """Who may vote at `moment` (default now): on the roll, present, not ruled out by jäv."""
    moment = moment or timezone.now()
    meeting = vote.agenda_item.meeting
    present = _present_ids(meeting, moment)
    ruled_out = _ruled_out_ids(_case_of(vote.agenda_item))
    return [p for p in roll_for(meeting).order_by("name") if p.pk in present and p.pk not in ruled_out]


def vote_progress(vote: Vote, moment=None) -> dict:
    """For the chair while the vote is open: who has voted, who (eligible and present) has not,
    who is ruled out. Never the tally."""
    eligible = eligible_partners(vote, moment)
    voted_ids = set(vote.ballots.values_list("partner_id", flat=True))
    ruled_out = _ruled_out_ids(_case_of(vote.agenda_item))
    return {
        "voted": list(Partner.objects.filter(pk__in=voted_ids).order_by("name")),
        "not_voted": [p for p in eligible if p.pk not in voted_ids],
        "ruled_out": list(Partner.objects.filter(pk__in=ruled_out).order_by("name")),
    }


def vote_result(vote: Vote) -> dict | None:
    """After the close: the counts, the reason of the outcome, the named ballots, who was ruled out
    and who was absent, all from the decision's snapshot. None while the vote is open."""
    return vote_results([vote]).get(vote.pk)


def vote_results(votes) -> dict[int, dict]:
    """vote_result for many votes at once (the meeting room, the minutes), in a fixed number of
    queries. Each vote is read again: its state now, not as the caller read it."""
    votes = list(Vote.objects.filter(pk__in=[v.pk for v in votes]).exclude(state=Vote.State.OPEN)
                 .exclude(decision=None).select_related("decision"))
    ballots: dict[int, list] = {}
    for ballot in (Ballot.objects.filter(vote__in=votes).select_related("partner", "cast_by")
                   .order_by("partner__name")):
        ballots.setdefault(ballot.vote_id, []).append(ballot)
    named = {p["id"] for v in votes for key in ("ruled_out", "absent", "not_voted")
             for p in v.decision.snapshot.get(key, [])}
    by_name = list(Partner.objects.filter(pk__in=named).order_by("name"))
    results = {}
    for vote in votes:
        snapshot = vote.decision.snapshot
        counts = snapshot["counts"]
        ruled_out = {p["id"] for p in snapshot["ruled_out"]}
        absent = {p["id"] for p in snapshot["absent"]}
        not_voted = {p["id"] for p in snapshot.get("not_voted", [])}
        results[vote.pk] = {
            "decision": vote.decision,
            "yes": counts["yes"], "no": counts["no"], "abstain": counts["abstain"],
            "reason": _verdict_of(snapshot["outcome"]).reason,
            "quorum_reason": _verdict_of(snapshot["quorum"]).reason,
            "ballots": ballots.get(vote.pk, []),
            "ruled_out": [p for p in by_name if p.pk in ruled_out],
            "absent": [p for p in by_name if p.pk in absent],
            "not_voted": [p for p in by_name if p.pk in not_voted],
        }
    return results


# The snapshot: verdicts as JSON (message ids and parameters, rendered in the reader's language) ---


def _jsonable(value):
    if isinstance(value, rules.Message):
        return {"msgid": value.msgid, "params": {k: _jsonable(v) for k, v in value.params.items()}}
    if isinstance(value, rules.Plural):
        return {"singular": value.singular, "plural": value.plural, "n": value.n}
    if isinstance(value, rules.Listing):
        return {"items": [_jsonable(item) for item in value.items]}
    if isinstance(value, Fraction):
        return {"fraction": f"{value.numerator}/{value.denominator}"}
    if isinstance(value, datetime.date):
        return {"date": value.isoformat()}
    return value


def _restored(value):
    if not isinstance(value, dict):
        return value
    if "msgid" in value:
        return rules.Message(value["msgid"], {k: _restored(v) for k, v in value["params"].items()})
    if "singular" in value:
        return rules.Plural(value["singular"], value["plural"], value["n"])
    if "items" in value:
        return rules.Listing(tuple(_restored(item) for item in value["items"]))
    if "fraction" in value:
        return Fraction(value["fraction"])
    if "date" in value:
        return datetime.date.fromisoformat(value["date"])
    return value


def _verdict_json(verdict: rules.Verdict) -> dict:
    return {"ok": verdict.ok, "rule": verdict.rule, "message": verdict.message,
            "params": {k: _jsonable(v) for k, v in verdict.params.items()}}


def _verdict_of(data: dict) -> rules.Verdict:
    return rules.Verdict(data["ok"], data["rule"], data["message"],
                         {k: _restored(v) for k, v in data["params"].items()})


def _named(partners) -> list[dict]:
    return [{"id": p.pk, "name": p.name, "sector": p.sector} for p in partners]


def _snapshot(meeting: Meeting, case: Case | None, moment, quorum: dict, version) -> dict:
    """What every decision records: the roll, presence per sector, the quorum verdict, who was
    ruled out and absent, the version of the arbetsordning applied."""
    roll = list(roll_for(meeting).order_by("name"))
    present = _present_ids(meeting, moment)
    ruled_out = _ruled_out_ids(case)
    return {
        "moment": moment.isoformat(),
        "rules_version": version.number,
        "parameters": version.params.to_dict(),
        "roll_size": quorum["roll_size"],
        "present": quorum["present"],
        "needed": quorum["needed"],
        "present_by_sector": {code: n for code, _label, n, _roll in quorum["sectors"]},
        "roll_by_sector": {code: n for code, _label, _n, n in quorum["sectors"]},
        "quorum": _verdict_json(quorum["verdict"]),
        "ruled_out": _named(p for p in roll if p.pk in ruled_out),
        "absent": _named(p for p in roll if p.pk not in present),
    }


# Checks shared by the services -----------------------------------------------------------------


def _check_runs(by, meeting: Meeting) -> None:
    if not may_run_meeting(by, meeting):
        raise PermissionDenied(gettext("Bara mötets ordförande och kansliet kan leda sammanträdet."))


def _check_under_way(meeting: Meeting) -> None:
    if meeting.state != Meeting.State.OPEN:
        raise ValidationError(gettext("Sammanträdet pågår inte. Beslut fattas medan mötet pågår, efter att "
                                      "kansliet har öppnat det."))


def _check_decidable(item: AgendaItem) -> None:
    if item.kind not in DECIDABLE_KINDS:
        raise ValidationError(gettext("Punkten är inte en beslutspunkt."))
    if _decision_of(item) is not None:
        raise ValidationError(gettext("Punkten är redan beslutad."))
    case = _case_of(item)
    if case is not None:
        case.check_allowed("decide")


def _check_quorate(quorum: dict, refusal: str) -> None:
    verdict = quorum["verdict"]
    if not verdict:
        raise ValidationError(refusal % {"reason": verdict.reason, "rule": verdict.rule})


def _version_today():
    version = version_in_force(timezone.localdate())
    if version is None:  # pragma: no cover - version 1 is created by a migration
        raise ValidationError(gettext("Ingen arbetsordning gäller i dag; inget beslut kan fattas."))
    return version


def _decided(by, decision: Decision) -> None:
    """What follows from a decision, in its transaction: the case is decided, and whatever the
    item's kind brings (minutes approved, a voting roll fixed) through `item_decided`."""
    if decision.case is not None:
        case = Case.objects.select_for_update(of=("self",)).get(pk=decision.case_id)
        case.mark_decided()
        attributed(case, by).save()
    item_decided.send(Decision, decision=decision, by=by)


# Conflicts of interest (jäv, Bilaga 2, R13) -----------------------------------------------------


@transaction.atomic
def conflict_declare(*, by, case: Case, partner: Partner, reason: str) -> ConflictDeclaration:
    """A representative of the partner (or the kansli) declares the partner's conflict of interest
    in a case, before or at the meeting. Until the chair rules otherwise the partner does not vote."""
    if not may_act_for(by, partner):
        raise PermissionDenied(gettext("Bara partnerns egna företrädare eller kansliet kan anmäla jäv för partnern."))
    case = Case.objects.get(pk=case.pk)
    if case.state in (Case.State.DRAFT, Case.State.DECIDED, Case.State.WITHDRAWN):
        raise ValidationError(gettext("Jäv kan bara anmälas i ett inlämnat ärende som ännu inte är beslutat."))
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": gettext("Skriv skälet till jävet.")})
    declaration = attributed(ConflictDeclaration(case=case, partner=partner, reason=reason, declared_by=by), by)
    if not saved_unless_taken(declaration):
        raise ValidationError(gettext("%(partner)s har redan anmält jäv i ärendet.") % {"partner": partner.name})
    return declaration


@transaction.atomic
def conflict_rule(*, by, declaration: ConflictDeclaration, may_vote: bool, reason: str = "") -> ConflictDeclaration:
    """The chair's ruling on a declared conflict: the default is that the partner does not vote on
    the case; letting it vote needs a reason. Not while a vote on the case is open."""
    declaration = (ConflictDeclaration.objects.select_for_update(of=("self",))
                   .select_related("case__agenda_item__meeting", "partner").get(pk=declaration.pk))
    item = declaration.case.agenda_item
    if item is None:
        raise ValidationError(gettext("Ärendet står inte på någon dagordning; ordföranden beslutar om jäv "
                                      "vid sammanträdet."))
    _check_runs(by, item.meeting)
    declaration.case.check_allowed("decide")
    reason = (reason or "").strip()
    if may_vote and not reason:
        raise ValidationError({"reason": gettext("Ange skälet till att partnern får rösta trots jävet.")})
    if item.votes.filter(state=Vote.State.OPEN).exists():
        raise ValidationError(gettext("Beslutet om jäv kan inte ändras medan en omröstning pågår i ärendet."))
    declaration.may_vote = bool(may_vote)
    declaration.ruling_reason = reason
    declaration.ruled_by = by
    declaration.ruled_at = timezone.now()
    attributed(declaration, by).save()
    return declaration


# Consensus ------------------------------------------------------------------------------------


@transaction.atomic
def decision_by_consensus(*, by, item: AgendaItem, wording: str) -> Decision:
    """The chair records a decision by consensus (§ 4.3), quorate at this moment (R3). A change of
    the arbetsordning needs a vote with 2/3 (§ 9)."""
    item = AgendaItem.objects.select_for_update(of=("self",)).select_related("meeting").get(pk=item.pk)
    meeting = item.meeting
    _check_runs(by, meeting)
    _check_under_way(meeting)
    _check_decidable(item)
    case = _case_of(item)
    if case is not None and case.kind == Case.Kind.RULE_CHANGE:
        raise ValidationError(gettext("En ändring av arbetsordningen kan inte beslutas med konsensus: den kräver "
                                      "en omröstning med minst två tredjedelars majoritet (§ 9)."))
    if item.votes.filter(state=Vote.State.OPEN).exists():
        raise ValidationError(gettext("En omröstning pågår på punkten. Avsluta den först."))
    wording = (wording or "").strip()
    if not wording:
        raise ValidationError({"wording": gettext("Skriv beslutets lydelse.")})
    now = timezone.now()
    quorum = quorum_at(meeting, now)
    _check_quorate(quorum, gettext("Beslutet kan inte fattas: %(reason)s (%(rule)s)"))
    version = _version_today()
    snapshot = {**_snapshot(meeting, case, now, quorum, version), "method": Decision.Method.CONSENSUS}
    decision = attributed(Decision(agenda_item=item, case=case, wording=wording, method=Decision.Method.CONSENSUS,
                                   outcome=Decision.Outcome.ADOPTED, decided_at=now, recorded_by=by,
                                   rules_version=version, snapshot=snapshot), by)
    decision.save()
    _decided(by, decision)
    return decision


# Votes ---------------------------------------------------------------------------------------


@transaction.atomic
def vote_open(*, by, item: AgendaItem, question: str) -> Vote:
    """The chair opens a vote on a decision item while the meeting is under way; a change of the
    arbetsordning needs a qualified majority (§ 9)."""
    item = AgendaItem.objects.select_for_update(of=("self",)).select_related("meeting").get(pk=item.pk)
    _check_runs(by, item.meeting)
    _check_under_way(item.meeting)
    _check_decidable(item)
    question = (question or "").strip()
    if not question:
        raise ValidationError({"question": gettext("Skriv förslaget som det ska röstas om.")})
    case = _case_of(item)
    vote = attributed(Vote(agenda_item=item, question=question, opened_by=by,
                           qualified=case is not None and case.kind == Case.Kind.RULE_CHANGE), by)
    if item.votes.filter(state=Vote.State.OPEN).exists() or not saved_unless_taken(vote):
        raise ValidationError(gettext("En omröstning pågår redan på punkten."))
    return vote


def _cast(by, vote: Vote, partner: Partner, choice: str, *, show_of_hands: bool) -> Ballot:
    if choice not in Ballot.Choice.values:
        raise ValidationError({"choice": gettext("Välj ja, nej eller avstår.")})
    # The lock the close takes too: a ballot lands before the count, or meets a closed vote.
    vote = Vote.objects.select_for_update(of=("self",)).select_related("agenda_item__meeting").get(pk=vote.pk)
    if vote.state != Vote.State.OPEN:
        raise ValidationError(gettext("Omröstningen är avslutad; rösten togs inte emot."))
    meeting = vote.agenda_item.meeting
    name = {"partner": partner.name}
    if not roll_for(meeting).filter(pk=partner.pk).exists():
        raise ValidationError(gettext("%(partner)s finns inte på röstlängden och kan inte rösta.") % name)
    now = timezone.now()
    if partner.pk not in _present_ids(meeting, now):
        raise ValidationError(gettext("%(partner)s är inte registrerad som närvarande. Bara partner som närvarar "
                                      "vid sammanträdet kan rösta.") % name)
    if partner.pk in _ruled_out_ids(_case_of(vote.agenda_item)):
        raise ValidationError(gettext("%(partner)s har anmält jäv i ärendet och får inte rösta, om inte "
                                      "ordföranden beslutar något annat med skäl.") % name)
    existing = Ballot.objects.filter(vote=vote, partner=partner).select_related("cast_by").first()
    if existing is not None:
        raise ValidationError(_already(existing))
    ballot = attributed(Ballot(vote=vote, partner=partner, choice=choice, cast_by=by, by_show_of_hands=show_of_hands,
                               cast_at=now), by)
    if not saved_unless_taken(ballot):
        raise ValidationError(_already(Ballot.objects.select_related("cast_by", "partner").get(
            vote=vote, partner=partner)))
    return ballot


def _already(ballot: Ballot) -> str:
    return gettext("%(partner)s har redan röstat i den här omröstningen (%(who)s, kl. %(time)s). En röst kan "
                   "inte ändras.") % {
        "partner": ballot.partner.name,
        "who": gettext("kansliet vid handuppräckning") if ballot.by_show_of_hands
        else (ballot.cast_by.get_full_name() or ballot.cast_by.email),
        "time": f"{timezone.localtime(ballot.cast_at):%H:%M}"}


@transaction.atomic
def ballot_cast(*, by, vote: Vote, partner: Partner, choice: str) -> Ballot:
    """A representative present casts the partner's one ballot: ja, nej or avstår (R4)."""
    if not may_vote_for(by, partner):
        raise PermissionDenied(gettext("Du kan bara rösta för den partner du företräder."))
    return _cast(by, vote, partner, choice, show_of_hands=False)


@transaction.atomic
def ballot_record(*, by, vote: Vote, partner: Partner, choice: str) -> Ballot:
    """The kansli records a partner's ballot given by a show of hands, with the same checks."""
    if not is_kansli(by):
        raise PermissionDenied(gettext("Bara kansliet kan registrera röster vid handuppräckning."))
    return _cast(by, vote, partner, choice, show_of_hands=True)


@transaction.atomic
def vote_close(*, by, vote: Vote) -> Decision:
    """The chair closes the vote: quorate at this moment (R3) or refused with the reason; the
    ballots stored now are counted with the rules of the version in force today (R4, R9)."""
    vote = Vote.objects.select_for_update(of=("self",)).select_related("agenda_item__meeting").get(pk=vote.pk)
    item = vote.agenda_item
    meeting = item.meeting
    _check_runs(by, meeting)
    if vote.state != Vote.State.OPEN:
        raise ValidationError(gettext("Omröstningen är redan avslutad."))
    now = timezone.now()
    quorum = quorum_at(meeting, now)
    _check_quorate(quorum, gettext("Omröstningen kan inte avslutas: %(reason)s (%(rule)s)"))
    version = _version_today()
    case = _case_of(item)
    ballots = list(vote.ballots.select_related("partner").order_by("partner__name"))
    counts = {choice: sum(1 for b in ballots if b.choice == choice) for choice in Ballot.Choice.values}
    verdict = rules.tally(counts["yes"], counts["no"], counts["abstain"], qualified=vote.qualified,
                          params=version.params)
    q = version.params.qualified_majority
    snapshot = {
        **_snapshot(meeting, case, now, quorum, version),
        "method": Decision.Method.VOTE,
        "vote": vote.pk,
        "qualified": vote.qualified,
        "threshold": f"{q.numerator}/{q.denominator}" if vote.qualified else "simple",
        "counts": counts,
        "ballots": [{"partner": b.partner_id, "name": b.partner.name, "choice": b.choice,
                     "show_of_hands": b.by_show_of_hands} for b in ballots],
        # Present and entitled, but no ballot: named, as a public body's minutes expect.
        "not_voted": _named(p for p in eligible_partners(vote, now)
                            if p.pk not in {b.partner_id for b in ballots}),
        "outcome": _verdict_json(verdict),
    }
    decision = attributed(Decision(
        agenda_item=item, case=case, wording=vote.question, method=Decision.Method.VOTE,
        outcome=Decision.Outcome.ADOPTED if verdict.ok else Decision.Outcome.NOT_ADOPTED,
        decided_at=now, recorded_by=by, rules_version=version, snapshot=snapshot), by)
    if verdict.ok and vote.qualified and case is not None and case.kind == Case.Kind.RULE_CHANGE:
        # Adopted with the qualified majority: the new version of the arbetsordning (§ 9, R9).
        decision.created_version = attributed(rule_change.adopt(case, timezone.localdate(now)), by)
        decision.created_version.save()
    decision.save()
    vote.state = Vote.State.CLOSED
    vote.closed_at = now
    vote.closed_by = by
    vote.decision = decision
    attributed(vote, by).save()
    _decided(by, decision)
    return decision


@transaction.atomic
def vote_publish(*, by, vote: Vote) -> Vote:
    """A closed vote's result is published (§ 7)."""
    vote = Vote.objects.select_for_update(of=("self",)).select_related("agenda_item__meeting").get(pk=vote.pk)
    _check_runs(by, vote.agenda_item.meeting)
    if vote.state != Vote.State.CLOSED:
        raise ValidationError(gettext("Omröstningen pågår fortfarande.") if vote.state == Vote.State.OPEN
                              else gettext("Resultatet är redan publicerat."))
    vote.state = Vote.State.PUBLISHED
    attributed(vote, by).save()
    return vote
