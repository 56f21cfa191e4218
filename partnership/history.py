"""Readable history (who changed what, when) from django-simple-history.

What a person reads: field labels, choice labels rather than codes, Ja/Nej, dates in the
page's language; never file paths, hashes or tokens, and no row for a save that changed
nothing a person can see.
"""

import datetime
from dataclasses import dataclass, field

from django.db import models
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

_TYPES = {"+": _("Skapad"), "~": _("Ändrad"), "-": _("Borttagen")}

# Technical columns: a fingerprint or secret means nothing to a reader (the PDF's own change
# is shown through its file field).
_HIDDEN_SUFFIXES = ("_hash", "_sha256", "token")


@dataclass
class HistoryEntry:
    when: object
    who: str
    what: str
    action: str
    changes: list = field(default_factory=list)  # (field label, old, new)


def entries_for(label: str, records) -> list[HistoryEntry]:
    """Turn one object's history records (newest first) into entries with field diffs.

    A change that altered nothing a person can read (only a hidden column, or nothing at
    all) gets no entry.
    """
    records = list(records)
    entries = []
    for index, record in enumerate(records):
        previous = records[index + 1] if index + 1 < len(records) else None
        changes = []
        if previous is not None and record.history_type == "~":
            delta = record.diff_against(previous)
            for change in delta.changes:
                model_field = record.instance_type._meta.get_field(change.field)
                if change.field.endswith(_HIDDEN_SUFFIXES):
                    continue
                old, new = _display(model_field, change.old), _display(model_field, change.new)
                if old != new:
                    changes.append((model_field.verbose_name, old, new))
            if not changes:
                continue
        entries.append(HistoryEntry(
            when=record.history_date,
            who=str(record.history_user) if record.history_user_id else gettext("systemet"),
            what=label,
            action=_TYPES.get(record.history_type, record.history_type),
            changes=changes,
        ))
    return entries


def _display(model_field, value) -> str:
    if value in (None, ""):
        return "–"
    if isinstance(model_field, models.BooleanField):
        return gettext("Ja") if value else gettext("Nej")
    if isinstance(model_field, models.FileField):
        # The stored path is the uploader's file name under our folders: say only that a file is there.
        return gettext("fil sparad")
    if model_field.is_relation:
        # History stores the related id; show the person or object it names.
        related = model_field.related_model.objects.filter(pk=value).first()
        return str(related) if related else str(value)
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if isinstance(value, datetime.datetime):
        return date_format(timezone.localtime(value), "j F Y H:i")
    if isinstance(value, datetime.date):
        return date_format(value, "j F Y")
    return str(value)
