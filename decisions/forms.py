"""The representatives' forms for cases: validation only; the services decide (decisions/services.py)."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from decisions import rule_change
from decisions.models import Case
from decisions.services import TEMPLATE_FIELDS
from partnership.models import Partner
from swecan.arbetsordning import parameters_in_force
from swecan.csvsafe import refuse_formula_start


class CaseForm(forms.ModelForm):
    """The template (mallen) of a case, and for a change of the arbetsordning its new text and
    numbers. Nothing but the title is required to save a draft; the submission names what is missing."""

    strategy_area = forms.ChoiceField(
        label=_("Vilken del av cancerstrategin gäller ärendet?"), choices=Case.StrategyArea.choices,
        widget=forms.RadioSelect, required=False)

    class Meta:
        model = Case
        fields = ["kind", "title", "background", "problem_or_opportunity", "proposal", "justification", "goals",
                  "strategy_area", "consequences", "proposed_text", "proposed_effective_from"]
        widgets = {
            "kind": forms.RadioSelect,
            "background": forms.Textarea(attrs={"rows": 5}),
            "problem_or_opportunity": forms.Textarea(attrs={"rows": 4}),
            "proposal": forms.Textarea(attrs={"rows": 4}),
            "justification": forms.Textarea(attrs={"rows": 4}),
            "goals": forms.Textarea(attrs={"rows": 3}),
            "consequences": forms.Textarea(attrs={"rows": 4}),
            "proposed_text": forms.Textarea(attrs={"rows": 10}),
            "proposed_effective_from": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }
        labels = {
            "kind": _("Typ av ärende"),
            "title": _("Rubrik"),
            "background": _("Bakgrund"),
            "problem_or_opportunity": _("Problem eller möjlighet"),
            "proposal": _("Förslag till beslut"),
            "justification": _("Motivering"),
            "goals": _("Vilka av SweCans mål bidrar ärendet till?"),
            "consequences": _("Förväntade konsekvenser för partnerna"),
            "proposed_text": _("Föreslagen ny lydelse av arbetsordningen"),
            "proposed_effective_from": _("Ändringen föreslås gälla från"),
        }
        help_texts = {
            "kind": _("Ett förslag om att ändra arbetsordningen lämnas in som andra ärenden men beslutas med "
                      "kvalificerad majoritet (§ 9)."),
            "title": _("En kort rubrik som säger vad ärendet gäller. Rubriken räcker för att spara ett utkast."),
            "background": _("Vad har hänt och vad vet vi i dag?"),
            "problem_or_opportunity": _("Vilket problem löser ärendet, eller vilken möjlighet tar det vara på?"),
            "proposal": _("Det ni vill att partnerskapet ska besluta, formulerat som ett beslut."),
            "justification": _("Varför bör partnerskapet besluta så?"),
            "consequences": _("Till exempel arbete, kostnader eller åtaganden för partnerna."),
            "proposed_text": _("Arbetsordningen som gäller i dag fylls i när ni sparar utkastet. Skriv era "
                               "ändringar i den. De jämförs rad för rad med den version som gäller. Låt "
                               "texten vara om bara värdena nedan ändras."),
        }
        error_messages = {
            "title": {"required": _("Ge ärendet en rubrik, så att utkastet kan hittas igen.")},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["title"].validators.append(refuse_formula_start)
        proposed = self.instance.proposed_parameters or {}
        in_force = parameters_in_force()
        self.parameter_names = []
        for name, label in rule_change.PARAMETER_FIELDS:
            fraction = name in rule_change.FRACTION_FIELDS
            now = rule_change.display(name, getattr(in_force, name))
            self.fields[name] = forms.CharField(
                label=label, required=False, max_length=20, initial=proposed.get(name, ""),
                widget=forms.TextInput(attrs={"size": 8, **({} if fraction else {"inputmode": "numeric"})}),
                help_text=(_("Gäller nu: %(now)s. Skriv en andel, till exempel 2/3. Lämna tomt om andelen inte ändras.")
                           if fraction else _("Gäller nu: %(now)s. Lämna tomt om värdet inte ändras."))
                % {"now": now})
            self.parameter_names.append(name)

    def template_part(self):
        """The template's fields, in order (the page shows the rule-change part apart)."""
        return [self[name] for name in self.fields
                if name not in self.parameter_names and name not in ("proposed_text", "proposed_effective_from")]

    def rule_change_part(self):
        return [self["proposed_text"], self["proposed_effective_from"]] + [self[name] for name in self.parameter_names]

    def clean_proposed_effective_from(self):
        day = self.cleaned_data.get("proposed_effective_from")
        if day is not None and day <= timezone.localdate():
            raise ValidationError(_("Välj en dag efter i dag. Ändringen gäller tidigast dagen efter beslutet."))
        return day

    def clean(self):
        cleaned = super().clean()
        raw = {name: (cleaned.get(name) or "").strip() for name in self.parameter_names}
        try:
            cleaned["proposed_parameters"] = rule_change.clean_parameters(raw)
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                self.add_error(field if field in self.fields else None, errors)
        return cleaned

    def template_fields(self) -> dict:
        """The fields for services.case_draft_save."""
        return {name: self.cleaned_data.get(name, "") for name in TEMPLATE_FIELDS}


class CosignRequestForm(forms.Form):
    """Ask another partner on the roll to co-sign. Any partner can be posted, so that the service
    says why one cannot (not on the roll, the submitter, already asked) next to the field."""

    partner = forms.ModelChoiceField(label=_("Partner som ska medunderteckna"), queryset=Partner.objects.all(),
                                     empty_label=_("Välj en partner"),
                                     help_text=_("En företrädare för partnern bekräftar från sitt eget "
                                                 "konto. Först då står partnern bakom ärendet."))

    def __init__(self, *args, offered, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["partner"].widget.choices = [("", _("Välj en partner"))] + [
            (partner.pk, partner.name) for partner in offered]


class AttachmentForm(forms.Form):
    title = forms.CharField(label=_("Titel"), max_length=300, validators=[refuse_formula_start])
    file = forms.FileField(
        label=_("Fil"), help_text=_("PDF, DOCX, XLSX eller ODT."),
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.docx,.xlsx,.odt"}),
    )


class ConsultationAnswerForm(forms.Form):
    text = forms.CharField(label=_("Ert svar"), widget=forms.Textarea(attrs={"rows": 10}),
                           error_messages={"required": _("Skriv ert svar.")})
    # Which answer the page showed ("" for none): a change meanwhile is not overwritten unseen.
    seen = forms.CharField(widget=forms.HiddenInput, required=False)
