"""The arbetsutskott's seats and officers (§ 2.2; R8, R12): the kansli's page with the AU today,
its proposals, mandates ending soon and history, and the forms behind it; the public page and
its open data. The rules are judged in nominations/seats.py, never here."""

import datetime
import json
from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext

from nominations import seats
from nominations.access import may_manage_seats
from nominations.forms_committee import (
    ElectionForm,
    OfficerContactForm,
    SeatProposeForm,
    SeatVacateForm,
)
from nominations.models import Officer, Seat
from swecan.contacts import chair_contacts
from swecan.forms import add_service_errors
from swecan.public_cache import public_page

# Open data: the role of a seat as /arbetsutskott.json spells it.
ROLE_KEYS = {None: "ledamot", Officer.Role.CHAIR: "ordforande", Officer.Role.VICE_CHAIR: "vice_ordforande"}
OPEN_DATA_KEYS = ["sektor", "organisation", "roll", "mandat_fran", "mandat_till"]


def seats_manager_required(view):
    """Only who may manage the AU's seats (nominations.access.may_manage_seats); the public logs in."""

    @login_required
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not may_manage_seats(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper


def _page_url(anchor: str = "") -> str:
    return reverse("kansli_committee") + (f"#{anchor}" if anchor else "")


def _service_errors(form, error: ValidationError, renames: dict | None = None, plain: str | None = None) -> None:
    """The service's refusal next to the form's field; `renames` maps the service's field names
    to the form's (the partner is chosen through its representative), `plain` names the field a
    refusal without a field belongs to (the meeting's, for a proposal)."""
    if hasattr(error, "error_dict"):
        renames = renames or {}
        error = ValidationError({renames.get(field, field): errors for field, errors in error.error_dict.items()})
    elif plain is not None:
        error = ValidationError({plain: error.messages})
    add_service_errors(form, error)


# The kansli's page ---------------------------------------------------------------------------------


@seats_manager_required
def committee(request):
    today = timezone.localdate()
    now = composition_rows(today)
    ending = seats.ending_soon(today)
    ending_ids = {(type(m).__name__, m.pk) for m in ending}
    for sector in now["rows"]:
        for row in sector["rows"]:
            row["ending_soon"] = row["seat"] is not None and ("Seat", row["seat"].pk) in ending_ids
    pending = (Seat.objects.filter(decision__isnull=True, proposed_on_item__decision__isnull=True)
               .select_related("partner", "representative", "proposed_on_item__meeting")
               .order_by("proposed_on_item__meeting__starts_at", "sector", "partner__name"))
    upcoming = (Seat.objects.appointed().filter(starts_on__gt=today)
                .select_related("partner", "representative", "decision").order_by("starts_on", "sector"))
    past = (Seat.objects.appointed().filter(Q(ends_on__lt=today) | Q(vacated_on__lte=today))
            .select_related("partner", "representative").order_by("-ends_on", "sector"))
    officers = (Officer.objects.filter(decision__isnull=False, ends_on__gte=today)
                .filter(Q(vacated_on__isnull=True) | Q(vacated_on__gt=today))
                .select_related("seat__partner", "seat__representative").order_by("starts_on", "role"))
    elections = (Officer.objects.filter(decision__isnull=True, elected_on_item__decision__isnull=True)
                 .select_related("seat__partner", "seat__representative", "elected_on_item__meeting")
                 .order_by("elected_on_item__meeting__starts_at", "role"))
    return render(request, "nominations/committee/kansli_committee.html", {
        "today": today, "composition": now, "ending": ending, "ending_days": seats.ENDING_SOON_DAYS,
        "pending": list(pending), "upcoming": list(upcoming), "past": list(past),
        "officers": list(officers), "elections": list(elections),
    })


def composition_rows(day: datetime.date) -> dict:
    """seats.composition(day) as table rows: per sector its held seats, then a row per vacancy."""
    found = seats.composition(day)
    sectors = []
    for sector in found["sectors"]:
        rows = [{"seat": seat, "role": role} for seat, role in zip(sector["seats"], sector["roles"], strict=True)]
        rows += [{"seat": None, "role": None} for _n in range(sector["vacancies"])]
        sectors.append({**sector, "rows": rows})
    return {**found, "rows": sectors}


# The forms -------------------------------------------------------------------------------------------


@seats_manager_required
def seat_propose(request):
    form = SeatProposeForm(request.POST or None)
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        representative = data["representative"]
        try:
            seat = seats.seat_propose(by=request.user, meeting=data["meeting"], partner=representative.partner,
                                      representative=representative, starts_on=data["starts_on"],
                                      ends_on=data["ends_on"])
        except ValidationError as error:
            _service_errors(form, error, {"partner": "representative"}, plain="meeting")
        else:
            messages.success(request, gettext(
                "%(person)s (%(partner)s) är föreslagen som ledamot på punkten ”%(item)s” vid %(meeting)s. "
                "Platsen tillsätts när partnerskapet beslutar.") % {
                "person": representative.name, "partner": representative.partner.name,
                "item": seat.proposed_on_item.title, "meeting": data["meeting"].title})
            return redirect(_page_url("forslag"))
    return render(request, "nominations/committee/kansli_seat_form.html", {"form": form},
                  status=400 if form.is_bound else 200)


@seats_manager_required
def seat_withdraw(request, pk):
    seat = get_object_or_404(Seat.objects.select_related("partner", "representative", "proposed_on_item__meeting"),
                             pk=pk, decision__isnull=True)
    error = None
    if request.method == "POST":
        try:
            seats.seat_proposal_withdraw(by=request.user, seat=seat)
        except ValidationError as exc:
            error = " ".join(exc.messages)
        else:
            messages.success(request, gettext("Förslaget om %(person)s (%(partner)s) är borttaget.") % {
                "person": seat.representative.name, "partner": seat.partner.name})
            return redirect(_page_url("forslag"))
    return render(request, "nominations/committee/kansli_seat_withdraw.html", {"seat": seat, "error": error},
                  status=400 if error else 200)


@seats_manager_required
def seat_vacate(request, pk):
    seat = get_object_or_404(Seat.objects.appointed().select_related("partner", "representative"), pk=pk)
    form = SeatVacateForm(request.POST or None)
    if form.is_bound and form.is_valid():
        try:
            seats.seat_vacate(by=request.user, seat=seat, on=form.cleaned_data["on"],
                              reason=form.cleaned_data["reason"])
        except ValidationError as error:
            _service_errors(form, error)
        else:
            messages.success(request, gettext("%(person)s (%(partner)s) lämnar arbetsutskottet den %(date)s; "
                                              "platsen är vakant från den dagen.") % {
                "person": seat.representative.name, "partner": seat.partner.name,
                "date": date_format(form.cleaned_data["on"], "j F Y")})
            return redirect(_page_url())
    return render(request, "nominations/committee/kansli_seat_vacate.html", {
        "seat": seat, "form": form, "officer_terms": seat.officer_terms.filter(
            decision__isnull=False, vacated_on__isnull=True, ends_on__gte=timezone.localdate())},
        status=400 if form.is_bound else 200)


@seats_manager_required
def election_propose(request):
    form = ElectionForm(request.POST or None)
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        try:
            officer = seats.election_propose(by=request.user, meeting=data["meeting"], seat=data["seat"],
                                             role=data["role"], starts_on=data["starts_on"], ends_on=data["ends_on"])
        except ValidationError as error:
            _service_errors(form, error, plain="meeting")
        else:
            messages.success(request, gettext(
                "Valet står på dagordningen för %(meeting)s som punkten ”%(item)s”. Ledamöterna väljer på "
                "sammanträdet.") % {"meeting": data["meeting"].title, "item": officer.elected_on_item.title})
            return redirect(_page_url("val"))
    return render(request, "nominations/committee/kansli_election_form.html", {"form": form},
                  status=400 if form.is_bound else 200)


@seats_manager_required
def officer_contact(request, pk):
    officer = get_object_or_404(Officer.objects.select_related("seat__partner", "seat__representative"),
                                pk=pk, decision__isnull=False)
    form = OfficerContactForm(request.POST or None, initial={"email": officer.contact_email,
                                                             "phone": officer.contact_phone})
    if form.is_bound and form.is_valid():
        try:
            seats.officer_contact_update(by=request.user, officer=officer, email=form.cleaned_data["email"],
                                         phone=form.cleaned_data["phone"])
        except ValidationError as error:
            _service_errors(form, error)
        else:
            messages.success(request, gettext("Kontaktuppgifterna är sparade och publicerade."))
            return redirect(_page_url("ordforande"))
    return render(request, "nominations/committee/kansli_officer_contact.html", {"officer": officer, "form": form},
                  status=400 if form.is_bound else 200)


# Public ----------------------------------------------------------------------------------------------


@public_page
def public_committee(request):
    today = timezone.localdate()
    found = composition_rows(today)
    return render(request, "nominations/committee/public_committee.html", {
        "composition": found, "officers": [o for o in found["officers"].values() if o is not None],
        "chair_contacts": chair_contacts(),
    })


def open_data_rows(day: datetime.date) -> list[dict]:
    """One row per seat of the AU on `day`, vacancies included (organisation and mandate null)."""
    rows = []
    for sector in composition_rows(day)["rows"]:
        for row in sector["rows"]:
            seat = row["seat"]
            rows.append({
                "sektor": sector["code"],
                "organisation": seat.partner.name if seat else None,
                "roll": ROLE_KEYS[row["role"]],
                "mandat_fran": seat.starts_on.isoformat() if seat else None,
                "mandat_till": seat.ends_on.isoformat() if seat else None,
            })
    return rows


@public_page
def public_committee_json(request):
    rows = open_data_rows(timezone.localdate())
    return HttpResponse(json.dumps(rows, ensure_ascii=False, indent=1),
                        content_type="application/json; charset=utf-8")
