"""The public case register (diarium, R12): received cases as anyone may read them. A draft is
never here; a withdrawn case stays, as withdrawn (the record of what SweCan received)."""

from dataclasses import dataclass

from django import forms
from django.db.models import Exists, OuterRef, Prefetch, Q
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from decisions.access import may_read_case_document
from decisions.models import Case, Consultation, CoSignature
from partnership.models import Partner, Sector

PUBLIC_STATES = [state for state in Case.State.values if state != Case.State.DRAFT]
# States in which a case still waits for a meeting (a withdrawn or decided one waits for none).
WAITING_STATES = (Case.State.RECEIVED, Case.State.IN_PREPARATION, Case.State.PREPARED)
# Partners with a public page (partnership.views.public.partner_detail).
LINKED_PARTNER_STATUSES = (Partner.Status.ACTIVE, Partner.Status.WITHDRAWN)

OPEN_DATA_KEYS = ["diarienummer", "titel", "inkom", "status", "status_namn", "inlamnat_av", "sammantrade"]


def received_cases():
    """Every received case with what a register row shows, in a fixed number of queries."""
    confirmed = CoSignature.objects.filter(confirmed_at__isnull=False).select_related("partner")
    return (Case.objects.filter(state__in=PUBLIC_STATES, number__isnull=False)
            .select_related("partner", "target_meeting", "agenda_item__meeting")
            .prefetch_related(Prefetch("cosignatures", queryset=confirmed.order_by("partner__name"),
                                       to_attr="confirmed_cosignatures"))
            .order_by("-year", "-number"))


def submitters(case: Case) -> list[Partner]:
    """The submitting partner and the co-signers that confirmed (read from received_cases())."""
    cosignatures = getattr(case, "confirmed_cosignatures", None)
    if cosignatures is None:
        cosignatures = [c for c in case.cosignatures.select_related("partner") if c.is_confirmed]
    return [case.partner] + [c.partner for c in cosignatures]


def meeting_of(case: Case):
    """The meeting the case is on the agenda of, or else the one it is in time for (None: it
    waits for the next meeting planned, or, withdrawn, goes to none)."""
    if case.state == Case.State.WITHDRAWN:
        return None
    if case.agenda_item_id is not None:
        return case.agenda_item.meeting
    return case.target_meeting


def labels(choices) -> dict[str, str]:
    """Each choice's label in the active language, translated once per request, not per row."""
    return {code: str(label) for code, label in choices}


# Filters --------------------------------------------------------------------------------


class RegisterFilterForm(forms.Form):
    """GET filters of /arenden/; a value that is not one of the choices is ignored and named."""

    ar = forms.TypedChoiceField(label=_("År"), required=False, coerce=int, empty_value=None)
    status = forms.ChoiceField(label=_("Status"), required=False)
    sektor = forms.ChoiceField(label=_("Sektor"), required=False,
                               choices=[("", _("Alla sektorer"))] + list(Sector.choices))

    def __init__(self, data, *, years):
        super().__init__(data, auto_id="filter_%s")
        self.fields["ar"].choices = [("", gettext("Alla år"))] + [(str(y), str(y)) for y in years]
        self.fields["status"].choices = [("", gettext("Alla"))] + [
            (value, label) for value, label in Case.State.choices if value != Case.State.DRAFT]

    def filtered(self, cases):
        """`cases` narrowed by every filter whose value is valid."""
        if not self.is_bound:
            return cases
        self.is_valid()
        values = {name: self.cleaned_data.get(name) for name in self.fields}
        if values["ar"]:
            cases = cases.filter(year=values["ar"])
        if values["status"]:
            cases = cases.filter(state=values["status"])
        if values["sektor"]:
            cosigned = CoSignature.objects.filter(case=OuterRef("pk"), confirmed_at__isnull=False,
                                                  partner__sector=values["sektor"])
            cases = cases.filter(Q(partner__sector=values["sektor"]) | Exists(cosigned))
        return cases

    def ignored(self) -> list[str]:
        """The labels of the filters whose value was not recognised (and so not used)."""
        return [str(self.fields[name].label) for name in self.errors]


def register_years():
    return list(Case.objects.filter(state__in=PUBLIC_STATES, year__isnull=False)
                .order_by("-year").values_list("year", flat=True).distinct())


# One case ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class CaseDocuments:
    shown: list
    withheld_count: int


def documents_for(user, case: Case) -> CaseDocuments:
    """The attachments `user` may read, and how many others there are (never their titles)."""
    documents = list(case.documents.all())
    for document in documents:
        document.case = case  # may_read_case_document reads the case: no query per document
    shown = [d for d in documents if may_read_case_document(user, d)]
    return CaseDocuments(shown=shown, withheld_count=len(documents) - len(shown))


def summarised_consultations(case: Case) -> list[Consultation]:
    """Consultations once the preparers summarised them: question, sectors, deadline, summary."""
    sectors = labels(Sector.choices)
    consultations = [c for c in case.consultations.all() if c.is_summarised]
    for consultation in consultations:
        consultation.sector_labels = [sectors.get(code, code) for code in consultation.sectors]
    return consultations


def shows_proposal(case: Case) -> bool:
    """The preparers' proposal for decision is public once the case is prepared."""
    return bool(case.decision_proposal.strip()) and case.state in (
        Case.State.PREPARED, Case.State.ON_AGENDA, Case.State.DECIDED)


# Open data ------------------------------------------------------------------------------


def open_data_rows(cases) -> list[dict]:
    states = labels(Case.State.choices)
    rows = []
    for case in cases:
        meeting = meeting_of(case)
        rows.append({
            "diarienummer": case.reference,
            "titel": case.title,
            "inkom": case.submitted_on.isoformat() if case.submitted_on else None,
            "status": case.state,
            "status_namn": states.get(case.state, case.state),
            "inlamnat_av": [partner.name for partner in submitters(case)],
            "sammantrade": meeting.date.isoformat() if meeting is not None else None,
        })
    return rows
