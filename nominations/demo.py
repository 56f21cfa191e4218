"""Demo data of the AU, its working groups and the nomination round, through the services.

The partnership appoints a full AU (15 seats, three per sector) at its June 2026 meeting (the
seats go on that agenda before its kallelse: swecan/demo.py hands `propose_seats` to the decisions
demo); the AU elects its chair by a vote and its vice chair by consensus at its August meeting.
"""

import datetime
from zoneinfo import ZoneInfo

from decisions import minutes as minutes_service
from decisions import voting
from meetings import services as meeting_services
from meetings.models import Meeting
from nominations import seats
from nominations.models import Officer, Seat
from partnership.models import Partner, Representative, Sector
from swecan.demo_accounts import ensure_totp

STOCKHOLM = ZoneInfo("Europe/Stockholm")
SEATS_FROM = datetime.date(2026, 7, 1)
AU_MEETING_TITLE = "Arbetsutskottets konstituerande möte"
AU_MEETING_DAY = datetime.date(2026, 8, 26)
# Partners whose representatives one logs in as (partnership/demo_data.py) hold seats, so the
# demo shows the AU from the inside: Region Örebro län's representative chairs it.
PREFERRED = ("Region Örebro län", "Karolinska institutet", "Cancerfonden")
CHAIR_PARTNER = "Region Örebro län"
VICE_CHAIR_PARTNER = "Cancerfonden"


def _at(day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(hour, minute), tzinfo=STOCKHOLM)


def _travel(moment: datetime.datetime):
    import time_machine

    return time_machine.travel(moment, tick=False)


def _seat_holders() -> list[Representative]:
    """Three partners per sector, the preferred ones first, each with its primary representative."""
    chosen = []
    for code, _label in Sector.choices:
        partners = sorted(Partner.objects.filter(sector=code, status=Partner.Status.ACTIVE),
                          key=lambda p: (p.name not in PREFERRED, p.name))
        picked = 0
        for partner in partners:
            rep = (Representative.objects.filter(partner=partner, active=True, user__isnull=False)
                   .order_by("-role", "name").first())  # the primary ("primary" > "deputy")
            if rep is not None:
                chosen.append(rep)
                picked += 1
            if picked == 3:
                break
    return chosen


def propose_seats(kansli, meeting: Meeting) -> None:
    """On the June meeting's agenda: the fifteen seats from 1 July 2026 (two years)."""
    if Seat.objects.exists():
        return
    for rep in _seat_holders():
        seats.seat_propose(by=kansli, meeting=meeting, partner=rep.partner, representative=rep, starts_on=SEATS_FROM)


def seed_committee(kansli) -> bool:
    """The AU's first meeting in August 2026: it elects its chair by a vote and its vice chair by
    consensus, and its minutes are finished. False if already done or if no seats were appointed."""
    if Officer.objects.exists() or not Seat.objects.appointed().exists():
        return False
    held = {seat.partner.name: seat for seat in Seat.objects.appointed().select_related("partner", "representative")}
    for seat in held.values():
        ensure_totp(seat.representative.user)  # AU members use two-factor authentication (demo code works)
    with _travel(_at(AU_MEETING_DAY - datetime.timedelta(days=20), 9)):
        meeting = meeting_services.meeting_plan(by=kansli, fields={
            "title": AU_MEETING_TITLE, "body": Meeting.Body.COMMITTEE, "kind": Meeting.Kind.ORDINARY,
            "form": Meeting.Form.DIGITAL, "starts_at": _at(AU_MEETING_DAY, 13), "ends_at": _at(AU_MEETING_DAY, 15),
            "place": "", "online_link": "https://moten.swecan.example/au", "planned_notice_date": None,
            "chair": None})
        chair = seats.election_propose(by=kansli, meeting=meeting, seat=held[CHAIR_PARTNER], role="chair",
                                       starts_on=AU_MEETING_DAY)
        vice = seats.election_propose(by=kansli, meeting=meeting, seat=held[VICE_CHAIR_PARTNER], role="vice_chair",
                                      starts_on=AU_MEETING_DAY)
        from django.test import override_settings

        from meetings.demo import _send_notice

        # Kallelser in the demo go nowhere; their deliveries are still recorded as sent.
        with override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"):
            _send_notice(kansli, meeting)
    starts = meeting.starts_at
    with _travel(starts - datetime.timedelta(minutes=10)):
        meeting_services.meeting_set_state(by=kansli, meeting=meeting, state=Meeting.State.OPEN)
    present = [seat for index, seat in enumerate(held.values()) if index % 5 != 3]  # three sent apologies
    with _travel(starts + datetime.timedelta(minutes=2)):
        for seat in present:
            meeting_services.attendance_register(by=kansli, meeting=meeting, partner=seat.partner, arrived_at=starts,
                                                 representatives=[seat.representative])
    with _travel(starts + datetime.timedelta(minutes=15)):
        vote = voting.vote_open(by=kansli, item=chair.elected_on_item, question=chair.elected_on_item.description)
    with _travel(starts + datetime.timedelta(minutes=17)):
        for index, seat in enumerate(present):
            choice = "abstain" if seat.partner.name == CHAIR_PARTNER else ("no" if index % 6 == 1 else "yes")
            voting.ballot_cast(by=seat.representative.user, vote=vote, partner=seat.partner, choice=choice)
    with _travel(starts + datetime.timedelta(minutes=20)):
        decision = voting.vote_close(by=kansli, vote=vote)
        voting.vote_publish(by=kansli, vote=vote)
    with _travel(starts + datetime.timedelta(minutes=30)):
        voting.decision_by_consensus(by=kansli, item=vice.elected_on_item, wording=vice.elected_on_item.description)
    with _travel(starts + datetime.timedelta(hours=2)):
        meeting_services.meeting_set_state(by=kansli, meeting=meeting, state=Meeting.State.HELD)
        meeting_services.meeting_set_state(by=kansli, meeting=meeting, state=Meeting.State.CLOSED)
    meeting.refresh_from_db()
    with _travel(_at(AU_MEETING_DAY + datetime.timedelta(days=1), 9)):
        record = minutes_service.minutes_start(by=kansli, meeting=meeting)
        minutes_service.minutes_edit(by=kansli, minutes=record, fields={
            "keeper": kansli.get_full_name(), "adjuster": held[VICE_CHAIR_PARTNER].representative.name,
            "introduction": "Kansliet öppnade arbetsutskottets första möte och ledde valet av ordförande.",
            "closing": "Den nyvalda ordföranden tackade för förtroendet och avslutade mötet.", "item_notes": {}})
    with _travel(_at(AU_MEETING_DAY + datetime.timedelta(days=5), 15)):
        minutes_service.minutes_finish(by=kansli, minutes=record)
    return decision.outcome == decision.Outcome.ADOPTED


def committee_logins() -> list[tuple[str, str]]:
    """(label, e-mail) of the AU's chair and vice chair, for the demo's list of logins."""
    chair, vice = seats.chairs_on(datetime.date.today())
    return [(label, rep.user.email) for label, rep in
            (("Ordförande i arbetsutskottet", chair), ("Vice ordförande i arbetsutskottet", vice)) if rep and rep.user]
