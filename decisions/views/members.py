"""The representatives' side of cases: their partner's cases and drafts, drafting and submitting
on the template, co-signing, attachments, withdrawal, and answering consultations.

Every page acts for the partner the signed-in person represents (never a partner id from the
URL); a case or consultation of another partner is refused. The kansli acts for no partner:
/mina-arenden/ sends it to its own inbox, the other pages here refuse it (403)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext

from decisions import rule_change, services
from decisions.access import (
    is_submitter,
    may_answer_consultation,
    may_confirm_cosignature,
    may_read_case_document,
    may_read_consultation_answers,
    may_withdraw_case,
)
from decisions.forms import AttachmentForm, CaseForm, ConsultationAnswerForm, CosignRequestForm
from decisions.models import Case, Consultation, CoSignature
from partnership.access import acting_representative, is_kansli
from swecan.forms import add_service_errors, run_action
from swecan.restore import login_required_keeping_post, restored_post


def _rep(request):
    rep = acting_representative(request.user)
    if rep is None:
        raise PermissionDenied(gettext("Sidan är till för partnernas företrädare."))
    return rep


def _case(pk) -> Case:
    return get_object_or_404(Case.objects.select_related("partner", "target_meeting", "agenda_item__meeting"),
                             pk=pk)


def _own_case(rep, pk) -> Case:
    """A case of the representative's own partner; any other is not found (drafts are private)."""
    case = _case(pk)
    if case.partner_id != rep.partner_id:
        raise Http404
    return case


@login_required
def my_cases(request):
    if is_kansli(request.user):
        return redirect("kansli_cases")
    rep = _rep(request)
    return render(request, "decisions/member_cases.html", {"rep": rep, "mine": services.partner_cases(rep.partner)})


# Drafting and submitting ---------------------------------------------------------------------


@login_required_keeping_post
def case_new(request):
    rep = _rep(request)
    if request.method == "POST":
        return _save(request, rep, CaseForm(request.POST), None)
    return _render_form(request, rep, CaseForm(initial=restored_post(request)), None)


@login_required_keeping_post
def my_case(request, pk):
    """A draft: the template to fill in. Once submitted: the case, its state and next step."""
    rep = _rep(request)
    case = _case(pk)
    if case.state == Case.State.DRAFT and case.partner_id == rep.partner_id:
        if request.method == "POST":
            return _save(request, rep, CaseForm(request.POST, instance=case), case)
        return _render_form(request, rep, CaseForm(instance=case, initial=restored_post(request)), case)
    # Another partner's draft only for a partner that has confirmed co-signing it (read only; its
    # /mina-arenden/ lists the draft): anyone else is told nothing about it.
    if not is_submitter(request.user, case):
        raise Http404
    if request.method == "POST" and case.partner_id == rep.partner_id:
        # Submitted by a colleague while this person wrote: show what they typed, refused.
        form = CaseForm(request.POST, instance=case)
        form.is_valid()
        form.add_error(None, case.refusal("edit"))
        return _render_form(request, rep, form, case, status=409)
    return _render_detail(request, rep, case)


def _save(request, rep, form, case):
    """Save the draft; with "Lämna in" also submit it. What was typed is saved as the draft even
    when the submission names fields still missing."""
    if form.is_valid():
        try:
            case = services.case_draft_save(by=request.user, partner=rep.partner, fields=form.template_fields(),
                                            case=case)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            action = request.POST.get("action")
            if action != "submit":
                messages.success(request, gettext("Utkastet är sparat."))
                # Adding an attachment or a co-signer leaves the form: what was typed is saved first.
                then = {"attach": "case_attach", "cosign": "case_cosign_request"}.get(action, "my_case")
                return redirect(then, pk=case.pk)
            try:
                services.case_submit(by=request.user, case=case)
            except ValidationError as exc:
                add_service_errors(form, exc)
                messages.warning(request, gettext("Utkastet är sparat men inte inlämnat. Fyll i det som saknas och lämna in igen."))
            else:
                return redirect("case_submitted", pk=case.pk)
    return _render_form(request, rep, form, case, status=400)


def _render_form(request, rep, form, case, status=200):
    return render(request, "decisions/member_case_form.html", {
        "rep": rep, "form": form, "case": case, "timing_today": services.timing_for(timezone.localdate()),
        "submit_required": Case.REQUIRED_FIELDS,
        "rule_change_open": _rule_change_open(form),
        **(_parties(request, case) if case is not None and case.pk else {}),
    }, status=status)


def _rule_change_open(form) -> bool:
    """The rule-change part of the form starts folded away, unless it is a rule change, has
    something typed in it, or has an error."""
    if form["kind"].value() == Case.Kind.RULE_CHANGE:
        return True
    return any(field.errors or str(field.value() or "").strip() for field in form.rule_change_part())


def _parties(request, case) -> dict:
    """Co-signers and attachments, with what this person may do about them."""
    documents = list(case.documents.select_related("case"))
    for document in documents:
        document.readable = may_read_case_document(request.user, document)
    own = acting_representative(request.user, case.partner_id) is not None
    return {
        "cosignatures": list(case.cosignatures.select_related("partner")),
        "documents": documents,
        "can_cosign": own and "request_cosign" in case.allows,
        "can_attach": own and services.attach_refusal(request.user, case) is None,
        "can_withdraw": may_withdraw_case(request.user, case) and "withdraw" in case.allows,
    }


def _render_detail(request, rep, case):
    context = {"rep": rep, "case": case, **_parties(request, case),
               "timing": services.submission_timing(case) if case.submitted_on else None,
               "next_step": services.next_step(case, services.timing_for(timezone.localdate()))}
    if case.kind == Case.Kind.RULE_CHANGE:
        context["diff"] = rule_change.diff(case)
    return render(request, "decisions/member_case.html", context)


@login_required
def case_submitted(request, pk):
    """The receipt: the reference, the day received, and the meeting it is in time for and why."""
    case = _own_case(_rep(request), pk)
    if case.state == Case.State.DRAFT:
        return redirect("my_case", pk=case.pk)
    return render(request, "decisions/member_case_submitted.html", {
        "case": case, "timing": services.submission_timing(case)})


# Co-signers, withdrawal, attachments -------------------------------------------------------


@login_required
def case_cosign_request(request, pk):
    case = _own_case(_rep(request), pk)
    if reason := case.refusal("request_cosign"):
        messages.error(request, reason)
        return redirect("my_case", pk=case.pk)
    form = CosignRequestForm(request.POST or None, offered=services.cosigner_choices(case))
    if request.method == "POST" and form.is_valid():
        partner = form.cleaned_data["partner"]
        try:
            services.case_cosign_request(by=request.user, case=case, partner=partner)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, gettext("%(partner)s är tillfrågad. Partnern står bakom ärendet när en av "
                                              "dess företrädare har bekräftat.") % {"partner": partner.name})
            return redirect("my_case", pk=case.pk)
    return render(request, "decisions/member_cosign_request.html", {
        "case": case, "form": form, "cosignatures": case.cosignatures.select_related("partner"),
    }, status=400 if form.errors else 200)


@login_required
def cosignature_confirm(request, pk):
    """The co-signing partner reads the case and confirms it as theirs too."""
    _rep(request)
    cosignature = get_object_or_404(CoSignature.objects.select_related("case__partner", "partner", "requested_by"),
                                    pk=pk)
    if not may_confirm_cosignature(request.user, cosignature):
        raise Http404
    case = cosignature.case
    refusal = case.refusal("confirm_cosign")
    if request.method == "POST" and request.POST.get("confirm") == "yes" and refusal is None:
        if run_action(request, lambda: services.case_cosign_confirm(by=request.user, cosignature=cosignature),
                      lambda c: gettext("%(partner)s står nu bakom ”%(title)s”.") % {
                          "partner": c.partner.name, "title": case.title}):
            return redirect("my_cases")
        return redirect("cosignature_confirm", pk=cosignature.pk)
    return render(request, "decisions/member_cosign_confirm.html", {
        "cosignature": cosignature, "case": case, "refusal": refusal,
        "diff": rule_change.diff(case) if case.kind == Case.Kind.RULE_CHANGE else None})


@login_required
def case_withdraw(request, pk):
    _rep(request)
    case = _case(pk)
    if not may_withdraw_case(request.user, case):
        raise Http404
    refusal = case.refusal("withdraw")
    if request.method == "POST" and request.POST.get("confirm") == "yes" and refusal is None:
        if run_action(request, lambda: services.case_withdraw(by=request.user, case=case),
                      lambda c: gettext("”%(title)s” är återkallat.") % {"title": c.title}):
            return redirect("my_cases")
        return redirect("case_withdraw", pk=case.pk)
    return render(request, "decisions/member_case_withdraw.html", {"case": case, "refusal": refusal})


@login_required
def case_attach(request, pk):
    case = _own_case(_rep(request), pk)
    if reason := services.attach_refusal(request.user, case):
        messages.error(request, reason)
        return redirect("my_case", pk=case.pk)
    form = AttachmentForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            document = services.case_document_add(by=request.user, case=case, title=form.cleaned_data["title"],
                                                   uploaded=form.cleaned_data["file"])
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, gettext("Bilagan ”%(title)s” är tillagd.") % {"title": document.title})
            return redirect(f"{reverse('my_case', args=[case.pk])}#bilagor")
    return render(request, "decisions/member_case_attach.html", {"case": case, "form": form},
                  status=400 if form.errors else 200)


# Consultations ------------------------------------------------------------------------------


@login_required_keeping_post
def consultation_answer(request, pk):
    """The partner's answer to a consultation of its sector, editable until the deadline. Other
    partners' answers are shown only once the preparers have summarised them."""
    rep = _rep(request)
    consultation = get_object_or_404(Consultation.objects.select_related("case__partner"), pk=pk)
    if not may_answer_consultation(request.user, consultation, rep.partner):
        raise PermissionDenied(gettext("Remissen gäller inte din partners sektor."))
    answer = consultation.answers.filter(partner=rep.partner).select_related("answered_by").first()
    status = 200
    if request.method == "POST":
        form = ConsultationAnswerForm(request.POST)
        if form.is_valid():
            try:
                services.consultation_answer_set(by=request.user, consultation=consultation, partner=rep.partner,
                                                 text=form.cleaned_data["text"], seen=form.cleaned_data["seen"])
            except ValidationError as exc:
                # The next save is made knowing the answer now shown; the text typed stays.
                answer = consultation.answers.filter(partner=rep.partner).select_related("answered_by").first()
                form = ConsultationAnswerForm({**request.POST.dict(), "seen": services.answer_token(answer)})
                form.is_valid()
                add_service_errors(form, exc)
            else:
                messages.success(request, gettext("Ert svar är sparat. Ni kan ändra det till och med den %(day)s.")
                                 % {"day": date_format(consultation.deadline, "j F Y")})
                return redirect("consultation_answer", pk=consultation.pk)
        status = 400
    else:
        form = ConsultationAnswerForm(initial={
            "text": answer.text if answer else "", "seen": services.answer_token(answer),
            **(restored_post(request, gettext("Det du skrev är återställt men inte sparat. Spara svaret.")) or {})})
    summarised = consultation.is_summarised and may_read_consultation_answers(request.user, consultation)
    return render(request, "decisions/member_consultation.html", {
        "rep": rep, "consultation": consultation, "case": consultation.case, "answer": answer, "form": form,
        "refusal": consultation.answer_refusal(),
        "answers": (consultation.answers.select_related("partner") if summarised else None),
    }, status=status)

