"""The kansli's list of the voting roll (decisions/roll.py): validation only."""

from django import forms
from django.utils.translation import gettext_lazy as _


class RollAddForm(forms.Form):
    """Partners added to the year's roll by the partnership's decision (§ 2.1, § 5.2)."""

    partners = forms.ModelMultipleChoiceField(
        label=_("Partners att föra upp på röstlängden"), queryset=None, widget=forms.CheckboxSelectMultiple,
        help_text=_("Aktiva partners som inte står på årets röstlängd. De kommer med från beslutets dag."),
        error_messages={"required": _("Välj minst en partner att föra upp på röstlängden.")},
    )

    def __init__(self, *args, candidates, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["partners"].queryset = candidates
        self.fields["partners"].label_from_instance = lambda p: f"{p.name} ({p.get_sector_display()})"


class RollFixForm(forms.Form):
    """Fixing the roll takes the list as it stands: nothing to fill in, one button (its refusal
    is shown above it)."""
