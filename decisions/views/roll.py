"""The kansli compiles the list of the voting roll as a decision item on a partnership meeting
(§ 5.2, decisions/roll.py): a preview of who is on it per sector, then one button; additions
during the year are chosen from the active partners not on the year's roll."""

from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.http import urlencode
from django.utils.translation import gettext

from decisions import roll
from decisions.access import may_compile_roll
from decisions.forms_roll import RollAddForm, RollFixForm
from meetings.models import Meeting
from swecan.forms import add_service_errors

# The kinds as the URL spells them.
SLUGS = {"faststall": roll.KINDS.FIX, "nya": roll.KINDS.ADD}


def roll_compiler_required(view):
    """Only who may compile the roll (decisions.access.may_compile_roll); the public logs in."""

    @login_required
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not may_compile_roll(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper


def _section_url(meeting) -> str:
    return f"{reverse('kansli_meeting', args=[meeting.pk])}#rostlangd"


@roll_compiler_required
def roll_compile(request, pk, kind):
    if kind not in SLUGS:
        raise Http404
    kind = SLUGS[kind]
    meeting = get_object_or_404(Meeting, pk=pk)
    data = request.POST if request.method == "POST" else None
    if kind == roll.KINDS.ADD:
        current = roll.pending(meeting, kind)
        form = RollAddForm(data, candidates=roll.add_candidates(meeting), auto_id="rostlangd_%s",
                           initial={"partners": list(current.partners.all())} if current else None)
    else:
        form = RollFixForm(data)
    if form.is_bound and form.is_valid():
        try:
            proposal = roll.roll_proposal_compile(by=request.user, meeting=meeting, kind=kind,
                                                  partners=form.cleaned_data.get("partners"))
        except ValidationError as error:
            add_service_errors(form, error)
            return _render(request, meeting, kind, form, status=400)
        messages.success(request, gettext(
            "Förteckningen är sammanställd: %(n)s partners på punkten § %(position)s, %(title)s. "
            "Partnerskapet beslutar om den på sammanträdet.") % {
            "n": proposal.partners.count(), "position": proposal.agenda_item.position,
            "title": proposal.agenda_item.title})
        return redirect(_section_url(meeting))
    return _render(request, meeting, kind, form, status=400 if form.is_bound else 200)


def _render(request, meeting, kind, form, status=200):
    listed = roll.fix_candidates(meeting) if kind == roll.KINDS.FIX else None
    return render(request, "decisions/kansli_roll_compile.html", {
        "meeting": meeting, "kind": kind, "is_fix": kind == roll.KINDS.FIX, "year": meeting.date.year,
        "refusal": roll.compile_refusal(meeting, kind),
        "current": roll.pending(meeting, kind),
        "listed": listed, "groups": roll.by_sector(listed) if listed is not None else None,
        "form": form,
    }, status=status)


@roll_compiler_required
def roll_year(request, year):
    """From the roll page: the compile page on the year's first meeting, or why there is none."""
    first = roll.first_meeting_of(year)
    if first is None:
        messages.info(request, gettext(
            "Inget av partnerskapets sammanträden är planerat för %(year)s än. Planera årets första "
            "sammanträde; på det sammanställer du förslaget till röstlängd.") % {"year": year})
        return redirect(f"{reverse('kansli_meetings')}?{urlencode({'ar': year})}")
    if reason := roll.compile_refusal(first, roll.KINDS.FIX):
        messages.info(request, gettext("Årets första sammanträde är %(meeting)s den %(date)s. %(reason)s") % {
            "meeting": first.title, "date": date_format(first.date, "j F Y"), "reason": reason})
        return redirect(_section_url(first))
    return redirect("kansli_roll_compile", pk=first.pk, kind="faststall")
