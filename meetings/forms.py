from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from meetings.models import AdvanceAnswer, AgendaItem, Meeting
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
            "participants": _("Till partnerskapets möten kallas alla partners på röstlängden, och till "
                              "arbetsutskottets möten dess ledamöter, utan att väljas här. Välj här vilka "
                              "fler som kallas, och en arbetsgrupps medlemmar."),
            "chair": _("Arbetsutskottets möten leds av dess valda ordförande, eller av vice ordföranden "
                       "i ordförandens frånvaro, även om fältet är tomt."),
            "kind": _("Extrainsatta sammanträden beslutas av ordföranden; samma kallelseregel gäller."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        users = get_user_model().objects.filter(is_active=True).order_by("full_name", "email")
        self.fields["chair"].queryset = users
        self.fields["chair"].empty_label = _("Ingen angiven")
        self.fields["participants"].queryset = users
        self.fields["planned_notice_date"].required = False
        if self.instance.pk and self.instance.notice_is_sent:
            # The notice went out on its day: that date is a fact, not a plan to edit.
            del self.fields["planned_notice_date"]
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


class DepartureForm(forms.Form):
    departed_at = forms.DateTimeField(label=_("Avgång"), widget=DateTimeInput())


class QuorumMomentForm(forms.Form):
    tid = forms.DateTimeField(label=_("Beslutsförhet vid tidpunkt"), widget=DateTimeInput(), required=False)


class AdvanceAnswerForm(forms.Form):
    """A representative's answer before the meeting: coming or förhinder, and who comes."""

    answer = forms.ChoiceField(label=_("Kommer ni?"), choices=AdvanceAnswer.Answer.choices,
                               widget=forms.RadioSelect)
    representative = forms.ModelChoiceField(label=_("Vem företräder er?"), queryset=Representative.objects.none(),
                                            required=False, empty_label=_("Inte bestämt än"))
    note = forms.CharField(label=_("Meddelande till kansliet"), max_length=500, required=False,
                           widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, partner, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["representative"].queryset = Representative.objects.filter(
            partner=partner, active=True).order_by("role", "name")


class CheckInForm(forms.Form):
    """One partner arrives or leaves, on the kansli's check-in list; the time is editable."""

    ARRIVE, DEPART = "kom", "gick"

    partner = forms.IntegerField(widget=forms.HiddenInput)
    handling = forms.ChoiceField(choices=[(ARRIVE, ARRIVE), (DEPART, DEPART)], widget=forms.HiddenInput)
    tid = forms.TimeField(label=_("Tid"), required=False, widget=forms.TimeInput(format="%H:%M",
                                                                                  attrs={"type": "time"}))


class DocumentReplaceForm(forms.Form):
    file = forms.FileField(
        label=_("Ny version av filen"), help_text=_("PDF, DOCX, XLSX eller ODT."),
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.docx,.xlsx,.odt"}),
    )
    title = forms.CharField(label=_("Titel"), max_length=300, required=False,
                            validators=[refuse_formula_start],
                            help_text=_("Lämna som den är för att behålla titeln."))


class DocumentWithdrawForm(forms.Form):
    reason = forms.CharField(label=_("Skäl"), max_length=500,
                             help_text=_("Visas för de kallade i stället för dokumentet."),
                             widget=forms.Textarea(attrs={"rows": 3}))
