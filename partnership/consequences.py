"""What a change in the register means for the apps built on it.

The register may not import the apps that stand on it (tests/test_layering.py), yet the
withdrawal confirmation must name what a backdated withdrawal changes there: the meetings
already held whose voting roll, and so whose quorum, it alters. So the dependency points
the allowed way: each such app registers a function here from its AppConfig.ready(), and
the register's confirmation asks every registered function, knowing none of them.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Named:
    """A record a consequence names: its title, its date and, if it has one, its page."""

    title: str
    date: datetime.date
    url: str = ""


@dataclass(frozen=True)
class Consequence:
    """One warning for a confirmation page: a sentence (translated) and the records it names."""

    text: str
    items: tuple[Named, ...] = ()


# Each takes keyword-only `partner` and `day` and returns a Consequence, or None when nothing
# of its app changes.
_WITHDRAWAL: list[Callable] = []


def on_withdrawal(function: Callable) -> Callable:
    """Register `function(*, partner, day)`; registering it twice keeps one."""
    if function not in _WITHDRAWAL:
        _WITHDRAWAL.append(function)
    return function


def of_withdrawal(partner, day: datetime.date) -> list[Consequence]:
    """What registering `partner`'s withdrawal from `day` changes in the apps built on the register."""
    found = (function(partner=partner, day=day) for function in _WITHDRAWAL)
    return [consequence for consequence in found if consequence is not None]
