"""What people called to a meeting see: the agenda, the documents, their attendance, quorum."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from meetings import files, ics, services
from meetings.forms import AdvanceAnswerForm, DepartureForm
from meetings.models import Attendance, Document, Meeting, MeetingVisit
from meetings.views.common import quorum_context
from partnership.access import acting_representative, may_act_for
from swecan.converters import is_possible_secret
from swecan.forms import add_service_errors, run_action
from swecan.models import User
from swecan.public_cache import public_page

PUBLIC_STATES = [Meeting.State.NOTICED, Meeting.State.OPEN, Meeting.State.HELD, Meeting.State.CLOSED]


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
    response = _render_detail(request, meeting)
    # The dashboard counts documents uploaded after this moment as new to this person.
    MeetingVisit.record(request.user, meeting)
    return response


def _render_detail(request, meeting, form=None, status=200):
    rep = acting_representative(request.user)
    my_attendance = (
        list(meeting.attendances.filter(partner_id=rep.partner_id).order_by("arrived_at")) if rep else []
    )
    my_answer = meeting.advance_answers.filter(partner_id=rep.partner_id).first() if rep else None
    if rep and form is None and "answer" in meeting.allows:
        initial = ({"answer": my_answer.answer, "representative": my_answer.representative_id,
                    "note": my_answer.note} if my_answer else {"representative": rep.pk})
        form = AdvanceAnswerForm(partner=rep.partner_id, initial=initial, auto_id="svar_%s")
    return render(request, "meetings/meeting_detail.html", {
        "meeting": meeting,
        "deadlines": services.deadlines(meeting),
        **services.agenda(meeting),
        "rep": rep,
        "my_attendance": my_attendance,
        "my_answer": my_answer,
        "answer_form": form,
        "answer_refusal": meeting.refusal("answer"),
        "can_check_in": rep is not None and "check_in" in meeting.allows,
        "is_present": any(a.departed_at is None for a in my_attendance),
        **quorum_context(request, meeting),
    }, status=status)


@login_required
@require_POST
def advance_answer(request, pk):
    """A representative answers before the meeting: coming or förhinder (never a presence)."""
    meeting = _called_meeting(request, pk)
    rep = acting_representative(request.user)
    if rep is None:
        raise Http404
    form = AdvanceAnswerForm(request.POST, partner=rep.partner_id, auto_id="svar_%s")
    if form.is_valid():
        try:
            services.advance_answer_set(by=request.user, meeting=meeting, partner=rep.partner,
                                        **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, gettext("Ert svar är sparat. Ni kan ändra det fram till mötets början."))
            return redirect(f"{reverse('meeting_detail', args=[meeting.pk])}#svar")
    return _render_detail(request, meeting, form=form, status=400)


@login_required
@require_POST
def attendance_register(request, pk):
    """A representative checks in ("Jag är här") while the kansli has the meeting open."""
    meeting = _called_meeting(request, pk)
    rep = acting_representative(request.user)
    if rep is None:
        raise Http404
    run_action(request, lambda: services.attendance_register(
        by=request.user, meeting=meeting, partner=rep.partner, arrived_at=timezone.now(),
        representatives=[rep]), lambda _: gettext("Du är incheckad. Välkommen!"))
    return redirect(f"{reverse('meeting_detail', args=[meeting.pk])}#narvaro")


@login_required
@require_POST
def attendance_depart(request, pk):
    attendance = get_object_or_404(Attendance.objects.select_related("meeting", "partner"), pk=pk)
    if not may_act_for(request.user, attendance.partner_id):
        raise Http404
    form = DepartureForm(request.POST)
    if form.is_valid():
        run_action(request, lambda: services.attendance_depart(
            by=request.user, attendance=attendance, departed_at=form.cleaned_data["departed_at"]),
            lambda _: gettext("Avgång registrerad för %(partner)s.") % {"partner": attendance.partner.name})
    else:
        messages.error(request, gettext("Ange en giltig tid för avgången."))
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
    return FileResponse(document.file.open("rb"), as_attachment=True, filename=document.download_name(),
                        content_type=files.ALLOWED[document.file_type])


# "genomfört" turns at a meeting's start, not at midnight.
@public_page(max_age=60)
def public_meetings(request):
    """The public meeting calendar: partnership meetings once noticed, with their agendas."""
    public_documents = Prefetch(
        "documents", to_attr="public_documents",
        queryset=Document.objects.current().filter(is_public=True, withdrawn_at__isnull=True))
    meetings = (Meeting.objects.filter(body=Meeting.Body.PARTNERSHIP, state__in=PUBLIC_STATES)
                .prefetch_related("agenda_items", public_documents).order_by("-starts_at"))
    return render(request, "meetings/public_list.html", {"meetings": meetings, "now": timezone.now()})


@public_page
def public_calendar(request):
    meetings = Meeting.objects.filter(body=Meeting.Body.PARTNERSHIP, state__in=PUBLIC_STATES)
    return _ics_response(ics.calendar(meetings, name=gettext("SweCan – partnerskapets sammanträden"), public=True))


def personal_calendar(request, token):
    # The URL converter already refuses these; the database must never see them.
    if not is_possible_secret(token):
        raise Http404
    user = User.objects.filter(calendar_token=token, is_active=True).first()
    if user is None:
        raise Http404
    return _ics_response(ics.calendar(services.meetings_for(user), name=gettext("SweCan – mina möten")))


@login_required
@require_POST
def calendar_token_reset(request):
    request.user.reset_calendar_token()
    messages.success(request, gettext("Du har fått en ny kalenderlänk; den gamla fungerar inte längre."))
    return redirect("my_meetings")


def _ics_response(body: str) -> HttpResponse:
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="swecan.ics"'
    return response


