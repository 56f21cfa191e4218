"""Forms of the meeting room: consensus, opening and closing a vote, ballots, conflicts of interest."""

from django import forms
from django.utils.translation import gettext_lazy as _

from decisions.models import Ballot


class ConsensusForm(forms.Form):
    wording = forms.CharField(label=_("Beslutets lydelse"), widget=forms.Textarea(attrs={"rows": 3}),
                              help_text=_("Så som beslutet ska stå i protokollet."))


class VoteOpenForm(forms.Form):
    question = forms.CharField(label=_("Förslag som röstas om"), widget=forms.Textarea(attrs={"rows": 3}),
                               help_text=_("Ja betyder att förslaget antas."))


class BallotForm(forms.Form):
    """A representative's ballot: the button pressed carries the choice."""

    choice = forms.ChoiceField(choices=Ballot.Choice.choices)


class BallotRecordForm(forms.Form):
    """The kansli records a partner's vote given by a show of hands."""

    partner = forms.TypedChoiceField(label=_("Partner"), coerce=int)
    choice = forms.ChoiceField(label=_("Röst"), choices=Ballot.Choice.choices, widget=forms.RadioSelect)

    def __init__(self, *args, partners=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["partner"].choices = [("", "—")] + [(p.pk, p.name) for p in partners]


class ConflictRuleForm(forms.Form):
    may_vote = forms.TypedChoiceField(
        label=_("Ordförandens beslut"), widget=forms.RadioSelect, coerce=lambda v: v == "yes",
        choices=[("no", _("Partnern röstar inte i ärendet")), ("yes", _("Partnern får rösta (kräver skäl)"))],
        initial="no")
    reason = forms.CharField(label=_("Skäl"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class ConflictDeclareForm(forms.Form):
    reason = forms.CharField(label=_("Skäl till jäv"), widget=forms.Textarea(attrs={"rows": 3}),
                             help_text=_("Till exempel ett ekonomiskt intresse eller en roll i ärendet."))
