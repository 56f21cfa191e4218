"""The kansli plans meetings, builds agendas, sends the kallelse and records attendance."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from meetings import services
from meetings.forms import AgendaItemForm, DocumentForm, MeetingForm
from meetings.models import AgendaItem, Meeting
from meetings.views.common import attendance_form, quorum_context
from outbox.models import Message
from swecan.arbetsordning import parameters_in_force
from swecan.forms import add_service_errors, run_action, year_from_query
from swecan.permissions import kansli_required


def _meeting_fields(form):
    return dict(form.cleaned_data)


def _notice_days() -> dict:
    return {"notice_days": parameters_in_force().notice_days}


# Three forms share the kansli's meeting page: each gets its own id prefix.
AGENDA_IDS, DOCUMENT_IDS = "punkt_%s", "dokument_%s"


@kansli_required
def year_view(request):
    today = timezone.localdate()
    year = year_from_query(request, today.year)
    overview = services.year_overview(year)
    return render(request, "meetings/kansli_year.html", {
        "year": year, "today": today, "years": range(today.year - 1, today.year + 3), **overview,
    })


@kansli_required
def meeting_create(request):
    form = MeetingForm(request.POST or None, initial={"body": request.GET.get("organ", "partnership")})
    if request.method == "POST" and form.is_valid():
        try:
            meeting = services.meeting_plan(by=request.user, fields=_meeting_fields(form))
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, f"{meeting.title} är planerat. Lägg till dagordningen och skicka "
                                      "kallelsen senast sista dagen.")
            return redirect("kansli_meeting", pk=meeting.pk)
    return render(request, "meetings/kansli_form.html", {"form": form, **_notice_days()})


@kansli_required
def meeting_edit(request, pk):
    meeting = get_object_or_404(Meeting, pk=pk)
    form = MeetingForm(request.POST or None, instance=meeting)
    if request.method == "POST" and form.is_valid():
        try:
            services.meeting_update(by=request.user, meeting=meeting, fields=_meeting_fields(form))
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, "Mötet är uppdaterat.")
            return redirect("kansli_meeting", pk=pk)
    return render(request, "meetings/kansli_form.html", {"form": form, "meeting": meeting, **_notice_days()})


@kansli_required
def meeting_manage(request, pk):
    meeting = get_object_or_404(Meeting.objects.select_related("rules_version", "chair"), pk=pk)
    return _render_manage(request, meeting)


def _render_manage(request, meeting, *, agenda_form=None, document_form=None, attendance=None,
                   status=200):
    deliveries = list(meeting.deliveries.select_related("partner", "message")
                      .order_by("kind", "message__status", "email"))
    return render(request, "meetings/kansli_meeting.html", {
        "meeting": meeting,
        "deadlines": services.deadlines(meeting),
        "notice_verdict": None if meeting.notice_is_sent else services.notice_verdict(meeting),
        "items": meeting.agenda_items.prefetch_related("documents").order_by("position"),
        "unattached": meeting.documents.filter(agenda_item__isnull=True),
        "agenda_form": agenda_form or AgendaItemForm(auto_id=AGENDA_IDS),
        "document_form": document_form or DocumentForm(meeting=meeting, auto_id=DOCUMENT_IDS),
        "attendance_form": attendance or attendance_form(meeting, request.user),
        "attendances": meeting.attendances.select_related("partner").prefetch_related("representatives"),
        "deliveries": deliveries,
        "started": meeting.starts_at <= timezone.now(),
        "failed": sum(1 for d in deliveries if d.message.status == Message.Status.FAILED),
        "undelivered": services.undelivered(meeting).count(),
        "sent": sum(1 for d in deliveries if d.message.is_done),
        **quorum_context(request, meeting),
    }, status=status)


@kansli_required
@require_POST
def agenda_item_add(request, pk):
    meeting = get_object_or_404(Meeting, pk=pk)
    form = AgendaItemForm(request.POST, auto_id=AGENDA_IDS)
    if form.is_valid():
        try:
            services.agenda_item_add(by=request.user, meeting=meeting, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, "Punkten är tillagd.")
            return redirect(f"{meeting_url(meeting)}#dagordning")
    return _render_manage(request, meeting, agenda_form=form, status=400)


def meeting_url(meeting):
    from django.urls import reverse

    return reverse("kansli_meeting", args=[meeting.pk])


@kansli_required
@require_POST
def agenda_item_move(request, pk):
    item = get_object_or_404(AgendaItem, pk=pk)
    direction = -1 if request.POST.get("riktning") == "upp" else 1
    run_action(request, lambda: services.agenda_item_move(by=request.user, item=item, direction=direction))
    return redirect(f"{meeting_url(item.meeting)}#dagordning")


@kansli_required
@require_POST
def agenda_item_remove(request, pk):
    item = get_object_or_404(AgendaItem, pk=pk)
    run_action(request, lambda: services.agenda_item_remove(by=request.user, item=item),
               lambda _: f"Punkten ”{item.title}” är borttagen.")
    return redirect(f"{meeting_url(item.meeting)}#dagordning")


@kansli_required
@require_POST
def document_upload(request, pk):
    meeting = get_object_or_404(Meeting, pk=pk)
    form = DocumentForm(request.POST, request.FILES, meeting=meeting, auto_id=DOCUMENT_IDS)
    if form.is_valid():
        try:
            document = services.document_upload(
                by=request.user, meeting=meeting, title=form.cleaned_data["title"],
                uploaded=form.cleaned_data["file"], agenda_item=form.cleaned_data["agenda_item"],
                is_public=form.cleaned_data["is_public"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            note = " Den markeras som sent inkommen." if document.is_late else ""
            messages.success(request, f"Dokumentet ”{document.title}” är uppladdat.{note}")
            return redirect(f"{meeting_url(meeting)}#dokument")
    return _render_manage(request, meeting, document_form=form, status=400)


@kansli_required
@require_POST
def notice_send(request, pk):
    meeting = get_object_or_404(Meeting, pk=pk)
    run_action(request, lambda: services.notice_send(by=request.user, meeting=meeting),
               lambda count: f"Kallelsen skickas till {count} mottagare.")
    return redirect(f"{meeting_url(meeting)}#kallelse")


@kansli_required
@require_POST
def notice_resend_failed(request, pk):
    meeting = get_object_or_404(Meeting, pk=pk)
    count = services.notice_resend_failed(by=request.user, meeting=meeting)
    messages.success(request, f"{count} utskick som inte levererats skickas igen.")
    return redirect(f"{meeting_url(meeting)}#kallelse")


@kansli_required
@require_POST
def attendance_register(request, pk):
    meeting = get_object_or_404(Meeting, pk=pk)
    form = attendance_form(meeting, request.user, data=request.POST)
    if form.is_valid():
        try:
            services.attendance_register(by=request.user, meeting=meeting, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, f"Närvaro registrerad för {form.cleaned_data['partner'].name}.")
            return redirect(f"{meeting_url(meeting)}#narvaro")
    return _render_manage(request, meeting, attendance=form, status=400)


@kansli_required
@require_POST
def meeting_state(request, pk):
    meeting = get_object_or_404(Meeting, pk=pk)
    state = request.POST.get("status", "")
    run_action(request, lambda: services.meeting_set_state(by=request.user, meeting=meeting, state=state),
               lambda _: "Mötets status är ändrad.")
    return redirect(meeting_url(meeting))


