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


def parameters_by_date(days) -> dict[datetime.date, rules.Parameters]:
    """The parameters in force on each of `days`, in one query (for list pages)."""
    versions = list(RulesOfProcedure.objects.order_by("effective_from", "number"))
    result = {}
    for day in set(days):
        in_force = [v for v in versions if v.effective_from <= day]
        result[day] = in_force[-1].params if in_force else rules.DEFAULT
    return result


def operating_year_on(day: datetime.date | None = None) -> int:
    """SweCan's operating year (§ 8) on `day`; year 1 starts on SWECAN_YEAR1_START."""
    from django.conf import settings

    day = day or timezone.localdate()
    if day < settings.SWECAN_YEAR1_START:
        return 1  # Preparations before the start belong to year 1.
    return rules.operating_year(day, settings.SWECAN_YEAR1_START)
