"""Publication of decisions (§ 4.3, § 7; R12): the one home of which decisions the public sees, and
how a decision reads on /beslut/, /beslut/<pk>/, /beslut.json and the Atom feed. Everything shown
of how a decision was reached comes from its snapshot, the record as it stood at that moment."""

from dataclasses import dataclass

from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from decisions.models import Ballot, ConflictDeclaration, Decision, Minutes, Vote
from decisions.voting import _verdict_of
from meetings.models import Document, Meeting
from swecan import rules

# Minutes that are published: finished (not yet approved) or approved (R5, R12).
PUBLISHED_MINUTES = (Minutes.State.FINISHED, Minutes.State.APPROVED)

OPEN_DATA_KEYS = ["id", "datum", "sammantrade", "rubrik", "beslut", "metod", "utfall", "ja", "nej", "avstod",
                  "arende"]
OPEN_DATA_METHODS = {Decision.Method.CONSENSUS: "konsensus", Decision.Method.VOTE: "omrostning"}
OPEN_DATA_OUTCOMES = {Decision.Outcome.ADOPTED: "antaget", Decision.Outcome.NOT_ADOPTED: "inte_antaget"}


# Which decisions the public sees -----------------------------------------------------------------

# A consensus decision is public as soon as it is recorded; a vote's once its result is published
# by the chair, or once the meeting's minutes, which carry it, are published.
_PUBLIC = (Q(method=Decision.Method.CONSENSUS)
           | Q(vote__state=Vote.State.PUBLISHED)
           | Q(agenda_item__meeting__minutes__state__in=PUBLISHED_MINUTES))


def public_decisions():
    """Every decision the public may read, newest first, with what a row shows (no query per row)."""
    return (Decision.objects.filter(_PUBLIC)
            .select_related("agenda_item__meeting", "case")
            .order_by("-decided_at", "-pk"))


def is_public(decision: Decision) -> bool:
    return public_decisions().filter(pk=decision.pk).exists()


# Filters ------------------------------------------------------------------------------------------


class DecisionFilterForm(forms.Form):
    """GET filters of /beslut/ and /beslut.json; a value that is not a choice is ignored and named."""

    ar = forms.TypedChoiceField(label=_("År"), required=False, coerce=int, empty_value=None)
    sammantrade = forms.TypedChoiceField(label=_("Sammanträde"), required=False, coerce=int, empty_value=None)

    def __init__(self, data, *, years, meetings):
        super().__init__(data, auto_id="filter_%s")
        self.fields["ar"].choices = [("", gettext("Alla år"))] + [(str(y), str(y)) for y in years]
        self.fields["sammantrade"].choices = [("", gettext("Alla sammanträden"))] + [
            (str(m.pk), f"{m.date:%Y-%m-%d} {m.title}") for m in meetings]

    def filtered(self, decisions):
        """`decisions` narrowed by every filter whose value is valid."""
        if not self.is_bound:
            return decisions
        self.is_valid()
        year, meeting = self.cleaned_data.get("ar"), self.cleaned_data.get("sammantrade")
        if year:
            decisions = decisions.filter(decided_at__year=year)  # the year in Stockholm (USE_TZ)
        if meeting:
            decisions = decisions.filter(agenda_item__meeting_id=meeting)
        return decisions

    @property
    def filtering(self) -> bool:
        """Whether a recognised filter narrows the list."""
        if not self.is_bound:
            return False
        self.is_valid()
        return any(self.cleaned_data.get(name) for name in self.fields)

    def ignored(self) -> list[str]:
        """The labels of the filters whose value was not recognised (and so not used)."""
        return [str(self.fields[name].label) for name in self.errors] if self.is_bound else []


def filter_form(data) -> DecisionFilterForm:
    """The filter form with the years and meetings that have public decisions (two queries)."""
    public = public_decisions()
    years = [moment.year for moment in public.datetimes("decided_at", "year", order="DESC")]
    meetings = Meeting.objects.filter(pk__in=public.values("agenda_item__meeting")).order_by("-starts_at")
    return DecisionFilterForm(data or None, years=years, meetings=meetings)


# One decision as a row ---------------------------------------------------------------------------


def counts(decision: Decision) -> dict | None:
    """A vote's yes, no and abstained, from its snapshot; None for a consensus decision."""
    if decision.method != Decision.Method.VOTE:
        return None
    stored = decision.snapshot.get("counts", {})
    return {choice: int(stored.get(choice, 0)) for choice in Ballot.Choice.values}


def decided_on(decision: Decision):
    return timezone.localdate(decision.decided_at)


def open_data_rows(decisions) -> list[dict]:
    rows = []
    for decision in decisions:
        tally = counts(decision)
        rows.append({
            "id": decision.pk,
            "datum": decided_on(decision).isoformat(),
            "sammantrade": decision.agenda_item.meeting.date.isoformat(),
            "rubrik": decision.agenda_item.title,
            "beslut": decision.wording,
            "metod": OPEN_DATA_METHODS[decision.method],
            "utfall": OPEN_DATA_OUTCOMES[decision.outcome],
            "ja": tally["yes"] if tally else None,
            "nej": tally["no"] if tally else None,
            "avstod": tally["abstain"] if tally else None,
            "arende": decision.case.reference if decision.case_id else None,
        })
    return rows


# One decision in full ------------------------------------------------------------------------------


@dataclass(frozen=True)
class NamedBallot:
    name: str
    choice: str
    choice_label: str
    show_of_hands: bool


@dataclass(frozen=True)
class Account:
    """How the decision was reached, as its snapshot recorded it."""

    quorum: rules.Verdict | None
    outcome: rules.Verdict | None  # a vote's verdict; None for consensus
    present: int | None
    roll_size: int | None
    rules_version: int | None
    qualified: bool
    ballots: list[NamedBallot]
    ruled_out: list[str]
    absent: list[str]
    not_voted: list[str]


def account_of(decision: Decision) -> Account:
    snapshot = decision.snapshot or {}
    choices = {code: str(label) for code, label in Ballot.Choice.choices}
    ballots = [NamedBallot(name=b["name"], choice=b["choice"], choice_label=choices.get(b["choice"], b["choice"]),
                           show_of_hands=bool(b.get("show_of_hands")))
               for b in sorted(snapshot.get("ballots", []), key=lambda b: b["name"])]
    return Account(
        quorum=_verdict_of(snapshot["quorum"]) if "quorum" in snapshot else None,
        outcome=_verdict_of(snapshot["outcome"]) if "outcome" in snapshot else None,
        present=snapshot.get("present"),
        roll_size=snapshot.get("roll_size"),
        rules_version=snapshot.get("rules_version"),
        qualified=bool(snapshot.get("qualified")),
        ballots=ballots,
        ruled_out=sorted(p["name"] for p in snapshot.get("ruled_out", [])),
        absent=sorted(p["name"] for p in snapshot.get("absent", [])),
        not_voted=sorted(p["name"] for p in snapshot.get("not_voted", [])),
    )


def conflicts_of(decision: Decision) -> list[ConflictDeclaration]:
    """The conflicts of interest declared in the decision's case, with the chair's rulings."""
    if decision.case_id is None:
        return []
    return list(ConflictDeclaration.objects.filter(case_id=decision.case_id)
                .select_related("partner").order_by("partner__name"))


def case_documents(decision: Decision) -> list:
    """The case's public attachments; a withheld one is never named here, whoever reads."""
    if decision.case_id is None:
        return []
    return list(decision.case.documents.filter(is_public=True).order_by("uploaded_at"))


def item_documents(decision: Decision) -> list[Document]:
    """The meeting's published documents for the decision's agenda item (the version in force)."""
    return list(Document.objects.current().filter(agenda_item_id=decision.agenda_item_id, is_public=True,
                                                  withdrawn_at__isnull=True)
                .order_by("uploaded_at"))


def published_minutes_of(meeting: Meeting) -> Minutes | None:
    """The meeting's minutes if they are published (finished or approved), else None."""
    return Minutes.objects.filter(meeting=meeting, state__in=PUBLISHED_MINUTES).first()
