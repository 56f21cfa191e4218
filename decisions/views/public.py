"""The public case register (diarium, R12): received cases, each case's page with its public
documents, and the register as open data. No login; drafts are never shown."""

import json

from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, render

from decisions import register, rule_change
from decisions.access import may_read_case_document
from decisions.models import Case, CaseDocument
from meetings import files
from meetings.views.members import PUBLIC_STATES as PUBLIC_MEETING_STATES
from swecan.public_cache import public_page

PER_PAGE = 50


def _rows(cases) -> list[Case]:
    states = register.labels(Case.State.choices)
    for case in cases:
        case.state_label = states.get(case.state, case.state)
        case.partners = register.submitters(case)
        case.meeting = register.meeting_of(case)
        case.waits_for_meeting = case.meeting is None and case.state in register.WAITING_STATES
        # Only a noticed meeting is on the public /sammantraden/; a planned one shows its date.
        case.meeting_is_public = case.meeting is not None and case.meeting.state in PUBLIC_MEETING_STATES
    return cases


@public_page
def public_cases(request):
    filters = register.RegisterFilterForm(request.GET or None, years=register.register_years())
    cases = filters.filtered(register.received_cases())
    page = Paginator(cases, PER_PAGE).get_page(request.GET.get("sida"))
    return render(request, "decisions/public_cases.html", {
        "filters": filters,
        "ignored_filters": filters.ignored() if filters.is_bound else [],
        "filtering": filters.is_bound and any(filters.cleaned_data.get(name) for name in filters.fields),
        "page": page,
        "page_numbers": list(page.paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1)),
        "cases": _rows(list(page.object_list)),
        "linked_partner_statuses": register.LINKED_PARTNER_STATUSES,
    })


@public_page
def public_case(request, year, number):
    case = get_object_or_404(
        register.received_cases().prefetch_related(
            "documents", "consultations").select_related("preparation_group"),
        year=year, number=number)
    _rows([case])
    # An open proposal changes the version in force today; a closed one is read against the
    # version it was written for.
    open_states = (*register.WAITING_STATES, Case.State.ON_AGENDA)
    diff_on = None if case.state in open_states else case.submitted_on
    return render(request, "decisions/public_case.html", {
        "case": case,
        "documents": register.documents_for(request.user, case),
        "consultations": register.summarised_consultations(case),
        "shows_proposal": register.shows_proposal(case),
        "diff": rule_change.diff(case, on=diff_on) if case.kind == Case.Kind.RULE_CHANGE else None,
        "linked_partner_statuses": register.LINKED_PARTNER_STATUSES,
    })


@public_page
def public_cases_json(request):
    data = {"arenden": register.open_data_rows(register.received_cases()), "kolumner": register.OPEN_DATA_KEYS}
    return HttpResponse(
        json.dumps(data, ensure_ascii=False, indent=1), content_type="application/json; charset=utf-8"
    )


def case_document_download(request, pk):
    """An attachment for whoever may read it; for anyone else it does not exist (a withheld
    attachment is not even confirmed to be there)."""
    document = get_object_or_404(CaseDocument.objects.select_related("case"), pk=pk)
    if not may_read_case_document(request.user, document):
        raise Http404
    return FileResponse(document.file.open("rb"), as_attachment=True, filename=document.download_name(),
                        content_type=files.ALLOWED[document.file_type])
