"""The voting roll as a decision (§ 5.2, § 2.1; R7): the kansli compiles the list as a decision
item on a partnership meeting's agenda, and adopting the item (by consensus or a vote) fixes the
year's roll at its first meeting, or puts partners on it during the year, in the decision's own
transaction. Operating year 1's initial roll is the only one the kansli fixes itself (§ 8.1,
partnership/services.py)."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext

from decisions.access import may_compile_roll
from decisions.models import Decision, RollProposal, Vote
from meetings import services as meetings
from meetings.models import AgendaItem, Meeting
from partnership import services as partnership
from partnership.models import Partner, Sector, VotingRoll
from swecan.audit import attributed

KINDS = RollProposal.Kind


# Reads ---------------------------------------------------------------------------------------


def first_meeting_of(year: int) -> Meeting | None:
    """The partnership's first meeting of a calendar year, where its roll is fixed (§ 5.2)."""
    return (Meeting.objects.filter(body=Meeting.Body.PARTNERSHIP, starts_at__year=year)
            .order_by("starts_at", "pk").first())


def fixed_roll(year: int) -> VotingRoll | None:
    return VotingRoll.objects.filter(year=year).first()


def fix_candidates(meeting: Meeting) -> list[Partner]:
    """Who the kansli's list for fixing the roll holds: the partners on the roll that day."""
    return list(partnership.voting_roll_on_unfixed(meeting.date))


def add_candidates(meeting: Meeting):
    """Who can be proposed during the year: active partners not on the year's fixed roll."""
    roll = fixed_roll(meeting.date.year)
    partners = Partner.objects.filter(status=Partner.Status.ACTIVE).order_by("sector", "name")
    return partners.exclude(roll_entries__roll=roll) if roll else partners.none()


def by_sector(partners) -> list[tuple[str, list[Partner]]]:
    """The partners under each of the five sectors (every sector, in order), for the list shown."""
    groups = {code: [] for code, _label in Sector.choices}
    for partner in sorted(partners, key=lambda p: p.name):
        groups[partner.sector].append(partner)
    return [(label, groups[code]) for code, label in Sector.choices]


def proposals_on(meeting: Meeting) -> list[RollProposal]:
    return list(RollProposal.objects.filter(agenda_item__meeting=meeting)
                .select_related("agenda_item", "agenda_item__decision", "roll", "compiled_by")
                .prefetch_related("partners").order_by("compiled_at", "pk"))


def decision_of(proposal: RollProposal) -> Decision | None:
    try:
        return proposal.agenda_item.decision
    except Decision.DoesNotExist:
        return None


def _latest(meeting: Meeting, kind: str) -> RollProposal | None:
    return (RollProposal.objects.filter(agenda_item__meeting=meeting, kind=kind)
            .select_related("agenda_item").order_by("-compiled_at", "-pk").first())


def pending(meeting: Meeting, kind: str) -> RollProposal | None:
    """The list of `kind` on the meeting that is still to be decided (compiling edits it)."""
    latest = _latest(meeting, kind)
    return latest if latest is not None and decision_of(latest) is None else None


def compile_refusal(meeting: Meeting, kind: str) -> str | None:
    """Why the kansli cannot compile (or compile again) a list of `kind` on this meeting now,
    else None. The compile service and the pages ask this one question."""
    if not meeting.is_partnership:
        return gettext("Röstlängden beslutas av partnerskapet; välj ett av partnerskapets sammanträden.")
    if reason := meeting.refusal("edit_agenda"):
        return reason
    year = meeting.date.year
    roll = fixed_roll(year)
    latest = _latest(meeting, kind)
    if latest is not None:
        decision = decision_of(latest)
        if decision is None and latest.agenda_item.votes.filter(state=Vote.State.OPEN).exists():
            return gettext("En omröstning pågår på punkten; förteckningen kan inte ändras under omröstningen.")
        if decision is not None and decision.outcome == Decision.Outcome.ADOPTED:
            return gettext("Förslaget på punkten § %(position)s är redan beslutat; förteckningen kan inte "
                           "längre ändras.") % {"position": latest.agenda_item.position}
    if kind == KINDS.FIX:
        first = first_meeting_of(year)
        if first is not None and first.pk != meeting.pk:
            return gettext("Röstlängden fastställs vid årets första sammanträde (§ 5.2). Årets första "
                           "sammanträde är %(meeting)s den %(date)s.") % {
                "meeting": first.title, "date": date_format(first.date, "j F Y")}
        if roll is not None:
            return gettext("Röstlängden för %(year)s är redan fastställd (den %(date)s).") % {
                "year": year, "date": date_format(roll.fixed_on, "j F Y")}
        return None
    if roll is None:
        return gettext("Röstlängden för %(year)s är inte fastställd än. Den fastställs vid årets första "
                       "sammanträde; nya partners förs upp genom beslut efter det.") % {"year": year}
    return None


def drift(proposal: RollProposal) -> dict:
    """What changed since the list was compiled, before its decision: for fixing the roll, partners
    who have signed since (not on the list) and listed ones no longer eligible; for additions,
    listed partners that are no longer active or already on the roll."""
    listed = {p.pk: p for p in proposal.partners.all()}
    meeting = proposal.agenda_item.meeting
    if proposal.kind == KINDS.FIX:
        eligible = {p.pk: p for p in fix_candidates(meeting)}
        new = [p for pk, p in eligible.items() if pk not in listed]
    else:
        eligible = {p.pk: p for p in add_candidates(meeting)}
        new = []
    return {
        "new": sorted(new, key=lambda p: p.name),
        "gone": sorted((p for pk, p in listed.items() if pk not in eligible), key=lambda p: p.name),
    }


def _title(kind: str, year: int) -> str:
    if kind == KINDS.FIX:
        return gettext("Fastställande av röstlängden för %(year)s") % {"year": year}
    return gettext("Nya partners på röstlängden för %(year)s") % {"year": year}


def _description(kind: str, year: int, partners: list[Partner]) -> str:
    """The proposal for decision, as the kallelse and the room show it."""
    counts = ", ".join(f"{label} {len(group)}" for label, group in by_sector(partners))
    if kind == KINDS.FIX:
        return gettext("Partnerskapet fastställer röstlängden för %(year)s enligt kansliets förteckning: "
                       "%(n)s partners (%(counts)s).") % {"year": year, "n": len(partners), "counts": counts}
    names = ", ".join(p.name for p in sorted(partners, key=lambda p: p.name))
    return gettext("Partnerskapet för upp %(names)s på röstlängden för %(year)s från beslutets dag.") % {
        "names": names, "year": year}


# The kansli compiles the list ------------------------------------------------------------------


@transaction.atomic
def roll_proposal_compile(*, by, meeting: Meeting, kind: str, partners=None) -> RollProposal:
    """The kansli compiles the list the partnership decides on (§ 5.2): for fixing the roll at the
    year's first meeting, the partners on the roll that day; for additions during the year, the
    chosen active partners not on the year's fixed roll. The first time it becomes a decision item
    on the agenda; until the item is decided it can be compiled again (the item's proposal follows,
    marked as changed after the kallelse)."""
    if not may_compile_roll(by):
        raise PermissionDenied(gettext("Bara kansliet sammanställer förslaget till röstlängd."))
    if kind not in KINDS.values:
        raise ValidationError({"kind": gettext("Välj fastställande eller nya partners.")})
    # Two officers compiling at once: the second waits here and then edits the first one's item.
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if reason := compile_refusal(meeting, kind):
        raise ValidationError(reason)
    year = meeting.date.year
    if kind == KINDS.FIX:
        listed = fix_candidates(meeting)
        if not listed:
            raise ValidationError(gettext("Det finns inga partners att föra upp på röstlängden."))
    else:
        listed = _chosen(meeting, partners)
    proposal = _latest(meeting, kind)
    if proposal is not None and decision_of(proposal) is not None:
        proposal = None  # not adopted: the partnership takes a new list as a new item
    title, description = _title(kind, year), _description(kind, year, listed)
    if proposal is None:
        item = meetings.agenda_item_add(by=by, meeting=meeting, title=title, kind=AgendaItem.Kind.DECISION,
                                        description=description)
        proposal = RollProposal(agenda_item=item, kind=kind, year=year, compiled_by=by)
    else:
        item = proposal.agenda_item
        meetings.agenda_item_update(by=by, item=item, title=item.title, kind=item.kind,
                                    presenter=item.presenter, description=description)
        proposal.compiled_by = by
    proposal.compiled_at = timezone.now()
    attributed(proposal, by).save()
    proposal.partners.set(listed)  # its history row names the officer too (_history_user)
    return proposal


def _chosen(meeting: Meeting, partners) -> list[Partner]:
    chosen = list(partners or [])
    if not chosen:
        raise ValidationError({"partners": gettext("Välj minst en partner att föra upp på röstlängden.")})
    allowed = set(add_candidates(meeting).values_list("pk", flat=True))
    refused = sorted(p.name for p in chosen if p.pk not in allowed)
    if refused:
        raise ValidationError({"partners": gettext(
            "%(partners)s kan inte föras upp: bara aktiva partners som inte redan står på årets röstlängd.")
            % {"partners": ", ".join(refused)}})
    return chosen


# Adoption: what the decision does, in its transaction ---------------------------------------


def decision_reference(decision: Decision) -> str:
    """How the roll names the decision: "Beslut vid sammanträdet 20 januari 2027, § 4"."""
    item = decision.agenda_item
    return gettext("Beslut vid sammanträdet %(date)s, § %(position)s") % {
        "date": date_format(item.meeting.date, "j F Y"), "position": item.position}


def follow_decision(sender, decision: Decision = None, by=None, **kwargs) -> None:
    """Receiver of `item_decided`: an adopted roll item fixes the roll or adds its partners from
    the day of the decision; not adopted, nothing changes. A refusal undoes the decision."""
    proposal = (RollProposal.objects.select_for_update(of=("self",))
                .filter(agenda_item_id=decision.agenda_item_id).first())
    if proposal is None or decision.outcome != Decision.Outcome.ADOPTED:
        return
    day = timezone.localdate(decision.decided_at)
    reference = decision_reference(decision)
    partners = list(proposal.partners.order_by("sector", "name"))
    try:
        if proposal.kind == KINDS.FIX:
            roll = partnership.voting_roll_fix(by=by, year=proposal.year, fixed_on=day, note=reference,
                                               partners=partners, by_decision=True)
        else:
            for partner in partners:
                roll = partnership.voting_roll_add(by=by, partner=partner, from_date=day,
                                                   decision_reference=reference, by_decision=True).roll
    except ValidationError as error:
        raise ValidationError(gettext("Röstlängden kan inte ändras enligt förslaget: %(reason)s") % {
            "reason": " ".join(error.messages)}) from error
    proposal.roll = roll
    attributed(proposal, by).save(update_fields=["roll"])

