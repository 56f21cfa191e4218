"""The published decisions (§ 4.3, § 7; R12): /beslut/ newest first with filters, a page per
decision with its case and public documents, the decisions as open data and as an Atom feed. No
login; which decisions are public is decided in decisions/publication.py alone."""

import json

from django.contrib.syndication.views import Feed
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.template.defaultfilters import linebreaks_filter
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import format_html
from django.utils.translation import gettext

from decisions import publication
from decisions.access import may_read_decision
from decisions.models import Decision
from swecan.public_cache import public_page

PER_PAGE = 50
FEED_ENTRIES = 50


def _rows(decisions) -> list[Decision]:
    for decision in decisions:
        decision.counts = publication.counts(decision)
        decision.decided_on = publication.decided_on(decision)
    return decisions


@public_page
def public_decisions(request):
    filters = publication.filter_form(request.GET)
    decisions = filters.filtered(publication.public_decisions())
    page = Paginator(decisions, PER_PAGE).get_page(request.GET.get("sida"))
    return render(request, "decisions/public_decisions.html", {
        "filters": filters,
        "ignored_filters": filters.ignored(),
        "filtering": filters.filtering,
        "page": page,
        "page_numbers": list(page.paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1)),
        "decisions": _rows(list(page.object_list)),
    })


@public_page
def public_decision(request, pk):
    decision = get_object_or_404(
        Decision.objects.select_related("agenda_item__meeting", "case", "rules_version", "created_version"),
        pk=pk)
    # The kansli and the meeting's chair see a decision before it is published (never cached:
    # public_page keeps anonymous pages only); for everyone else it does not exist yet.
    if not may_read_decision(request.user, decision):
        raise Http404
    _rows([decision])
    meeting = decision.agenda_item.meeting
    return render(request, "decisions/public_decision.html", {
        "decision": decision,
        "meeting": meeting,
        "is_public": publication.is_public(decision),
        "account": publication.account_of(decision),
        "conflicts": publication.conflicts_of(decision),
        "case_documents": publication.case_documents(decision),
        "item_documents": publication.item_documents(decision),
        "minutes": publication.published_minutes_of(meeting),
    })


@public_page
def public_decisions_json(request):
    decisions = publication.filter_form(request.GET).filtered(publication.public_decisions())
    data = {"beslut": publication.open_data_rows(decisions), "kolumner": publication.OPEN_DATA_KEYS}
    return HttpResponse(
        json.dumps(data, ensure_ascii=False, indent=1), content_type="application/json; charset=utf-8"
    )


class DecisionsFeed(Feed):
    """The newest published decisions as Atom, for feed readers."""

    feed_type = Atom1Feed
    author_name = "SweCan"

    def title(self):
        return gettext("SweCan – partnerskapets beslut")

    def subtitle(self):
        return gettext("Beslut som partnerskapet har fattat, med beslutsform och utfall.")

    def link(self):
        return reverse("public_decisions")

    def feed_url(self):
        return reverse("public_decisions_feed")

    def items(self):
        return publication.public_decisions()[:FEED_ENTRIES]

    def item_title(self, decision):
        return gettext("%(title)s: %(outcome)s") % {"title": decision.agenda_item.title,
                                                     "outcome": decision.get_outcome_display()}

    def item_description(self, decision):
        tally = publication.counts(decision)
        if tally is None:
            how = gettext("Beslutat med konsensus vid %(meeting)s.") % {"meeting": decision.agenda_item.meeting}
        else:
            how = gettext("Beslutat efter omröstning vid %(meeting)s: ja %(yes)s, nej %(no)s, avstod "
                          "%(abstain)s.") % {"meeting": decision.agenda_item.meeting, **tally}
        # Atom's summary is HTML: the wording is escaped, then its line breaks kept.
        return format_html("{}<p>{}</p>", linebreaks_filter(decision.wording, autoescape=True), how)

    def item_link(self, decision):
        return reverse("public_decision", args=[decision.pk])

    def item_pubdate(self, decision):
        return decision.decided_at

    def item_updateddate(self, decision):
        return decision.decided_at


public_decisions_feed = public_page(DecisionsFeed())
