"""Two people doing the same thing to a case at the same moment, on PostgreSQL.

Each race is made the worst one: `both_past` holds the first caller at a point after the
service's checks and before it writes, until the second caller gets there too (or a while has
passed). A lock taken before that point keeps the second caller waiting, so the first goes on
alone; without the lock both have passed the checks before either writes.
"""

import datetime
import threading
from contextlib import contextmanager
from unittest.mock import patch

import pytest
from django.core.exceptions import ValidationError

from decisions import notify, preparation, schedule, services
from decisions.models import Case, CaseNumberSeries, ConsultationAnswer, CoSignature
from meetings import services as meeting_services
from meetings.models import AgendaItem
from outbox.models import Message
from tests.concurrency.test_races import race
from tests.decisions.factories import draft, received
from tests.meetings import factories as mf
from tests.meetings.conftest import _frozen_now, _year1  # noqa: F401 - fixtures: the cases tests' "today"
from tests.personas import deputy_of, officer

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

WAIT = 2.0  # seconds the first caller waits for the second at the meeting point


@contextmanager
def both_past(module, name: str):
    """Callers of `module.name` wait there for each other (up to WAIT seconds) before it runs."""
    original = getattr(module, name)
    barrier = threading.Barrier(2, timeout=WAIT)

    def waiting(*args, **kwargs):
        try:
            barrier.wait()
        except threading.BrokenBarrierError:  # the other caller is held by a lock
            pass
        return original(*args, **kwargs)

    with patch.object(module, name, waiting):
        yield


@contextmanager
def held_after(module, name: str, *, arrived: threading.Event, until: threading.Event):
    """The caller of `module.name` says it got there (`arrived`), then stays inside its
    transaction until `until` is set or WAIT seconds have passed."""
    original = getattr(module, name)

    def holding(*args, **kwargs):
        result = original(*args, **kwargs)
        arrived.set()
        until.wait(WAIT)
        return result

    with patch.object(module, name, holding):
        yield


def one_refused(results, errors):
    assert len(results) == 1, errors
    assert len(errors) == 1 and type(errors[0]) is ValidationError, errors
    return errors[0]


def in_preparation(karin, signed) -> Case:
    return preparation.case_start_preparation(by=karin, case=received(by=signed.user, partner=signed.partner))


def test_two_representatives_answering_a_consultation_at_once_leave_one_answer(karin, roll):
    signed = roll[0]
    dora = deputy_of(signed.partner).user
    consultation = preparation.consultation_open(
        by=karin, case=in_preparation(karin, signed), question="Hur ser rehabiliteringen ut hos er?",
        sectors=["halso_sjukvard"], deadline=datetime.date(2026, 12, 10))
    # Both forms showed no answer yet (seen="").
    with both_past(services, "answer_token"):
        results, errors = race(*[
            lambda user=user: services.consultation_answer_set(by=user, consultation=consultation,
                                                               partner=signed.partner, text=f"Svar av {user}",
                                                               seen="")
            for user in (signed.user, dora)])

    error = one_refused(results, errors)
    assert "Någon annan hos er har sparat ett svar under tiden" in str(error)
    [answer] = ConsultationAnswer.objects.filter(consultation=consultation)
    assert answer.answered_by == results[0].answered_by
    assert answer.text == results[0].text


def test_two_representatives_asking_the_same_cosigner_at_once_ask_once(roll):
    signed, cosigner = roll[0], roll[1].partner
    dora = deputy_of(signed.partner).user
    case = draft(by=signed.user, partner=signed.partner)
    with both_past(services, "voting_roll_on"):
        results, errors = race(*[
            lambda user=user: services.case_cosign_request(by=user, case=case, partner=cosigner)
            for user in (signed.user, dora)])

    error = one_refused(results, errors)
    assert error.message_dict == {"partner": [f"{cosigner.name} är redan tillfrågad."]}
    [cosignature] = CoSignature.objects.filter(case=case, partner=cosigner)
    assert cosignature.requested_by == results[0].requested_by


@pytest.mark.parametrize("first", ["submission", "kallelse"])
def test_a_case_submitted_as_the_kallelse_goes_out_early_ends_at_the_meeting_it_is_in_time_for(
        first, karin, roll, time_machine):
    signed = roll[0]
    # Vintermöte: kallelse planned for 20 December (case deadline 6 December); Vårmöte after it.
    winter = mf.plan(by=karin, day=datetime.date(2027, 1, 19), planned_notice_date=datetime.date(2026, 12, 20),
                     title="Vintermöte")
    spring = mf.plan(by=karin, day=datetime.date(2027, 3, 15), planned_notice_date=datetime.date(2027, 2, 10),
                     title="Vårmöte")
    mf.add_item(winter, by=karin)
    # 1 December: in time by the planned kallelse, late once it goes out today (deadline 17 November).
    time_machine.move_to(mf.local(datetime.date(2026, 12, 1), 9), tick=False)
    case = draft(by=signed.user, partner=signed.partner)
    assert services.timing_for(datetime.date(2026, 12, 1)).meeting == winter

    started, done = threading.Event(), threading.Event()

    def submit():
        if first == "kallelse":
            started.wait(WAIT * 5)
        try:
            return services.case_submit(by=signed.user, case=case)
        finally:
            done.set()

    def send():
        if first == "submission":
            started.wait(WAIT * 5)
        try:
            return meeting_services.notice_send(by=karin, meeting=winter)
        finally:
            done.set()

    # The first one stays in its transaction, past the point that decides, while the other starts.
    if first == "submission":
        holding = held_after(services, "timing_for", arrived=started, until=done)
    else:
        holding = held_after(schedule, "cases_retarget", arrived=started, until=done)
    with holding:
        results, errors = race(submit, send)

    assert not errors
    [submission] = [r for r in results if isinstance(r, services.Submission)]
    case.refresh_from_db()
    winter.refresh_from_db()
    assert winter.notice_is_sent
    assert case.target_meeting == spring  # never left at Vintermöte, which it is late for
    moved = Message.objects.filter(kind=notify.MOVED).count()
    if first == "submission":
        assert submission.timing.meeting == winter and moved == 1  # received for Vintermöte, then moved on
    else:
        assert submission.timing.meeting == spring and moved == 0  # the receipt names Vårmöte at once


def test_two_officers_putting_a_case_on_the_agenda_at_once_add_one_item(karin, roll):
    signed = roll[0]
    lena = officer(email="lena@socialstyrelsen.example", full_name="Lena Kansli")
    meeting = mf.plan(by=karin, days_ahead=80)
    case = in_preparation(karin, signed)
    preparation.case_proposal_save(by=karin, case=case, text="Partnerskapet ger arbetsutskottet i uppdrag.")
    case = preparation.case_mark_prepared(by=karin, case=case)
    with both_past(preparation, "agenda_choices"):
        results, errors = race(*[
            lambda user=user: preparation.case_put_on_agenda(by=user, case=case, meeting=meeting)
            for user in (karin, lena)])

    error = one_refused(results, errors)
    assert error.messages == ["Bara ett berett ärende kan föras upp på dagordningen."]
    [item] = AgendaItem.objects.filter(meeting=meeting, kind=AgendaItem.Kind.DECISION)
    case.refresh_from_db()
    assert (case.state, case.agenda_item) == (Case.State.ON_AGENDA, item)


def test_a_draft_submitted_twice_at_once_gets_one_reference(roll):
    signed = roll[0]
    case = draft(by=signed.user, partner=signed.partner)
    with both_past(services, "_missing_fields"):
        results, errors = race(*[lambda: services.case_submit(by=signed.user, case=case)] * 2)

    error = one_refused(results, errors)
    assert "Ärendet har redan lämnats in" in str(error)
    case.refresh_from_db()
    assert (case.state, case.year, case.number) == (Case.State.RECEIVED, 2026, 1)
    assert CaseNumberSeries.objects.get(year=2026).last_number == 1  # no number used up in vain
    assert results[0].case.reference == case.reference
