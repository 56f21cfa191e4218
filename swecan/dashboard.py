"""What needs you: the reads behind /mina-sidor/ (a fixed number of queries however much there is).

Only reads; each item links to the page where the work is done.
"""

import datetime
from dataclasses import dataclass, field

from django.db.models import Exists, OuterRef
from django.utils import timezone

from meetings.models import AdvanceAnswer, Document, Meeting, MeetingVisit
from partnership.models import Invitation, Partner, Representative, SignedDeclaration
from swecan.arbetsordning import Timeline

SHOWN = 10  # longer lists show the first ones and a count; the linked page has them all


@dataclass
class Listed:
    items: list
    total: int

    @property
    def more(self) -> int:
        return self.total - len(self.items)


@dataclass
class NoticeDue:
    meeting: Meeting
    due: datetime.date
    binding: bool  # R1 binds partnership meetings; others have only a planned day (§ 2.2)


@dataclass
class MinutesDue:
    meeting: Meeting
    due: datetime.date


@dataclass
class KansliTasks:
    notices: list = field(default_factory=list)
    minutes: list = field(default_factory=list)
    invitations: Listed | None = None
    outbox_problems: int = 0
    unsigned: Listed | None = None
    mandates_ending: list = field(default_factory=list)
    nominations_to_review: list = field(default_factory=list)


def kansli_tasks() -> KansliTasks:
    from decisions.minutes import due_on as minutes_due_on
    from decisions.publication import PUBLISHED_MINUTES
    from meetings.services import notice_deadline
    from outbox.services import problems
    from partnership.services import current_declaration_text

    now = timezone.now()
    timeline = Timeline()  # each deadline by the version in force on its own day (rules.md)
    tasks = KansliTasks()
    for meeting in Meeting.objects.filter(state=Meeting.State.PLANNED).order_by("starts_at"):
        if meeting.is_partnership:
            tasks.notices.append(NoticeDue(meeting, notice_deadline(meeting.date, timeline), True))
        else:
            tasks.notices.append(NoticeDue(meeting, meeting.planned_notice_date, False))
    tasks.notices.sort(key=lambda n: n.due)
    # Held meetings whose minutes are not finished yet (a draft still counts as to do).
    held = (Meeting.objects.filter(state__in=[Meeting.State.HELD, Meeting.State.CLOSED], body=Meeting.Body.PARTNERSHIP)
            .exclude(minutes__state__in=PUBLISHED_MINUTES))
    for meeting in held.order_by("starts_at"):
        tasks.minutes.append(MinutesDue(meeting, minutes_due_on(meeting, timeline)))

    unanswered = Invitation.objects.open().filter(partner__status__in=[
        Partner.Status.INVITED, Partner.Status.ACTIVE]).select_related("partner").order_by("sent_at", "pk")
    invitations = list(unanswered[:SHOWN])
    for invitation in invitations:
        invitation.age_days = (now - invitation.sent_at).days
        invitation.is_expired = invitation.expires_at <= now
    tasks.invitations = Listed(invitations, unanswered.count() if len(invitations) == SHOWN else len(invitations))

    tasks.outbox_problems = problems().count()

    text = current_declaration_text()
    if text is not None:
        # Someone can sign for the partner (an active representative), and the current text is unsigned.
        missing = (
            Partner.objects.counting_towards_cap()
            .filter(Exists(Representative.objects.filter(partner=OuterRef("pk"), active=True)))
            .exclude(Exists(SignedDeclaration.objects.filter(partner=OuterRef("pk"), text=text)))
            .order_by("name")
        )
        partners = list(missing[:SHOWN])
        tasks.unsigned = Listed(partners, missing.count() if len(partners) == SHOWN else len(partners))
    _committee_tasks(tasks)
    return tasks


def _committee_tasks(tasks: KansliTasks) -> None:
    """The AU's mandates ending within 60 days (R8) and nominations not yet reviewed, per round."""
    from django.db.models import Count

    from nominations.models import Nomination, NominationRound
    from nominations.seats import ending_soon

    tasks.mandates_ending = ending_soon()
    tasks.nominations_to_review = list(
        NominationRound.objects.filter(calls__nominations__review=Nomination.Review.RECEIVED)
        .annotate(waiting=Count("calls__nominations")).order_by("year"))


@dataclass
class NewDocuments:
    meeting: Meeting
    count: int


@dataclass
class RepresentativeTasks:
    to_answer: list = field(default_factory=list)
    new_documents: list = field(default_factory=list)
    needs_signature: bool = False


def representative_tasks(user, rep: Representative | None) -> RepresentativeTasks:
    """For anyone called to meetings; `rep` (the user's acting representation) adds the
    partner's own work: advance answers and the declaration."""
    from meetings.services import meetings_for
    from partnership.services import needs_signature

    tasks = RepresentativeTasks()
    now = timezone.now()
    meetings = [m for m in meetings_for(user) if m.ends_at >= now - datetime.timedelta(days=30)]
    ids = [m.pk for m in meetings]
    if rep is not None:
        answered = set(AdvanceAnswer.objects.filter(partner_id=rep.partner_id, meeting_id__in=ids)
                       .values_list("meeting_id", flat=True))
        tasks.to_answer = [m for m in meetings if m.is_partnership and m.pk not in answered
                           and m.refusal("answer", now) is None]
        tasks.needs_signature = needs_signature(rep.partner)
    seen = MeetingVisit.objects.filter(user=user, meeting=OuterRef("meeting_id"),
                                       seen_at__gte=OuterRef("uploaded_at"))
    counts: dict[int, int] = {}
    for meeting_id in (Document.objects.filter(meeting_id__in=ids).filter(~Exists(seen))
                       .values_list("meeting_id", flat=True)):
        counts[meeting_id] = counts.get(meeting_id, 0) + 1
    tasks.new_documents = [NewDocuments(m, counts[m.pk]) for m in meetings if m.pk in counts]
    return tasks
