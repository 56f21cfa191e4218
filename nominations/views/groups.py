"""Working groups and expert panels (§ 2.2; R8, R12): the AU's and the kansli's list and a page
per group with the forms behind it (agreement, the chair's consultation, the proposal to the
partnership, members, meetings, documents); the public list of established groups with the
members' organisations only. What is allowed is decided in nominations/groups.py."""

from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from decisions.access import may_prepare
from meetings import files
from nominations import groups
from nominations.access import may_agree_group, may_initiate_group, may_manage_group
from nominations.forms_groups import (
    AttachForm,
    ChairConsultationForm,
    DocumentForm,
    GroupAgreeForm,
    GroupInitiateForm,
    GroupMeetingForm,
    MemberForm,
    MemberRemoveForm,
    ProposeForm,
)
from nominations.models import GroupDocument, GroupMember, WorkingGroup
from swecan.forms import add_service_errors
from swecan.public_cache import public_page

# Each form of the group's page: its class and the prefix of its ids (several forms share a page).
FORMS = {
    "agree_form": (GroupAgreeForm, "samrad_%s"),
    "consult_form": (ChairConsultationForm, "ordforande_%s"),
    "propose_form": (ProposeForm, "forslag_%s"),
    "member_form": (MemberForm, "medlem_%s"),
    "meeting_form": (GroupMeetingForm, "mote_%s"),
    "document_form": (DocumentForm, "handling_%s"),
}


def initiator_required(view):
    """The AU's members and the kansli (nominations.access.may_initiate_group); the public logs in."""

    @login_required
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not may_initiate_group(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper


def _group_for(request, pk) -> WorkingGroup:
    """The group, for the AU's members, the kansli and the group's own leader."""
    group = get_object_or_404(WorkingGroup.objects.select_related("proposed_on_item__meeting", "decision",
                                                                  "kansli_agreed_by", "initiated_by"), pk=pk)
    if not (may_initiate_group(request.user) or may_manage_group(request.user, group)):
        raise PermissionDenied
    return group


def _url(group, anchor: str = "") -> str:
    return reverse("committee_group", args=[group.pk]) + (f"#{anchor}" if anchor else "")


@initiator_required
def committee_groups(request):
    return render(request, "nominations/groups/list.html", {
        "groups": groups.groups_overview(), "may_agree": may_agree_group(request.user)})


@initiator_required
def committee_group_new(request):
    form = GroupInitiateForm(request.POST or None)
    if form.is_bound and form.is_valid():
        try:
            group = groups.group_initiate(by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            if group.needs_partnership_decision:
                messages.success(request, gettext(
                    "%(name)s är initierad. En permanent eller halvpermanent grupp kräver kansliets samråd, samråd "
                    "med partnerskapets ordförande och partnerskapets beslut innan den är inrättad (§ 2.2).") % {
                    "name": group.name})
            else:
                messages.success(request, gettext(
                    "%(name)s är initierad. Gruppen är inrättad när kansliet har registrerat sitt samråd.") % {
                    "name": group.name})
            return redirect(_url(group))
    return render(request, "nominations/groups/new.html", {"form": form}, status=400 if form.is_bound else 200)


def _render(request, group, *, status=200, bound=None, attach_forms=None, remove_forms=None):
    """The group's page; `bound` is the form that failed ({name: form}), shown with its errors."""
    today = timezone.localdate()
    members = list(group.members.select_related("representative__partner", "representative__user").order_by(
        "-is_leader", "left_on", "name", "representative__name"))
    documents = list(group.documents.select_related("uploaded_by", "case_document__case"))
    context = {name: cls(auto_id=auto_id) for name, (cls, auto_id) in FORMS.items()}
    context.update(bound or {})
    attach_forms = attach_forms or {}
    remove_forms = remove_forms or {}
    cases = list(groups.attachable_cases()) if documents and may_prepare(request.user) else []
    for document in documents:
        document.attach_form = attach_forms.get(document.pk) or AttachForm(auto_id=f"bifoga{document.pk}_%s",
                                                                           cases=cases)
    for member in members:
        member.is_current = member.left_on is None or member.left_on > today
        member.remove_form = remove_forms.get(member.pk) or MemberRemoveForm(auto_id=f"lamnar{member.pk}_%s")
    current = [m.representative_id for m in members if m.representative_id and m.is_current]
    member_field = context["member_form"].fields["representative"]
    member_field.queryset = member_field.queryset.exclude(pk__in=current)
    state = groups.state_of(group, today)
    context.update({
        "group": group, "state": state, "state_label": groups.state_label(state),
        "verdict": group.establishment(), "members": members, "documents": documents,
        "meetings": list(group.meetings.order_by("starts_at")),
        "proposal_refusal": groups.proposal_refusal(group) if group.needs_partnership_decision else None,
        "may_agree": may_agree_group(request.user), "may_manage": may_manage_group(request.user, group),
        "may_prepare": may_prepare(request.user),
        "has_cases": bool(cases),
    })
    return render(request, "nominations/groups/detail.html", context, status=status)


@login_required
def committee_group(request, pk):
    return _render(request, _group_for(request, pk))


def _action(request, pk, form_name, service, *, anchor, success, check):
    """Bind the named form, check the asker, call the service with the form's data; on refusal the
    page again with the form's errors and the typed input kept."""
    group = _group_for(request, pk)
    if not check(request.user, group):
        raise PermissionDenied
    cls, auto_id = FORMS[form_name]
    form = cls(request.POST, request.FILES, auto_id=auto_id)
    if form.is_valid():
        try:
            service(group, form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, success)
            return redirect(_url(group, anchor))
    return _render(request, group, status=400, bound={form_name: form})


def _kansli(user, group) -> bool:
    return may_agree_group(user)


@login_required
@require_POST
def committee_group_agree(request, pk):
    return _action(request, pk, "agree_form", lambda group, data: groups.group_agree(
        by=request.user, group=group, note=data["note"]), anchor="samrad", check=_kansli,
        success=gettext("Kansliets samråd är registrerat."))


@login_required
@require_POST
def committee_group_consult(request, pk):
    return _action(request, pk, "consult_form", lambda group, data: groups.group_record_chair_consultation(
        by=request.user, group=group, consulted_on=data["consulted_on"], note=data["note"]), anchor="beslut",
        check=_kansli, success=gettext("Samrådet med partnerskapets ordförande är registrerat."))


@login_required
@require_POST
def committee_group_propose(request, pk):
    return _action(request, pk, "propose_form", lambda group, data: groups.group_propose_to_partnership(
        by=request.user, group=group, meeting=data["meeting"]), anchor="beslut", check=_kansli,
        success=gettext("Gruppen står som beslutspunkt på partnerskapets dagordning."))


@login_required
@require_POST
def committee_group_member_add(request, pk):
    return _action(request, pk, "member_form", lambda group, data: groups.group_member_add(
        by=request.user, group=group, **data), anchor="medlemmar", check=may_manage_group,
        success=gettext("Medlemmen är tillagd."))


@login_required
@require_POST
def committee_group_member_remove(request, pk, member_pk):
    group = _group_for(request, pk)
    if not may_manage_group(request.user, group):
        raise PermissionDenied
    member = get_object_or_404(GroupMember, pk=member_pk, group=group)
    form = MemberRemoveForm(request.POST, auto_id=f"lamnar{member.pk}_%s")
    if form.is_valid():
        try:
            groups.group_member_remove(by=request.user, member=member, on=form.cleaned_data["on"])
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, gettext("%(person)s har lämnat gruppen.") % {"person": member.display_name})
            return redirect(_url(group, "medlemmar"))
    return _render(request, group, status=400, remove_forms={member.pk: form})


@login_required
@require_POST
def committee_group_meeting_plan(request, pk):
    return _action(request, pk, "meeting_form", lambda group, data: groups.group_meeting_plan(
        by=request.user, group=group, fields=data), anchor="moten", check=may_manage_group,
        success=gettext("Mötet är planerat."))


@login_required
@require_POST
def committee_group_document_upload(request, pk):
    return _action(request, pk, "document_form", lambda group, data: groups.group_document_upload(
        by=request.user, group=group, title=data["title"], file=data["file"]), anchor="handlingar",
        check=may_manage_group, success=gettext("Handlingen är uppladdad."))


@login_required
@require_POST
def committee_group_document_attach(request, pk, document_pk):
    group = _group_for(request, pk)
    if not may_prepare(request.user):
        raise PermissionDenied
    document = get_object_or_404(GroupDocument, pk=document_pk, group=group)
    form = AttachForm(request.POST, auto_id=f"bifoga{document.pk}_%s")
    if form.is_valid():
        try:
            attached = groups.group_document_attach_to_case(by=request.user, document=document,
                                                            case=form.cleaned_data["case"])
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, gettext("%(title)s är bifogad till ärende %(case)s.") % {
                "title": document.title, "case": attached.case.reference})
            return redirect(_url(group, "handlingar"))
    return _render(request, group, status=400, attach_forms={document.pk: form})


@login_required
def committee_group_document(request, pk, document_pk):
    group = _group_for(request, pk)
    document = get_object_or_404(GroupDocument, pk=document_pk, group=group)
    if not document.file.storage.exists(document.file.name):
        raise Http404
    extension = document.original_name.rsplit(".", 1)[-1].lower() if "." in document.original_name else ""
    name = f"{slugify(document.title, allow_unicode=True)[:120] or 'handling'}.{extension}"
    return FileResponse(document.file.open("rb"), as_attachment=True, filename=name,
                        content_type=files.ALLOWED.get(extension, "application/octet-stream"))


@public_page
def public_groups(request):
    return render(request, "nominations/groups/public.html", {"groups": groups.public_groups()})
