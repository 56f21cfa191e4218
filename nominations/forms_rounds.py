"""Forms of the nomination round: the kansli's round and calls, the public nomination form, the
kansli's review and the year-1 checklist's mark. The services judge; the forms only read input."""

from django import forms
from django.utils.translation import gettext_lazy as _

from nominations.models import Call, Nomination
from nominations.rounds import CRITERIA, SECTORS
from partnership import orgnr
from partnership.models import Category, Sector
from swecan.forms import DateInput

CRITERION_LABELS = {
    "selection": _("Urval"),
    "competence": _("Kompetens"),
    "experience": _("Erfarenhet"),
    "geographic_spread": _("Geografisk spridning"),
}


class RoundOpenForm(forms.Form):
    """The round for a year's roll with the five sectors' calls (fields `<criterion>_<sector>` and
    `deadline_<sector>`, as the service names its errors)."""

    year = forms.IntegerField(label=_("Röstlängd för år"), min_value=2000, max_value=2999)
    introduction = forms.CharField(label=_("Inledning"), required=False, widget=forms.Textarea(attrs={"rows": 4}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        sector_labels = dict(Sector.choices)
        for sector in SECTORS:
            for name in CRITERIA:
                self.fields[f"{name}_{sector}"] = forms.CharField(
                    label=f"{CRITERION_LABELS[name]} ({sector_labels[sector]})",
                    widget=forms.Textarea(attrs={"rows": 2}))
            self.fields[f"deadline_{sector}"] = forms.DateField(
                label=_("Sista dag att nominera (%(sector)s)") % {"sector": sector_labels[sector]},
                widget=DateInput())

    def sectors(self):
        """[(label, [bound fields])] for the template's one fieldset per sector."""
        return [(label, [self[f"{name}_{code}"] for name in CRITERIA] + [self[f"deadline_{code}"]])
                for code, label in Sector.choices]

    def calls(self) -> list[dict]:
        data = self.cleaned_data
        return [{"sector": sector, "deadline": data[f"deadline_{sector}"],
                 **{name: data[f"{name}_{sector}"] for name in CRITERIA}} for sector in SECTORS]


class CallForm(forms.ModelForm):
    class Meta:
        model = Call
        fields = ["selection", "competence", "experience", "geographic_spread", "deadline"]
        widgets = {name: forms.Textarea(attrs={"rows": 3}) for name in CRITERIA} | {"deadline": DateInput()}


class NominationForm(forms.Form):
    """The public form. `website_url` is a honeypot: hidden by a class of the site's CSS, a bot
    fills it in; people never see it."""

    organisation = forms.CharField(label=_("Organisationens namn"), max_length=200)
    org_number = forms.CharField(label=_("Organisationsnummer"), max_length=11,
                                 help_text=_("Tio siffror, till exempel 202100-5489."))
    category = forms.ChoiceField(label=_("Kategori"), choices=[("", "—"), *Category.choices])
    county = forms.CharField(label=_("Län"), max_length=60, required=False)
    website = forms.URLField(label=_("Webbplats"), required=False, assume_scheme="https")
    motivation = forms.CharField(label=_("Motivering"), widget=forms.Textarea(attrs={"rows": 6}),
                                 help_text=_("Varför organisationen bör ingå i partnerskapet, utifrån kriterierna."))
    contact_name = forms.CharField(label=_("Kontaktperson"), max_length=200)
    contact_title = forms.CharField(label=_("Kontaktpersonens titel"), max_length=200, required=False)
    contact_email = forms.EmailField(label=_("Kontaktpersonens e-post"))
    contact_phone = forms.CharField(label=_("Kontaktpersonens telefon"), max_length=40, required=False,
                                    widget=forms.TextInput(attrs={"type": "tel"}))
    self_nomination = forms.TypedChoiceField(
        label=_("Vem nominerar?"), widget=forms.RadioSelect, coerce=lambda value: value == "1", initial="1",
        choices=[("1", _("Vi nominerar vår egen organisation")), ("0", _("Jag nominerar en annan organisation"))])
    nominator_name = forms.CharField(label=_("Ditt namn"), max_length=200, required=False,
                                     help_text=_("Om du nominerar en annan organisation. Visas aldrig öppet."))
    nominator_organisation = forms.CharField(label=_("Din organisation"), max_length=200, required=False)
    nominator_email = forms.EmailField(label=_("Din e-post"), required=False)
    # The honeypot (see the class docstring).
    website_url = forms.CharField(label=_("Lämna fältet tomt"), required=False,
                                  widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}))

    def clean_org_number(self):
        try:
            return orgnr.normalise(self.cleaned_data["org_number"])
        except ValueError as error:
            raise forms.ValidationError(str(error)) from error

    def clean(self):
        data = super().clean()
        if data.get("self_nomination") is False:
            for name in ("nominator_name", "nominator_email"):
                if not data.get(name) and name not in self.errors:
                    self.add_error(name, _("Ange vem som nominerar, eller välj att organisationen nominerar "
                                           "sig själv."))
        return data

    def is_spam(self) -> bool:
        return bool(self.data.get("website_url", "").strip())

    def visible_fields(self):
        return [field for field in super().visible_fields() if field.name != "website_url"]


class ReviewForm(forms.ModelForm):
    review = forms.ChoiceField(label=_("Bedömning"), widget=forms.RadioSelect,
                               choices=[(Nomination.Review.ACCEPTED, Nomination.Review.ACCEPTED.label),
                                        (Nomination.Review.REJECTED, Nomination.Review.REJECTED.label)])

    class Meta:
        model = Nomination
        fields = ["review", "assessment_selection", "assessment_competence", "assessment_experience",
                  "assessment_geography", "review_note"]
        widgets = {name: forms.Textarea(attrs={"rows": 3}) for name in
                   ["assessment_selection", "assessment_competence", "assessment_experience",
                    "assessment_geography", "review_note"]}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("assessment_selection", "assessment_competence", "assessment_experience",
                     "assessment_geography"):
            self.fields[name].required = True


class CompileForm(forms.Form):
    """One button: the meeting is the year's first partnership meeting, chosen by the view."""


class DutyMarkForm(forms.Form):
    done_on = forms.DateField(label=_("Klart den"), widget=DateInput())
    note = forms.CharField(label=_("Anteckning"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
