"""`{% load deadlines %}{% deadline day %}`: every deadline with its weekday (rules.md)."""

import datetime

from django import template
from django.utils import timezone
from django.utils.dateformat import format as date_format
from django.utils.html import format_html
from django.utils.translation import gettext

from swecan.deadlines import describe

register = template.Library()


@register.simple_tag
def deadline(day) -> str:
    """'fredag 4 december 2026', or on a non-working day
    'lördag 5 december 2026 (helg; sista vardag före: fredag 4 december)'."""
    if not day:
        return ""
    if isinstance(day, datetime.datetime):
        day = timezone.localdate(day)
    d = describe(day)
    # Django's own catalogue translates weekday and month names ("l j F Y").
    shown = format_html(
        '<time datetime="{}">{}</time>', day.isoformat(), date_format(day, "l j F Y")
    )
    if d.is_working_day:
        return shown
    note = gettext("%(why)s; sista vardag före: %(day)s") % {
        "why": d.why_not,
        "day": date_format(d.last_working_day, "l j F"),
    }
    return format_html('{} <span class="deadline-note">({})</span>', shown, note)
