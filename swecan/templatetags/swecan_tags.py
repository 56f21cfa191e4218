from django import template
from django.utils.html import escape
from django.utils.safestring import mark_safe

register = template.Library()


@register.filter
def document(text: str) -> str:
    """Render a published text kept as plain data: '#'-headings and paragraphs.

    The kansli edits these texts; we escape everything and allow no HTML.
    """
    parts = []
    for block in (text or "").replace("\r\n", "\n").split("\n\n"):
        block = block.strip()
        if not block:
            continue
        hashes = len(block) - len(block.lstrip("#"))
        if 1 <= hashes <= 4 and block[hashes:hashes + 1] == " ":
            first, _, rest = block.partition("\n")
            parts.append(f"<h{hashes}>{escape(first[hashes + 1:].strip())}</h{hashes}>")
            if rest.strip():
                parts.append(_paragraph(rest))
        elif all(line.lstrip().startswith(("- ", "• ")) for line in block.splitlines()):
            items = "".join(f"<li>{escape(line.lstrip()[2:].strip())}</li>" for line in block.splitlines())
            parts.append(f"<ul>{items}</ul>")
        else:
            parts.append(_paragraph(block))
    return mark_safe("\n".join(parts))


def _paragraph(block: str) -> str:
    return "<p>" + "<br>".join(escape(line) for line in block.splitlines()) + "</p>"


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
