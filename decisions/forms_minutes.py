"""The kansli's forms for the minutes: the prose parts (the rest comes from the record)."""

from django import forms
from django.utils.translation import gettext_lazy as _


class MinutesForm(forms.Form):
    keeper = forms.CharField(label=_("Protokollförare"), max_length=200)
    adjuster = forms.CharField(label=_("Justerare"), max_length=200, required=False,
                               help_text=_("Den som justerar protokollet tillsammans med ordföranden, om någon."))
    introduction = forms.CharField(label=_("Inledning"), required=False, widget=forms.Textarea(attrs={"rows": 4}),
                                   help_text=_("Till exempel mötets öppnande och val av justerare."))
    closing = forms.CharField(label=_("Avslutning"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, items=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.items = list(items)
        for item in self.items:
            self.fields[f"note_{item.pk}"] = forms.CharField(
                label=_("Anteckning till § %(position)s %(title)s") % {"position": item.position, "title": item.title},
                required=False, widget=forms.Textarea(attrs={"rows": 3}))

    @classmethod
    def initial_from(cls, minutes) -> dict:
        initial = {"keeper": minutes.keeper, "adjuster": minutes.adjuster,
                   "introduction": minutes.introduction, "closing": minutes.closing}
        initial.update({f"note_{pk}": text for pk, text in (minutes.item_notes or {}).items()})
        return initial

    def note_fields(self):
        return [self[f"note_{item.pk}"] for item in self.items]

    def prose(self) -> dict:
        data = self.cleaned_data
        return {"keeper": data["keeper"], "adjuster": data["adjuster"], "introduction": data["introduction"],
                "closing": data["closing"],
                "item_notes": {str(item.pk): data.get(f"note_{item.pk}", "") for item in self.items}}


class MinutesCorrectionForm(MinutesForm):
    field_order = ["reason"]

    reason = forms.CharField(label=_("Skäl till rättelsen"), widget=forms.Textarea(attrs={"rows": 2}),
                             help_text=_("Visas tillsammans med den nya versionen; den tidigare versionen finns kvar."))
