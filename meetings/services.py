"""Every change to meetings goes through a function here (see partnership/services.py)."""

import datetime
import hashlib
import logging

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max, Q
from django.utils import timezone

from meetings import files
from meetings.models import AgendaItem, Attendance, Document, Meeting, NoticeDelivery
from outbox import services as outbox
from outbox.models import Message
from partnership.models import Partner, Representative
from partnership.services import partner_on_roll_days, representative_for, voting_roll_on
from swecan import rules
from swecan.arbetsordning import parameters_by_date, parameters_in_force, version_in_force
from swecan.audit import attributed

logger = logging.getLogger(__name__)


def _params(meeting: Meeting) -> rules.Parameters:
    """A meeting follows the arbetsordning in force on the day it is held (§ 9)."""
    return parameters_in_force(meeting.date)


# Reads ---------------------------------------------------------------------------------


def deadlines(meeting: Meeting, params: rules.Parameters | None = None) -> dict:
    """The notice deadline (R1) and the case deadline (R2) for a meeting, from the rules."""
    params = params or _params(meeting)
    notice_by = rules.notice_deadline(meeting.date, params)
    # R1 and R2 are the partnership's; the AU decides its own forms (§ 2.2).
    return {
        "notice_by": notice_by if meeting.is_partnership else None,
        "cases_by": rules.case_deadline(meeting.notice_date, params) if meeting.is_partnership else None,
        "notice_binding": meeting.is_partnership,
    }


def year_overview(year: int) -> dict:
    meetings = list(Meeting.objects.filter(starts_at__year=year).order_by("starts_at"))
    params = parameters_by_date({m.date for m in meetings})
    # A hybrid meeting has a room too; cancelled meetings do not exist as records.
    physical = sum(1 for m in meetings if m.is_partnership and m.has_physical_room)
    return {
        "meetings": [(m, deadlines(m, params[m.date])) for m in meetings],
        "physical_verdict": rules.check_meetings_per_year(physical, parameters_in_force(datetime.date(year, 12, 31))),
    }


def roll_for(meeting: Meeting):
    """The partners entitled to vote at a partnership meeting: the roll on its date."""
    return voting_roll_on(meeting.date)


def recipients(meeting: Meeting) -> list[tuple[str, str, int | None]]:
    """(e-mail, name, partner id) of everyone called to the meeting."""
    if meeting.is_partnership:
        reps = Representative.objects.filter(
            active=True, partner__in=roll_for(meeting)
        ).order_by("partner__name", "role", "name")
        return [(r.email.lower(), r.name, r.partner_id) for r in reps]
    return [(u.email.lower(), u.get_full_name(), None) for u in meeting.participants.all()]


def is_called(user, meeting: Meeting) -> bool:
    """Whether `user` is called to `meeting` (and may read its documents)."""
    if not user.is_authenticated:
        return False
    if user.is_kansli:
        return True
    if meeting.is_partnership:
        rep = representative_for(user)
        return rep is not None and roll_for(meeting).filter(pk=rep.partner_id).exists()
    return meeting.participants.filter(pk=user.pk).exists()


def meetings_for(user):
    """Upcoming and recent meetings the user is called to, for members' pages and feeds."""
    rep = representative_for(user)
    q = Q(participants=user)
    if rep is not None:
        q |= Q(body=Meeting.Body.PARTNERSHIP)
    meetings = list(
        Meeting.objects.filter(q).exclude(state=Meeting.State.PLANNED).distinct().order_by("starts_at")
    )
    if rep is None:
        return meetings
    # Partnership meetings only when the user's partner is on that meeting's roll.
    days = {m.date for m in meetings if m.is_partnership}
    on_roll = partner_on_roll_days(rep.partner_id, days)
    return [m for m in meetings if not m.is_partnership or m.date in on_roll]


def can_read_document(user, document: Document) -> bool:
    """Documents go out with the notice: before it, only the kansli reads them."""
    if document.meeting.state == Meeting.State.PLANNED:
        return user.is_authenticated and user.is_kansli
    return document.is_public or is_called(user, document.meeting)


def quorum_at(meeting: Meeting, moment: datetime.datetime) -> dict:
    """Quorum (§ 3.3, R3) at `moment`: present partners on the roll per sector, and the verdict."""
    roll = list(roll_for(meeting).values_list("pk", "sector"))
    sector_of = dict(roll)
    present = set(
        Attendance.objects.filter(meeting=meeting, arrived_at__lte=moment)
        .filter(Q(departed_at__isnull=True) | Q(departed_at__gt=moment))
        .values_list("partner_id", flat=True)
    )
    by_sector = dict.fromkeys(rules.SECTORS, 0)
    roll_by_sector = dict.fromkeys(rules.SECTORS, 0)
    for _pk, sector in roll:
        roll_by_sector[sector] += 1
    for pk in present:
        if pk in sector_of:
            by_sector[sector_of[pk]] += 1
    verdict = (
        rules.check_quorum(by_sector, len(roll), _params(meeting)) if roll
        else rules.Verdict(False, "§ 3.3", "Röstlängden är tom; partnerskapet kan inte fatta beslut.")
    )
    return {
        "moment": moment,
        "verdict": verdict,
        "present": sum(by_sector.values()),
        "roll_size": len(roll),
        "needed": rules.quorum_needed(len(roll), _params(meeting)) if roll else None,
        "sectors": [(code, rules.SECTOR_LABELS[code], by_sector[code], roll_by_sector[code])
                    for code in rules.SECTORS],
    }


# Planning ------------------------------------------------------------------------------


def _check_schedule(*, starts_at, ends_at, body, notice_sent: datetime.date | None, on: datetime.date,
                    moved: bool = True):
    errors = {}
    meeting_date = timezone.localtime(starts_at).date()
    if moved and starts_at <= timezone.now():
        errors["starts_at"] = "Mötet kan inte planeras i det förflutna."
    elif moved and body == Meeting.Body.PARTNERSHIP:
        # Before the notice: it must still be possible to send it in time.
        # After it: the notice already sent must stay far enough ahead (§ 3.1).
        verdict = rules.check_notice(meeting_date, notice_sent or on, parameters_in_force(meeting_date))
        if not verdict:
            errors["starts_at"] = f"{verdict.reason} Välj ett senare datum ({verdict.rule})."
    if ends_at <= starts_at:
        errors["ends_at"] = "Mötet måste sluta efter att det har börjat."
    if errors:
        raise ValidationError(errors)


def _planned_notice_date(planned: datetime.date | None, meeting_date: datetime.date) -> datetime.date:
    """Empty means the last day the rules allow (never before today)."""
    today = timezone.localdate()
    if not planned:
        return max(today, rules.notice_deadline(meeting_date, parameters_in_force(meeting_date)))
    if planned > meeting_date:
        raise ValidationError({"planned_notice_date": "Kallelsen kan inte planeras efter mötet."})
    if planned < today:
        raise ValidationError({"planned_notice_date": "Kallelsen kan inte planeras till ett datum som "
                                                      "redan har passerat."})
    return planned


@transaction.atomic
def meeting_plan(*, by, fields: dict) -> Meeting:
    """Plan a meeting; a partnership meeting needs room for the notice (§ 3.1)."""
    fields = dict(fields)
    participants = fields.pop("participants", None)
    today = timezone.localdate()
    _check_schedule(starts_at=fields["starts_at"], ends_at=fields["ends_at"], body=fields["body"],
                    notice_sent=None, on=today)
    meeting_date = timezone.localtime(fields["starts_at"]).date()
    params = parameters_in_force(meeting_date)
    fields["planned_notice_date"] = _planned_notice_date(fields.get("planned_notice_date"), meeting_date)
    meeting = attributed(
        Meeting(**fields, created_by=by, rules_version=version_in_force(meeting_date)), by
    )
    if meeting.is_partnership:
        verdict = rules.check_notice(meeting_date, meeting.planned_notice_date, params)
        if not verdict:
            raise ValidationError({"planned_notice_date": f"{verdict.reason} ({verdict.rule})"})
    meeting.save()
    if participants is not None:
        meeting.participants.set(participants)
    return meeting


@transaction.atomic
def meeting_update(*, by, meeting: Meeting, fields: dict) -> Meeting:
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    before = Meeting.objects.get(pk=meeting.pk)
    fields = dict(fields)
    participants = fields.pop("participants", None)
    if meeting.state in (Meeting.State.HELD, Meeting.State.CLOSED):
        raise ValidationError("Ett genomfört möte kan inte ändras.")
    if meeting.notice_is_sent and fields.get("body", meeting.body) != meeting.body:
        raise ValidationError({"body": "Kallelsen är skickad; mötet kan inte byta organ."})
    moved = fields.get("starts_at", meeting.starts_at) != meeting.starts_at
    if moved or fields.get("ends_at", meeting.ends_at) != meeting.ends_at:
        # A meeting that has begun may still run over: only a move is checked against the rules.
        _check_schedule(starts_at=fields.get("starts_at", meeting.starts_at),
                        ends_at=fields.get("ends_at", meeting.ends_at),
                        body=fields.get("body", meeting.body),
                        notice_sent=meeting.notice_date if meeting.notice_is_sent else None,
                        on=timezone.localdate(), moved=moved)
    if "planned_notice_date" in fields:
        if fields["planned_notice_date"] == meeting.planned_notice_date and not moved:
            del fields["planned_notice_date"]  # unchanged: no need to judge it again
        else:
            fields["planned_notice_date"] = _planned_notice_date(
                fields["planned_notice_date"],
                timezone.localtime(fields.get("starts_at", meeting.starts_at)).date(),
            )
    for name, value in fields.items():
        setattr(meeting, name, value)
    if meeting.is_partnership and not meeting.notice_is_sent:
        verdict = rules.check_notice(meeting.date, meeting.planned_notice_date, _params(meeting))
        if not verdict:
            raise ValidationError({"planned_notice_date": f"{verdict.reason} ({verdict.rule})"})
    if moved:
        meeting.rules_version = version_in_force(meeting.date)
    changed = [name for name in CHANGE_FIELDS if getattr(meeting, name) != getattr(before, name)]
    if meeting.notice_is_sent and changed:
        meeting.sequence += 1
    attributed(meeting, by).save()
    if participants is not None:
        meeting.participants.set(participants)
    if meeting.notice_is_sent and changed:
        # Everyone called hears of the new time or place, with an updated calendar event.
        _create_deliveries(meeting, NoticeDelivery.Kind.CHANGE, recipients(meeting), by=by)
    return meeting


# What people called to a meeting must be told about when it changes after the notice.
CHANGE_FIELDS = ("starts_at", "ends_at", "place", "online_link", "form")


@transaction.atomic
def agenda_item_add(*, by, meeting: Meeting, title: str, kind: str, presenter: str = "",
                    description: str = "") -> AgendaItem:
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if meeting.state in (Meeting.State.HELD, Meeting.State.CLOSED):
        raise ValidationError("Dagordningen för ett genomfört möte kan inte ändras.")
    last = meeting.agenda_items.aggregate(m=Max("position"))["m"] or 0
    item = attributed(
        AgendaItem(meeting=meeting, position=last + 1, title=title.strip(), kind=kind,
                   presenter=presenter.strip(), description=description.strip(),
                   added_after_notice=meeting.notice_is_sent),
        by,
    )
    item.save()
    return item


@transaction.atomic
def agenda_item_move(*, by, item: AgendaItem, direction: int) -> None:
    """Swap an item with its neighbour (direction -1 up, +1 down)."""
    meeting = Meeting.objects.select_for_update().get(pk=item.meeting_id)
    if meeting.state in (Meeting.State.HELD, Meeting.State.CLOSED):
        raise ValidationError("Dagordningen för ett genomfört möte kan inte ändras.")
    items = list(AgendaItem.objects.filter(meeting=meeting).order_by("position"))
    index = next(i for i, it in enumerate(items) if it.pk == item.pk)
    other = index + direction
    if not 0 <= other < len(items):
        return
    items[index], items[other] = items[other], items[index]
    for position, it in enumerate(items, start=1):
        if it.position != position:
            it.position = position
            attributed(it, by).save(update_fields=["position"])


@transaction.atomic
def agenda_item_remove(*, by, item: AgendaItem) -> None:
    meeting = Meeting.objects.select_for_update().get(pk=item.meeting_id)
    if meeting.notice_is_sent:
        raise ValidationError("Kallelsen är skickad; punkter tas inte bort från en utsänd dagordning.")
    if item.documents.exists():
        raise ValidationError("Punkten har dokument. Flytta eller ta bort dem först.")
    attributed(item, by).delete()
    for position, it in enumerate(meeting.agenda_items.order_by("position"), start=1):
        if it.position != position:
            it.position = position
            attributed(it, by).save(update_fields=["position"])


@transaction.atomic
def document_upload(*, by, meeting: Meeting, title: str, uploaded, agenda_item: AgendaItem | None = None,
                    is_public: bool = False) -> Document:
    """Attach a decision document; the type is checked by content, the size by the limit."""
    if uploaded.size > settings.DOCUMENT_MAX_BYTES:
        limit_mb = settings.DOCUMENT_MAX_BYTES / (1024 * 1024)
        raise ValidationError({"file": f"Filen är för stor ({uploaded.size / (1024 * 1024):.1f} MB); "
                                       f"högst {limit_mb:.0f} MB."})
    file_type = files.detect_type(uploaded)
    extension = uploaded.name.rsplit(".", 1)[-1].lower() if "." in uploaded.name else ""
    if file_type is None or extension != file_type:
        raise ValidationError({"file": "Endast PDF, DOCX, XLSX och ODT tas emot, och filens innehåll "
                                       "måste stämma med filändelsen."})
    if agenda_item is not None and agenda_item.meeting_id != meeting.pk:
        raise ValidationError({"agenda_item": "Punkten hör till ett annat möte."})
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    digest = hashlib.sha256()
    for chunk in uploaded.chunks():
        digest.update(chunk)
    uploaded.seek(0)
    document = attributed(
        Document(meeting=meeting, agenda_item=agenda_item, title=title.strip(), file=uploaded,
                 original_name=uploaded.name[:255], file_type=file_type, size=uploaded.size,
                 sha256=digest.hexdigest(), is_late=meeting.notice_is_sent, is_public=is_public,
                 uploaded_by=by),
        by,
    )
    document.save()
    return document


# The kallelse --------------------------------------------------------------------------


def notice_verdict(meeting: Meeting, on: datetime.date | None = None) -> rules.Verdict:
    """Whether the notice may be sent on `on` (today)."""
    return rules.check_notice_sendable(
        meeting.date, on or timezone.localdate(), meeting.agenda_items.count(),
        binding=meeting.is_partnership, params=_params(meeting),
    )


@transaction.atomic
def notice_send(*, by, meeting: Meeting) -> int:
    """Send the kallelse to everyone called: records one delivery per person, e-mails on commit."""
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if meeting.notice_is_sent:
        raise ValidationError(f"Kallelsen skickades redan {timezone.localtime(meeting.notice_sent_at):%Y-%m-%d %H:%M}.")
    verdict = notice_verdict(meeting)
    if not verdict:
        raise ValidationError(f"{verdict.reason} ({verdict.rule})")
    people = recipients(meeting)
    if not people:
        raise ValidationError("Det finns ingen att kalla: röstlängden eller listan över kallade är tom.")
    meeting.notice_sent_at = timezone.now()
    meeting.state = Meeting.State.NOTICED
    meeting.rules_version = version_in_force(meeting.date)  # the version the notice was judged by
    attributed(meeting, by).save(update_fields=["notice_sent_at", "state", "rules_version"])
    _create_deliveries(meeting, NoticeDelivery.Kind.NOTICE, people, by=by)
    return len(people)


def _create_deliveries(meeting, kind, people, *, by=None):
    """One delivery per person, each with its outbox message, written with the change that
    calls for it. A change is told once per change; a notice and a reminder once per meeting."""
    sequence = meeting.sequence if kind == NoticeDelivery.Kind.CHANGE else 0
    existing = set(
        NoticeDelivery.objects.filter(meeting=meeting, kind=kind, sequence=sequence)
        .values_list("email", flat=True)
    )
    people = [p for p in people if p[0] not in existing]
    messages = outbox.enqueue_many(
        "meeting_delivery",
        [(f"meeting:{meeting.pk}:{kind}:{sequence}:{email}", email, {"meeting_id": meeting.pk})
         for email, _name, _partner_id in people],
        by=by,
    )
    for (email, name, partner_id), message in zip(people, messages, strict=True):
        NoticeDelivery(meeting=meeting, kind=kind, sequence=sequence, email=email, name=name,
                       partner_id=partner_id, message=message).save()


def undelivered(meeting: Meeting):
    """Deliveries not (yet) sent: failed, waiting, or claimed by a worker that died."""
    return meeting.deliveries.filter(message__in=Message.objects.filter(outbox.not_delivered()))


def notice_resend_failed(*, by, meeting: Meeting) -> int:
    """Send again everything not delivered, recorded as `by`'s act; those already sent get nothing."""
    return outbox.messages_retry(
        by=by, messages=[d.message for d in undelivered(meeting).select_related("message")]
    )


def reminders_due(today: datetime.date | None = None) -> int:
    """Queue a reminder to everyone called a week before each noticed meeting; returns how
    many meetings got reminders."""
    today = today or timezone.localdate()
    count = 0
    # Every noticed meeting within the coming week, so a day the scheduler missed is
    # caught up the next day; a person gets one reminder per meeting (unique delivery).
    for meeting in Meeting.objects.filter(state=Meeting.State.NOTICED,
                                          starts_at__date__gt=today,
                                          starts_at__date__lte=today + datetime.timedelta(days=7)):
        if meeting.deliveries.filter(kind=NoticeDelivery.Kind.REMINDER).exists():
            continue  # already reminded; undelivered ones are resent from the meeting page
        with transaction.atomic():
            _create_deliveries(meeting, NoticeDelivery.Kind.REMINDER, recipients(meeting))  # by the beat
        count += 1
    return count


# Attendance ----------------------------------------------------------------------------


def _may_register_for(user, partner: Partner) -> bool:
    return user.is_kansli or representative_for(user, partner.pk) is not None


@transaction.atomic
def attendance_register(*, by, meeting: Meeting, partner: Partner, arrived_at,
                        departed_at=None, representatives=()) -> Attendance:
    """Record a partner present from `arrived_at` (to `departed_at`), one interval at a time."""
    if not _may_register_for(by, partner):
        raise ValidationError("Du kan bara anmäla närvaro för den partner du företräder.")
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if meeting.state in (Meeting.State.PLANNED, Meeting.State.CLOSED):
        raise ValidationError("Närvaro registreras för kallade möten som inte är avslutade.")
    if meeting.is_partnership and not roll_for(meeting).filter(pk=partner.pk).exists():
        raise ValidationError({"partner": f"{partner.name} finns inte på röstlängden för "
                                          f"{meeting.date:%Y-%m-%d}."})
    if departed_at is not None and departed_at <= arrived_at:
        raise ValidationError({"departed_at": "Avgången måste vara efter ankomsten."})
    _check_within_meeting(meeting, arrived_at, "arrived_at")
    overlapping = Attendance.objects.filter(meeting=meeting, partner=partner).filter(
        Q(departed_at__isnull=True) | Q(departed_at__gt=arrived_at)
    )
    if departed_at is not None:
        overlapping = overlapping.filter(arrived_at__lt=departed_at)
    if overlapping.exists():
        raise ValidationError({"arrived_at": f"{partner.name} är redan registrerad som närvarande "
                                             "under den tiden."})
    reps = list(representatives)
    if any(r.partner_id != partner.pk for r in reps):
        raise ValidationError({"representatives": "Representanterna måste företräda partnern."})
    attendance = attributed(
        Attendance(meeting=meeting, partner=partner, arrived_at=arrived_at, departed_at=departed_at,
                   registered_by=by),
        by,
    )
    attendance.save()
    attendance.representatives.set(reps)
    return attendance


# People arrive a little early; anything further from the meeting is a typing error.
EARLY_ARRIVAL = datetime.timedelta(hours=2)


def _check_within_meeting(meeting: Meeting, moment, field: str):
    if not (meeting.starts_at - EARLY_ARRIVAL <= moment <= meeting.ends_at):
        start, end = timezone.localtime(meeting.starts_at), timezone.localtime(meeting.ends_at)
        raise ValidationError({field: f"Tiden måste ligga under mötet ({start:%Y-%m-%d %H:%M}–{end:%H:%M})."})


@transaction.atomic
def attendance_depart(*, by, attendance: Attendance, departed_at) -> Attendance:
    attendance = (
        Attendance.objects.select_for_update().select_related("partner", "meeting").get(pk=attendance.pk)
    )
    if not _may_register_for(by, attendance.partner):
        raise ValidationError("Du kan bara anmäla närvaro för den partner du företräder.")
    if attendance.meeting.state == Meeting.State.CLOSED:
        raise ValidationError("Mötet är avslutat; närvaron kan inte längre ändras.")
    if attendance.departed_at is not None:
        raise ValidationError("Avgången är redan registrerad.")
    if departed_at <= attendance.arrived_at:
        raise ValidationError({"departed_at": "Avgången måste vara efter ankomsten "
                                              f"({timezone.localtime(attendance.arrived_at):%H:%M})."})
    attendance.departed_at = departed_at
    attributed(attendance, by).save(update_fields=["departed_at"])
    return attendance


@transaction.atomic
def meeting_set_state(*, by, meeting: Meeting, state: str) -> Meeting:
    """planned → noticed (by sending the notice) → held → closed."""
    if state not in Meeting.State.values:
        raise ValidationError(f"Okänd status: {state!r}.")
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    allowed = {Meeting.State.NOTICED: Meeting.State.HELD, Meeting.State.HELD: Meeting.State.CLOSED}
    if allowed.get(meeting.state) != state:
        raise ValidationError(f"Mötet kan inte gå från {meeting.get_state_display().lower()} till "
                              f"{Meeting.State(state).label.lower()}.")
    if state == Meeting.State.HELD and meeting.starts_at > timezone.now():
        raise ValidationError("Mötet har inte börjat ännu.")
    meeting.state = state
    attributed(meeting, by).save(update_fields=["state"])
    return meeting
