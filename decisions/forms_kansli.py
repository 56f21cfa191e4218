"""The preparers' forms: validation only; the services in decisions/preparation.py decide."""

from django import forms
from django.forms.models import fields_for_model
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from decisions import rule_change
from decisions.models import Case, PreparationGroup
from decisions.preparation import CORRECTABLE_FIELDS
from partnership.models import Sector
from swecan.csvsafe import refuse_formula_start
from swecan.forms import DateInput

TEXTAREA = forms.Textarea(attrs={"rows": 5})
# The template as the correction form shows it; the kind of case is not changed by a correction.
TEMPLATE_PART = [n for n in CORRECTABLE_FIELDS if n not in ("kind", "proposed_parameters")]


class GroupChoiceForm(forms.Form):
    group = forms.ModelChoiceField(
        label=_("Arbetsgrupp eller expertpanel"), queryset=PreparationGroup.objects.order_by("name"),
        required=False, empty_label=_("Ingen"),
    )

    def __init__(self, *args, groups=None, **kwargs):
        super().__init__(*args, **kwargs)
        if groups is not None:  # only those that may take a case now (decisions.preparation)
            self.fields["group"].queryset = PreparationGroup.objects.filter(
                pk__in=[g.pk for g in groups]).order_by("name")


class PreparationGroupForm(forms.ModelForm):
    class Meta:
        model = PreparationGroup
        fields = ["name", "kind", "members"]
        widgets = {"members": forms.Textarea(attrs={"rows": 6})}
        # Members of a working group are not ledamöter (the glossary keeps that word for the AU).
        labels = {"members": _("Medlemmar")}
        help_texts = {"members": _("En person per rad, till exempel namn och organisation.")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["name"].validators.append(refuse_formula_start)

    def validate_unique(self):
        pass  # the service says it next to the name, for a new group and a renamed one alike


class ConsultationForm(forms.Form):
    question = forms.CharField(label=_("Fråga till sektorerna"), widget=TEXTAREA)
    sectors = forms.MultipleChoiceField(
        label=_("Sektorer som får remissen"), choices=Sector.choices, widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Välj minst en sektor.")},
    )
    deadline = forms.DateField(label=_("Sista svarsdag"), widget=DateInput())

    def clean_deadline(self):
        deadline = self.cleaned_data["deadline"]
        today = timezone.localdate()
        if deadline < today:
            raise forms.ValidationError(gettext(
                "Sista svarsdag kan inte ha passerat. I dag är det den %(today)s.")
                % {"today": date_format(today, "j F Y")})
        return deadline


class ProposalForm(forms.Form):
    decision_proposal = forms.CharField(
        label=_("Förslag till beslut"), widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("Det som sammanträdet ska besluta om. Texten står under punkten på dagordningen."),
        error_messages={"required": _("Skriv förslaget till beslut.")},
    )


class AgendaForm(forms.Form):
    meeting = forms.ModelChoiceField(label=_("Sammanträde"), queryset=None, empty_label=None)

    def __init__(self, *args, meetings=(), **kwargs):
        super().__init__(*args, **kwargs)
        from meetings.models import Meeting

        self.fields["meeting"].queryset = Meeting.objects.filter(pk__in=[m.pk for m in meetings])
        self.fields["meeting"].label_from_instance = lambda m: f"{m.title} ({date_format(m.date, 'j F Y')})"


class CorrectionForm(forms.Form):
    """The case's template (for a change of the arbetsordning its new text and numbers too),
    to correct; with the reason the new version is made."""

    def __init__(self, *args, case: Case, **kwargs):
        self.rule_change = case.kind == Case.Kind.RULE_CHANGE
        names = [n for n in TEMPLATE_PART if n != "proposed_text" or self.rule_change]
        initial = {name: getattr(case, name) for name in names}
        proposed = case.proposed_parameters or {}
        super().__init__(*args, initial=initial, **kwargs)
        self.fields.update(fields_for_model(Case, fields=names, widgets={
            name: TEXTAREA for name in names if name not in ("title", "strategy_area")}))
        for name in Case.REQUIRED_FIELDS:
            self.fields[name].required = True
        self.fields["title"].validators.append(refuse_formula_start)
        self.parameter_names = []
        if self.rule_change:
            for name, label in rule_change.PARAMETER_FIELDS:
                self.fields[name] = forms.CharField(
                    label=label, required=False, max_length=20, initial=proposed.get(name, ""),
                    help_text=_("Lämna tomt om värdet inte ändras. Bråk skrivs som 2/3."))
                self.parameter_names.append(name)
        self.fields["reason"] = forms.CharField(
            label=_("Skäl till rättelsen"), max_length=500, widget=forms.Textarea(attrs={"rows": 3}),
            help_text=_("Visas med den nya versionen i ärendets historik."),
            error_messages={"required": _("Ange skälet till rättelsen. Det visas tillsammans med versionen.")},
        )

    def clean(self):
        cleaned = super().clean()
        if self.rule_change:
            raw = {name: (cleaned.get(name) or "").strip() for name in self.parameter_names}
            try:
                cleaned["proposed_parameters"] = rule_change.clean_parameters(raw)
            except forms.ValidationError as exc:
                for name, errors in exc.message_dict.items():
                    self.add_error(name if name in self.fields else None, errors)
        return cleaned

    def changes(self) -> dict:
        """The fields for preparation.case_correct."""
        names = [n for n in CORRECTABLE_FIELDS if n in self.fields or (n == "proposed_parameters" and self.rule_change)]
        return {name: self.cleaned_data[name] for name in names}


class WithholdForm(forms.Form):
    reason = forms.CharField(
        label=_("Skäl att inte visa bilagan"), max_length=500, widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Till exempel sekretess eller personuppgifter. Om bilagan har skickats ut med en kallelse "
                    "återkallas den även där, och skälet visas vid det återkallade dokumentet."),
        error_messages={"required": _("Ange skälet till att bilagan inte visas.")},
    )


class SummaryForm(forms.Form):
    summary = forms.CharField(
        label=_("Sammanfattning av svaren"), widget=forms.Textarea(attrs={"rows": 8}),
        error_messages={"required": _("Skriv en sammanfattning av svaren.")},
    )
