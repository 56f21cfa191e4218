"""The nomination round's pages (nominations/rounds.py): the public call and form, the receipt;
the kansli's rounds, a round's nominations per sector, the review, compiling the list; and the
year-1 checklist (nominations/year1.py)."""

import datetime
from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext

from decisions import roll
from nominations import rounds, year1
from nominations.access import may_run_nominations
from nominations.forms_rounds import (
    CallForm,
    CompileForm,
    DutyMarkForm,
    NominationForm,
    ReviewForm,
    RoundOpenForm,
)
from nominations.models import Call, Nomination, NominationRound
from nominations.tasks import RULES_REVIEW_FROM
from partnership.models import Sector
from swecan.arbetsordning import operating_year_on
from swecan.forms import add_service_errors
from swecan.public_cache import public_page

# The public form: at most this many submissions per client address and window.
RATE_LIMIT = 5
RATE_WINDOW_SECONDS = 60 * 60
RECEIPT_SESSION_KEY = "nomination_receipt"


def nominations_staff_required(view):
    """Only who runs the nominations (nominations.access.may_run_nominations); the public logs in."""

    @login_required
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not may_run_nominations(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper


# Public ----------------------------------------------------------------------------------------


@public_page
def public_nominations(request):
    today = timezone.localdate()
    current = rounds.current_round(today)
    past = list(rounds.decided_rounds())
    calls = rounds.in_sector_order(current.calls.all()) if current else []
    refusal = None
    if current is None:
        next_year = today.year + 1
        verdict = rounds.round_verdict(next_year)
        refusal = (verdict.reason if not verdict else
                   gettext("Ingen nomineringsomgång är öppen just nu. Kansliet bjuder in till nominering per "
                           "sektor inför partnerskapets första sammanträde varje år (§ 5)."))
    elif not rounds.round_verdict(current.year):
        refusal = rounds.round_verdict(current.year).reason
    return render(request, "nominations/rounds/public_nominations.html", {
        "current": current, "calls": [(call, rounds.nomination_verdict(call, today)) for call in calls],
        "refusal": refusal, "year1": operating_year_on(today) == 1,
        "past": past, "admitted": rounds.admitted_by_sector(past),
        "state": _public_state(current, calls, past, today),
    })


# The meeting states the public calendar (/sammantraden/) shows: meetings.views.members.PUBLIC_STATES.
PUBLIC_MEETING_STATES = ("noticed", "open", "held", "closed")


def _public_state(current, calls, past, today) -> dict | None:
    """What the top of /nominering/ says: the round open (until which day per sector) or closed
    (on which day, and where the partnership decides), or the latest round decided."""
    if current is not None and calls:
        open_calls = [call for call in calls if call.deadline >= today]
        meeting = roll.first_meeting_of(current.year)
        return {
            "kind": "open" if open_calls else "closed", "round": current, "open_calls": open_calls,
            "closed_on": max(call.deadline for call in calls), "meeting": meeting,
            "meeting_public": meeting is not None and meeting.state in PUBLIC_MEETING_STATES,
        }
    if past:
        return {"kind": "decided", "round": past[0]}
    return None


def _client_ip(request) -> str:
    try:
        from allauth.core.internal.httpkit import get_client_ip

        return get_client_ip(request) or request.META.get("REMOTE_ADDR", "")
    except Exception:  # noqa: BLE001 - without a usable header the socket's address counts
        return request.META.get("REMOTE_ADDR", "")


def _rate_limited(request) -> bool:
    """Count one submission from the client's address; True once over the limit."""
    key = f"nomination-rate:{_client_ip(request)}"
    cache.add(key, 0, RATE_WINDOW_SECONDS)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, RATE_WINDOW_SECONDS)
        count = 1
    return count > RATE_LIMIT


def nomination_form(request, pk):
    call = get_object_or_404(Call.objects.select_related("round"), pk=pk)
    verdict = rounds.nomination_verdict(call)
    form = NominationForm(request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST":
        if _rate_limited(request):
            form.add_error(None, gettext("Du har skickat för många nomineringar på kort tid. Försök igen om en "
                                         "timme, eller kontakta kansliet."))
            status = 429
        elif form.is_spam():
            # A bot filled in the hidden field: it is told it succeeded; nothing is stored.
            request.session[RECEIPT_SESSION_KEY] = {"organisation": form.data.get("organisation", "")[:200],
                                                    "call": call.pk}
            return redirect("nomination_receipt", pk=call.pk)
        elif form.is_valid():
            try:
                nomination = rounds.nomination_submit(call, form.cleaned_data)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                request.session[RECEIPT_SESSION_KEY] = {"organisation": nomination.organisation, "call": call.pk}
                return redirect("nomination_receipt", pk=call.pk)
        if status == 200:
            status = 400
    return render(request, "nominations/rounds/nomination_form.html", {
        "call": call, "round": call.round, "verdict": verdict, "form": form,
    }, status=status)


def nomination_receipt(request, pk):
    call = get_object_or_404(Call.objects.select_related("round"), pk=pk)
    receipt = request.session.get(RECEIPT_SESSION_KEY)
    if not receipt or receipt.get("call") != call.pk:
        return redirect("public_nominations")
    return render(request, "nominations/rounds/nomination_receipt.html", {
        "call": call, "organisation": receipt["organisation"],
    })


# The kansli ------------------------------------------------------------------------------------


def _default_deadlines(year: int) -> dict:
    first = roll.first_meeting_of(year)
    today = timezone.localdate()
    deadline = (first.date - datetime.timedelta(days=14)) if first else datetime.date(year, 1, 1) - datetime.timedelta(
        days=14)
    if deadline <= today:
        deadline = today + datetime.timedelta(days=14)
    return {f"deadline_{code}": deadline for code, _label in Sector.choices}


@nominations_staff_required
def kansli_rounds(request):
    next_year = rounds.next_round_year()
    form = RoundOpenForm(request.POST if request.method == "POST" else None,
                         initial={"year": next_year, **rounds.latest_call_values(), **_default_deadlines(next_year)})
    if request.method == "POST" and form.is_valid():
        try:
            round_ = rounds.round_open(by=request.user, year=form.cleaned_data["year"],
                                       introduction=form.cleaned_data["introduction"], calls=form.calls())
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, gettext("Nomineringsomgången för %(year)s är öppnad och publicerad på "
                                              "/nominering/.") % {"year": round_.year})
            return redirect("kansli_round", year=round_.year)
    all_rounds = (NominationRound.objects.annotate(
        received=Count("calls__nominations", distinct=True),
        accepted_count=Count("calls__nominations", filter=Q(calls__nominations__review=Nomination.Review.ACCEPTED),
                             distinct=True))
        .select_related("decision").order_by("-year"))
    return render(request, "nominations/rounds/kansli_rounds.html", {
        "rounds": all_rounds, "form": form, "next_year": next_year,
        "verdict": rounds.round_verdict(next_year),
    }, status=400 if form.is_bound else 200)


@nominations_staff_required
def kansli_round(request, year):
    round_ = get_object_or_404(NominationRound.objects.select_related("list_item__meeting", "decision",
                                                                        "compiled_by"), year=year)
    meeting = roll.first_meeting_of(year)
    form = CompileForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            rounds.round_compile(by=request.user, round=round_, meeting=meeting)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, gettext("Förteckningen är sammanställd som beslutspunkt på %(meeting)s.") % {
                "meeting": meeting.title})
        return redirect("kansli_round", year=year)
    calls = rounds.in_sector_order(round_.calls.all())
    nominations = list(Nomination.objects.filter(call__round=round_).select_related("call", "partner")
                       .order_by("call__sector", "organisation"))
    by_call = {call.pk: [] for call in calls}
    for nomination in nominations:
        by_call[nomination.call_id].append(nomination)
    return render(request, "nominations/rounds/kansli_round.html", {
        "round": round_, "sections": [(call, by_call[call.pk]) for call in calls],
        "meeting": meeting, "refusal": rounds.compile_refusal(round_, meeting),
        "today": timezone.localdate(), "form": form,
    })


@nominations_staff_required
def kansli_call(request, pk):
    call = get_object_or_404(Call.objects.select_related("round"), pk=pk)
    form = CallForm(request.POST if request.method == "POST" else None, instance=call)
    if request.method == "POST" and form.is_valid():
        try:
            rounds.call_update(by=request.user, call=call, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, gettext("Inbjudan är uppdaterad."))
            return redirect("kansli_round", year=call.round.year)
    return render(request, "nominations/rounds/kansli_call.html", {"call": call, "form": form},
                  status=400 if form.is_bound else 200)


@nominations_staff_required
def kansli_nomination(request, pk):
    nomination = get_object_or_404(Nomination.objects.select_related("call__round", "reviewed_by", "partner"),
                                   pk=pk)
    data = request.POST if request.method == "POST" else None
    form = ReviewForm(data, instance=nomination,
                      initial={"review": "" if nomination.review == Nomination.Review.RECEIVED else nomination.review})
    if request.method == "POST" and form.is_valid():
        values = form.cleaned_data
        try:
            rounds.nomination_review(
                by=request.user, nomination=nomination, review=values["review"],
                assessment_selection=values["assessment_selection"],
                assessment_competence=values["assessment_competence"],
                assessment_experience=values["assessment_experience"],
                assessment_geography=values["assessment_geography"], note=values["review_note"])
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, gettext("Bedömningen av %(name)s är sparad.") % {
                "name": nomination.organisation})
            return redirect("kansli_round", year=nomination.call.round.year)
    return render(request, "nominations/rounds/kansli_nomination.html", {
        "nomination": nomination, "call": nomination.call, "form": form,
        "refusal": rounds.review_refusal(nomination),
    }, status=400 if form.is_bound else 200)


@nominations_staff_required
def kansli_year1(request):
    marking = request.POST.get("key") if request.method == "POST" else None
    if marking is not None and marking not in year1.KEYS:
        raise Http404
    form = DutyMarkForm(request.POST if request.method == "POST" else None, prefix=marking)
    if marking is not None and form.is_valid():
        try:
            year1.year1_duty_mark(by=request.user, key=marking, done_on=form.cleaned_data["done_on"],
                                  note=form.cleaned_data["note"])
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, gettext("Uppgiften är markerad som klar."))
            return redirect(reverse("kansli_year1") + f"#{marking}")
    today = timezone.localdate()
    # A duty done (marked, or computed from the data) shows who marked it, not the form again.
    duties = [(state, None if state.done and state.duty.key != marking else
               form if state.duty.key == marking else
               DutyMarkForm(prefix=state.duty.key, initial={"done_on": today}))
              for state in year1.checklist(today)]
    return render(request, "nominations/rounds/kansli_year1.html", {
        "duties": duties, "operating_year": operating_year_on(today),
        **_review_reminder(today),
    }, status=400 if form.is_bound else 200)


def _review_reminder(today) -> dict:
    """The § 9 yearly review reminder (nominations/tasks.py rules_review_due): this year's, if
    sent, and the day of the next."""
    this_year = datetime.date(today.year, *RULES_REVIEW_FROM)
    reminder = year1.rules_review_reminder(today)
    return {"review_reminder": reminder, "review_from": this_year, "year": today.year,
            "review_due": today >= this_year and reminder is None,
            "next_review": this_year if today < this_year else datetime.date(today.year + 1, *RULES_REVIEW_FROM)}
