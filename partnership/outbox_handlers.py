"""What the partnership register sends and renders, run by the outbox (outbox/services.py)."""

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from outbox.registry import handler


def _partner_page(message):
    return reverse("kansli_partner_detail", args=[message.payload["partner_id"]])


@handler("invitation", _("Inbjudan"), link=_partner_page)
def send_invitation(message, batch):
    """E-mail the invitation with a fresh link.

    The token is made here, at sending, so no secret waits in the database: only its
    hash is kept. A retry makes a new link; an earlier one never reached anyone.
    """
    from partnership.emails import invitation_email_context
    from partnership.models import Invitation, hash_token
    from swecan.emails import build_email

    invitation = Invitation.objects.select_related("partner", "sent_by").get(
        pk=message.payload["invitation_id"]
    )
    if invitation.state != "open":
        return False  # revoked or replaced before it was sent: nothing to send
    token = Invitation.new_token()
    Invitation.objects.filter(pk=invitation.pk).update(token_hash=hash_token(token))  # history: token_hash is excluded from the history
    link = settings.SITE_URL + reverse("invitation_accept", args=[token])
    batch.send(build_email("invitation", [invitation.email], invitation_email_context(invitation, link)))
    return True


@handler("declaration_pdf", _("PDF av avsiktsförklaring"), link=_partner_page)
def render_declaration_pdf(message, batch):
    from partnership.models import SignedDeclaration
    from partnership.services import declaration_store_pdf
    from swecan.pdf import render_pdf

    declaration = SignedDeclaration.objects.select_related("partner", "text", "signed_by").get(
        pk=message.payload["declaration_id"]
    )
    if declaration.pdf and declaration.pdf.storage.exists(declaration.pdf.name):
        return True  # already rendered (a retry after the file was stored)
    pdf = render_pdf("pdf/declaration.html", {"declaration": declaration})
    declaration_store_pdf(declaration_id=declaration.pk, pdf_bytes=pdf)
    return True
