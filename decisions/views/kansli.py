"""The preparers' pages: the inbox by state and deadline, a case and its preparation, and a
consultation's answers side by side. The preparers are the kansli now and the AU's members
later, so access is decisions.access.may_prepare and nothing else."""

from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext

from decisions import preparation, rule_change
from decisions.access import may_prepare
from decisions.forms_kansli import (
    AgendaForm,
    ConsultationForm,
    CorrectionForm,
    GroupChoiceForm,
    PreparationGroupForm,
    ProposalForm,
    SummaryForm,
    WithholdForm,
)
from decisions.models import Case, CaseDocument, Consultation, CoSignature, PreparationGroup
from meetings.services import deadlines
from partnership.models import Partner
from swecan.forms import add_service_errors, run_action


def preparer_required(view):
    """Only the preparers; anyone else signed in gets 403, the public is asked to log in."""

    @login_required
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not may_prepare(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper


def _case(pk) -> Case:
    # A draft is the partner's own until it is submitted: the preparers' work starts at receipt.
    return get_object_or_404(
        Case.objects.exclude(state=Case.State.DRAFT)
        .select_related("partner", "target_meeting", "preparation_group", "agenda_item__meeting"),
        pk=pk)


def case_url(case, anchor: str = "") -> str:
    return reverse("kansli_case", args=[case.pk]) + (f"#{anchor}" if anchor else "")


def _confirmed(request) -> bool:
    return request.method == "POST" and request.POST.get("confirm") == "yes"


def _refused(request, case, reason, anchor=""):
    """A step the case does not allow now is refused before any form, with the reason."""
    if reason is None:
        return None
    messages.error(request, reason)
    return redirect(case_url(case, anchor))


# The inbox -------------------------------------------------------------------------------


@preparer_required
def inbox(request):
    closed = request.GET.get("visa") == "avslutade"
    return render(request, "decisions/kansli_cases.html", {
        "groups": preparation.preparation_inbox(closed=closed), "closed": closed,
    })


# A case ----------------------------------------------------------------------------------


@preparer_required
def case_detail(request, pk):
    case = _case(pk)
    consultations = list(case.consultations.annotate(answer_count=Count("answers")).order_by("-opened_at"))
    for consultation in consultations:
        consultation.sector_labels = preparation.sector_labels(consultation.sectors)
    return render(request, "decisions/kansli_case.html", {
        "case": case,
        "deadlines": deadlines(case.target_meeting) if case.target_meeting else None,
        "cosignatures": case.cosignatures.select_related("partner").order_by("partner__name"),
        "documents": case.documents.select_related("withheld_by").order_by("uploaded_at"),
        "consultations": consultations,
        "versions": preparation.case_versions(case),
        "preparation_refusal": preparation.preparation_refusal(case),
        "mark_prepared_refusal": _mark_prepared_refusal(case),
        "diff": rule_change.diff(case) if case.kind == Case.Kind.RULE_CHANGE else None,
    })


def _confirm_page(request, case, *, heading, points, button, action, refusal=None, extra=None):
    return render(request, "decisions/kansli_case_confirm.html", {
        "case": case, "heading": heading, "points": points, "button": button, "action": action,
        "refusal": refusal, **(extra or {}),
    })


@preparer_required
def case_prepare(request, pk):
    """Received → in preparation: asks first; there is no way back to 'received'."""
    case = _case(pk)
    if _confirmed(request):
        run_action(request, lambda: preparation.case_start_preparation(by=request.user, case=case),
                   lambda _: gettext("Beredningen av %(ref)s har börjat.") % {"ref": case.reference})
        return redirect(case_url(case))
    return _confirm_page(
        request, case, heading=gettext("Börja bereda ärendet"), refusal=case.refusal("prepare"),
        points=[gettext("Ärendet flyttas från ”Inkommet” till ”Under beredning” i inkorgen och i diariet."),
                gettext("Under beredningen kan du lämna ärendet till en arbetsgrupp eller expertpanel, skicka "
                        "remisser till sektorerna och skriva förslaget till beslut."),
                gettext("Steget kan inte ångras: ärendet blir inte ”Inkommet” igen.")],
        button=gettext("Ja, börja bereda ärendet"), action=reverse("kansli_case_prepare", args=[case.pk]))


def _mark_prepared_refusal(case) -> str | None:
    """Why the case cannot be marked prepared now; the case page shows it instead of the button."""
    refusal = case.refusal("mark_prepared")
    if refusal is None and not case.decision_proposal.strip():
        refusal = gettext("Skriv förslaget till beslut innan ärendet markeras som berett. Det är förslaget som "
                          "sammanträdet ska besluta om.")
    return refusal


@preparer_required
def case_mark_prepared(request, pk):
    case = _case(pk)
    if _confirmed(request):
        run_action(request, lambda: preparation.case_mark_prepared(by=request.user, case=case),
                   lambda _: gettext("%(ref)s är berett och kan föras upp på ett sammanträdes dagordning.")
                   % {"ref": case.reference})
        return redirect(case_url(case))
    refusal = _mark_prepared_refusal(case)
    return _confirm_page(
        request, case, heading=gettext("Markera ärendet som berett"), refusal=refusal,
        points=[gettext("Beredningen avslutas: inga fler remisser kan skickas."),
                gettext("Förslaget till beslut nedan blir beskrivningen av punkten när ärendet förs upp på "
                        "dagordningen. Fram till dess kan det ändras."),
                gettext("Steget kan inte ångras: ärendet blir inte ”Under beredning” igen.")],
        button=gettext("Ja, ärendet är berett"), action=reverse("kansli_case_mark_prepared", args=[case.pk]),
        extra={"show_proposal": True})


@preparer_required
def case_group(request, pk):
    """Give the case to a working group or expert panel that may take it now. Groups are set up by
    the AU with the kansli's agreement (nominations), not here."""
    case = _case(pk)
    if refused := _refused(request, case, preparation.preparation_refusal(case)):
        return refused
    groups = preparation.assignable_groups()
    choice = GroupChoiceForm(request.POST if request.method == "POST" else None,
                             initial={"group": case.preparation_group}, groups=groups)
    if request.method == "POST" and choice.is_valid():
        group = choice.cleaned_data["group"]
        try:
            preparation.case_assign_group(by=request.user, case=case, group=group)
        except ValidationError as exc:
            add_service_errors(choice, exc)
        else:
            messages.success(request, gettext("%(ref)s bereds av %(group)s.") % {
                "ref": case.reference, "group": group.name} if group else
                gettext("%(ref)s bereds inte längre av någon grupp.") % {"ref": case.reference})
            return redirect(case_url(case, "beredning"))
    standings = preparation.group_standings(groups)
    return render(request, "decisions/kansli_case_group.html", {
        "case": case, "choice_form": choice,
        "groups": [(group, standings[group.pk].url) for group in groups],
    }, status=400 if choice.errors else 200)


@preparer_required
def group_edit(request, pk):
    group = get_object_or_404(PreparationGroup, pk=pk)
    form = PreparationGroupForm(request.POST or None, instance=group)
    if request.method == "POST" and form.is_valid():
        try:
            preparation.preparation_group_save(by=request.user, fields=form.cleaned_data, group=group)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, gettext("%(name)s är sparad.") % {"name": form.cleaned_data["name"]})
            return redirect("kansli_group_edit", pk=group.pk)
    if request.method == "POST":
        group.refresh_from_db()  # the form's validation wrote into the instance
    return render(request, "decisions/kansli_group.html", {
        "group": group, "form": form,
        "cases": group.cases.exclude(state=Case.State.DRAFT).order_by("-year", "-number"),
    }, status=400 if form.errors else 200)


@preparer_required
def case_proposal(request, pk):
    case = _case(pk)
    if refused := _refused(request, case, preparation.preparation_refusal(case), "forslag"):
        return refused
    form = ProposalForm(request.POST or None, initial={"decision_proposal": case.decision_proposal})
    if request.method == "POST" and form.is_valid():
        try:
            preparation.case_proposal_save(by=request.user, case=case,
                                           text=form.cleaned_data["decision_proposal"])
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, gettext("Förslaget till beslut är sparat."))
            return redirect(case_url(case, "forslag"))
    return render(request, "decisions/kansli_case_proposal.html", {"case": case, "form": form},
                  status=400 if form.errors else 200)


@preparer_required
def consultation_new(request, pk):
    """The form, then a page that says who will be e-mailed; sending needs that confirmation."""
    case = _case(pk)
    if refused := _refused(request, case, case.refusal("consult"), "remisser"):
        return refused
    form = ConsultationForm(request.POST or None)
    if request.method == "POST" and "tillbaka" not in request.POST and form.is_valid():
        data = form.cleaned_data
        if not _confirmed(request):
            return render(request, "decisions/kansli_consultation_confirm.html", {
                "case": case, "data": data, "sector_labels": preparation.sector_labels(data["sectors"]),
                "partners": Partner.objects.public().filter(sector__in=data["sectors"]).order_by("sector", "name"),
            })
        try:
            consultation = preparation.consultation_open(by=request.user, case=case, **data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, gettext("Remissen är skickad. Företrädarna för partnerna i sektorerna får "
                                              "e-post och svarar i portalen."))
            return redirect("kansli_consultation", pk=consultation.pk)
    return render(request, "decisions/kansli_consultation_form.html", {"case": case, "form": form},
                  status=400 if form.errors else 200)


@preparer_required
def case_put_on_agenda(request, pk):
    """Choose the meeting, see what will happen (the item, the documents, a late addition), then
    confirm."""
    case = _case(pk)
    if refused := _refused(request, case, case.refusal("put_on_agenda")):
        return refused
    choices = preparation.agenda_choices(case)
    in_time = [c.meeting for c in choices if c.verdict]
    target = case.target_meeting if case.target_meeting in in_time else None
    form = AgendaForm(request.POST or None, meetings=in_time, initial={"meeting": target})
    if request.method == "POST" and "tillbaka" not in request.POST and form.is_valid():
        meeting = form.cleaned_data["meeting"]
        if not _confirmed(request):
            documents = list(case.documents.order_by("uploaded_at"))
            return render(request, "decisions/kansli_case_agenda_confirm.html", {
                "case": case, "meeting": meeting, "item_title": f"{case.reference} {case.title}",
                "copied": [d for d in documents if d.is_public], "withheld": [d for d in documents if not d.is_public],
                "later_than_planned": case.target_meeting_id not in (None, meeting.pk),
            })
        try:
            case = preparation.case_put_on_agenda(by=request.user, case=case, meeting=meeting)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            item = case.agenda_item
            messages.success(request, gettext("%(ref)s står som § %(n)s på dagordningen för %(meeting)s.") % {
                "ref": case.reference, "n": item.position, "meeting": meeting.title})
            if item.added_after_notice:
                messages.warning(request, gettext(
                    "Kallelsen är redan skickad: punkten markeras som tillagd efter kallelsen och dess "
                    "dokument som sent inkomna."))
            return redirect(case_url(case))
    return render(request, "decisions/kansli_case_agenda.html", {
        "case": case, "form": form, "in_time": in_time,
        "late": [c for c in choices if not c.verdict],
    }, status=400 if form.errors else 200)


@preparer_required
def case_correct(request, pk):
    case = _case(pk)
    if refused := _refused(request, case, case.refusal("correct"), "versioner"):
        return refused
    form = CorrectionForm(request.POST or None, case=case)
    if request.method == "POST" and form.is_valid():
        try:
            case = preparation.case_correct(by=request.user, case=case, fields=form.changes(),
                                            reason=form.cleaned_data["reason"])
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, gettext("Rättelsen är sparad som version %(v)s.") % {"v": case.version})
            return redirect(case_url(case, "versioner"))
    return render(request, "decisions/kansli_case_correct.html", {"case": case, "form": form},
                  status=400 if form.errors else 200)


# Attachments -----------------------------------------------------------------------------


def _document(pk) -> CaseDocument:
    return get_object_or_404(
        CaseDocument.objects.exclude(case__state=Case.State.DRAFT).select_related("case", "withheld_by"), pk=pk)


@preparer_required
def document_withhold(request, pk):
    document = _document(pk)
    if not document.is_public:
        return _refused(request, document.case, gettext("Bilagan visas redan bara för kansliet."), "bilagor")
    form = WithholdForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            preparation.case_document_withhold(by=request.user, document=document,
                                               reason=form.cleaned_data["reason"])
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, gettext("”%(title)s” visas nu bara för kansliet.") % {"title": document.title})
            return redirect(case_url(document.case, "bilagor"))
    copies = list(preparation.meeting_copies(document).filter(withdrawn_at__isnull=True))
    return render(request, "decisions/kansli_document_withhold.html", {
        "document": document, "case": document.case, "form": form,
        "withdrawn_copies": [c for c in copies if c.meeting.refusal("upload_document") is None],
        "kept_copies": [c for c in copies if c.meeting.refusal("upload_document") is not None],
    }, status=400 if form.errors else 200)


@preparer_required
def document_release(request, pk):
    document = _document(pk)
    case = document.case
    if _confirmed(request):
        run_action(request, lambda: preparation.case_document_release(by=request.user, document=document),
                   lambda _: gettext("”%(title)s” visas igen med ärendet.") % {"title": document.title})
        return redirect(case_url(case, "bilagor"))
    copies = preparation.meeting_copies(document).filter(withdrawn_at__isnull=False)
    points = [gettext("Bilagan visas igen för alla som kan läsa ärendet, också i det offentliga diariet."),
              gettext("Skälet till att den inte visades finns kvar i historiken.")]
    if copies.exists():
        points.append(gettext("Kopian som återkallades bland sammanträdets dokument förblir återkallad. Ladda "
                              "upp den på nytt på sammanträdets sida om den ska finnas bland dokumenten."))
    return _confirm_page(
        request, case, heading=gettext("Visa bilagan ”%(title)s” igen") % {"title": document.title},
        refusal=None if not document.is_public else gettext("Bilagan visas redan."), points=points,
        button=gettext("Ja, visa bilagan"), action=reverse("kansli_case_document_release", args=[document.pk]),
        extra={"document": document})


# A consultation --------------------------------------------------------------------------


@preparer_required
def consultation_detail(request, pk):
    consultation = get_object_or_404(
        Consultation.objects.select_related("case__partner", "opened_by", "summarised_by")
        .prefetch_related(Prefetch("case__cosignatures", queryset=CoSignature.objects.select_related("partner"))),
        pk=pk)
    form = SummaryForm(request.POST or None, initial={"summary": consultation.summary})
    if request.method == "POST" and form.is_valid():
        try:
            preparation.consultation_summarise(by=request.user, consultation=consultation,
                                               summary=form.cleaned_data["summary"])
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, gettext("Sammanfattningen är sparad."))
            return redirect("kansli_consultation", pk=consultation.pk)
    return render(request, "decisions/kansli_consultation.html", {
        "consultation": consultation, "case": consultation.case, "form": form,
        "overview": preparation.consultation_overview(consultation),
        "sector_labels": preparation.sector_labels(consultation.sectors),
    }, status=400 if form.errors else 200)
