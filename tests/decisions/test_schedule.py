"""Cases follow the meetings' schedule (R2, § 4.2): a kallelse sent earlier than planned moves
the cases that became late, a meeting planned later takes the cases waiting, each judged by the
arbetsordning in force on its day of submission, and the submitters are told, once."""

import datetime

import pytest
from django.test import TestCase

from decisions import notify, preparation, schedule, services
from decisions.models import Case
from outbox.models import Message
from swecan.models import RulesOfProcedure
from tests.decisions.conftest import TODAY
from tests.decisions.factories import draft
from tests.meetings import factories as mf

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)


def submit_on(day, *, by, partner, time_machine, **fields) -> Case:
    time_machine.move_to(mf.local(day, 9), tick=False)
    return services.case_submit(by=by, case=draft(by=by, partner=partner, **fields)).case


def plan(karin, *, notice: datetime.date, day: datetime.date, title: str):
    with TestCase.captureOnCommitCallbacks(execute=True):
        return mf.plan(by=karin, day=day, planned_notice_date=notice, title=title)


def moved_mails(mailoutbox, case) -> list:
    return [m for m in mailoutbox if case.reference in m.subject and "Inkommet ärende" not in m.subject]


def version_2(effective_from, **changes):
    v1 = RulesOfProcedure.objects.get(number=1)
    return RulesOfProcedure.objects.create(number=2, effective_from=effective_from,
                                           parameters={**v1.parameters, **changes}, text="Version 2.")


@pytest.fixture
def winter_and_spring(karin):
    """Vintermöte on 19 January with the kallelse planned for 20 December (case deadline
    6 December), Vårmöte on 15 March with the kallelse planned for 10 February."""
    winter = plan(karin, notice=datetime.date(2026, 12, 20), day=datetime.date(2027, 1, 19), title="Vintermöte")
    spring = plan(karin, notice=datetime.date(2027, 2, 10), day=datetime.date(2027, 3, 15), title="Vårmöte")
    return winter, spring


def test_a_kallelse_sent_early_moves_the_cases_that_became_late_and_tells_their_submitters(
        karin, roll, alice, bob, winter_and_spring, time_machine, mailoutbox):
    winter, spring = winter_and_spring
    # The kallelse will go out on 1 December instead of 20 December: the deadline becomes 17 November.
    on_the_day = submit_on(datetime.date(2026, 11, 17), by=bob, partner=roll[1].partner, time_machine=time_machine)
    a_day_late = submit_on(datetime.date(2026, 11, 18), by=alice, partner=roll[0].partner,
                           time_machine=time_machine, title="Jämlik rehabilitering")
    assert on_the_day.target_meeting == winter and a_day_late.target_meeting == winter
    time_machine.move_to(mf.local(datetime.date(2026, 12, 1), 9), tick=False)
    mf.add_item(winter, by=karin)
    mailoutbox.clear()

    mf.send_notice(winter, by=karin)

    on_the_day.refresh_from_db()
    a_day_late.refresh_from_db()
    assert on_the_day.target_meeting == winter  # notice − 14: still in time
    assert a_day_late.target_meeting == spring  # notice − 13: on to the next meeting
    assert a_day_late.history.first().history_user == karin  # the kallelse moved it: her act
    [message] = Message.objects.filter(kind=notify.MOVED)
    assert message.recipient == roll[0].representative.email
    [mail] = moved_mails(mailoutbox, a_day_late)
    assert mail.subject == "SweCan 2026/2: ärendet tas upp vid Vårmöte den 15 mars 2027"
    assert ("Kallelsen till Vintermöte den 19 januari 2027 skickades ut den 1 december 2026, tidigare än planerat "
            "(20 december 2026).") in mail.body
    assert ("Ärenden ska lämnas in senast 14 dagar före kallelsen, så sista dag för ärenden till det "
            "sammanträdet blev den 17 november 2026. Ärendet SweCan 2026/2 kom in den 18 november 2026 "
            "(§ 4.2).") in mail.body
    assert "Ärendet SweCan 2026/2, ”Jämlik rehabilitering”, tas nu upp vid Vårmöte den 15 mars 2027." in mail.body
    assert not moved_mails(mailoutbox, on_the_day)


def test_retargeting_again_changes_and_sends_nothing(karin, roll, alice, winter_and_spring, time_machine,
                                                     mailoutbox):
    winter, _spring = winter_and_spring
    case = submit_on(datetime.date(2026, 11, 18), by=alice, partner=roll[0].partner, time_machine=time_machine)
    time_machine.move_to(mf.local(datetime.date(2026, 12, 1), 9), tick=False)
    mf.add_item(winter, by=karin)
    mf.send_notice(winter, by=karin)
    messages, versions = Message.objects.count(), case.history.count()

    with TestCase.captureOnCommitCallbacks(execute=True):
        assert schedule.cases_retarget(by=karin) == []
        assert schedule.cases_retarget(by=karin, meeting=winter) == []

    assert (Message.objects.count(), case.history.count()) == (messages, versions)
    assert len(Message.objects.filter(kind=notify.MOVED)) == 1


def test_a_late_kallelse_with_no_later_meeting_leaves_the_case_waiting(karin, roll, alice, time_machine,
                                                                        mailoutbox):
    winter = plan(karin, notice=datetime.date(2026, 12, 20), day=datetime.date(2027, 1, 19), title="Vintermöte")
    case = submit_on(datetime.date(2026, 11, 18), by=alice, partner=roll[0].partner, time_machine=time_machine)
    time_machine.move_to(mf.local(datetime.date(2026, 12, 1), 9), tick=False)
    mf.add_item(winter, by=karin)
    mailoutbox.clear()

    mf.send_notice(winter, by=karin)

    case.refresh_from_db()
    assert case.target_meeting is None and case.state == Case.State.RECEIVED
    [mail] = moved_mails(mailoutbox, case)
    assert mail.subject == "SweCan 2026/1: ärendet väntar på ett senare sammanträde"
    assert ("Det väntar och går inte förlorat. Ni får besked när ett sammanträde som det hinner till har "
            "planerats.") in mail.body


def test_a_waiting_case_gets_the_meeting_planned_next(karin, roll, alice, time_machine, mailoutbox):
    plan(karin, notice=TODAY + 13 * DAY, day=TODAY + 50 * DAY, title="Vintermöte")
    case = services.case_submit(by=alice, case=draft(by=alice, partner=roll[0].partner)).case
    assert case.target_meeting is None
    mailoutbox.clear()

    spring = plan(karin, notice=datetime.date(2027, 2, 10), day=datetime.date(2027, 3, 15), title="Vårmöte")

    case.refresh_from_db()
    assert case.target_meeting == spring
    [mail] = moved_mails(mailoutbox, case)
    assert "Ett nytt sammanträde har planerats: Vårmöte den 15 mars 2027." in mail.body
    assert "tas nu upp vid Vårmöte den 15 mars 2027. Ärendet lämnades in 25 november 2026" in mail.body


def test_a_meeting_moved_earlier_moves_its_late_cases(karin, roll, alice, winter_and_spring, time_machine,
                                                     mailoutbox):
    winter, spring = winter_and_spring
    case = submit_on(datetime.date(2026, 12, 1), by=alice, partner=roll[0].partner, time_machine=time_machine)
    assert case.target_meeting == winter  # deadline 6 December
    mailoutbox.clear()

    with TestCase.captureOnCommitCallbacks(execute=True):
        mf.services.meeting_update(by=karin, meeting=winter,
                                   fields={"planned_notice_date": datetime.date(2026, 12, 10)})

    case.refresh_from_db()
    assert case.target_meeting == spring
    [mail] = moved_mails(mailoutbox, case)
    assert "Kallelsen till Vintermöte den 19 januari 2027 planeras nu att skickas ut den 10 december 2026." in mail.body
    assert "sista dag för ärenden till det sammanträdet blev den 26 november 2026" in mail.body


def test_the_version_in_force_on_the_day_of_submission_decides(karin, roll, alice, bob, time_machine,
                                                               mailoutbox):
    # Version 2, from 1 December, asks cases 30 days before the kallelse instead of 14.
    version_2(datetime.date(2026, 12, 1), case_days_before_notice=30)
    winter = plan(karin, notice=datetime.date(2026, 12, 28), day=datetime.date(2027, 1, 27), title="Vintermöte")
    under_v1 = submit_on(datetime.date(2026, 11, 30), by=alice, partner=roll[0].partner, time_machine=time_machine)
    under_v2 = submit_on(datetime.date(2026, 12, 2), by=bob, partner=roll[1].partner, time_machine=time_machine)
    assert under_v1.target_meeting == winter  # 28 days before: enough under version 1
    assert under_v2.target_meeting is None  # 26 days before: too few under version 2

    # A schedule change under version 2: the case of 30 November is still judged by version 1.
    spring = plan(karin, notice=datetime.date(2027, 2, 10), day=datetime.date(2027, 3, 15), title="Vårmöte")

    under_v1.refresh_from_db()
    under_v2.refresh_from_db()
    assert under_v1.target_meeting == winter
    assert under_v2.target_meeting == spring
    [mail] = moved_mails(mailoutbox, under_v2)
    assert "sista dag är 11 januari 2027, 30 dagar före kallelsen 10 februari 2027" in mail.body
    assert not moved_mails(mailoutbox, under_v1)


def test_cases_on_an_agenda_withdrawn_or_in_preparation(karin, roll, alice, winter_and_spring, time_machine,
                                                        mailoutbox):
    winter, spring = winter_and_spring
    submitted = [submit_on(datetime.date(2026, 11, 18), by=alice, partner=roll[0].partner,
                           time_machine=time_machine) for _ in range(3)]
    withdrawn, in_preparation, on_agenda = submitted
    services.case_withdraw(by=alice, case=withdrawn)
    preparation.case_start_preparation(by=karin, case=in_preparation)
    preparation.case_start_preparation(by=karin, case=on_agenda)
    preparation.case_proposal_save(by=karin, case=on_agenda, text="Partnerskapet beslutar att bifalla.")
    preparation.case_mark_prepared(by=karin, case=on_agenda)
    preparation.case_put_on_agenda(by=karin, case=on_agenda, meeting=winter)
    time_machine.move_to(mf.local(datetime.date(2026, 12, 1), 9), tick=False)

    mf.send_notice(winter, by=karin)

    for case in submitted:
        case.refresh_from_db()
    assert withdrawn.target_meeting == winter and on_agenda.target_meeting == winter
    assert in_preparation.target_meeting == spring
    assert [m.payload["case_id"] for m in Message.objects.filter(kind=notify.MOVED)] == [in_preparation.pk] * 1


def test_a_meeting_planned_before_the_one_a_case_is_prepared_for_does_not_take_it(
        karin, roll, alice, winter_and_spring, time_machine, mailoutbox):
    # A decision for the lead: only later meetings (or the queue) take a case from its meeting.
    _winter, spring = winter_and_spring
    case = submit_on(datetime.date(2026, 12, 10), by=alice, partner=roll[0].partner, time_machine=time_machine)
    assert case.target_meeting == spring
    mailoutbox.clear()

    plan(karin, notice=datetime.date(2027, 1, 20), day=datetime.date(2027, 2, 22), title="Extra möte")

    case.refresh_from_db()
    assert case.target_meeting == spring and not moved_mails(mailoutbox, case)


def test_a_meeting_of_the_arbetsutskott_moves_no_case(karin, roll, alice, time_machine):
    plan(karin, notice=TODAY + 13 * DAY, day=TODAY + 50 * DAY, title="Vintermöte")
    case = services.case_submit(by=alice, case=draft(by=alice, partner=roll[0].partner)).case

    au = mf.plan(by=karin, day=TODAY + 60 * DAY, planned_notice_date=TODAY + 30 * DAY, body="committee", title="AU")

    assert schedule.cases_retarget(by=karin, meeting=au) == []
    case.refresh_from_db()
    assert case.target_meeting is None


def test_the_news_of_a_move_is_not_sent_once_the_case_has_moved_again(karin, roll, alice, winter_and_spring,
                                                                      time_machine, mailoutbox):
    winter, spring = winter_and_spring
    case = submit_on(datetime.date(2026, 12, 1), by=alice, partner=roll[0].partner, time_machine=time_machine)
    # Two changes before the outbox runs: to Vårmöte, then (its kallelse planned earlier) to the queue.
    mf.services.meeting_update(by=karin, meeting=winter, fields={"planned_notice_date": datetime.date(2026, 12, 10)})
    mf.services.meeting_update(by=karin, meeting=spring, fields={"planned_notice_date": datetime.date(2026, 12, 12)})
    case.refresh_from_db()
    assert case.target_meeting is None
    mailoutbox.clear()

    from outbox.services import run

    run(list(Message.objects.filter(kind=notify.MOVED).order_by("pk").values_list("pk", flat=True)))

    first, second = Message.objects.filter(kind=notify.MOVED).order_by("pk")
    assert (first.status, second.status) == (Message.Status.CANCELLED, Message.Status.DONE)
    [mail] = mailoutbox
    assert "väntar på ett senare sammanträde" in mail.subject
