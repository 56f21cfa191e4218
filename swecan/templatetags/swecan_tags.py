from django import template

register = template.Library()


@register.simple_tag
def published_arbetsordning(version):
    """A version's adopted text as a document with its table of contents, and the portal's
    application notes beside the § they concern (swecan.application_notes)."""
    from swecan import application_notes, published_text

    return published_text.render(version.text, application_notes.notes_for(version.params))


@register.simple_tag
def arbetsordning_general_note():
    from swecan import application_notes

    return application_notes.general_note()


@register.filter
def days_until(day) -> str:
    """'om 12 dagar', 'i dag', 'för 3 dagar sedan': countdowns next to rule deadlines."""
    from django.utils import timezone
    from django.utils.translation import gettext, ngettext

    if not day:
        return ""
    delta = (day - timezone.localdate()).days
    if delta == 0:
        return gettext("i dag")
    if delta == 1:
        return gettext("i morgon")
    if delta == -1:
        return gettext("i går")
    if delta > 0:
        return ngettext("om %(n)d dag", "om %(n)d dagar", delta) % {"n": delta}
    return ngettext("för %(n)d dag sedan", "för %(n)d dagar sedan", -delta) % {"n": -delta}


@register.filter
def is_past(day) -> bool:
    from django.utils import timezone

    return bool(day) and day < timezone.localdate()
