from celery import shared_task
from django.urls import reverse

from swecan.emails import build_email


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def send_invitation_email(invitation_id: int, token: str):
    from partnership.models import Invitation

    invitation = Invitation.objects.select_related("partner", "sent_by").get(pk=invitation_id)
    if invitation.state != "open":
        return  # Revoked or replaced before the worker got to it.
    from django.conf import settings

    link = settings.SITE_URL + reverse("invitation_accept", args=[token])
    build_email(
        "invitation",
        [invitation.email],
        {"invitation": invitation, "partner": invitation.partner, "link": link},
    ).send()


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=3)
def render_declaration_pdf(declaration_id: int):
    from partnership.models import SignedDeclaration
    from partnership.services import declaration_store_pdf
    from swecan.pdf import render_pdf

    declaration = SignedDeclaration.objects.select_related("partner", "text", "signed_by").get(
        pk=declaration_id
    )
    pdf = render_pdf("pdf/declaration.html", {"declaration": declaration})
    declaration_store_pdf(declaration_id=declaration_id, pdf_bytes=pdf)
