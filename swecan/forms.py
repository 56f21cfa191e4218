from django import forms
from django.core.exceptions import ValidationError


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


def run_action(request, action, success=None):
    """Run a service behind a one-button form; its refusal, or `success(result)`, becomes the
    message on the page the view redirects to. Returns the result, or None when refused."""
    from django.contrib import messages

    try:
        result = action()
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return None
    if success is not None:
        messages.success(request, success(result))
    return result


def add_service_errors(form: forms.Form, error: ValidationError) -> None:
    """Show a service's refusal next to the field it names, or above the form."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


def year_from_query(request, default: int) -> int:
    """The calendar year in ?ar=, or `default` when it is missing or not a sensible year."""
    try:
        year = int(request.GET.get("ar", default))
    except ValueError:
        return default
    return year if 2000 <= year <= 2999 else default


class ChairContactForm(forms.ModelForm):
    """Who holds the chair or vice chair, and the contact details the public sees (§ 7)."""

    class Meta:
        from swecan.models import ChairContact

        model = ChairContact
        fields = ["name", "title", "organisation", "email", "phone"]
        widgets = {"phone": forms.TextInput(attrs={"type": "tel", "autocomplete": "off"})}
