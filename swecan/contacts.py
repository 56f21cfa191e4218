"""The public contact details of the partnership's chair and vice chair (§ 7, R12)."""

from django.db import transaction

from swecan.audit import attributed, saved_unless_taken
from swecan.models import ChairContact

FIELDS = ("name", "title", "organisation", "email", "phone")


def chair_contacts() -> list[ChairContact]:
    """Chair first, then vice chair; a role not yet filled in is left out."""
    order = {role: i for i, role in enumerate(ChairContact.Role.values)}
    return sorted(ChairContact.objects.all(), key=lambda contact: order[contact.role])


@transaction.atomic
def chair_contact_save(*, role: str, by, **values) -> ChairContact:
    """Publish who holds `role` and how to reach them; the kansli's act, in the history."""
    existing = ChairContact.objects.select_for_update().filter(role=role).first()
    contact = existing or ChairContact(role=role)
    _fill(contact, values, by)
    if existing is not None:
        contact.save()
    elif not saved_unless_taken(contact):
        # Another officer published this role a moment ago: this later edit wins.
        contact = ChairContact.objects.select_for_update().get(role=role)
        _fill(contact, values, by)
        contact.save()
    return contact


def _fill(contact: ChairContact, values: dict, by) -> None:
    for field in FIELDS:
        setattr(contact, field, values.get(field, "") or "")
    attributed(contact, by)
