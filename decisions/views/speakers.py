"""The speakers' list (talarlista) in the meeting room: the chair and the kansli give the floor,
mark a speaker done and close the list; representatives present ask for the floor and take the
request back from their own device. Plain forms that redirect back to the item (POST-redirect-GET);
htmx only keeps the panels fresh."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from decisions import access, speakers
from decisions.models import SpeakerRequest
from decisions.views.room import _called_item_meeting, _item_for_room, _room_url
from meetings.models import AgendaItem
from partnership.access import acting_representative
from swecan.forms import run_action


def _speaker(speaker_request) -> dict:
    return {"name": speaker_request.user.get_full_name() or speaker_request.user.email,
            "partner": speaker_request.partner.name}


# The chair and the kansli ---------------------------------------------------------------------


def _request_for_room(request, pk) -> SpeakerRequest:
    speaker_request = get_object_or_404(
        SpeakerRequest.objects.select_related("agenda_item__meeting", "partner", "user"), pk=pk)
    if not access.may_run_meeting(request.user, speaker_request.agenda_item.meeting):
        raise PermissionDenied
    return speaker_request


def _back_to_room(speaker_request):
    item = speaker_request.agenda_item
    return redirect(_room_url(item.meeting, item))


@login_required
@require_POST
def floor_give(request, pk):
    speaker_request = _request_for_room(request, pk)
    run_action(request, lambda: speakers.floor_give(by=request.user, speaker_request=speaker_request),
               lambda r: gettext("%(name)s (%(partner)s) har ordet.") % _speaker(r))
    return _back_to_room(speaker_request)


@login_required
@require_POST
def floor_finish(request, pk):
    speaker_request = _request_for_room(request, pk)
    run_action(request, lambda: speakers.floor_finish(by=request.user, speaker_request=speaker_request),
               lambda r: gettext("%(name)s (%(partner)s) har talat klart.") % _speaker(r))
    return _back_to_room(speaker_request)


@login_required
@require_POST
def speakers_close(request, pk):
    item = _item_for_room(request, pk)
    run_action(request, lambda: speakers.speakers_close(by=request.user, item=item),
               lambda _: gettext("Talarlistan är stängd. De som redan står på listan får ordet."))
    return redirect(_room_url(item.meeting, item))


@login_required
@require_POST
def speakers_reopen(request, pk):
    item = _item_for_room(request, pk)
    run_action(request, lambda: speakers.speakers_reopen(by=request.user, item=item),
               lambda _: gettext("Talarlistan är öppen igen."))
    return redirect(_room_url(item.meeting, item))


@login_required
def speakers_panel(request, pk):
    """The item's speakers' list alone (htmx polls it in the room; the room has it without JavaScript)."""
    item = _item_for_room(request, pk)
    if item.kind not in speakers.SPEAKING_KINDS:
        raise Http404
    item = AgendaItem.objects.select_related("meeting", "speakers_closing__closed_by").get(pk=item.pk)
    return render(request, "decisions/room_speakers.html", {
        "item": item, "meeting": item.meeting, "speakers": speakers.speakers_for(item)})


# Representatives ------------------------------------------------------------------------------


def _member_item(request, pk):
    """An item with a speakers' list at a meeting the user is called to, and their representation."""
    item = get_object_or_404(AgendaItem.objects.select_related("meeting"), pk=pk)
    _called_item_meeting(request, item.meeting)
    rep = acting_representative(request.user)
    if rep is None or item.kind not in speakers.SPEAKING_KINDS:
        raise Http404
    return item, rep


def _safe_next(request, value) -> str | None:
    """The page the request came from (the meeting page or a ballot page), never another site."""
    if value and value.startswith("/") and url_has_allowed_host_and_scheme(
            value, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return value
    return None


def _back_to_member_page(request, item):
    back = _safe_next(request, request.POST.get("next")) or reverse("meeting_detail", args=[item.meeting_id])
    return redirect(f"{back}#ordet-{item.pk}")


@login_required
@require_POST
def floor_request(request, pk):
    """A representative asks for the floor on an item for their own partner (never one in the URL)."""
    item, rep = _member_item(request, pk)
    speaker_request = run_action(
        request, lambda: speakers.floor_request(by=request.user, item=item, partner=rep.partner))
    if speaker_request is not None:
        _mine, place = speakers.queue_place(speakers.speakers_for(item), request.user)
        messages.success(request, gettext("Du har begärt ordet på § %(n)s. Du står som nummer %(place)s på "
                                          "talarlistan.") % {"n": item.position, "place": place})
    return _back_to_member_page(request, item)


@login_required
@require_POST
def floor_withdraw(request, pk):
    speaker_request = get_object_or_404(SpeakerRequest.objects.select_related("agenda_item__meeting"), pk=pk)
    if not access.may_withdraw_floor_request(request.user, speaker_request):
        raise Http404  # another person's request: not even that it exists
    run_action(request, lambda: speakers.floor_withdraw(by=request.user, speaker_request=speaker_request),
               lambda _: gettext("Din begäran om ordet är tillbakatagen."))
    return _back_to_member_page(request, speaker_request.agenda_item)


@login_required
def floor_panel(request, pk):
    """The representative's view of one item's list (htmx polls it while they wait)."""
    item, rep = _member_item(request, pk)
    floor = speakers.floor_for_member(item.meeting, rep, items=AgendaItem.objects.filter(pk=item.pk))
    return render(request, "decisions/floor_item.html", {
        "entry": floor["entries"][0], "floor": floor,
        "back": _safe_next(request, request.GET.get("next")) or reverse("meeting_detail", args=[item.meeting_id]),
    })
