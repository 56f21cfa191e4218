"""Deadlines as people read them: the weekday, and whether the day is a working day.

The arbetsordning counts calendar days and moves nothing for weekends (rules.md,
"Calendar days, but say the weekday"); this module only describes a day so the
portal can say "lördag" or "juldagen" and name the last working day before it.
"""

import datetime
from dataclasses import dataclass
from functools import lru_cache

import holidays
from django.utils import dates, translation
from django.utils.translation import gettext

# Weekends are told apart from named holidays (Sweden's calendar also lists every
# Sunday as a holiday). DE_FACTO brings midsommarafton, julafton and nyårsafton:
# they are not allmänna helgdagar, but the Semesterlag (SFS 1977:480, 7 §) treats
# them like Sundays and offices, Socialstyrelsen included, are closed, so a
# deadline on one of them is as unreachable in practice as one on a Sunday.
_CATEGORIES = (holidays.PUBLIC, holidays.DE_FACTO)

# Holiday names that start with a proper noun keep their capital letter in Swedish.
_PROPER_FIRST_WORDS = ("Sveriges", "Kristi")


@dataclass(frozen=True)
class Deadline:
    day: datetime.date
    weekday_name: str
    is_working_day: bool
    why_not: str  # "" on a working day, else "helg" or the holiday, e.g. "juldagen"
    last_working_day: datetime.date | None  # None when the day itself is a working day


def _holiday_language() -> str:
    return "sv" if (translation.get_language() or "sv").startswith("sv") else "en_US"


@lru_cache(maxsize=64)
def _holidays(year: int, language: str) -> dict[datetime.date, str]:
    calendar = holidays.Sweden(
        years=year, include_sundays=False, categories=_CATEGORIES, language=language
    )
    return {day: name.split(";")[0].strip() for day, name in calendar.items()}


def holiday_name(day: datetime.date) -> str:
    """The named Swedish holiday (or de facto holiday) on `day` in the active language, or ""."""
    language = _holiday_language()
    name = _holidays(day.year, language).get(day, "")
    if name and language == "sv" and not name.startswith(_PROPER_FIRST_WORDS):
        name = name[0].lower() + name[1:]  # Swedish writes holidays lower case mid-sentence
    return name


def is_working_day(day: datetime.date) -> bool:
    return day.weekday() < 5 and day not in _holidays(day.year, "sv")


def weekday_name(day: datetime.date) -> str:
    return str(dates.WEEKDAYS[day.weekday()])


def describe(day: datetime.date) -> Deadline:
    if isinstance(day, datetime.datetime):
        raise TypeError("describe() takes a date, not a datetime")
    if is_working_day(day):
        return Deadline(day, weekday_name(day), True, "", None)
    # "lördag 5 december (helg; …)": the weekday is already in the date, so say what it is.
    why = holiday_name(day) or gettext("helg")
    before = day - datetime.timedelta(days=1)
    while not is_working_day(before):
        before -= datetime.timedelta(days=1)
    return Deadline(day, weekday_name(day), False, why, before)
