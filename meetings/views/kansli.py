"""The kansli plans meetings, builds agendas, sends the kallelse and records attendance."""

import datetime

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.http import urlencode
from django.utils.translation import gettext, ngettext
from django.views.decorators.http import require_POST

from meetings import services
from meetings.forms import AgendaItemForm, CheckInForm, DocumentForm, MeetingForm
from meetings.models import AgendaItem, Meeting
from meetings.views.common import quorum_context
from outbox.models import Message
from partnership.models import Partner
from swecan import csvsafe
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
            messages.success(request, gettext("%(title)s är planerat. Lägg till dagordningen och skicka "
                                              "kallelsen senast sista dagen.") % {"title": meeting.title})
            _warn_overlap(request, meeting)
            return redirect("kansli_meeting", pk=meeting.pk)
    return render(request, "meetings/kansli_form.html", {"form": form, **_notice_days()})


@kansli_required
def meeting_edit(request, pk):
    meeting = get_object_or_404(Meeting, pk=pk)
    if reason := meeting.refusal("edit"):
        messages.error(request, reason)
        return redirect("kansli_meeting", pk=pk)
    before = {name: getattr(meeting, name) for name in services.CHANGE_FIELDS}
    form = MeetingForm(request.POST or None, instance=meeting)
    if request.method == "POST" and form.is_valid():
        fields = _meeting_fields(form)
        told = [name for name in services.CHANGE_FIELDS if name in fields and fields[name] != before[name]]
        if meeting.notice_is_sent and told and "bekraftad" not in request.POST:
            if "tillbaka" in request.POST:
                pass  # back to the form from the confirmation
            elif refusal := _refusal_of_update(request.user, meeting, fields):
                add_service_errors(form, refusal)  # refused now, not after a confirmation
            else:
                # Everyone called will be told: say so, and ask first.
                return render(request, "meetings/kansli_move_confirm.html", {
                    "meeting": Meeting.objects.get(pk=pk), "fields": fields, "told": told,
                    "new_form_label": Meeting.Form(fields["form"]).label if fields.get("form") else "",
                    "posted": [(k, v) for k in request.POST if k != "csrfmiddlewaretoken"
                               for v in request.POST.getlist(k)],
                    **services.change_audience(meeting),
                })
        else:
            try:
                services.meeting_update(by=request.user, meeting=meeting, fields=fields)
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, gettext("Mötet är uppdaterat."))
                _warn_overlap(request, meeting)
                return redirect("kansli_meeting", pk=pk)
    return render(request, "meetings/kansli_form.html", {"form": form, "meeting": meeting, **_notice_days()})


class _DryRun(Exception):
    pass


def _refusal_of_update(user, meeting, fields) -> ValidationError | None:
    """The service's refusal of this change, judged without saving anything: the confirmation
    page is shown only for a change that will then be made."""
    try:
        with transaction.atomic():
            services.meeting_update(by=user, meeting=meeting, fields=fields)
            raise _DryRun  # rolls back the change, its history and its queued e-mails
    except _DryRun:
        return None
    except ValidationError as exc:
        return exc


def _warn_overlap(request, meeting):
    for other in services.overlaps_with(meeting):
        messages.warning(request, gettext("%(title)s överlappar i tid med %(other)s (%(when)s).") % {
            "title": meeting.title, "other": other.title,
            "when": date_format(timezone.localtime(other.starts_at), "j F Y H:i")})


@kansli_required
def meeting_manage(request, pk):
    meeting = get_object_or_404(Meeting.objects.select_related("rules_version", "chair"), pk=pk)
    return _render_manage(request, meeting)


def _render_manage(request, meeting, *, agenda_form=None, document_form=None, status=200):
    deliveries = list(meeting.deliveries.select_related("partner", "message")
                      .order_by("kind", "message__status", "email"))
    return render(request, "meetings/kansli_meeting.html", {
        "meeting": meeting,
        "deadlines": services.deadlines(meeting),
        "notice_verdict": None if meeting.notice_is_sent else services.notice_verdict(meeting),
        **services.agenda(meeting),
        "agenda_form": agenda_form or AgendaItemForm(auto_id=AGENDA_IDS),
        "document_form": document_form or DocumentForm(meeting=meeting, auto_id=DOCUMENT_IDS),
        "attendances": meeting.attendances.select_related("partner").prefetch_related("representatives"),
        "turnout": services.expected_turnout(meeting) if meeting.is_partnership else None,
        "answers": meeting.advance_answers.select_related("partner", "representative", "answered_by")
                   .order_by("partner__sector", "partner__name"),
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
    if reason := meeting.refusal("edit_agenda"):
        messages.error(request, reason)
        return redirect(f"{meeting_url(meeting)}#dagordning")
    form = AgendaItemForm(request.POST, auto_id=AGENDA_IDS)
    if form.is_valid():
        try:
            services.agenda_item_add(by=request.user, meeting=meeting, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, gettext("Punkten är tillagd."))
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
def agenda_item_remove(request, pk):
    """GET asks first (what goes, or why it cannot); the POST of that page removes the item."""
    item = get_object_or_404(AgendaItem.objects.select_related("meeting"), pk=pk)
    if request.method == "POST":
        run_action(request, lambda: services.agenda_item_remove(by=request.user, item=item),
                   lambda _: gettext("Punkten ”%(title)s” är borttagen.") % {"title": item.title})
        return redirect(f"{meeting_url(item.meeting)}#dagordning")
    return render(request, "meetings/kansli_agenda_remove.html", {
        "item": item, "meeting": item.meeting,
        "refusal": services.agenda_item_removal_refusal(item),
        "documents": list(item.documents.order_by("title", "version")),
        "later": item.meeting.agenda_items.filter(position__gt=item.position).count(),
    })


@kansli_required
@require_POST
def document_upload(request, pk):
    meeting = get_object_or_404(Meeting, pk=pk)
    if reason := meeting.refusal("upload_document"):
        # Refused before the file is even looked at, with the reason.
        messages.error(request, reason)
        return redirect(meeting_url(meeting))
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
            if document.is_late:
                text = gettext("Dokumentet ”%(title)s” är uppladdat. Det markeras som sent inkommet.")
            else:
                text = gettext("Dokumentet ”%(title)s” är uppladdat.")
            messages.success(request, text % {"title": document.title})
            return redirect(f"{meeting_url(meeting)}#dokument")
    return _render_manage(request, meeting, document_form=form, status=400)


@kansli_required
@require_POST
def notice_resend_failed(request, pk):
    meeting = get_object_or_404(Meeting, pk=pk)
    count = services.notice_resend_failed(by=request.user, meeting=meeting)
    messages.success(request, ngettext("%(count)s utskick som inte levererats skickas igen.",
                                        "%(count)s utskick som inte levererats skickas igen.", count)
                     % {"count": count})
    return redirect(f"{meeting_url(meeting)}#kallelse")


def _checkin_url(meeting, query: str = "", partner_id=None) -> str:
    url = reverse("kansli_attendance", args=[meeting.pk])
    if query:
        url += "?" + urlencode({"q": query})
    return url + (f"#p-{partner_id}" if partner_id else "")


def _moment_on_meeting_day(meeting, time) -> datetime.datetime:
    """The time typed on the check-in list, on the meeting's day (or the next, for a meeting
    that runs past midnight)."""
    day = timezone.localtime(meeting.window_opens).date()
    for offset in (0, 1):
        moment = timezone.make_aware(datetime.datetime.combine(day + datetime.timedelta(days=offset), time))
        if moment >= meeting.window_opens:
            return moment
    return moment


@kansli_required
def attendance_roll(request, pk):
    """The check-in list: the whole roll on one page, by sector, one button per partner."""
    meeting = get_object_or_404(Meeting.objects.select_related("rules_version"), pk=pk)
    query = (request.POST.get("q") or request.GET.get("q") or "").strip()
    if request.method == "POST":
        form = CheckInForm(request.POST)
        if not form.is_valid():
            messages.error(request, gettext("Ange tiden som tt:mm."))
            return redirect(_checkin_url(meeting, query))
        data = form.cleaned_data
        partner = get_object_or_404(Partner, pk=data["partner"])
        time = data["tid"] or timezone.localtime().time().replace(second=0, microsecond=0)
        moment = _moment_on_meeting_day(meeting, time)
        if data["handling"] == CheckInForm.ARRIVE:
            run_action(request, lambda: services.attendance_register(
                by=request.user, meeting=meeting, partner=partner, arrived_at=moment),
                lambda _: gettext("%(partner)s kom %(time)s.") % {"partner": partner.name,
                                                                  "time": f"{moment:%H:%M}"})
        else:
            stay = meeting.attendances.filter(partner=partner, departed_at__isnull=True).first()
            if stay is None:
                messages.error(request, gettext("%(partner)s är inte registrerad som närvarande.")
                               % {"partner": partner.name})
            else:
                run_action(request, lambda: services.attendance_depart(
                    by=request.user, attendance=stay, departed_at=moment),
                    lambda _: gettext("%(partner)s gick %(time)s.") % {
                        "partner": partner.name, "time": f"{timezone.localtime(moment):%H:%M}"})
        return redirect(_checkin_url(meeting, query, partner.pk))
    groups = services.roll_call(meeting)
    total = sum(len(g["rows"]) for g in groups)
    if query:
        needle = query.casefold()
        groups = [{**g, "rows": [r for r in g["rows"] if needle in r["partner"].name.casefold()
                                 or needle in (r["partner"].short_name or "").casefold()]} for g in groups]
        groups = [g for g in groups if g["rows"]]
    now = timezone.localtime().replace(second=0, microsecond=0)
    if not meeting.in_window(now):
        now = timezone.localtime(meeting.starts_at)  # filling in afterwards: the start, to edit
    return render(request, "meetings/kansli_checkin.html", {
        "meeting": meeting, "groups": groups, "query": query, "total": total,
        "shown": sum(len(g["rows"]) for g in groups),
        "now_time": f"{now:%H:%M}",
        "recording_refused": meeting.refusal("record_presence"),
        **quorum_context(request, meeting),
    })


@kansli_required
def attendance_csv(request, pk):
    """Attendance as CSV (through csvsafe: a partner name is never read as a formula)."""
    meeting = get_object_or_404(Meeting, pk=pk)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="narvaro-{meeting.date:%Y-%m-%d}-{meeting.pk}.csv"'
    response.write("\ufeff")  # spreadsheets then read the file as UTF-8
    columns = [gettext("Partner"), gettext("Sektor"), gettext("Svar i förväg"), gettext("Ankomst"),
               gettext("Avgång"), gettext("Registrerad av")]
    writer = csvsafe.DictWriter(response, fieldnames=columns)
    writer.writeheader()
    for group in services.roll_call(meeting):
        for row in group["rows"]:
            answer = row["answer"].get_answer_display() if row["answer"] else ""
            for a in row["attendances"]:
                writer.writerow(dict(zip(columns, [
                    row["partner"].name, group["label"], answer,
                    f"{timezone.localtime(a.arrived_at):%Y-%m-%d %H:%M}",
                    f"{timezone.localtime(a.departed_at):%Y-%m-%d %H:%M}" if a.departed_at else "",
                    a.registered_by.get_full_name() or a.registered_by.email,
                ], strict=True)))
    return response


@kansli_required
@require_POST
def meeting_state(request, pk):
    meeting = get_object_or_404(Meeting, pk=pk)
    state = request.POST.get("status", "")
    run_action(request, lambda: services.meeting_set_state(by=request.user, meeting=meeting, state=state),
               lambda _: gettext("Mötets status är ändrad."))
    if request.POST.get("tillbaka") == "narvaro":
        return redirect("kansli_attendance", pk=meeting.pk)
    return redirect(meeting_url(meeting))


