"""The meeting room (sammanträdet): the chair and the kansli walk the agenda, record decisions by
consensus, open and close votes; representatives present vote and declare conflicts of interest
from their own devices. Everything is a plain form (POST-redirect-GET); htmx only keeps it fresh."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied, ValidationError
from django.db.models import Prefetch
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from decisions import access, speakers, voting
from decisions.forms_room import (
    BallotForm,
    BallotRecordForm,
    ConflictDeclareForm,
    ConflictRuleForm,
    ConsensusForm,
    VoteOpenForm,
)
from decisions.models import Ballot, ConflictDeclaration, Vote
from meetings import services as meeting_services
from meetings.models import AgendaItem, Meeting
from meetings.views.common import quorum_context
from partnership.access import acting_representative
from partnership.models import Partner
from swecan import csvsafe
from swecan.forms import add_service_errors, run_action


def _case_of(item):
    try:
        return item.case
    except ObjectDoesNotExist:
        return None


def _decision_of(item):
    try:
        return item.decision
    except ObjectDoesNotExist:
        return None


def _room_meeting(request, pk) -> Meeting:
    meeting = get_object_or_404(Meeting.objects.select_related("rules_version", "chair"), pk=pk)
    if not access.may_run_meeting(request.user, meeting):
        raise PermissionDenied
    return meeting


def _room_url(meeting, item=None) -> str:
    url = reverse("meeting_room", args=[meeting.pk])
    return f"{url}#punkt-{item.pk}" if item is not None else url


def _item_context(item, bound: dict, found: dict) -> dict:
    """One agenda item of the room: its proposal, conflicts, votes, decision and forms."""
    case = _case_of(item)
    votes = sorted(item.votes.all(), key=lambda v: v.opened_at)
    open_vote = next((v for v in votes if v.state == Vote.State.OPEN), None)
    closed = [v for v in votes if v.state != Vote.State.OPEN]
    entry = {
        "item": item, "case": case,
        "proposal": (case.decision_proposal if case and case.decision_proposal else item.description),
        "decision": _decision_of(item),
        "conflicts": found["conflicts"].get(case.pk, []) if case else [],
        "open_vote": open_vote,
        "closed_votes": [{"vote": v, "result": found["results"].get(v.pk)} for v in closed],
    }
    if item.kind in speakers.SPEAKING_KINDS:
        entry["speakers"] = found["speakers"][item.pk]
    entry["decidable"] = item.kind in voting.DECIDABLE_KINDS  # a decision item, or approving the minutes
    if not entry["decidable"]:
        return entry
    entry["rule_forms"] = {
        c.pk: bound.get(("rule", c.pk)) or ConflictRuleForm(auto_id=f"jav{c.pk}_%s") for c in entry["conflicts"]}
    for c in entry["conflicts"]:
        c.rule_form = entry["rule_forms"][c.pk]
    if open_vote is not None:
        entry["progress"] = voting.vote_progress(open_vote)
        entry["record_form"] = bound.get(("record", open_vote.pk)) or BallotRecordForm(
            partners=_not_voted(entry["progress"]), auto_id=f"hand{open_vote.pk}_%s")
    elif entry["decision"] is None and item.meeting.state == Meeting.State.OPEN:
        # Decisions are taken while the meeting is in session: before or after it, no forms
        # that could only be refused.
        default = entry["proposal"] or item.title
        entry["consensus_form"] = bound.get(("consensus", item.pk)) or ConsensusForm(
            initial={"wording": default}, auto_id=f"konsensus{item.pk}_%s")
        entry["vote_form"] = bound.get(("vote", item.pk)) or VoteOpenForm(
            initial={"question": default}, auto_id=f"fraga{item.pk}_%s")
    return entry


def _not_voted(progress):
    return progress["not_voted"]


def _render_room(request, meeting, bound=None, status=200):
    bound = bound or {}
    items = list(meeting.agenda_items.select_related("decision", "case", "speakers_closing__closed_by")
                 .prefetch_related(Prefetch("votes", queryset=Vote.objects.select_related("decision")))
                 .order_by("position"))
    # Read for the whole agenda at once, so the page costs the same however many items it has.
    conflicts: dict[int, list] = {}
    for c in (ConflictDeclaration.objects.filter(case__agenda_item__meeting=meeting)
              .select_related("partner", "declared_by", "ruled_by").order_by("partner__name")):
        conflicts.setdefault(c.case_id, []).append(c)
    found = {
        "conflicts": conflicts,
        "results": voting.vote_results([v for item in items for v in item.votes.all() if v.state != Vote.State.OPEN]),
        "speakers": speakers.speakers_by_item([item for item in items if item.kind in speakers.SPEAKING_KINDS]),
    }
    return render(request, "decisions/room_meeting.html", {
        "meeting": meeting,
        "entries": [_item_context(item, bound, found) for item in items],
        **quorum_context(request, meeting),
    }, status=status)


@login_required
def meeting_room(request, pk):
    return _render_room(request, _room_meeting(request, pk))


def _item_for_room(request, pk) -> AgendaItem:
    item = get_object_or_404(AgendaItem.objects.select_related("meeting"), pk=pk)
    if not access.may_run_meeting(request.user, item.meeting):
        raise PermissionDenied
    return item


def _vote_for_room(request, pk) -> Vote:
    vote = get_object_or_404(Vote.objects.select_related("agenda_item__meeting"), pk=pk)
    if not access.may_run_meeting(request.user, vote.agenda_item.meeting):
        raise PermissionDenied
    return vote


def _run_form(request, meeting, item, form, key, action, success):
    """Validate `form`, run the service; a refusal goes back to the room with the form (400)."""
    if form.is_valid():
        try:
            result = action(form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, success(result))
            return redirect(_room_url(meeting, item))
    return _render_room(request, meeting, bound={key: form}, status=400)


@login_required
@require_POST
def decide_by_consensus(request, pk):
    item = _item_for_room(request, pk)
    form = ConsensusForm(request.POST, auto_id=f"konsensus{item.pk}_%s")
    return _run_form(
        request, item.meeting, item, form, ("consensus", item.pk),
        lambda data: voting.decision_by_consensus(by=request.user, item=item, wording=data["wording"]),
        lambda _: gettext("Beslutet är registrerat med konsensus."))


@login_required
@require_POST
def vote_open(request, pk):
    item = _item_for_room(request, pk)
    form = VoteOpenForm(request.POST, auto_id=f"fraga{item.pk}_%s")
    return _run_form(
        request, item.meeting, item, form, ("vote", item.pk),
        lambda data: voting.vote_open(by=request.user, item=item, question=data["question"]),
        lambda _: gettext("Omröstningen är öppen. De närvarande företrädarna kan rösta nu."))


@login_required
@require_POST
def ballot_record(request, pk):
    vote = _vote_for_room(request, pk)
    item = vote.agenda_item
    form = BallotRecordForm(request.POST, partners=_not_voted(voting.vote_progress(vote)),
                            auto_id=f"hand{vote.pk}_%s")
    return _run_form(
        request, item.meeting, item, form, ("record", vote.pk),
        lambda data: voting.ballot_record(by=request.user, vote=vote, partner=_partner(data["partner"]),
                                          choice=data["choice"]),
        lambda ballot: gettext("Rösten för %(partner)s är registrerad.") % {"partner": ballot.partner.name})


def _partner(pk):
    return get_object_or_404(Partner, pk=pk)


@login_required
@require_POST
def vote_close(request, pk):
    vote = _vote_for_room(request, pk)
    run_action(request, lambda: voting.vote_close(by=request.user, vote=vote),
               lambda decision: gettext("Omröstningen är avslutad: %(outcome)s.") % {
                   "outcome": decision.get_outcome_display().lower()})
    return redirect(_room_url(vote.agenda_item.meeting, vote.agenda_item))


@login_required
@require_POST
def vote_publish(request, pk):
    vote = _vote_for_room(request, pk)
    run_action(request, lambda: voting.vote_publish(by=request.user, vote=vote),
               lambda _: gettext("Resultatet är publicerat."))
    return redirect(_room_url(vote.agenda_item.meeting, vote.agenda_item))


@login_required
@require_POST
def conflict_rule(request, pk):
    declaration = get_object_or_404(ConflictDeclaration.objects.select_related("case__agenda_item__meeting"), pk=pk)
    item = declaration.case.agenda_item
    if item is None or not access.may_run_meeting(request.user, item.meeting):
        raise PermissionDenied
    form = ConflictRuleForm(request.POST, auto_id=f"jav{declaration.pk}_%s")
    return _run_form(
        request, item.meeting, item, form, ("rule", declaration.pk),
        lambda data: voting.conflict_rule(by=request.user, declaration=declaration, may_vote=data["may_vote"],
                                          reason=data["reason"]),
        lambda d: gettext("Beslutet om jäv för %(partner)s är registrerat.") % {"partner": d.partner.name})


@login_required
def vote_progress_panel(request, pk):
    """Who has not voted yet (htmx polls it in the room; the room has it without JavaScript)."""
    vote = _vote_for_room(request, pk)
    return render(request, "decisions/room_progress.html", {
        "vote": vote, "progress": voting.vote_progress(vote) if vote.state == Vote.State.OPEN else None})


@login_required
def vote_csv(request, pk):
    """A closed vote's named ballots as CSV (through csvsafe: no cell is read as a formula)."""
    vote = _vote_for_room(request, pk)
    if vote.state == Vote.State.OPEN:
        raise Http404  # the tally stays hidden while the vote is open
    item = vote.agenda_item
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="omrostning-{item.meeting.date:%Y-%m-%d}-{item.position}-{vote.pk}.csv"')
    response.write("\ufeff")  # spreadsheets then read the file as UTF-8
    columns = [gettext("Partner"), gettext("Sektor"), gettext("Röst"), gettext("Avgiven av"),
               gettext("Handuppräckning"), gettext("Tid")]
    writer = csvsafe.DictWriter(response, fieldnames=columns)
    writer.writeheader()
    ballots = vote.ballots.select_related("partner", "cast_by").order_by("partner__name")
    for ballot in ballots:
        writer.writerow(dict(zip(columns, [
            ballot.partner.name, ballot.partner.get_sector_display(), ballot.get_choice_display(),
            ballot.cast_by.get_full_name() or ballot.cast_by.email,
            gettext("ja") if ballot.by_show_of_hands else gettext("nej"),
            f"{timezone.localtime(ballot.cast_at):%Y-%m-%d %H:%M:%S}",
        ], strict=True)))
    return response


# Representatives ------------------------------------------------------------------------------


def _called_item_meeting(request, meeting):
    if meeting.state == Meeting.State.PLANNED or not meeting_services.is_called(request.user, meeting):
        raise Http404


@login_required
def vote_ballot(request, pk):
    """A representative present votes for their partner: Ja, Nej or Avstår, once."""
    vote = get_object_or_404(Vote.objects.select_related("agenda_item__meeting"), pk=pk)
    meeting = vote.agenda_item.meeting
    _called_item_meeting(request, meeting)
    rep = acting_representative(request.user)
    if rep is None:
        if access.may_run_meeting(request.user, meeting):
            return redirect(_room_url(meeting, vote.agenda_item))
        raise Http404
    if request.method == "POST":
        form = BallotForm(request.POST)
        if not form.is_valid():
            messages.error(request, gettext("Välj Ja, Nej eller Avstår."))
        else:
            run_action(request, lambda: voting.ballot_cast(by=request.user, vote=vote, partner=rep.partner,
                                                           choice=form.cleaned_data["choice"]),
                       lambda b: gettext("Er röst är registrerad: %(choice)s.") % {"choice": b.get_choice_display()})
        return redirect("vote_ballot", pk=vote.pk)
    mine = Ballot.objects.filter(vote=vote, partner=rep.partner).select_related("cast_by").first()
    return render(request, "decisions/room_ballot.html", {
        "vote": vote, "meeting": meeting, "item": vote.agenda_item, "rep": rep, "mine": mine,
        "closed": {"vote": vote, "result": voting.vote_result(vote)} if vote.state != Vote.State.OPEN else None,
    })


@login_required
def conflict_declare(request, pk):
    """A representative declares their partner's conflict of interest (jäv) in the item's case."""
    item = get_object_or_404(AgendaItem.objects.select_related("meeting"), pk=pk)
    _called_item_meeting(request, item.meeting)
    case = _case_of(item)
    rep = acting_representative(request.user)
    if case is None or rep is None:
        raise Http404
    existing = ConflictDeclaration.objects.filter(case=case, partner=rep.partner).first()
    form = ConflictDeclareForm(request.POST or None, auto_id="jav_%s")
    if request.method == "POST" and existing is None and form.is_valid():
        try:
            voting.conflict_declare(by=request.user, case=case, partner=rep.partner, reason=form.cleaned_data["reason"])
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, gettext("Jävet är anmält. Ordföranden beslutar om ni får rösta i ärendet."))
            return redirect(f"{reverse('meeting_detail', args=[item.meeting.pk])}#punkt-{item.pk}")
    return render(request, "decisions/room_conflict.html", {
        "item": item, "meeting": item.meeting, "case": case, "rep": rep, "form": form, "existing": existing,
    }, status=400 if request.method == "POST" else 200)
