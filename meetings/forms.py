from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from meetings.models import AgendaItem, Meeting
from partnership.models import Representative
from swecan.csvsafe import refuse_formula_start
from swecan.forms import DateInput


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


class MeetingForm(forms.ModelForm):
    online_link = forms.URLField(label=_("Länk till digitalt möte"), required=False, assume_scheme="https")
    class Meta:
        model = Meeting
        fields = ["title", "body", "group_name", "kind", "form", "starts_at", "ends_at", "place",
                  "online_link", "planned_notice_date", "chair", "participants"]
        widgets = {
            "starts_at": DateTimeInput(),
            "ends_at": DateTimeInput(),
            "planned_notice_date": DateInput(),
            "participants": forms.SelectMultiple(attrs={"size": 8}),
        }
        help_texts = {
            "planned_notice_date": _("Lämna tomt för sista dagen enligt arbetsordningen."),
            "participants": _("För arbetsutskottet och arbetsgrupper: vilka som kallas. Partnerskapets "
                              "möten kallar alla partners på röstlängden."),
            "kind": _("Extrainsatta sammanträden beslutas av ordföranden; samma kallelseregel gäller."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        users = get_user_model().objects.filter(is_active=True).order_by("full_name", "email")
        self.fields["chair"].queryset = users
        self.fields["chair"].empty_label = _("Ingen angiven")
        self.fields["participants"].queryset = users
        self.fields["planned_notice_date"].required = False
        for name in ("title", "group_name"):
            self.fields[name].validators.append(refuse_formula_start)

    def clean(self):
        cleaned = super().clean()
        form, place, link = cleaned.get("form"), cleaned.get("place"), cleaned.get("online_link")
        if form in (Meeting.Form.PHYSICAL, Meeting.Form.HYBRID) and not place:
            self.add_error("place", _("Ange platsen för ett fysiskt eller hybrid möte."))
        if form in (Meeting.Form.DIGITAL, Meeting.Form.HYBRID) and not link:
            self.add_error("online_link", _("Ange länken för ett digitalt eller hybrid möte."))
        starts, ends = cleaned.get("starts_at"), cleaned.get("ends_at")
        if starts and ends and ends <= starts:
            self.add_error("ends_at", _("Mötet måste sluta efter att det har börjat."))
        if cleaned.get("body") == Meeting.Body.WORKING_GROUP and not cleaned.get("group_name"):
            self.add_error("group_name", _("Ange vilken arbetsgrupp som möts."))
        return cleaned


class AgendaItemForm(forms.ModelForm):
    class Meta:
        model = AgendaItem
        fields = ["title", "kind", "presenter", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("title", "presenter"):
            self.fields[name].validators.append(refuse_formula_start)


class DocumentForm(forms.Form):
    title = forms.CharField(label=_("Titel"), max_length=300, validators=[refuse_formula_start])
    file = forms.FileField(
        label=_("Fil"), help_text=_("PDF, DOCX, XLSX eller ODT."),
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.docx,.xlsx,.odt"}),
    )
    agenda_item = forms.ModelChoiceField(label=_("Hör till punkt"), queryset=AgendaItem.objects.none(),
                                         required=False, empty_label=_("Ingen särskild punkt"))
    is_public = forms.BooleanField(label=_("Publicera öppet (synligt utan inloggning när mötet är kallat)"),
                                   required=False)

    def __init__(self, *args, meeting, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agenda_item"].queryset = meeting.agenda_items.order_by("position")


class AttendanceForm(forms.Form):
    partner = forms.ModelChoiceField(label=_("Partner"), queryset=None)
    arrived_at = forms.DateTimeField(label=_("Ankomst"), widget=DateTimeInput())
    departed_at = forms.DateTimeField(label=_("Avgång"), widget=DateTimeInput(), required=False)
    representatives = forms.ModelMultipleChoiceField(
        label=_("Representanter i rummet"), queryset=Representative.objects.none(), required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, partners, representatives, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["partner"].queryset = partners
        self.fields["representatives"].queryset = representatives
        self.fields["representatives"].label_from_instance = lambda r: f"{r.name} ({r.partner.short_name or r.partner.name})"

    def clean(self):
        cleaned = super().clean()
        arrived, departed = cleaned.get("arrived_at"), cleaned.get("departed_at")
        if arrived and departed and departed <= arrived:
            self.add_error("departed_at", _("Avgången måste vara efter ankomsten."))
        return cleaned


class DepartureForm(forms.Form):
    departed_at = forms.DateTimeField(label=_("Avgång"), widget=DateTimeInput())


class QuorumMomentForm(forms.Form):
    tid = forms.DateTimeField(label=_("Beslutsförhet vid tidpunkt"), widget=DateTimeInput(), required=False)
