"""One small function builds every e-mail from three templates:
emails/<name>-subject.txt, emails/<name>-body.txt and emails/<name>-body.html."""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template import Context
from django.template.loader import get_template, render_to_string
from django.utils import translation


def _render_plain(template_name: str, context: dict) -> str:
    # Subjects and text parts are not HTML: "Per & Kari O'Neil" must stay as typed.
    return get_template(template_name).template.render(Context(context, autoescape=False))


def build_email(name: str, to: list[str], context: dict, *, headers=None) -> EmailMultiAlternatives:
    context = {"site_url": settings.SITE_URL, **context}
    with translation.override(settings.LANGUAGE_CODE):
        subject = " ".join(_render_plain(f"emails/{name}-subject.txt", context).split())
        text = _render_plain(f"emails/{name}-body.txt", context)
        html = render_to_string(f"emails/{name}-body.html", context)
    message = EmailMultiAlternatives(subject, text, settings.DEFAULT_FROM_EMAIL, to, headers=headers)
    message.attach_alternative(html, "text/html")
    return message
