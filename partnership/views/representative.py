"""A representative's own partner: its declaration, PDF and representatives.

The partner is always the one the logged-in user represents; no partner id is
taken from the URL, so nobody can reach another partner's pages by editing it.
"""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from partnership import services
from partnership.access import acting_representative, may_invite_deputy, may_read_partner_records
from partnership.forms import DeputyInviteForm, SignDeclarationForm
from partnership.models import SignedDeclaration
from swecan.forms import add_service_errors


def _my_representation(request):
    rep = acting_representative(request.user)
    if rep is None:
        raise Http404(_("Du företräder ingen partner."))
    return rep


@login_required
def my_partner(request):
    rep = _my_representation(request)
    partner = rep.partner
    return render(request, "partnership/my_partner.html", {
        "rep": rep,
        "partner": partner,
        "declarations": partner.declarations.select_related("text", "signed_by"),
        "representatives": partner.representatives.filter(active=True),
        "open_invitations": partner.invitations.open().filter(expires_at__gt=timezone.now()),
        "needs_signature": services.needs_signature(partner),
        "may_invite_deputy": may_invite_deputy(request.user, partner),
    })


@login_required
def declaration_sign(request):
    rep = _my_representation(request)
    partner = rep.partner
    text = services.current_declaration_text()
    if text is None:
        messages.info(request, _("Kansliet har inte publicerat avsiktsförklaringen ännu."))
        return redirect("my_partner")
    if not services.needs_signature(partner):
        messages.info(request, _("%(partner)s har redan undertecknat den gällande avsiktsförklaringen.")
                      % {"partner": partner.name})
        return redirect("my_partner")
    signed_text = text.text_for(partner)
    form = SignDeclarationForm(
        request.POST or None,
        initial={"signed_on": timezone.localdate(), "signer_name": rep.name, "signer_title": rep.title,
                 "place": partner.city},
    )
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "confirm"}
        try:
            services.declaration_sign(user=request.user, partner=partner, **data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Avsiktsförklaringen är undertecknad för %(partner)s. "
                                        "PDF-kopian skapas och visas här om en stund.")
                             % {"partner": partner.name})
            return redirect("my_partner")
    return render(request, "partnership/declaration_sign.html", {
        "form": form, "partner": partner, "text": text, "signed_text": signed_text,
        "fingerprint": SignedDeclaration.fingerprint(signed_text),
    })


@login_required
def declaration_pdf(request, pk):
    declaration = get_object_or_404(SignedDeclaration.objects.select_related("partner"), pk=pk)
    if not may_read_partner_records(request.user, declaration.partner_id):
        raise Http404
    if not declaration.pdf:
        raise Http404(_("PDF-filen är inte klar ännu."))
    filename = f"avsiktsforklaring-{declaration.partner.short_name or declaration.partner.pk}.pdf"
    return FileResponse(declaration.pdf.open("rb"), content_type="application/pdf",
                        as_attachment=True, filename=filename)


@login_required
def deputy_invite(request):
    rep = _my_representation(request)
    if not may_invite_deputy(request.user, rep.partner_id):
        raise PermissionDenied(_("Bara den ordinarie representanten kan bjuda in en ersättare."))
    form = DeputyInviteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.deputy_invite(
                by=request.user, partner=rep.partner, name=form.cleaned_data["person_name"],
                email=form.cleaned_data["email"], title=form.cleaned_data["person_title"],
                note=form.cleaned_data["note"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Inbjudan har skickats till %(email)s.")
                             % {"email": form.cleaned_data["email"]})
            return redirect("my_partner")
    return render(request, "partnership/deputy_invite.html", {
        "form": form, "partner": rep.partner,
        "per_user_per_hour": settings.DEPUTY_INVITATIONS_PER_USER_PER_HOUR,
        "per_partner_per_day": settings.DEPUTY_INVITATIONS_PER_PARTNER_PER_DAY,
    })


