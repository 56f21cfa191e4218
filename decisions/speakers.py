"""The speakers' list (talarlista) of an agenda item: representatives of partners present ask for
the floor from their own device while the meeting is under way; the chair (or the kansli) gives it
in the order asked, marks the speaker done, and may close the list (those waiting still speak).

Race safety: every change locks the agenda item's row first, so two chairs giving the floor at
once leave one speaker; the database's partial unique constraint (one waiting or speaking request
per person and item) is the last word on a double click, through saved_unless_taken."""

from django.core.exceptions import ObjectDoesNotExist, PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext

from decisions.access import may_request_floor, may_withdraw_floor_request
from decisions.models import SpeakerRequest, SpeakersListClosing
from decisions.voting import _check_runs, _present_ids
from meetings.models import AgendaItem, Meeting
from partnership.models import Partner
from swecan.audit import attributed, saved_unless_taken

# The items people speak to; information items are presented, not debated.
SPEAKING_KINDS = (AgendaItem.Kind.DECISION, AgendaItem.Kind.DISCUSSION)

S = SpeakerRequest.State


# Reads ---------------------------------------------------------------------------------------


def closing_of(item: AgendaItem) -> SpeakersListClosing | None:
    """The closing of the item's list, if the chair closed it (cached by select_related)."""
    try:
        return item.speakers_closing
    except ObjectDoesNotExist:
        return None


def _decided(item: AgendaItem) -> bool:
    try:
        return item.decision is not None
    except ObjectDoesNotExist:
        return False


def _grouped(item: AgendaItem, requests) -> dict:
    waiting = [r for r in requests if r.state == S.WAITING]
    return {
        "item": item,
        "waiting": waiting,
        "speaking": next((r for r in requests if r.state == S.SPEAKING), None),
        "done": sorted((r for r in requests if r.state == S.DONE), key=lambda r: (r.given_at, r.pk)),
        "closing": closing_of(item),
    }


def speakers_by_item(items) -> dict[int, dict]:
    """speakers_for() of several items in one query: {item pk: list}."""
    items = list(items)
    requests = list(SpeakerRequest.objects.filter(agenda_item__in=items).exclude(state=S.WITHDRAWN)
                    .select_related("partner", "user").order_by("requested_at", "pk"))
    return {item.pk: _grouped(item, [r for r in requests if r.agenda_item_id == item.pk]) for item in items}


def speakers_for(item: AgendaItem) -> dict:
    """The item's list: who waits (in the order asked), who has the floor, who has spoken, and
    the closing if the list is closed. A fixed number of queries however long the list."""
    return speakers_by_item([item])[item.pk]


def queue_place(speakers: dict, user) -> tuple[SpeakerRequest | None, int | None]:
    """The user's live request on the list and their place among those waiting (None when they
    have the floor or no request)."""
    if speakers["speaking"] is not None and speakers["speaking"].user_id == user.pk:
        return speakers["speaking"], None
    for place, request in enumerate(speakers["waiting"], start=1):
        if request.user_id == user.pk:
            return request, place
    return None, None


def meeting_refusal(meeting: Meeting, partner: Partner, present: set[int] | None = None, now=None) -> str | None:
    """Why a representative of `partner` cannot ask for the floor at this meeting now (None if
    they can): the meeting is under way and the partner is present (R3: a presence recorded at
    the meeting, never an advance answer)."""
    if meeting.state != Meeting.State.OPEN:
        return gettext("Sammanträdet pågår inte. Ordet begärs medan mötet pågår, efter att kansliet har "
                       "öppnat det.")
    if present is None:
        present = _present_ids(meeting, now or timezone.now())
    if partner.pk not in present:
        return gettext("%(partner)s är inte registrerad som närvarande. Bara partner som närvarar vid "
                       "sammanträdet kan begära ordet; checka in först.") % {"partner": partner.name}
    return None


def floor_refusal(item: AgendaItem, partner: Partner, user, *, present: set[int] | None = None,
                  speakers: dict | None = None, now=None) -> str | None:
    """Why `user` cannot ask for the floor on `item` for `partner` now (None if they can)."""
    if item.kind not in SPEAKING_KINDS:
        return gettext("Punkten har ingen talarlista.")
    reason = meeting_refusal(item.meeting, partner, present, now)
    if reason:
        return reason
    if _decided(item):
        return gettext("Punkten är redan beslutad.")
    speakers = speakers or speakers_for(item)
    mine, place = queue_place(speakers, user)
    if mine is not None:
        return (gettext("Du har ordet.") if place is None
                else gettext("Du står redan på talarlistan som nummer %(place)s.") % {"place": place})
    if speakers["closing"] is not None:
        return gettext("Ordföranden har stängt talarlistan för punkten.")
    return None


def floor_for_member(meeting: Meeting, rep, items: QuerySet | None = None, now=None) -> dict:
    """For a representative following the meeting: why they cannot ask for the floor at all now
    (the meeting is not under way, their partner is not present), and per decision or discussion
    item the list, their request and place, or the reason they cannot ask on it."""
    if items is None:
        items = meeting.agenda_items.filter(kind__in=SPEAKING_KINDS).order_by("position")
    items = list(items.select_related("meeting", "decision", "speakers_closing"))
    present = _present_ids(meeting, now or timezone.now()) if meeting.state == Meeting.State.OPEN else set()
    lists = speakers_by_item(items)
    entries = []
    for item in items:
        speakers = lists[item.pk]
        mine, place = queue_place(speakers, rep.user)
        entries.append({
            "item": item, "speakers": speakers, "mine": mine, "place": place,
            "refusal": None if mine else floor_refusal(item, rep.partner, rep.user, present=present,
                                                       speakers=speakers, now=now),
        })
    return {"refusal": meeting_refusal(meeting, rep.partner, present, now), "entries": entries}


# Services ------------------------------------------------------------------------------------


def _locked_item(item_pk: int) -> AgendaItem:
    return (AgendaItem.objects.select_for_update(of=("self",))
            .select_related("meeting", "decision", "speakers_closing").get(pk=item_pk))


def _locked_request(speaker_request: SpeakerRequest) -> tuple[AgendaItem, SpeakerRequest]:
    """The item's row first (as every change here), then the request as it stands now."""
    item = _locked_item(SpeakerRequest.objects.values_list("agenda_item_id", flat=True).get(pk=speaker_request.pk))
    locked = (SpeakerRequest.objects.select_for_update(of=("self",)).select_related("partner", "user")
              .get(pk=speaker_request.pk))
    return item, locked


def _check_under_way(meeting: Meeting) -> None:
    if meeting.state != Meeting.State.OPEN:
        raise ValidationError(gettext("Sammanträdet pågår inte. Talarlistan används medan mötet pågår."))


def _check_has_list(item: AgendaItem) -> None:
    if item.kind not in SPEAKING_KINDS:
        raise ValidationError(gettext("Punkten har ingen talarlista."))


@transaction.atomic
def floor_request(*, by, item: AgendaItem, partner: Partner) -> SpeakerRequest:
    """A representative of a partner present asks for the floor on the item while the meeting is
    under way; refused with the reason when the list is closed or they already wait."""
    if not may_request_floor(by, partner):
        raise PermissionDenied(gettext("Bara partnerns egna företrädare kan begära ordet för partnern."))
    item = _locked_item(item.pk)
    now = timezone.now()
    reason = floor_refusal(item, partner, by, now=now)
    if reason:
        raise ValidationError(reason)
    speaker_request = attributed(SpeakerRequest(agenda_item=item, partner=partner, user=by, requested_at=now), by)
    if not saved_unless_taken(speaker_request):
        # Both passed the checks before either wrote (a double click): the first one stands.
        raise ValidationError(gettext("Du står redan på talarlistan."))
    return speaker_request


@transaction.atomic
def floor_withdraw(*, by, speaker_request: SpeakerRequest) -> SpeakerRequest:
    """The person who asked takes the request back while still waiting."""
    item, speaker_request = _locked_request(speaker_request)
    if not may_withdraw_floor_request(by, speaker_request):
        raise PermissionDenied(gettext("Bara den som begärde ordet kan ta tillbaka begäran."))
    speaker_request.withdraw()
    attributed(speaker_request, by).save()
    return speaker_request


@transaction.atomic
def floor_give(*, by, speaker_request: SpeakerRequest) -> SpeakerRequest:
    """The chair gives the floor to someone waiting; whoever had it on the item is done."""
    item, speaker_request = _locked_request(speaker_request)
    _check_runs(by, item.meeting)
    _check_under_way(item.meeting)
    speaker_request.check_allowed("give")
    now = timezone.now()
    for current in SpeakerRequest.objects.select_for_update(of=("self",)).filter(agenda_item=item, state=S.SPEAKING):
        current.finish(now)
        attributed(current, by).save()
    speaker_request.give(now)
    attributed(speaker_request, by).save()
    return speaker_request


@transaction.atomic
def floor_finish(*, by, speaker_request: SpeakerRequest) -> SpeakerRequest:
    """The chair marks the speaker done (Klar). Also after the session, to tidy the list."""
    item, speaker_request = _locked_request(speaker_request)
    _check_runs(by, item.meeting)
    speaker_request.finish()
    attributed(speaker_request, by).save()
    return speaker_request


@transaction.atomic
def speakers_close(*, by, item: AgendaItem) -> SpeakersListClosing:
    """The chair closes the item's list: no new requests; those already waiting still speak."""
    item = _locked_item(item.pk)
    _check_runs(by, item.meeting)
    _check_under_way(item.meeting)
    _check_has_list(item)
    already = gettext("Talarlistan är redan stängd.")
    if closing_of(item) is not None:
        raise ValidationError(already)
    closing = attributed(SpeakersListClosing(agenda_item=item, closed_by=by, closed_at=timezone.now()), by)
    if not saved_unless_taken(closing):
        raise ValidationError(already)
    return closing


@transaction.atomic
def speakers_reopen(*, by, item: AgendaItem) -> AgendaItem:
    """The chair opens a closed list again (new information, a new proposal); the history keeps
    that it was closed, by whom and when."""
    item = _locked_item(item.pk)
    _check_runs(by, item.meeting)
    _check_under_way(item.meeting)
    closing = closing_of(item)
    if closing is None:
        raise ValidationError(gettext("Talarlistan är inte stängd."))
    attributed(closing, by).delete()
    return item
