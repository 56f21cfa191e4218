"""The one place the portal asks which arbetsordning numbers are in force."""

import datetime

from django.utils import timezone

from swecan import rules
from swecan.models import RulesOfProcedure


def version_in_force(on: datetime.date | None = None) -> RulesOfProcedure | None:
    return RulesOfProcedure.objects.in_force_on(on or timezone.localdate())


def parameters_in_force(on: datetime.date | None = None) -> rules.Parameters:
    """The parameters of the version in force on `on` (today by default).

    Before the first version's effective date the adopted numbers (DEFAULT)
    apply: the first version is exactly those numbers.
    """
    version = version_in_force(on)
    return version.params if version else rules.DEFAULT


class Timeline:
    """Every version's parameters by the day they apply from, read in one query, for pages
    that ask about many days (rules.md: an act is judged by the version in force on its day)."""

    def __init__(self):
        versions = RulesOfProcedure.objects.order_by("effective_from", "number")
        # Before the first version the adopted numbers (DEFAULT) apply.
        self.segments = [(datetime.date.min, rules.DEFAULT)]
        self.segments += [(v.effective_from, v.params) for v in versions]

    def on(self, day: datetime.date) -> rules.Parameters:
        return [params for start, params in self.segments if start <= day][-1]

    def last_day(self, deadline) -> datetime.date:
        """The last day an act meets `deadline` (parameters -> last allowed date), each day
        judged by the version in force on it: a deadline shown in advance uses the version in
        force on that deadline's own date."""
        best = None
        for index, (start, params) in enumerate(self.segments):
            following = self.segments[index + 1][0] if index + 1 < len(self.segments) else None
            candidate = deadline(params)
            if following is not None:
                candidate = min(candidate, following - datetime.timedelta(days=1))
            if candidate >= start and (best is None or candidate > best):
                best = candidate
        return best


def last_day(deadline) -> datetime.date:
    """Timeline.last_day for one question (one query)."""
    return Timeline().last_day(deadline)


def operating_year_on(day: datetime.date | None = None) -> int:
    """SweCan's operating year (§ 8) on `day`; year 1 starts on SWECAN_YEAR1_START."""
    from django.conf import settings

    day = day or timezone.localdate()
    if day < settings.SWECAN_YEAR1_START:
        return 1  # Preparations before the start belong to year 1.
    return rules.operating_year(day, settings.SWECAN_YEAR1_START)
