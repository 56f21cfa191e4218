"""Following an invitation link: create the account, then sign."""

from django.contrib import messages
from django.contrib.auth import login
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from partnership import services
from partnership.forms import AcceptInvitationForm
from swecan.forms import add_service_errors


def invitation_accept(request, token):
    try:
        invitation = services.invitation_by_token(token)
    except ValidationError as exc:
        return render(request, "partnership/invitation_invalid.html", {"reason": exc.messages[0]},
                      status=410)
    refusal = services.kansli_cannot_accept(request.user)
    if refusal:  # the link stays unused
        return render(request, "partnership/invitation_invalid.html", {"reason": refusal}, status=403)
    logged_in_as_invitee = (
        request.user.is_authenticated and request.user.email.lower() == invitation.email.lower()
    )
    form = AcceptInvitationForm(
        request.POST or None, email=invitation.email, has_account=logged_in_as_invitee,
        initial={"full_name": invitation.name},
    )
    if request.method == "POST" and form.is_valid():
        try:
            representative = services.invitation_accept(
                token=token,
                user=request.user,
                full_name=form.cleaned_data["full_name"],
                password=form.cleaned_data.get("password1", ""),
                phone=form.cleaned_data["phone"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            if not logged_in_as_invitee:
                login(request, representative.user,
                      backend="django.contrib.auth.backends.ModelBackend")
            messages.success(request, _("Välkommen! Du företräder nu %(partner)s.")
                             % {"partner": representative.partner.name})
            if services.needs_signature(representative.partner):
                return redirect("declaration_sign")
            return redirect("my_partner")
    return render(request, "partnership/invitation_accept.html",
                  {"form": form, "invitation": invitation, "has_account": logged_in_as_invitee})
