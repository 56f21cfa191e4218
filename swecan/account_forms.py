"""allauth's password forms with the portal's labels (settings.ACCOUNT_FORMS).

allauth's own Swedish says "Nytt lösenord (igen)"; the portal asks, as on its other forms, to
repeat the password. Its placeholders repeat the label, so they change with it.
"""

from allauth.account import forms as allauth_forms
from django.utils.translation import gettext_lazy as _


def _relabel(form, labels: dict) -> None:
    for name, label in labels.items():
        field = form.fields[name]
        field.label = label
        if "placeholder" in field.widget.attrs:
            field.widget.attrs["placeholder"] = label


class ChangePasswordForm(allauth_forms.ChangePasswordForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _relabel(self, {"oldpassword": _("Nuvarande lösenord"), "password1": _("Nytt lösenord"),
                        "password2": _("Upprepa det nya lösenordet")})


class SetPasswordForm(allauth_forms.SetPasswordForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _relabel(self, {"password1": _("Lösenord"), "password2": _("Upprepa lösenordet")})


class ResetPasswordKeyForm(allauth_forms.ResetPasswordKeyForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _relabel(self, {"password1": _("Nytt lösenord"), "password2": _("Upprepa det nya lösenordet")})
