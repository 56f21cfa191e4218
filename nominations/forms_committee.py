"""The kansli's forms for the AU's seats and officers (nominations/seats.py): validation only; the
services judge the rules and their refusals are shown next to the field they name."""

from django import forms
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from meetings.models import Meeting
from nominations.models import Officer, Seat
from partnership.models import Partner, Representative, Sector
from swecan.forms import DateInput

OPEN_STATES = (Meeting.State.PLANNED, Meeting.State.NOTICED)


def _meeting_label(meeting: Meeting) -> str:
    return f"{meeting.title}, {date_format(timezone.localtime(meeting.starts_at), 'j F Y')}"


class _MeetingChoice(forms.ModelChoiceField):
    def label_from_instance(self, meeting):
        return _meeting_label(meeting)


def open_meetings(body: str):
    """Meetings of `body` whose agenda can still take an item (planned or called)."""
    return Meeting.objects.filter(body=body, state__in=OPEN_STATES).order_by("starts_at")


class SeatProposeForm(forms.Form):
    """A seat proposed to the partnership: the representative is chosen among the active partners'
    representatives, grouped by sector; the partner and the seat's sector follow from them (§ 2.2)."""

    meeting = _MeetingChoice(label=_("Partnerskapets sammanträde"), queryset=Meeting.objects.none(),
                             empty_label=_("Välj sammanträde"),
                             help_text=_("Förslaget blir en beslutspunkt på sammanträdets dagordning."))
    representative = forms.TypedChoiceField(
        label=_("Ledamot"), coerce=int,
        help_text=_("Representanter för aktiva partners, per sektor. Platsen hör till partnerns sektor."))
    starts_on = forms.DateField(label=_("Mandatet börjar"), widget=DateInput())
    ends_on = forms.DateField(label=_("Mandatet slutar"), widget=DateInput(), required=False,
                              help_text=_("Lämna tomt för ett helt mandat enligt arbetsordningen (§ 2.2)."))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["meeting"].queryset = open_meetings(Meeting.Body.PARTNERSHIP)
        reps = (Representative.objects.filter(active=True, partner__status=Partner.Status.ACTIVE)
                .select_related("partner").order_by("partner__name", "name"))
        by_sector = {code: [] for code, _label in Sector.choices}
        for rep in reps:
            by_sector[rep.partner.sector].append((rep.pk, f"{rep.name} – {rep.partner.name}"))
        self._representatives = {rep.pk: rep for rep in reps}
        self.fields["representative"].choices = [("", _("Välj ledamot"))] + [
            (label, by_sector[code]) for code, label in Sector.choices if by_sector[code]]

    def clean_representative(self):
        return self._representatives[self.cleaned_data["representative"]]


class SeatVacateForm(forms.Form):
    on = forms.DateField(label=_("Lämnar från och med"), widget=DateInput(),
                         help_text=_("Platsen är vakant från detta datum."))
    reason = forms.CharField(label=_("Skäl"), max_length=300)


class _SeatChoice(forms.ModelChoiceField):
    def label_from_instance(self, seat):
        return f"{seat.representative.name} – {seat.partner.name} ({seat.get_sector_display()})"


class ElectionForm(forms.Form):
    """The election of the AU's chair or vice chair, put on an AU meeting's agenda (§ 2.2)."""

    meeting = _MeetingChoice(label=_("Arbetsutskottets sammanträde"), queryset=Meeting.objects.none(),
                             empty_label=_("Välj sammanträde"),
                             help_text=_("Ledamöterna väljer på sammanträdet, med konsensus eller omröstning."))
    seat = _SeatChoice(label=_("Ledamot"), queryset=Seat.objects.none(), empty_label=_("Välj ledamot"))
    role = forms.ChoiceField(label=_("Uppdrag"), choices=Officer.Role.choices)
    starts_on = forms.DateField(label=_("Mandatet börjar"), widget=DateInput())
    ends_on = forms.DateField(label=_("Mandatet slutar"), widget=DateInput(), required=False,
                              help_text=_("Lämna tomt för ett helt mandat enligt arbetsordningen (§ 2.2)."))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["meeting"].queryset = open_meetings(Meeting.Body.COMMITTEE)
        today = timezone.localdate()
        self.fields["seat"].queryset = (Seat.objects.appointed().filter(ends_on__gte=today, vacated_on__isnull=True)
                                        .select_related("partner", "representative")
                                        .order_by("sector", "partner__name"))


class OfficerContactForm(forms.Form):
    """The AU chair's or vice chair's contact details, published on /arbetsutskott/ (R12)."""

    email = forms.EmailField(label=_("E-post"), required=False)
    phone = forms.CharField(label=_("Telefon"), max_length=40, required=False,
                            widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "off"}))
