"""The minutes (protokoll, § 3.2, § 7; R5): drafted from the record, the prose edited by the
kansli, finished within the days the arbetsordning gives (the dashboard shows the due date and a
beat task reminds the kansli), rendered as PDF/A through the outbox, approved at the next meeting
by its item "approval of the previous minutes". A finished text is never edited in place: a
correction is a new revision with its reason, and every revision stays published."""

import datetime

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext, override

from decisions import minutes_record
from decisions.access import may_keep_minutes
from decisions.models import Decision, Minutes, MinutesRevision, Vote
from decisions.publication import PUBLISHED_MINUTES
from meetings.models import AgendaItem, Meeting
from meetings.services import agenda_item_add
from outbox import services as outbox
from swecan import rules
from swecan.arbetsordning import Timeline
from swecan.audit import attributed, saved_unless_taken

# Days before the due date when the kansli is reminded, and on the day itself (0).
REMINDER_DAYS = (3, 0)


# Reads ---------------------------------------------------------------------------------------


def due_on(meeting: Meeting, timeline: Timeline | None = None) -> datetime.date:
    """The last day to finish the minutes (R5), each day judged by the version in force on it."""
    timeline = timeline or Timeline()
    return timeline.last_day(lambda params: rules.minutes_due(meeting.date, params))


def minutes_of(meeting: Meeting) -> Minutes | None:
    return Minutes.objects.filter(meeting=meeting).first()


def current_revision(minutes: Minutes) -> MinutesRevision | None:
    return minutes.revisions.order_by("-number").first()


def published_minutes():
    """The minutes the public reads: finished (not yet approved) or approved."""
    return (Minutes.objects.filter(state__in=PUBLISHED_MINUTES)
            .select_related("meeting").order_by("-meeting__starts_at"))


def draft_content(minutes: Minutes) -> dict:
    """What the minutes would say if finished today (the preview while drafting)."""
    return minutes_record.record(minutes.meeting, minutes, finished_on=timezone.localdate())


def open_votes(meeting: Meeting):
    return Vote.objects.filter(agenda_item__meeting=meeting, state=Vote.State.OPEN)


# Checks --------------------------------------------------------------------------------------


def _check_keeps(by, meeting: Meeting) -> None:
    if not may_keep_minutes(by, meeting):
        raise PermissionDenied(gettext("Bara kansliet för protokollet."))


def not_held_refusal(meeting: Meeting) -> str | None:
    """Why the meeting's minutes cannot be written yet (None once it is held): the one reason the
    services refuse with and the page shows."""
    if meeting.is_over:
        return None
    return gettext("Sammanträdet är inte genomfört; protokollet skrivs efter sammanträdet.")


def _check_held(meeting: Meeting) -> None:
    reason = not_held_refusal(meeting)
    if reason:
        raise ValidationError(reason)


def _locked(minutes: Minutes) -> Minutes:
    return Minutes.objects.select_for_update(of=("self",)).select_related("meeting").get(pk=minutes.pk)


# Services ------------------------------------------------------------------------------------


@transaction.atomic
def minutes_start(*, by, meeting: Meeting) -> Minutes:
    """Start the minutes of a held meeting; a second click finds the first draft."""
    _check_keeps(by, meeting)
    _check_held(meeting)
    minutes = attributed(Minutes(meeting=meeting, created_by=by, keeper=by.get_full_name()), by)
    if not saved_unless_taken(minutes):
        return Minutes.objects.get(meeting=meeting)
    return minutes


def _clean_prose(fields: dict, item_ids: set[int]) -> dict:
    cleaned = {key: (fields.get(key) or "").strip() for key in ("introduction", "closing", "keeper", "adjuster")}
    notes = {}
    for key, text in (fields.get("item_notes") or {}).items():
        if int(key) not in item_ids:
            raise ValidationError(gettext("Punkten hör inte till sammanträdet."))
        if (text or "").strip():
            notes[str(int(key))] = text.strip()
    cleaned["item_notes"] = notes
    if not cleaned["keeper"]:
        raise ValidationError({"keeper": gettext("Ange protokollföraren.")})
    return cleaned


def _item_ids(meeting: Meeting) -> set[int]:
    return set(AgendaItem.objects.filter(meeting=meeting).values_list("pk", flat=True))


@transaction.atomic
def minutes_edit(*, by, minutes: Minutes, fields: dict) -> Minutes:
    """The kansli edits the prose of a draft: introduction, notes per item, closing, keeper, adjuster."""
    minutes = _locked(minutes)
    _check_keeps(by, minutes.meeting)
    minutes.check_allowed("edit")
    for key, value in _clean_prose(fields, _item_ids(minutes.meeting)).items():
        setattr(minutes, key, value)
    minutes.updated_at = timezone.now()
    attributed(minutes, by).save()
    return minutes


def _revision(by, minutes: Minutes, *, number: int, reason: str = "") -> MinutesRevision:
    today = timezone.localdate()
    revision = attributed(MinutesRevision(
        minutes=minutes, number=number, reason=reason, finished_by=by,
        content=minutes_record.record(minutes.meeting, minutes, finished_on=today)), by)
    revision.save()
    # The PDF/A is rendered by the worker; the page says so until it is there.
    outbox.enqueue("minutes_pdf", key=f"minutes-pdf:{revision.pk}",
                   payload={"revision_id": revision.pk, "meeting_id": minutes.meeting_id}, by=by)
    return revision


@transaction.atomic
def minutes_finish(*, by, minutes: Minutes) -> MinutesRevision:
    """Finish the minutes: the record is frozen into revision 1, the PDF/A is ordered, the minutes
    are published as finished, not yet approved, and the next meeting gets the approval item."""
    minutes = _locked(minutes)
    meeting = minutes.meeting
    _check_keeps(by, meeting)
    minutes.check_allowed("finish")
    _check_held(meeting)
    if open_votes(meeting).exists():
        raise ValidationError(gettext("En omröstning pågår fortfarande på sammanträdet; protokollet kan inte "
                                      "färdigställas förrän den är avslutad."))
    if not minutes.keeper:
        raise ValidationError({"keeper": gettext("Ange protokollföraren.")})
    minutes.finish()
    minutes.updated_at = timezone.now()
    attributed(minutes, by).save()
    revision = _revision(by, minutes, number=1)
    _approval_item_ensure(by, minutes)
    return revision


@transaction.atomic
def minutes_correct(*, by, minutes: Minutes, reason: str, fields: dict) -> MinutesRevision:
    """A correction of finished minutes: a new revision with its reason; the earlier ones stay."""
    minutes = _locked(minutes)
    _check_keeps(by, minutes.meeting)
    minutes.check_allowed("correct")
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": gettext("Skriv skälet till rättelsen.")})
    for key, value in _clean_prose(fields, _item_ids(minutes.meeting)).items():
        setattr(minutes, key, value)
    minutes.updated_at = timezone.now()
    attributed(minutes, by).save()
    last = minutes.revisions.order_by("-number").first()
    return _revision(by, minutes, number=last.number + 1, reason=reason)


def minutes_store_pdf(*, revision_id: int, pdf_bytes: bytes) -> MinutesRevision:
    """The worker stores a revision's rendered PDF/A (the outbox handler's one write)."""
    import hashlib

    from django.core.files.base import ContentFile

    revision = MinutesRevision.objects.select_related("minutes__meeting").get(pk=revision_id)
    revision.pdf.save(revision.download_name, ContentFile(pdf_bytes), save=False)
    revision.pdf_sha256 = hashlib.sha256(pdf_bytes).hexdigest()
    revision.save(update_fields=["pdf", "pdf_sha256"])
    return revision


# The approval at the next meeting ------------------------------------------------------------


def _next_meeting(meeting: Meeting) -> Meeting | None:
    later = Meeting.objects.filter(body=meeting.body, starts_at__gt=meeting.starts_at,
                                   state__in=[Meeting.State.PLANNED, Meeting.State.NOTICED])
    if meeting.body == Meeting.Body.WORKING_GROUP:
        later = later.filter(group_name=meeting.group_name)
    return later.order_by("starts_at").first()


def _approval_title(meeting: Meeting) -> str:
    with override("sv"):  # the agenda's language, like every agenda item
        return gettext("Godkännande av protokollet från sammanträdet %(date)s") % {
            "date": date_format(meeting.date, "j F Y")}


def _approval_item_ensure(by, minutes: Minutes) -> None:
    """Put "approval of the previous minutes" on the next meeting's agenda, or link the item it
    already has; when no next meeting is planned yet, planning one does it (below)."""
    if minutes.approval_item_id:
        return
    following = _next_meeting(minutes.meeting)
    if following is None:
        return
    item = (AgendaItem.objects.filter(meeting=following, kind=AgendaItem.Kind.MINUTES_APPROVAL,
                                      approves_minutes__isnull=True).order_by("position").first())
    if item is None:
        item = agenda_item_add(by=by, meeting=following, title=_approval_title(minutes.meeting),
                               kind=AgendaItem.Kind.MINUTES_APPROVAL, presenter=gettext("Kansliet"))
    minutes.approval_item = item
    attributed(minutes, by).save(update_fields=["approval_item"])


def link_waiting_minutes(sender, meeting: Meeting, by, **kwargs):
    """A meeting planned after finished minutes that wait for an approval item gets it."""
    if meeting.state != Meeting.State.PLANNED:
        return
    waiting = (Minutes.objects.filter(approval_item__isnull=True, meeting__body=meeting.body,
                                      meeting__starts_at__lt=meeting.starts_at)
               .exclude(state=Minutes.State.DRAFT).select_related("meeting").order_by("meeting__starts_at"))
    for minutes in waiting:
        if _next_meeting(minutes.meeting) == meeting:
            _approval_item_ensure(by, _locked(minutes))


def approve_minutes(sender, decision: Decision, by, **kwargs):
    """Adopting the approval item approves the minutes it names (§ 3.2)."""
    item = decision.agenda_item
    if item.kind != AgendaItem.Kind.MINUTES_APPROVAL:
        return
    minutes = Minutes.objects.select_for_update(of=("self",)).filter(approval_item=item).first()
    if minutes is None or decision.outcome != Decision.Outcome.ADOPTED:
        return
    minutes.approve(decision.decided_at)
    attributed(minutes, by).save()


# The reminder before the due date (a beat task) ---------------------------------------------


def reminders_due(today: datetime.date | None = None) -> int:
    """Remind the kansli of minutes not finished REMINDER_DAYS before their due date and on it;
    once per meeting and day (the outbox key), however often the task runs."""
    today = today or timezone.localdate()
    timeline = Timeline()
    kansli = list(get_user_model().objects.filter(is_kansli=True, is_active=True).exclude(email=""))
    items = []
    held = (Meeting.objects.filter(state__in=[Meeting.State.HELD, Meeting.State.CLOSED],
                                   body=Meeting.Body.PARTNERSHIP)
            .exclude(minutes__state__in=PUBLISHED_MINUTES))
    for meeting in held:
        due = due_on(meeting, timeline)
        days_left = (due - today).days
        if days_left not in REMINDER_DAYS:
            continue
        for user in kansli:
            items.append((f"minutes-due:{meeting.pk}:{due.isoformat()}:{days_left}:{user.pk}", user.email,
                          {"meeting_id": meeting.pk, "due": due.isoformat(), "user_id": user.pk}))
    if not items:
        return 0
    from outbox.models import Message

    already = set(Message.objects.filter(key__in=[key for key, _r, _p in items]).values_list("key", flat=True))
    with transaction.atomic():
        outbox.enqueue_many("minutes_due_reminder", items)
    return len(items) - len(already)
