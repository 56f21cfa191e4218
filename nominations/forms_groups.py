"""Forms of the working groups' pages (validation only; nominations/groups.py decides)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from meetings.forms import DateTimeInput
from meetings.models import Meeting
from nominations import groups
from nominations.models import WorkingGroup
from swecan.csvsafe import refuse_formula_start
from swecan.forms import DateInput


class GroupInitiateForm(forms.Form):
    name = forms.CharField(label=_("Namn"), max_length=200, validators=[refuse_formula_start])
    kind = forms.ChoiceField(label=_("Typ"), choices=WorkingGroup.Kind.choices, initial=WorkingGroup.Kind.WORKING_GROUP,
                             widget=forms.RadioSelect)
    duration = forms.ChoiceField(
        label=_("Varaktighet"), choices=WorkingGroup.Duration.choices, initial=WorkingGroup.Duration.TEMPORARY,
        widget=forms.RadioSelect,
        help_text=_("En tillfällig grupp har ett slutdatum. En permanent eller halvpermanent grupp kräver "
                    "samråd med partnerskapets ordförande och partnerskapets beslut (§ 2.2)."))
    purpose = forms.CharField(label=_("Syfte"), widget=forms.Textarea(attrs={"rows": 4}))
    goal = forms.CharField(label=_("Mål"), widget=forms.Textarea(attrs={"rows": 4}))
    starts_on = forms.DateField(label=_("Från"), widget=DateInput())
    ends_on = forms.DateField(label=_("Till"), widget=DateInput(), required=False,
                              help_text=_("Obligatoriskt för en tillfällig grupp."))

    def clean(self):
        cleaned = super().clean()
        duration, starts, ends = cleaned.get("duration"), cleaned.get("starts_on"), cleaned.get("ends_on")
        if duration == WorkingGroup.Duration.TEMPORARY and not ends and "ends_on" not in self.errors:
            self.add_error("ends_on", _("En tillfällig grupp har ett slutdatum."))
        if starts and ends and ends <= starts:
            self.add_error("ends_on", _("Slutdatumet måste komma efter startdatumet."))
        return cleaned


class GroupAgreeForm(forms.Form):
    note = forms.CharField(label=_("Kansliets anteckning"), max_length=500, required=False,
                           widget=forms.Textarea(attrs={"rows": 2}))


class ChairConsultationForm(forms.Form):
    consulted_on = forms.DateField(label=_("Samrådet hölls"), widget=DateInput())
    note = forms.CharField(label=_("Vad samrådet gav"), max_length=500, required=False,
                           widget=forms.Textarea(attrs={"rows": 2}))


class ProposeForm(forms.Form):
    meeting = forms.ModelChoiceField(label=_("Partnerskapets sammanträde"), queryset=Meeting.objects.none(),
                                     empty_label=_("Välj sammanträde"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        choices = groups.proposal_meetings()
        self.fields["meeting"].queryset = Meeting.objects.filter(pk__in=[m.pk for m in choices]).order_by("starts_at")


class MemberForm(forms.Form):
    representative = forms.ModelChoiceField(
        label=_("Representant"), queryset=groups.member_choices(), required=False,
        empty_label=_("Ingen (extern expert)"),
        help_text=_("Välj en representant för en partner, eller lämna tomt och fyll i en extern experts uppgifter."))
    name = forms.CharField(label=_("Extern experts namn"), max_length=200, required=False,
                           validators=[refuse_formula_start])
    organisation = forms.CharField(label=_("Extern experts organisation"), max_length=200, required=False,
                                   validators=[refuse_formula_start])
    email = forms.EmailField(label=_("Extern experts e-post"), required=False)
    is_leader = forms.BooleanField(label=_("Sammankallande"), required=False)

    def clean(self):
        cleaned = super().clean()
        external = any(cleaned.get(f) for f in ("name", "organisation", "email"))
        if cleaned.get("representative") and external:
            self.add_error("representative", _("Välj antingen en representant eller fyll i en extern experts "
                                               "uppgifter, inte båda."))
        elif not cleaned.get("representative") and "representative" not in self.errors:
            for name, message in (("name", _("Välj en representant, eller ange den externa expertens namn.")),
                                  ("organisation", _("Ange den externa expertens organisation.")),
                                  ("email", _("Ange den externa expertens e-postadress."))):
                if not cleaned.get(name) and name not in self.errors:
                    self.add_error(name, message)
        return cleaned


class MemberRemoveForm(forms.Form):
    """Empty by default: the day is typed on purpose, so one click does not remove a member."""

    on = forms.DateField(label=_("Lämnar från"), widget=DateInput(),
                         error_messages={"required": _("Ange från vilken dag medlemmen lämnar gruppen.")})


class GroupMeetingForm(forms.Form):
    title = forms.CharField(label=_("Rubrik"), max_length=200, validators=[refuse_formula_start])
    form = forms.ChoiceField(label=_("Form"), choices=Meeting.Form.choices, initial=Meeting.Form.DIGITAL)
    starts_at = forms.DateTimeField(label=_("Börjar"), widget=DateTimeInput())
    ends_at = forms.DateTimeField(label=_("Slutar"), widget=DateTimeInput())
    place = forms.CharField(label=_("Plats"), max_length=300, required=False)
    online_link = forms.URLField(label=_("Länk till digitalt möte"), required=False, assume_scheme="https")

    def clean(self):
        cleaned = super().clean()
        form, place, link = cleaned.get("form"), cleaned.get("place"), cleaned.get("online_link")
        if form in (Meeting.Form.PHYSICAL, Meeting.Form.HYBRID) and not place:
            self.add_error("place", _("Ange platsen för ett fysiskt eller hybrid möte."))
        if form in (Meeting.Form.DIGITAL, Meeting.Form.HYBRID) and not link and "online_link" not in self.errors:
            self.add_error("online_link", _("Ange länken för ett digitalt eller hybrid möte."))
        starts, ends = cleaned.get("starts_at"), cleaned.get("ends_at")
        if starts and ends and ends <= starts:
            self.add_error("ends_at", _("Mötet måste sluta efter att det har börjat."))
        return cleaned


class DocumentForm(forms.Form):
    title = forms.CharField(label=_("Titel"), max_length=300, validators=[refuse_formula_start])
    file = forms.FileField(label=_("Fil"), help_text=_("PDF, DOCX, XLSX eller ODT."))


class AttachForm(forms.Form):
    """One per document on the group's page: the cases are read once for the page (`cases`), not
    once per document."""

    case = forms.TypedChoiceField(label=_("Ärende under beredning"), coerce=int)

    def __init__(self, *args, cases=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.cases = {case.pk: case for case in (cases if cases is not None else groups.attachable_cases())}
        self.fields["case"].choices = [("", _("Välj ärende"))] + [(pk, str(case)) for pk, case in self.cases.items()]

    def clean_case(self):
        return self.cases[self.cleaned_data["case"]]
