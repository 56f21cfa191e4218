"""What people called to a meeting see: the agenda, the documents, their attendance, quorum."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from meetings import files, ics, services
from meetings.forms import DepartureForm
from meetings.models import Attendance, Document, Meeting
from meetings.views.common import attendance_form, quorum_context
from partnership.services import representative_for
from swecan.converters import is_possible_secret
from swecan.forms import add_service_errors, run_action
from swecan.models import User

PUBLIC_STATES = [Meeting.State.NOTICED, Meeting.State.HELD, Meeting.State.CLOSED]


def _called_meeting(request, pk) -> Meeting:
    meeting = get_object_or_404(Meeting.objects.select_related("rules_version"), pk=pk)
    if meeting.state == Meeting.State.PLANNED and not request.user.is_kansli:
        raise Http404
    if not services.is_called(request.user, meeting):
        raise Http404
    return meeting


@login_required
def my_meetings(request):
    meetings = services.meetings_for(request.user)
    now = timezone.now()
    return render(request, "meetings/my_meetings.html", {
        "upcoming": [m for m in meetings if m.ends_at >= now],
        "past": [m for m in meetings if m.ends_at < now][::-1],
    })


@login_required
def meeting_detail(request, pk):
    meeting = _called_meeting(request, pk)
    return _render_detail(request, meeting)


def _render_detail(request, meeting, form=None, status=200):
    rep = representative_for(request.user)
    my_attendance = (
        list(meeting.attendances.filter(partner_id=rep.partner_id).order_by("arrived_at")) if rep else []
    )
    return render(request, "meetings/meeting_detail.html", {
        "meeting": meeting,
        "deadlines": services.deadlines(meeting),
        "items": meeting.agenda_items.prefetch_related("documents").order_by("position"),
        "unattached": meeting.documents.filter(agenda_item__isnull=True),
        "rep": rep,
        "my_attendance": my_attendance,
        "can_register": rep is not None and meeting.state in (Meeting.State.NOTICED, Meeting.State.HELD),
        "is_present": any(a.departed_at is None for a in my_attendance),
        "attendance_form": form or (attendance_form(meeting, request.user) if rep else None),
        **quorum_context(request, meeting),
    }, status=status)


@login_required
@require_POST
def attendance_register(request, pk):
    meeting = _called_meeting(request, pk)
    form = attendance_form(meeting, request.user, data=request.POST)
    if form.is_valid():
        try:
            services.attendance_register(by=request.user, meeting=meeting, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, "Närvaron är registrerad.")
            return redirect("meeting_detail", pk=meeting.pk)
    return _render_detail(request, meeting, form=form, status=400)


@login_required
@require_POST
def attendance_depart(request, pk):
    attendance = get_object_or_404(Attendance.objects.select_related("meeting", "partner"), pk=pk)
    if not (request.user.is_kansli or representative_for(request.user, attendance.partner_id)):
        raise Http404
    form = DepartureForm(request.POST)
    if form.is_valid():
        run_action(request, lambda: services.attendance_depart(
            by=request.user, attendance=attendance, departed_at=form.cleaned_data["departed_at"]),
            lambda _: f"Avgång registrerad för {attendance.partner.name}.")
    else:
        messages.error(request, "Ange en giltig tid för avgången.")
    target = "kansli_meeting" if request.user.is_kansli else "meeting_detail"
    return redirect(target, pk=attendance.meeting_id)


@login_required
def quorum_panel(request, pk):
    """The live quorum panel alone (htmx polls it; without JavaScript the page has it too)."""
    meeting = _called_meeting(request, pk)
    return render(request, "meetings/includes/quorum_panel.html", {"meeting": meeting,
                                                                  **quorum_context(request, meeting)})


def document_download(request, pk):
    document = get_object_or_404(Document.objects.select_related("meeting"), pk=pk)
    if not services.can_read_document(request.user, document):
        if not request.user.is_authenticated:
            from django.contrib.auth.views import redirect_to_login

            return redirect_to_login(request.get_full_path())
        raise Http404
    return FileResponse(document.file.open("rb"), as_attachment=True, filename=document.original_name,
                        content_type=files.ALLOWED[document.file_type])


def public_meetings(request):
    """The public meeting calendar: partnership meetings once noticed, with their agendas."""
    meetings = (Meeting.objects.filter(body=Meeting.Body.PARTNERSHIP, state__in=PUBLIC_STATES)
                .prefetch_related("agenda_items").order_by("-starts_at"))
    return render(request, "meetings/public_list.html", {"meetings": meetings, "now": timezone.now()})


def public_calendar(request):
    meetings = Meeting.objects.filter(body=Meeting.Body.PARTNERSHIP, state__in=PUBLIC_STATES)
    return _ics_response(ics.calendar(meetings, name="SweCan – partnerskapets sammanträden", public=True))


def personal_calendar(request, token):
    # The URL converter already refuses these; the database must never see them.
    if not is_possible_secret(token):
        raise Http404
    user = User.objects.filter(calendar_token=token, is_active=True).first()
    if user is None:
        raise Http404
    return _ics_response(ics.calendar(services.meetings_for(user), name="SweCan – mina möten"))


@login_required
@require_POST
def calendar_token_reset(request):
    request.user.reset_calendar_token()
    messages.success(request, "Du har fått en ny kalenderlänk; den gamla fungerar inte längre.")
    return redirect("my_meetings")


def _ics_response(body: str) -> HttpResponse:
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="swecan.ics"'
    return response


