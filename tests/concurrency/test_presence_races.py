"""Advance answers and presence under concurrent requests, on PostgreSQL: a race ends in one
record and a message, never a second record or a 500."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from meetings import services as meeting_services
from meetings.models import AdvanceAnswer, Attendance
from tests.concurrency.test_races import race
from tests.integration.test_notice_worker import make_roll, plan_meeting
from tests.meetings.factories import happening_now

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _mail_in_memory(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


@pytest.fixture
def noticed(karin):
    reps = make_roll(10, karin)
    meeting = plan_meeting(karin)
    meeting_services.notice_send(by=karin, meeting=meeting)
    return meeting, reps[0].partner


def test_two_answers_for_one_partner_at_once_leave_one_answer(karin, noticed):
    meeting, partner = noticed
    answer = [
        lambda value=value: meeting_services.advance_answer_set(
            by=karin, meeting=meeting, partner=partner, answer=value)
        for value in (AdvanceAnswer.Answer.COMING, AdvanceAnswer.Answer.ABSENT)
    ]
    results, errors = race(*answer)
    assert errors == [] and len(results) == 2  # one after the other: the later answer stands
    answers = AdvanceAnswer.objects.filter(meeting=meeting, partner=partner)
    assert answers.count() == 1
    assert answers.get().history.count() == 2  # both are in the history, with who answered


def test_a_double_click_on_kom_nu_records_one_arrival(karin, noticed):
    meeting, partner = noticed
    meeting = happening_now(meeting)
    now = timezone.now().replace(second=0, microsecond=0)
    arrive = [lambda: meeting_services.attendance_register(
        by=karin, meeting=meeting, partner=partner, arrived_at=now)] * 2
    results, errors = race(*arrive)
    assert len(results) == 1
    assert len(errors) == 1 and isinstance(errors[0], ValidationError)
    assert "redan registrerad som närvarande" in str(errors[0])
    assert Attendance.objects.filter(meeting=meeting, partner=partner).count() == 1
