"""Readable history (who changed what, when) from django-simple-history."""

from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

_TYPES = {"+": _("Skapad"), "~": _("Ändrad"), "-": _("Borttagen")}


@dataclass
class HistoryEntry:
    when: object
    who: str
    what: str
    action: str
    changes: list = field(default_factory=list)  # (field label, old, new)


def entries_for(label: str, records) -> list[HistoryEntry]:
    """Turn one object's history records (newest first) into entries with field diffs."""
    records = list(records)
    entries = []
    for index, record in enumerate(records):
        previous = records[index + 1] if index + 1 < len(records) else None
        changes = []
        if previous is not None and record.history_type == "~":
            delta = record.diff_against(previous)
            for change in delta.changes:
                model_field = record.instance_type._meta.get_field(change.field)
                changes.append((model_field.verbose_name, _display(model_field, change.old),
                                _display(model_field, change.new)))
        entries.append(HistoryEntry(
            when=record.history_date,
            who=str(record.history_user) if record.history_user_id else _("systemet"),
            what=label,
            action=_TYPES.get(record.history_type, record.history_type),
            changes=changes,
        ))
    return entries


def _display(model_field, value):
    if value in (None, ""):
        return "–"
    if model_field.is_relation:
        # History stores the related id; show the person or object it names.
        related = model_field.related_model.objects.filter(pk=value).first()
        return str(related) if related else value
    choices = dict(model_field.flatchoices) if model_field.choices else None
    if choices:
        return choices.get(value, value)
    return value
