"""The README's run command seeds this data: it must respect the rules and be idempotent."""

import pytest
from django.core.management import call_command
from django.utils import timezone

from decisions.models import Minutes, MinutesRevision, SpeakerRequest, SpeakersListClosing
from meetings.models import Meeting, NoticeDelivery
from outbox import services as outbox
from outbox.models import Message
from partnership import services
from partnership.models import Partner, SignedDeclaration, VotingRoll
from swecan import rules
from swecan.arbetsordning import operating_year_on, parameters_in_force

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeded(settings, mailoutbox, django_capture_on_commit_callbacks):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    with django_capture_on_commit_callbacks(execute=True):  # the declaration PDFs
        call_command("seed_demo", stdout=open("/dev/null", "w"))
    return mailoutbox


def test_the_demo_keeps_the_rules_and_has_what_the_readme_promises(seeded):
    counts = services.sector_counts()
    params = parameters_in_force()
    for sector, count in counts.items():
        assert count <= params.year1_sector_caps[sector], sector
    # The last place in a full sector is refused, as in the portal.
    assert not rules.check_sector_cap("naringsliv", counts["naringsliv"], 1, params)
    assert operating_year_on() == 1

    # The promised mix of partners.
    by_status = {s: Partner.objects.filter(status=s).count() for s in Partner.Status.values}
    assert by_status["prospective"] == 3
    assert by_status["invited"] == 3
    assert by_status["withdrawn"] == 1
    assert by_status["active"] >= 60
    assert SignedDeclaration.objects.exclude(pdf="").count() == SignedDeclaration.objects.count()
    assert VotingRoll.objects.filter(year=2026).exists()

    # A held, a noticed and planned meetings.
    states = sorted(Meeting.objects.values_list("state", flat=True))
    # (the third planned one: the working group's meeting)
    assert states == ["closed", "closed", "closed", "noticed", "planned", "planned", "planned"]
    for closed in Meeting.objects.filter(state="closed"):
        assert closed.attendances.count() > 0

    # Finished minutes, one approved at the next meeting, each with its PDF/A; the newest waits
    # for the noticed meeting's approval item.
    march, june = Minutes.objects.filter(meeting__body="partnership").order_by("meeting__starts_at")
    assert (march.state, june.state) == (Minutes.State.APPROVED, Minutes.State.FINISHED)
    assert march.approval_item.meeting == june.meeting
    assert june.approval_item.meeting.state == "noticed"
    assert all(r.pdf and r.pdf_sha256 for r in MinutesRevision.objects.all())
    # A full AU appointed by the June meeting; its chair elected by a vote of the members, the vice
    # chair by consensus; the AU's minutes wait for its next meeting.
    from nominations import seats
    from nominations.models import Seat

    today = timezone.localdate()
    au = seats.composition(today)
    assert au["held"] == 15 and au["verdict"].ok
    assert all(s.decision.agenda_item.meeting == june.meeting for s in Seat.objects.all())
    chair, vice = au["officers"]["chair"], au["officers"]["vice_chair"]
    assert chair.decision.method == "vote" and vice.decision.method == "consensus"
    assert chair.seat.partner != vice.seat.partner
    au_minutes = Minutes.objects.get(meeting__body="committee")
    assert au_minutes.state == Minutes.State.FINISHED and au_minutes.approval_item.meeting.body == "committee"
    # Two working groups initiated by the AU's chair, the kansli agreeing: a temporary one running,
    # with members, a document attached to a prepared case and a meeting ahead; a permanent expert
    # panel, the partnership's chair consulted, awaiting the autumn meeting's decision.
    from nominations import groups
    from nominations.models import Nomination, NominationRound, WorkingGroup

    states = {g.name: g for g in groups.groups_overview(today)}
    working = states["Arbetsgrupp för kompetensförsörjning inom cancervården"]
    assert working.state == groups.ACTIVE and working.duration == WorkingGroup.Duration.TEMPORARY
    assert working.initiated_by == chair.seat.representative.user and working.is_agreed
    assert 4 <= len(working.current) <= 5 and any(m.is_external and m.email for m in working.current)
    document = working.documents.get()
    assert document.file.read().startswith(b"%PDF-") and document.case_document.case.state == "prepared"
    assert working.meetings.get().state == "planned" and working.meetings.get().date > today
    panel = states["Expertpanel för precisionsmedicin"]
    assert panel.state == groups.AWAITING_DECISION and panel.duration == WorkingGroup.Duration.PERMANENT
    assert panel.chair_consulted_on is not None and len(panel.current) == 3
    assert panel.proposed_on_item.meeting.title == "Partnerskapets höstmöte 2026"
    assert panel.proposed_on_item.meeting.state == "noticed" and panel.decision is None
    assert {g.name for g in groups.public_groups(today)} == set(states)
    # The nomination round for 2027: closed, every nomination reviewed, the list compiled on the
    # first meeting of 2027, where it awaits the partnership's decision.
    round_ = NominationRound.objects.get(year=2027)
    calls = list(round_.calls.all())
    assert len(calls) == 5 and all(not call.is_open(today) for call in calls)
    nominations = Nomination.objects.filter(call__round=round_)
    assert 5 <= nominations.count() <= 7
    assert not nominations.filter(review=Nomination.Review.RECEIVED).exists()
    assert nominations.filter(review=Nomination.Review.REJECTED).count() in (1, 2)
    assert {True, False} == set(nominations.values_list("self_nomination", flat=True))
    assert set(nominations.filter(on_list=True)) == set(nominations.filter(review=Nomination.Review.ACCEPTED))
    assert not Partner.objects.filter(org_number__in=nominations.values_list("org_number", flat=True)).exists()
    first_2027 = round_.list_item.meeting
    assert first_2027.title == "Partnerskapets första sammanträde 2027" and first_2027.date.year == 2027
    assert round_.compiled_at is not None and round_.decision is None and first_2027.date > today
    assert first_2027.agenda_items.filter(title__startswith="Fastställande av röstlängd").count() == 1
    # The March debate: three asked for the floor, spoke in order, and the list was closed.
    assert list(SpeakerRequest.objects.values_list("state", flat=True)) == ["done"] * 3
    assert SpeakersListClosing.objects.count() == 1
    assert not NoticeDelivery.objects.exclude(message__status=Message.Status.DONE).exists()
    # Nothing the demo promised is left for the kansli's page of failed and overdue work.
    assert not outbox.problems().exists()
    # Invitations accepted in the same replay were moot by the time the outbox ran.
    assert set(Message.objects.values_list("status", flat=True)) <= {Message.Status.DONE,
                                                                     Message.Status.CANCELLED}


def test_seeding_twice_changes_nothing(seeded):
    from nominations.models import GroupMember, Nomination, WorkingGroup

    def counts():
        return (Partner.objects.count(), Meeting.objects.count(), NoticeDelivery.objects.count(),
                WorkingGroup.objects.count(), GroupMember.objects.count(), Nomination.objects.count(),
                Message.objects.count())

    before = counts()
    call_command("seed_demo", stdout=open("/dev/null", "w"))
    assert counts() == before
