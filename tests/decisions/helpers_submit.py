"""Helpers for the representatives' pages: cases in preparation with a consultation, written
through the services as the kansli would."""

import datetime

from django.utils import timezone

from decisions import preparation
from tests.decisions.factories import received


def in_preparation(*, by, partner, kansli, **overrides):
    case = received(by=by, partner=partner, **overrides)
    return preparation.case_start_preparation(by=kansli, case=case)


def consultation(*, kansli, case, sectors=("halso_sjukvard",), days=10, question="Vad anser er sektor?"):
    return preparation.consultation_open(by=kansli, case=case, question=question, sectors=list(sectors),
                                         deadline=timezone.localdate() + datetime.timedelta(days=days))
