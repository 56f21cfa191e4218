from django import forms
from django.contrib.auth import password_validation
from django.utils import timezone
from django.utils.functional import lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from partnership import orgnr
from partnership.models import Category, Invitation, Partner, Sector
from swecan.csvsafe import refuse_formula_start
from swecan.forms import DateInput


class PartnerForm(forms.ModelForm):
    website = forms.URLField(label=_("Webbplats"), required=False, assume_scheme="https")
    class Meta:
        model = Partner
        fields = [
            "name", "short_name", "org_number", "sector", "category",
            "county", "city", "website", "contact_email",
        ]
        help_texts = {"org_number": _("Tio siffror, till exempel 202100-5489.")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["sector"].choices = [("", _("Välj sektor"))] + list(Sector.choices)
        self.fields["category"].choices = [("", _("Välj kategori"))] + list(Category.choices)
        for name in ("name", "short_name"):
            self.fields[name].validators.append(refuse_formula_start)

    # Duplicates are checked here with the service's Swedish messages, so they
    # appear next to the field (and the database constraint is then skipped).
    def clean_org_number(self):
        try:
            org_number = orgnr.normalise(self.cleaned_data["org_number"])
        except ValueError as exc:
            raise forms.ValidationError(str(exc)) from exc
        self._refuse_duplicate("org_number", None, org_number)
        return org_number

    def clean_name(self):
        name = " ".join(self.cleaned_data["name"].split())
        self._refuse_duplicate("name", name, None)
        return name

    def _refuse_duplicate(self, field, name, org_number):
        from partnership.services import partner_identity_errors

        errors = partner_identity_errors(name, org_number, self.instance.pk)
        if field in errors:
            raise forms.ValidationError(errors[field])


class PersonForm(forms.Form):
    person_name = forms.CharField(label=_("Kontaktpersonens namn"), max_length=200,
                                  validators=[refuse_formula_start])
    email = forms.EmailField(label=_("Kontaktpersonens e-post"))
    person_title = forms.CharField(label=_("Kontaktpersonens titel"), max_length=200, required=False,
                                   validators=[refuse_formula_start])


NOTE_MAX = Invitation._meta.get_field("note").max_length


class DeputyInviteForm(PersonForm):
    """A primary representative invites a deputy; the e-mail quotes the note as theirs."""

    person_name = forms.CharField(label=_("Ersättarens namn"), max_length=200,
                                  validators=[refuse_formula_start])
    email = forms.EmailField(label=_("Ersättarens e-post"))
    person_title = forms.CharField(label=_("Ersättarens titel"), max_length=200, required=False,
                                   validators=[refuse_formula_start])
    note = forms.CharField(
        label=_("Personligt meddelande (valfritt)"), max_length=NOTE_MAX, required=False,
        error_messages={"max_length": _("Meddelandet får vara högst %(limit_value)d tecken "
                                        "(nu %(show_value)d).")},
        widget=forms.Textarea(attrs={"rows": 4}),
        # Formatted when shown, so that it is in the reader's language.
        help_text=lazy(lambda: gettext("Högst %(n)d tecken. Visas i e-postmeddelandet som ett citat "
                                       "från dig, efter portalens egen text.") % {"n": NOTE_MAX}, str)(),
    )


class PartnerInviteForm(PartnerForm, PersonForm):
    """A new organisation and the named person invited to join for it."""

    ACTION_INVITE = "invite"
    ACTION_PROSPECT = "prospect"
    action = forms.ChoiceField(
        label=_("Vad ska göras?"),
        choices=[
            (ACTION_INVITE, _("Bjud in organisationen nu")),
            (ACTION_PROSPECT, _("Registrera som intresserad; väntar på nomineringsomgång")),
        ],
        initial=ACTION_INVITE,
        widget=forms.RadioSelect,
    )

    field_order = ["action", *PartnerForm.Meta.fields, "person_name", "email", "person_title"]

    class Meta(PartnerForm.Meta):
        pass

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("person_name", "email"):
            self.fields[name].required = False

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("action") == self.ACTION_INVITE:
            for name in ("person_name", "email"):
                if not cleaned.get(name) and name not in self.errors:
                    self.add_error(name, _("Ange vem inbjudan ska skickas till."))
        return cleaned

    def partner_fields(self) -> dict:
        return {name: self.cleaned_data[name] for name in PartnerForm.Meta.fields}


class AcceptInvitationForm(forms.Form):
    full_name = forms.CharField(label=_("Ditt namn"), max_length=200, validators=[refuse_formula_start])
    phone = forms.CharField(label=_("Telefon"), max_length=40, required=False)
    password1 = forms.CharField(
        label=_("Välj lösenord"), widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("Minst 10 tecken; inte bara siffror och inte ett vanligt lösenord."),
    )
    password2 = forms.CharField(
        label=_("Upprepa lösenordet"), widget=forms.PasswordInput(attrs={"autocomplete": "new-password"})
    )

    def __init__(self, *args, email: str, has_account: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.email = email
        if has_account:
            del self.fields["password1"]
            del self.fields["password2"]

    def clean(self):
        cleaned = super().clean()
        p1, p2 = cleaned.get("password1"), cleaned.get("password2")
        if "password1" in self.fields and p1 and p2:
            if p1 != p2:
                self.add_error("password2", _("Lösenorden är inte lika."))
            else:
                from swecan.models import User

                try:
                    password_validation.validate_password(
                        p1, User(email=self.email, full_name=cleaned.get("full_name", ""))
                    )
                except forms.ValidationError as exc:
                    self.add_error("password1", exc)
        return cleaned


class SignDeclarationForm(forms.Form):
    place = forms.CharField(label=_("Ort"), max_length=100)
    signed_on = forms.DateField(label=_("Datum"), widget=DateInput())
    signer_name = forms.CharField(label=_("Namnförtydligande"), max_length=200,
                                  validators=[refuse_formula_start])
    signer_title = forms.CharField(label=_("Titel"), max_length=200, validators=[refuse_formula_start])
    confirm = forms.BooleanField(
        label=_("Jag bekräftar att jag har behörighet att underteckna för organisationen och att "
                "organisationen ansluter sig till texten ovan."),
        error_messages={"required": _("Kryssa i rutan för att bekräfta underskriften.")},
    )

    def clean_signed_on(self):
        signed_on = self.cleaned_data["signed_on"]
        if signed_on > timezone.localdate():
            raise forms.ValidationError(_("Datumet kan inte ligga i framtiden."))
        return signed_on


class WithdrawalForm(forms.Form):
    request_received_on = forms.DateField(
        label=_("Datum då den skriftliga begäran kom in"), widget=DateInput()
    )
    note = forms.CharField(label=_("Anteckning"), widget=forms.Textarea(attrs={"rows": 3}), required=False)


class FixRollForm(forms.Form):
    fixed_on = forms.DateField(label=_("Fastställd den"), widget=DateInput(),
                               help_text=_("Normalt datumet för årets första sammanträde."))
    note = forms.CharField(label=_("Grund"), max_length=300, required=False,
                           help_text=_("Till exempel: beslut vid sammanträdet 2027-02-10, § 4."))


class DeclarationTextForm(forms.Form):
    text = forms.CharField(
        label=_("Text"), widget=forms.Textarea(attrs={"rows": 14}),
        help_text=_("Skriv {organisation} där organisationens namn ska stå."),
    )


class PartnerFilterForm(forms.Form):
    sector = forms.ChoiceField(label=_("Sektor"), required=False)
    status = forms.ChoiceField(label=_("Status"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from partnership.models import Sector

        self.fields["sector"].choices = [("", _("Alla sektorer"))] + list(Sector.choices)
        self.fields["status"].choices = [("", _("Alla"))] + list(Partner.Status.choices)


class AddToRollForm(forms.Form):
    partner = forms.ModelChoiceField(label=_("Partner"), queryset=Partner.objects.none(),
                                     empty_label=_("Välj partner"))
    from_date = forms.DateField(label=_("På röstlängden från"), widget=DateInput())
    decision_reference = forms.CharField(
        label=_("Beslut"), max_length=200,
        help_text=_("Partnerskapets beslut, till exempel: sammanträdet 2027-05-12, § 6."),
        error_messages={"required": _("Ange beslutet, till exempel datum och paragraf.")},
    )

    def __init__(self, *args, candidates, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["partner"].queryset = candidates
