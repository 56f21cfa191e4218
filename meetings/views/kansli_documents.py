"""The kansli corrects what it has published for a meeting: an agenda item, a document replaced
by a new version, a document withdrawn with its reason."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext

from meetings import services
from meetings.forms import AgendaItemForm, DocumentReplaceForm, DocumentWithdrawForm
from meetings.models import AgendaItem, Document
from meetings.views.kansli import meeting_url
from swecan.forms import add_service_errors
from swecan.permissions import kansli_required


def _refused(request, meeting, action, anchor):
    """What the meeting no longer allows is refused before any form, with the reason."""
    reason = meeting.refusal(action)
    if reason is None:
        return None
    messages.error(request, reason)
    return redirect(f"{meeting_url(meeting)}#{anchor}")


@kansli_required
def agenda_item_edit(request, pk):
    item = get_object_or_404(AgendaItem.objects.select_related("meeting"), pk=pk)
    if refused := _refused(request, item.meeting, "edit_agenda", "dagordning"):
        return refused
    form = AgendaItemForm(request.POST or None, instance=item)
    if request.method == "POST" and form.is_valid():
        try:
            services.agenda_item_update(by=request.user, item=item, **{
                name: form.cleaned_data[name] for name in ("title", "kind", "presenter", "description")})
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, gettext("Punkten är ändrad."))
            return redirect(f"{meeting_url(item.meeting)}#punkt-{item.pk}")
    return render(request, "meetings/kansli_agenda_item_form.html", {
        "form": form, "item": item, "meeting": item.meeting,
    }, status=400 if form.errors else 200)


def _document(pk) -> Document:
    return get_object_or_404(Document.objects.select_related("meeting", "agenda_item"), pk=pk)


@kansli_required
def document_replace(request, pk):
    document = _document(pk)
    if refused := _refused(request, document.meeting, "upload_document", "dagordning"):
        return refused
    form = DocumentReplaceForm(request.POST or None, request.FILES or None,
                               initial={"title": document.title})
    if request.method == "POST" and form.is_valid():
        try:
            new = services.document_replace(by=request.user, document=document,
                                            uploaded=form.cleaned_data["file"],
                                            title=form.cleaned_data["title"])
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, gettext("”%(title)s” är ersatt av version %(version)s.") % {
                "title": new.title, "version": new.version})
            return redirect(f"{meeting_url(document.meeting)}#dagordning")
    return render(request, "meetings/kansli_document_form.html", {
        "form": form, "document": document, "meeting": document.meeting, "replace": True,
        "history": _versions(document),
    }, status=400 if form.errors else 200)


@kansli_required
def document_withdraw(request, pk):
    document = _document(pk)
    if refused := _refused(request, document.meeting, "upload_document", "dagordning"):
        return refused
    form = DocumentWithdrawForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.document_withdraw(by=request.user, document=document,
                                       reason=form.cleaned_data["reason"])
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, gettext("”%(title)s” är återkallat.") % {"title": document.title})
            return redirect(f"{meeting_url(document.meeting)}#dagordning")
    return render(request, "meetings/kansli_document_form.html", {
        "form": form, "document": document, "meeting": document.meeting, "replace": False,
        "history": _versions(document),
    }, status=400 if form.errors else 200)


def _versions(document) -> list[Document]:
    """The document and the versions it replaced, newest first."""
    versions = [document]
    while versions[-1].replaces_id:
        versions.append(Document.objects.get(pk=versions[-1].replaces_id))
    return versions
