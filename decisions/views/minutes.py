"""The minutes: the kansli drafts, finishes and corrects them; the public reads every finished
revision and downloads its PDF/A (§ 3.2, § 7, R5, R12)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from decisions import access, minutes_record
from decisions import minutes as service
from decisions.forms_minutes import MinutesCorrectionForm, MinutesForm
from decisions.models import Minutes, MinutesRevision
from meetings.models import Meeting
from swecan.forms import add_service_errors, run_action
from swecan.permissions import kansli_required
from swecan.public_cache import public_page


def _meeting_for_keeper(request, pk) -> Meeting:
    meeting = get_object_or_404(Meeting.objects.select_related("chair"), pk=pk)
    if not access.may_keep_minutes(request.user, meeting):
        raise PermissionDenied
    return meeting


def _page(request, meeting, minutes, *, form=None, correction=None, status=200):
    items = list(meeting.agenda_items.order_by("position"))
    context = {"meeting": meeting, "minutes": minutes, "due": service.due_on(meeting),
               "refusal": service.not_held_refusal(meeting),
               "open_votes": service.open_votes(meeting).exists()}
    if minutes is not None:
        context["preview"] = minutes_record.readable(service.draft_content(minutes)) \
            if minutes.state == Minutes.State.DRAFT else None
        context["revisions"] = list(minutes.revisions.order_by("-number"))
        if minutes.state == Minutes.State.DRAFT:
            context["form"] = form or MinutesForm(initial=MinutesForm.initial_from(minutes), items=items)
        else:
            context["correction"] = correction or MinutesCorrectionForm(
                initial=MinutesForm.initial_from(minutes), items=items)
    return render(request, "decisions/kansli_minutes.html", context, status=status)


@kansli_required
def kansli_minutes(request, pk):
    """Draft: edit the prose and see the minutes as the record stands; save or finish in one form,
    so nothing typed is lost when finishing is refused."""
    meeting = _meeting_for_keeper(request, pk)
    minutes = service.minutes_of(meeting)
    if request.method != "POST":
        return _page(request, meeting, minutes)
    if minutes is None:
        run_action(request, lambda: service.minutes_start(by=request.user, meeting=meeting),
                   lambda _: gettext("Protokollet är påbörjat. Det hämtar allt från mötets register; skriv "
                                     "de delar som är text."))
        return redirect("kansli_minutes", meeting.pk)
    items = list(meeting.agenda_items.order_by("position"))
    form = MinutesForm(request.POST, items=items)
    if not form.is_valid():
        return _page(request, meeting, minutes, form=form, status=400)
    try:
        service.minutes_edit(by=request.user, minutes=minutes, fields=form.prose())
        if request.POST.get("action") == "finish":
            service.minutes_finish(by=request.user, minutes=minutes)
            messages.success(request, gettext("Protokollet är färdigställt och publicerat som färdigställt, inte "
                                              "godkänt. PDF:en tas fram nu; nästa sammanträde har fått punkten "
                                              "om godkännande om det är planerat."))
        else:
            messages.success(request, gettext("Utkastet är sparat."))
    except ValidationError as error:
        add_service_errors(form, error)
        return _page(request, meeting, service.minutes_of(meeting), form=form, status=400)
    return redirect("kansli_minutes", meeting.pk)


@kansli_required
@require_POST
def kansli_minutes_correct(request, pk):
    meeting = _meeting_for_keeper(request, pk)
    minutes = service.minutes_of(meeting)
    if minutes is None:
        raise Http404
    form = MinutesCorrectionForm(request.POST, items=list(meeting.agenda_items.order_by("position")))
    if form.is_valid():
        try:
            revision = service.minutes_correct(by=request.user, minutes=minutes, reason=form.cleaned_data["reason"],
                                               fields=form.prose())
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, gettext("Version %(n)s av protokollet är färdigställd och publicerad; de "
                                              "tidigare versionerna finns kvar.") % {"n": revision.number})
            return redirect("kansli_minutes", meeting.pk)
    return _page(request, meeting, minutes, correction=form, status=400)


# Public ---------------------------------------------------------------------------------------


@public_page
def public_minutes_list(request):
    minutes = list(service.published_minutes().prefetch_related("revisions"))
    for m in minutes:
        revisions = sorted(m.revisions.all(), key=lambda r: r.number)
        m.current = revisions[-1] if revisions else None
    return render(request, "decisions/public_minutes_list.html", {"minutes_list": minutes})


def _published(pk) -> Minutes:
    return get_object_or_404(service.published_minutes(), meeting_id=pk)


@public_page
def public_minutes(request, pk, number=None):
    minutes = _published(pk)
    revisions = list(minutes.revisions.order_by("number"))
    if not revisions:
        raise Http404
    current = revisions[-1]
    shown = current if number is None else next((r for r in revisions if r.number == number), None)
    if shown is None:
        raise Http404
    return render(request, "decisions/public_minutes.html", {
        "minutes": minutes, "meeting": minutes.meeting, "revision": shown, "current": current,
        "revisions": revisions, "m": minutes_record.readable(shown.content),
    })


def minutes_pdf(request, pk, number):
    minutes = _published(pk)
    revision = get_object_or_404(MinutesRevision, minutes=minutes, number=number)
    if not revision.pdf or not revision.pdf.storage.exists(revision.pdf.name):
        raise Http404(gettext("PDF:en tas fram. Försök igen om en liten stund."))
    return FileResponse(revision.pdf.open("rb"), as_attachment=False, filename=revision.download_name,
                        content_type="application/pdf")
