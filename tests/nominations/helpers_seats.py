"""The AU's seats for the tests: `appoint` makes seats the way the portal does (proposed on a
partnership meeting's item, appointed by its decision), and `elect` makes a member chair or vice
chair through an AU meeting's decision. Also the history scenarios of nominations/seats.py
(tests/test_history_complete.py registers them)."""

import datetime

from decisions import voting
from meetings.models import Meeting
from nominations import seats
from nominations.models import Officer, Seat
from tests.decisions.helpers_roll import under_way
from tests.meetings import factories as mf
from tests.partnership import factories as pf

# How far ahead of "today" the appointing meeting is planned: after the 30 days of the notice (R1).
MEETING_DAYS_AHEAD = 35


def appoint(karin, signed_partners, *, clock, starts_on: datetime.date, ends_on: datetime.date | None = None,
            day: datetime.date | None = None, present=None) -> list[Seat]:
    """One seat for each signed partner's representative, from `starts_on`: proposed on a partnership
    meeting (on `day`, default 35 days from the clock's today), which is then held with `present`
    (default: `signed_partners`) checked in and adopts the item by consensus. The clock is left at
    the meeting's start. Returns the appointed seats."""
    import django.utils.timezone as tz

    day = day or tz.localdate() + datetime.timedelta(days=MEETING_DAYS_AHEAD)
    meeting = mf.plan(by=karin, day=day)
    proposed = [seats.seat_propose(by=karin, meeting=meeting, partner=s.partner, representative=s.representative,
                                   starts_on=starts_on, ends_on=ends_on) for s in signed_partners]
    item = proposed[0].proposed_on_item
    item.refresh_from_db()
    under_way(meeting, karin=karin, clock=clock, present=signed_partners if present is None else present)
    voting.decision_by_consensus(by=karin, item=item, wording=item.description)
    return [Seat.objects.get(pk=s.pk) for s in proposed]


def au_meeting(karin, *, day: datetime.date, title: str = "Arbetsutskottets möte") -> Meeting:
    return mf.plan(by=karin, day=day, body=Meeting.Body.COMMITTEE, title=title)


def elect(karin, seat: Seat, role: str, *, clock, day: datetime.date, present, ends_on=None) -> Officer:
    """`seat`'s member elected `role` by consensus at an AU meeting on `day`, from that day
    (the clock is moved to the day before to plan it, and left at the meeting's start)."""
    clock.move_to(mf.local(day - datetime.timedelta(days=1)), tick=False)
    meeting = au_meeting(karin, day=day)
    officer = seats.election_propose(by=karin, meeting=meeting, seat=seat, role=role, starts_on=day, ends_on=ends_on)
    under_way(meeting, karin=karin, clock=clock, present=present)
    voting.decision_by_consensus(by=karin, item=officer.elected_on_item, wording="Vald.")
    officer.refresh_from_db()
    return officer


# History scenarios -------------------------------------------------------------------------------

START = datetime.date(2027, 1, 1)


def _roll_and_meeting():
    karin = mf.officer()
    signed = mf.signed_roll()
    return karin, signed, mf.plan(by=karin, day=datetime.date(2026, 12, 28))


def _propose_first(scene):
    karin, signed, meeting = _roll_and_meeting()
    scene.call(seats.seat_propose, by=karin, meeting=meeting, partner=signed[0].partner,
               representative=signed[0].representative, starts_on=START)


def _propose_second(scene):
    karin, signed, meeting = _roll_and_meeting()
    seats.seat_propose(by=karin, meeting=meeting, partner=signed[0].partner,
                       representative=signed[0].representative, starts_on=START)
    scene.call(seats.seat_propose, by=karin, meeting=meeting, partner=signed[1].partner,
               representative=signed[1].representative, starts_on=START)


def _withdraw_last(scene):
    karin, signed, meeting = _roll_and_meeting()
    seat = seats.seat_propose(by=karin, meeting=meeting, partner=signed[0].partner,
                              representative=signed[0].representative, starts_on=START)
    scene.call(seats.seat_proposal_withdraw, by=karin, seat=seat)


def _withdraw_one_of_two(scene):
    karin, signed, meeting = _roll_and_meeting()
    seat = seats.seat_propose(by=karin, meeting=meeting, partner=signed[0].partner,
                              representative=signed[0].representative, starts_on=START)
    seats.seat_propose(by=karin, meeting=meeting, partner=signed[1].partner,
                       representative=signed[1].representative, starts_on=START)
    scene.call(seats.seat_proposal_withdraw, by=karin, seat=seat)


def _appointed(scene):
    karin = mf.officer()
    signed = mf.signed_roll()
    return karin, signed, appoint(karin, signed, clock=scene.clock, starts_on=START,
                                  day=datetime.date(2026, 12, 28))


def _adopted(scene):
    karin = mf.officer()
    signed = mf.signed_roll()
    meeting = mf.plan(by=karin, day=datetime.date(2026, 12, 28))
    proposed = [seats.seat_propose(by=karin, meeting=meeting, partner=s.partner, representative=s.representative,
                                   starts_on=START) for s in signed]
    under_way(meeting, karin=karin, clock=scene.clock, present=signed)
    scene.call(voting.decision_by_consensus, by=karin, item=proposed[0].proposed_on_item,
               wording="Partnerskapet utser ledamöterna.")


def _vacate(scene):
    karin, _signed, appointed = _appointed(scene)
    scene.clock.move_to(mf.local(datetime.date(2027, 3, 1)), tick=False)
    scene.call(seats.seat_vacate, by=karin, seat=appointed[0], on=datetime.date(2027, 3, 1),
               reason="Har bytt arbetsgivare.")


def _vacate_chair(scene):
    karin, signed, appointed = _appointed(scene)
    elect(karin, appointed[0], "chair", clock=scene.clock, day=datetime.date(2027, 1, 12), present=signed)
    scene.call(seats.seat_vacate, by=karin, seat=appointed[0], on=datetime.date(2027, 3, 1),
               reason="Har bytt arbetsgivare.")


def _election(scene):
    karin, _signed, appointed = _appointed(scene)
    scene.clock.move_to(mf.local(datetime.date(2027, 1, 2)), tick=False)
    meeting = au_meeting(karin, day=datetime.date(2027, 1, 12))
    scene.call(seats.election_propose, by=karin, meeting=meeting, seat=appointed[0], role="chair",
               starts_on=datetime.date(2027, 1, 12))


def _elected(scene):
    karin, signed, appointed = _appointed(scene)
    scene.clock.move_to(mf.local(datetime.date(2027, 1, 2)), tick=False)
    meeting = au_meeting(karin, day=datetime.date(2027, 1, 12))
    officer = seats.election_propose(by=karin, meeting=meeting, seat=appointed[0], role="chair",
                                     starts_on=datetime.date(2027, 1, 12))
    under_way(meeting, karin=karin, clock=scene.clock, present=signed)
    scene.call(voting.decision_by_consensus, by=karin, item=officer.elected_on_item, wording="Vald.")


def _contact(scene):
    karin, signed, appointed = _appointed(scene)
    officer = elect(karin, appointed[0], "chair", clock=scene.clock, day=datetime.date(2027, 1, 12), present=signed)
    other = pf.make_kansli(email="kalle@socialstyrelsen.example", full_name="Kalle Kansli")
    scene.call(seats.officer_contact_update, by=other, officer=officer, email="au-ordforande@swecan.example",
               phone="08-555 000 00")


HISTORY_SCENARIOS = {
    seats.seat_propose: {"the first seat makes the item": _propose_first,
                         "a second seat on the item": _propose_second},
    seats.seat_proposal_withdraw: {"the last seat takes the item along": _withdraw_last,
                                   "one of two": _withdraw_one_of_two},
    seats.seat_vacate: {"a member leaves": _vacate, "the chair leaves": _vacate_chair},
    seats.election_propose: {"the chair's election on the agenda": _election},
    seats.officer_contact_update: {"the AU chair's public contact": _contact},
    voting.decision_by_consensus: {"adopting AU seats appoints them": _adopted,
                                   "adopting an election elects": _elected},
}
