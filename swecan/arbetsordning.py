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
