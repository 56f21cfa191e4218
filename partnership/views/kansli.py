"""The kansli's pages for the partnership register."""

import datetime

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from partnership import history, services
from partnership.forms import (
    AddToRollForm,
    DeclarationTextForm,
    FixRollForm,
    PartnerFilterForm,
    PartnerForm,
    PartnerInviteForm,
    PersonForm,
    WithdrawalForm,
)
from partnership.models import (
    DeclarationText,
    Invitation,
    Partner,
    Representative,
    Sector,
    SignedDeclaration,
    VotingRoll,
    Withdrawal,
)
from swecan import rules
from swecan.arbetsordning import operating_year_on, parameters_in_force
from swecan.forms import add_service_errors, run_action, year_from_query
from swecan.permissions import kansli_required


def _sector_overview(counts: dict[str, int]):
    """Per sector: places taken, the year-1 cap and the rules engine's verdict."""
    today = timezone.localdate()
    year, params = operating_year_on(today), parameters_in_force(today)
    return [
        {
            "code": code, "label": label, "count": counts[code],
            "cap": params.year1_sector_caps[code] if year == 1 else None,
            "verdict": rules.check_sector_cap(code, counts[code], year, params),
        }
        for code, label in Sector.choices
    ]


@kansli_required
def partner_list(request):
    filters = PartnerFilterForm(request.GET or None)
    partners = Partner.objects.prefetch_related(
        Prefetch("representatives", queryset=Representative.objects.filter(active=True))
    ).select_related("withdrawal")
    if filters.is_valid():
        if filters.cleaned_data["sector"]:
            partners = partners.filter(sector=filters.cleaned_data["sector"])
        if filters.cleaned_data["status"]:
            partners = partners.filter(status=filters.cleaned_data["status"])
    return render(request, "partnership/kansli_list.html", {
        "partners": partners.order_by("sector", "name"),
        "filters": filters,
        "sectors": _sector_overview(services.sector_counts()),
        "operating_year": operating_year_on(),
    })


@kansli_required
def partner_create(request):
    form = PartnerInviteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            if form.cleaned_data["action"] == form.ACTION_PROSPECT:
                partner = services.partner_register_prospect(by=request.user,
                                                             partner_fields=form.partner_fields())
                messages.success(request, gettext("%(partner)s är registrerad som intresserad.")
                                 % {"partner": partner.name})
            else:
                invitation = services.partner_create_and_invite(
                    by=request.user, partner_fields=form.partner_fields(),
                    name=form.cleaned_data["person_name"], email=form.cleaned_data["email"],
                    title=form.cleaned_data["person_title"],
                )
                partner = invitation.partner
                messages.success(request, gettext("Inbjudan till %(partner)s har skickats till "
                                                  "%(email)s.") % {"partner": partner.name,
                                                                   "email": invitation.email})
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            return redirect("kansli_partner_detail", pk=partner.pk)
    return render(request, "partnership/kansli_create.html", {
        "form": form, "sectors": _sector_overview(services.sector_counts()),
    })


@kansli_required
def partner_detail(request, pk):
    partner = get_object_or_404(Partner.objects.select_related("withdrawal__registered_by"), pk=pk)
    return render(request, "partnership/kansli_detail.html", {
        "partner": partner,
        "representatives": partner.representatives.select_related("user"),
        "invitations": partner.invitations.select_related("sent_by"),
        "declarations": partner.declarations.select_related("text", "signed_by"),
        "withdrawal": getattr(partner, "withdrawal", None),
        "withdrawal_form": WithdrawalForm(initial={"request_received_on": timezone.localdate()}),
        "invite_form": PersonForm(),
        "needs_signature": services.needs_signature(partner),
        "on_roll_today": services.voting_roll_on(timezone.localdate()).filter(pk=partner.pk).exists(),
    })


@kansli_required
def partner_edit(request, pk):
    partner = get_object_or_404(Partner, pk=pk)
    form = PartnerForm(request.POST or None, instance=partner)
    if request.method == "POST" and form.is_valid():
        try:
            services.partner_update(by=request.user, partner=partner, fields=form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, gettext("Uppgifterna är sparade."))
            return redirect("kansli_partner_detail", pk=pk)
    return render(request, "partnership/kansli_edit.html", {"form": form, "partner": partner})


@kansli_required
def partner_invite(request, pk):
    partner = get_object_or_404(Partner, pk=pk)
    form = PersonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            invitation = services.partner_invite(
                by=request.user, partner=partner, name=form.cleaned_data["person_name"],
                email=form.cleaned_data["email"], title=form.cleaned_data["person_title"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, gettext("Inbjudan har skickats till %(email)s.")
                             % {"email": invitation.email})
            return redirect("kansli_partner_detail", pk=pk)
    return render(request, "partnership/kansli_invite.html", {"form": form, "partner": partner})


@kansli_required
@require_POST
def invitation_resend(request, pk):
    invitation = get_object_or_404(Invitation, pk=pk)
    run_action(request, lambda: services.invitation_resend(by=request.user, invitation=invitation),
               lambda new: gettext("En ny inbjudan har skickats till %(email)s; den gamla länken "
                                   "fungerar inte längre.") % {"email": new.email})
    return redirect("kansli_partner_detail", pk=invitation.partner_id)


@kansli_required
def invitation_revoke(request, pk):
    """GET says what revoking will do; POST revokes."""
    invitation = get_object_or_404(Invitation.objects.select_related("partner"), pk=pk)
    if request.method != "POST":
        return render(request, "partnership/kansli_confirm_revoke.html", {
            "invitation": invitation, "partner": invitation.partner,
            **services.revoke_consequences(invitation),
        })
    run_action(request, lambda: services.invitation_revoke(by=request.user, invitation=invitation),
               lambda _: gettext("Inbjudan till %(email)s är återkallad.") % {"email": invitation.email})
    return redirect("kansli_partner_detail", pk=invitation.partner_id)


@kansli_required
def partner_withdraw(request, pk):
    """The form; a valid POST first shows what the withdrawal will do, and only a POST of that
    confirmation (`confirm`) registers it."""
    partner = get_object_or_404(Partner, pk=pk)
    form = WithdrawalForm(request.POST or None)
    context = {"form": form, "partner": partner}
    if request.method == "POST" and form.is_valid():
        day = form.cleaned_data["request_received_on"]
        try:
            if request.POST.get("confirm") != "yes":
                services.check_withdrawal(partner, day)
                context["consequences"] = services.withdrawal_consequences(partner, day)
                return render(request, "partnership/kansli_withdraw.html", context)
            services.withdrawal_register(by=request.user, partner=partner, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, gettext("Utträdet för %(partner)s är registrerat.")
                             % {"partner": partner.name})
            return redirect("kansli_partner_detail", pk=pk)
    return render(request, "partnership/kansli_withdraw.html", context)


@kansli_required
def partner_history(request, pk):
    partner = get_object_or_404(Partner, pk=pk)
    entries = history.entries_for(partner.name, partner.history.select_related("history_user"))
    related = [
        (gettext("Inbjudan"), Invitation.history.filter(partner_id=pk)),
        (gettext("Representant"), Representative.history.filter(partner_id=pk)),
        (gettext("Avsiktsförklaring"), SignedDeclaration.history.filter(partner_id=pk)),
        (gettext("Utträde"), Withdrawal.history.filter(partner_id=pk)),
    ]
    for label, qs in related:
        by_object: dict[int, list] = {}
        for record in qs.select_related("history_user").order_by("-history_date", "-history_id"):
            by_object.setdefault(record.id, []).append(record)
        for records in by_object.values():
            entries.extend(history.entries_for(label, records))
    entries.sort(key=lambda e: e.when, reverse=True)
    return render(request, "partnership/kansli_history.html", {"partner": partner, "entries": entries})


def _add_to_roll_form(roll, data=None):
    if roll is None:
        return None
    candidates = Partner.objects.filter(status=Partner.Status.ACTIVE).exclude(
        roll_entries__roll=roll).order_by("name")
    return AddToRollForm(data, candidates=candidates, auto_id="tillagg_%s",
                         initial={"from_date": timezone.localdate()})


@kansli_required
def voting_roll(request):
    year = year_from_query(request, timezone.localdate().year)
    form = FixRollForm(request.POST or None, initial={"fixed_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            services.voting_roll_fix(by=request.user, year=year, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, gettext("Röstlängden för %(year)s är fastställd.") % {"year": year})
            return redirect(f"{request.path}?ar={year}")
    return _render_roll(request, year, fix_form=form)


@kansli_required
@require_POST
def voting_roll_add(request):
    year = year_from_query(request, timezone.localdate().year)
    form = _add_to_roll_form(VotingRoll.objects.filter(year=year).first(), data=request.POST)
    if form is not None and form.is_valid():
        try:
            entry = services.voting_roll_add(by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, gettext("%(partner)s är på röstlängden från %(date)s.") % {
                "partner": entry.partner.name, "date": date_format(entry.from_date, "j F Y")})
            return redirect(f"{reverse('kansli_voting_roll')}?ar={year}")
    return _render_roll(request, year, add_form=form, status=400)


def _render_roll(request, year, *, fix_form=None, add_form=None, status=200):
    today = timezone.localdate()
    # The roll as it stands today, or at the end of a past year / start of a coming one.
    day = min(max(today, datetime.date(year, 1, 1)), datetime.date(year, 12, 31))
    roll = VotingRoll.objects.filter(year=year).select_related("fixed_by").first()
    partners = list(services.voting_roll_on(day))
    counts = services.roll_counts(partners)
    params = parameters_in_force(day)
    # Why and since when each partner is on the fixed roll (one query for the whole list).
    entries = {e.partner_id: e for e in roll.entries.all()} if roll else {}
    for partner in partners:
        partner.roll_entry = entries.get(partner.pk)
    return render(request, "partnership/kansli_roll.html", {
        "year": year, "day": day, "roll": roll, "partners": partners,
        "form": fix_form or FixRollForm(initial={"fixed_on": today}),
        "add_form": add_form or _add_to_roll_form(roll),
        "counts": [(code, label, counts[code]) for code, label in Sector.choices],
        "total": len(partners),
        "quorum_needed": rules.quorum_needed(len(partners), params) if partners else None,
        # After operating year 1 the roll is the partnership's decision (§ 5.2): no button here.
        "by_decision": services.roll_by_decision(day),
        "years": range(today.year - 1, today.year + 2),
    }, status=status)


@kansli_required
def declaration_texts(request):
    form = DeclarationTextForm(request.POST or None)
    current = services.current_declaration_text()
    if current and not form.is_bound:
        form.initial = {"text": current.text}
    if request.method == "POST" and form.is_valid():
        try:
            version = services.declaration_text_publish(by=request.user, text=form.cleaned_data["text"])
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, gettext("Version %(version)s är publicerad. Partnerna ombeds "
                                              "underteckna den nya versionen.")
                             % {"version": version.version})
            return redirect("kansli_declaration_texts")
    return render(request, "partnership/kansli_declaration_texts.html", {
        "form": form, "versions": DeclarationText.objects.select_related("created_by"),
        "current": current,
    })


@kansli_required
def partner_declined(request, pk):
    """GET says what marking the organisation as declined will do; POST does it."""
    partner = get_object_or_404(Partner, pk=pk)
    if request.method != "POST":
        return render(request, "partnership/kansli_confirm_declined.html", {
            "partner": partner, **services.declined_consequences(partner),
        })
    run_action(request, lambda: services.partner_mark_declined(by=request.user, partner=partner),
               lambda _: gettext("%(partner)s har tackat nej; platsen i sektorn är ledig igen.")
               % {"partner": partner.name})
    return redirect("kansli_partner_detail", pk=pk)


@kansli_required
@require_POST
def declaration_pdf_again(request, pk):
    declaration = get_object_or_404(SignedDeclaration, pk=pk)
    run_action(request, lambda: services.declaration_pdf_render_again(by=request.user, declaration=declaration),
               lambda _m: gettext("PDF:en skapas igen och visas här om en stund."))
    return redirect("kansli_partner_detail", pk=declaration.partner_id)
