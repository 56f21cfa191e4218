"""Who sits in the arbetsutskott on a day, for the apps below the one that knows.

The AU's seats live in nominations, which stands on meetings and decisions; yet meetings call
the seat holders to AU meetings, decisions lets them prepare cases and the accounts ask them
for two-factor authentication. So the dependency points the allowed way (as
partnership/consequences.py): nominations registers the answer from its AppConfig.ready(), and
everyone below asks here, knowing nothing of seats.
"""

import datetime
from collections.abc import Callable

from django.utils import timezone

# function(day) -> the representatives holding an AU seat on `day` (a list or a queryset).
_COMMITTEE: list[Callable] = []


def on_committee(function: Callable) -> Callable:
    """Register `function(day)`; registering it twice keeps one."""
    if function not in _COMMITTEE:
        _COMMITTEE.append(function)
    return function


def committee_members(day: datetime.date | None = None) -> list:
    """The representatives holding an AU seat on `day` (default today), each once."""
    day = day or timezone.localdate()
    seen, members = set(), []
    for function in _COMMITTEE:
        for representative in function(day):
            if representative.pk not in seen:
                seen.add(representative.pk)
                members.append(representative)
    return members


def is_committee_member(user, day: datetime.date | None = None) -> bool:
    """Whether `user` holds an AU seat on `day` through an active representation. Asked often on
    one page (templates, several helpers), so the answer is kept on the user object per day."""
    if user is None or not user.is_authenticated or not user.is_active or getattr(user, "is_kansli", False):
        return False
    day = day or timezone.localdate()
    known = user.__dict__.setdefault("_committee_member_on", {})
    if day not in known:
        known[day] = any(r.user_id == user.pk and r.active for r in committee_members(day))
    return known[day]


# function(day) -> (chair, vice_chair): the representatives elected to lead the AU on `day`.
_CHAIRS: list[Callable] = []


def on_committee_chairs(function: Callable) -> Callable:
    """Register `function(day)`; registering it twice keeps one."""
    if function not in _CHAIRS:
        _CHAIRS.append(function)
    return function


def committee_chairs(day: datetime.date | None = None) -> tuple:
    """(chair, vice chair) of the AU on `day` (default today), each a representative or None."""
    day = day or timezone.localdate()
    for function in _CHAIRS:
        return function(day)
    return (None, None)
