"""Every change to meetings goes through a function here (see partnership/services.py)."""

import datetime
import hashlib
import logging

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max, Prefetch, Q
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext, gettext_noop

from meetings import files, signals
from meetings.models import AdvanceAnswer, AgendaItem, Attendance, Document, Meeting, NoticeDelivery
from outbox import services as outbox
from outbox.models import Message
from partnership.access import acting_representative, may_act_for
from partnership.bodies import committee_members, is_committee_member
from partnership.models import Partner, Representative
from partnership.services import partner_on_roll_days, voting_roll_on
from swecan import rules
from swecan.arbetsordning import Timeline, parameters_in_force, version_in_force
from swecan.audit import attributed

logger = logging.getLogger(__name__)


def _params(meeting: Meeting) -> rules.Parameters:
    """What is decided at the meeting (quorum) is judged on the day it is held (§ 9)."""
    return parameters_in_force(meeting.date)


# Reads ---------------------------------------------------------------------------------


def notice_deadline(meeting_date: datetime.date, timeline: Timeline | None = None) -> datetime.date:
    """The last day a notice is in time (R1), each day judged by the version then in force."""
    return (timeline or Timeline()).last_day(lambda params: rules.notice_deadline(meeting_date, params))


def case_deadline(notice_date: datetime.date, timeline: Timeline | None = None) -> datetime.date:
    """The last day to submit a case for a notice on `notice_date` (R2), judged the same way."""
    return (timeline or Timeline()).last_day(lambda params: rules.case_deadline(notice_date, params))


def deadlines(meeting: Meeting, timeline: Timeline | None = None) -> dict:
    """The notice deadline (R1) and the case deadline (R2) for a meeting, from the rules."""
    # R1 and R2 are the partnership's; the AU decides its own forms (§ 2.2).
    if not meeting.is_partnership:
        return {"notice_by": None, "cases_by": None, "notice_binding": False}
    timeline = timeline or Timeline()
    return {
        "notice_by": notice_deadline(meeting.date, timeline),
        "cases_by": case_deadline(meeting.notice_date, timeline),
        "notice_binding": True,
    }


def overlapping(meetings) -> set[int]:
    """Ids of the partnership meetings among `meetings` that overlap another one in time."""
    ordered = sorted((m for m in meetings if m.is_partnership), key=lambda m: m.starts_at)
    clashing = set()
    for index, meeting in enumerate(ordered):
        for other in ordered[index + 1:]:
            if other.starts_at >= meeting.ends_at:
                break
            clashing |= {meeting.pk, other.pk}
    return clashing


def overlaps_with(meeting: Meeting) -> list[Meeting]:
    """Other partnership meetings at the same time as `meeting` (a warning, not a refusal)."""
    if not meeting.is_partnership:
        return []
    return list(Meeting.objects.filter(body=Meeting.Body.PARTNERSHIP, starts_at__lt=meeting.ends_at,
                                       ends_at__gt=meeting.starts_at).exclude(pk=meeting.pk))


def year_overview(year: int) -> dict:
    meetings = list(Meeting.objects.filter(starts_at__year=year).order_by("starts_at"))
    timeline = Timeline()
    # A hybrid meeting has a room too; cancelled meetings do not exist as records.
    physical = sum(1 for m in meetings if m.is_partnership and m.has_physical_room)
    # Planning is judged on the day it is done: today, or the year's last day once it is over.
    judged_on = min(timezone.localdate(), datetime.date(year, 12, 31))
    return {
        "meetings": [(m, deadlines(m, timeline)) for m in meetings],
        "overlapping": overlapping(meetings),
        "physical_verdict": rules.check_meetings_per_year(physical, timeline.on(judged_on)),
    }


def roll_for(meeting: Meeting):
    """The partners entitled to vote at the meeting: for the partnership the roll on its date;
    for the arbetsutskott the partners holding its seats that day (§ 2.2)."""
    if meeting.body == Meeting.Body.COMMITTEE:
        held = [r.partner_id for r in committee_members(meeting.date)]
        return Partner.objects.filter(pk__in=held).order_by("sector", "name")
    return voting_roll_on(meeting.date)


def withdrawal_consequence(*, partner: Partner, day: datetime.date):
    """Partnership meetings that have begun, on or after `day`, with `partner` on their roll:
    a withdrawal backdated to `day` takes it off those rolls and so changes their quorum (R3).
    Registered with partnership.consequences by MeetingsConfig.ready()."""
    from django.urls import reverse

    from partnership.consequences import Consequence, Named

    started = list(
        Meeting.objects.filter(
            body=Meeting.Body.PARTNERSHIP, starts_at__lte=timezone.now(),
            starts_at__gte=timezone.make_aware(datetime.datetime.combine(day, datetime.time.min)),
            state__in=[Meeting.State.NOTICED, Meeting.State.OPEN, Meeting.State.HELD, Meeting.State.CLOSED],
        ).order_by("starts_at")
    )
    on_roll = partner_on_roll_days(partner.pk, {m.date for m in started})
    affected = [m for m in started if m.date in on_roll]
    if not affected:
        return None
    text = gettext(
        "Datumet ligger före sammanträden som redan har börjat eller hållits. %(partner)s tas bort "
        "från deras röstlängd, även där partnern var närvarande, och deras beslutsförhet räknas om "
        "(§ 3.3):") % {"partner": partner.name}
    return Consequence(text, tuple(Named(m.title, m.date, reverse("kansli_meeting", args=[m.pk]))
                                   for m in affected))


def recipients(meeting: Meeting) -> list[tuple[str, str, int | None]]:
    """(e-mail, name, partner id) of everyone called to the meeting."""
    if meeting.is_partnership:
        reps = Representative.objects.filter(
            active=True, partner__in=roll_for(meeting)
        ).order_by("partner__name", "role", "name")
        return [(r.email.lower(), r.name, r.partner_id) for r in reps]
    called = []
    if meeting.body == Meeting.Body.COMMITTEE:
        # The AU calls its seat holders (§ 2.2), each the person holding the seat.
        called = [(r.email.lower(), r.name, r.partner_id)
                  for r in sorted(committee_members(meeting.date), key=lambda r: (r.partner.name, r.name))]
    seen = {email for email, _name, _partner in called}
    return called + [(u.email.lower(), u.get_full_name(), None) for u in meeting.participants.all()
                     if u.email.lower() not in seen]


def is_called(user, meeting: Meeting) -> bool:
    """Whether `user` is called to `meeting` (and may read its documents)."""
    if not user.is_authenticated:
        return False
    if user.is_kansli:
        return True
    if meeting.is_partnership:
        rep = acting_representative(user)
        return rep is not None and roll_for(meeting).filter(pk=rep.partner_id).exists()
    if meeting.body == Meeting.Body.COMMITTEE and is_committee_member(user, meeting.date):
        return True
    return meeting.participants.filter(pk=user.pk).exists()


def meetings_for(user):
    """Upcoming and recent meetings the user is called to, for members' pages and feeds."""
    rep = acting_representative(user)
    q = Q(participants=user)
    if rep is not None:
        q |= Q(body__in=[Meeting.Body.PARTNERSHIP, Meeting.Body.COMMITTEE])
    meetings = list(
        Meeting.objects.filter(q).exclude(state=Meeting.State.PLANNED).distinct().order_by("starts_at")
    )
    if rep is None:
        return meetings
    # Partnership meetings only when the user's partner is on that meeting's roll; the AU's only
    # on days the user holds a seat (or is called by name).
    days = {m.date for m in meetings if m.is_partnership}
    on_roll = partner_on_roll_days(rep.partner_id, days)
    named = set(Meeting.objects.filter(participants=user).values_list("pk", flat=True))

    def called(m):
        if m.is_partnership:
            return m.date in on_roll
        if m.body == Meeting.Body.COMMITTEE:
            return m.pk in named or is_committee_member(user, m.date)
        return True

    return [m for m in meetings if called(m)]


def agenda(meeting: Meeting, *, withdrawn: bool = True) -> dict:
    """The agenda items with the current version of each document, and the documents that
    belong to no item; withdrawn ones are shown (marked) unless `withdrawn` is False."""
    documents = Document.objects.current().order_by("uploaded_at")
    if not withdrawn:
        documents = documents.filter(withdrawn_at__isnull=True)
    return {
        "items": meeting.agenda_items.prefetch_related(Prefetch("documents", queryset=documents))
        .order_by("position"),
        "unattached": documents.filter(meeting=meeting, agenda_item__isnull=True),
    }


def can_read_document(user, document: Document) -> bool:
    """Documents go out with the notice: before it, only the kansli reads them. A withdrawn
    document and a replaced version are kept for the kansli only."""
    if (document.meeting.state == Meeting.State.PLANNED or document.is_withdrawn
            or not document.is_current):
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
    if meeting.body == Meeting.Body.COMMITTEE:
        verdict = rules.check_committee_quorum(sum(by_sector.values()), len(roll), _params(meeting))
    elif roll:
        verdict = rules.check_quorum(by_sector, len(roll), _params(meeting))
    else:
        verdict = rules.Verdict(False, "§ 3.3", gettext_noop("Röstlängden är tom; partnerskapet kan inte fatta beslut."))
    return {
        "moment": moment,
        "verdict": verdict,
        "present": sum(by_sector.values()),
        "roll_size": len(roll),
        "needed": verdict.params.get("needed") if meeting.body == Meeting.Body.COMMITTEE
        else rules.quorum_needed(len(roll), _params(meeting)) if roll else None,
        "sectors": [(code, gettext(rules.SECTOR_LABELS[code]), by_sector[code], roll_by_sector[code])
                    for code in rules.SECTORS],
    }


# Planning ------------------------------------------------------------------------------


def _check_schedule(*, starts_at, ends_at, body, notice_sent: datetime.date | None, on: datetime.date,
                    moved: bool = True):
    errors = {}
    meeting_date = timezone.localtime(starts_at).date()
    if moved and starts_at <= timezone.now():
        errors["starts_at"] = gettext("Mötet kan inte planeras i det förflutna.")
    elif moved and body == Meeting.Body.PARTNERSHIP:
        # Before the notice: it must still be possible to send it in time.
        # After it: the notice already sent must stay far enough ahead (§ 3.1).
        # The notice is judged by the version in force on the day it is (or would be) sent.
        verdict = rules.check_notice(meeting_date, notice_sent or on, parameters_in_force(notice_sent or on))
        if not verdict:
            errors["starts_at"] = gettext("%(reason)s Välj ett senare datum (%(rule)s).") % {
                "reason": verdict.reason, "rule": verdict.rule}
    if ends_at <= starts_at:
        errors["ends_at"] = gettext("Mötet måste sluta efter att det har börjat.")
    if errors:
        raise ValidationError(errors)


def _planned_notice_date(planned: datetime.date | None, meeting_date: datetime.date) -> datetime.date:
    """Empty means the last day the rules allow (never before today)."""
    today = timezone.localdate()
    if not planned:
        return max(today, notice_deadline(meeting_date))
    if planned > meeting_date:
        raise ValidationError({"planned_notice_date": gettext("Kallelsen kan inte planeras efter mötet.")})
    if planned < today:
        raise ValidationError({"planned_notice_date": gettext(
            "Kallelsen kan inte planeras till ett datum som redan har passerat.")})
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
    fields["planned_notice_date"] = _planned_notice_date(fields.get("planned_notice_date"), meeting_date)
    # The version the planning was judged by; the notice records its own when it is sent.
    meeting = attributed(Meeting(**fields, created_by=by, rules_version=version_in_force(today)), by)
    if meeting.is_partnership:
        verdict = rules.check_notice(meeting_date, meeting.planned_notice_date,
                                     parameters_in_force(meeting.planned_notice_date))
        if not verdict:
            raise ValidationError({"planned_notice_date": f"{verdict.reason} ({verdict.rule})"})
    meeting.save()
    if participants is not None:
        meeting.participants.set(participants)
    signals.schedule_changed.send(Meeting, meeting=meeting, by=by)
    return meeting


@transaction.atomic
def meeting_update(*, by, meeting: Meeting, fields: dict) -> Meeting:
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    before = Meeting.objects.get(pk=meeting.pk)
    fields = dict(fields)
    participants = fields.pop("participants", None)
    meeting.check_allowed("edit")
    if meeting.notice_is_sent and fields.get("body", meeting.body) != meeting.body:
        raise ValidationError({"body": gettext("Kallelsen är skickad; mötet kan inte byta organ.")})
    moved = fields.get("starts_at", meeting.starts_at) != meeting.starts_at
    if moved and meeting.attendances.exists():
        # Advance answers follow a meeting that moves; a presence never does (R3).
        raise ValidationError({"starts_at": gettext("Närvaro är redan registrerad; mötet kan inte flyttas.")})
    if moved or fields.get("ends_at", meeting.ends_at) != meeting.ends_at:
        # A meeting that has begun may still run over: only a move is checked against the rules.
        _check_schedule(starts_at=fields.get("starts_at", meeting.starts_at),
                        ends_at=fields.get("ends_at", meeting.ends_at),
                        body=fields.get("body", meeting.body),
                        notice_sent=meeting.notice_date if meeting.notice_is_sent else None,
                        on=timezone.localdate(), moved=moved)
    if meeting.notice_is_sent:
        # A noticed meeting keeps its actual notice date; the move was judged against it above.
        fields.pop("planned_notice_date", None)
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
        verdict = rules.check_notice(meeting.date, meeting.planned_notice_date,
                                     parameters_in_force(meeting.planned_notice_date))
        if not verdict:
            raise ValidationError({"planned_notice_date": f"{verdict.reason} ({verdict.rule})"})
    if moved and not meeting.notice_is_sent:
        meeting.rules_version = version_in_force(timezone.localdate())  # the move was judged today
    changed = [name for name in CHANGE_FIELDS if getattr(meeting, name) != getattr(before, name)]
    if meeting.notice_is_sent and changed:
        meeting.sequence += 1
    attributed(meeting, by).save()
    if participants is not None:
        meeting.participants.set(participants)
    if meeting.notice_is_sent and changed:
        # Everyone called hears of the new time or place, with an updated calendar event.
        _create_deliveries(meeting, NoticeDelivery.Kind.CHANGE, recipients(meeting), by=by)
    if moved or "planned_notice_date" in fields:
        signals.schedule_changed.send(Meeting, meeting=meeting, by=by)
    return meeting


# What people called to a meeting must be told about when it changes after the notice.
CHANGE_FIELDS = ("starts_at", "ends_at", "place", "online_link", "form")


def change_audience(meeting: Meeting) -> dict:
    """Who is told when a noticed meeting changes: everyone called, and among them the
    partners that have answered in advance (their answers stay)."""
    people = recipients(meeting)
    answers = list(meeting.advance_answers.select_related("partner").order_by("partner__name"))
    return {"people": people, "by_sector": called_by_sector(meeting, people) if meeting.is_partnership else None,
            "answers": answers}


@transaction.atomic
def agenda_item_add(*, by, meeting: Meeting, title: str, kind: str, presenter: str = "",
                    description: str = "") -> AgendaItem:
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    meeting.check_allowed("edit_agenda")
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
def agenda_item_update(*, by, item: AgendaItem, title: str, kind: str, presenter: str = "",
                       description: str = "") -> AgendaItem:
    """Correct an agenda item; after the notice the agenda marks it as changed."""
    meeting = Meeting.objects.select_for_update().get(pk=item.meeting_id)
    meeting.check_allowed("edit_agenda")
    item = AgendaItem.objects.select_for_update().get(pk=item.pk)
    values = {"title": title.strip(), "kind": kind, "presenter": presenter.strip(),
              "description": description.strip()}
    if all(getattr(item, name) == value for name, value in values.items()):
        return item
    for name, value in values.items():
        setattr(item, name, value)
    item.changed_after_notice = item.changed_after_notice or meeting.notice_is_sent
    attributed(item, by).save()
    return item


@transaction.atomic
def agenda_item_move(*, by, item: AgendaItem, direction: int) -> None:
    """Swap an item with its neighbour (direction -1 up, +1 down)."""
    meeting = Meeting.objects.select_for_update().get(pk=item.meeting_id)
    meeting.check_allowed("edit_agenda")
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


def agenda_item_removal_refusal(item: AgendaItem) -> str | None:
    """Why `item` cannot be removed now, or None (the confirmation page asks the same)."""
    if item.meeting.notice_is_sent:
        return gettext("Kallelsen är skickad; punkter tas inte bort från en utsänd dagordning.")
    # An item a case was put on the agenda as (decisions.Case.agenda_item, PROTECT): the case
    # stands on the agenda through it, so removing it would fail (it was a server error).
    if (case := getattr(item, "case", None)) is not None:
        return gettext("Punkten är ärendet %(ref)s, som står på dagordningen genom den, och kan därför inte "
                       "tas bort. Ändra punkten i stället.") % {"ref": case.reference}
    if getattr(item, "roll_proposal", None) is not None:  # decisions.RollProposal.agenda_item, PROTECT
        return gettext("Punkten är kansliets förslag till röstlängd och kan därför inte tas bort. Sammanställ "
                       "förteckningen på nytt för att ändra den.")
    if item.documents.exists():
        # Documents keep their item for the record, withdrawn or replaced ones too.
        return gettext("Punkten har dokument och kan därför inte tas bort, inte heller om dokumenten "
                       "återkallas: de hör till punkten i mötets historik. Ändra punkten i stället.")
    return None


@transaction.atomic
def agenda_item_remove(*, by, item: AgendaItem) -> None:
    meeting = Meeting.objects.select_for_update().get(pk=item.meeting_id)
    item.meeting = meeting
    if reason := agenda_item_removal_refusal(item):
        raise ValidationError(reason)
    attributed(item, by).delete()
    for position, it in enumerate(meeting.agenda_items.order_by("position"), start=1):
        if it.position != position:
            it.position = position
            attributed(it, by).save(update_fields=["position"])


@transaction.atomic
def document_upload(*, by, meeting: Meeting, title: str, uploaded, agenda_item: AgendaItem | None = None,
                    is_public: bool = False) -> Document:
    """Attach a decision document; the type is checked by content, the size by the limit."""
    file_type, sha256 = checked_upload(uploaded)
    if agenda_item is not None and agenda_item.meeting_id != meeting.pk:
        raise ValidationError({"agenda_item": gettext("Punkten hör till ett annat möte.")})
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    meeting.check_allowed("upload_document")
    document = attributed(
        Document(meeting=meeting, agenda_item=agenda_item, title=title.strip(), file=uploaded,
                 original_name=uploaded.name[:255], file_type=file_type, size=uploaded.size,
                 sha256=sha256, is_late=meeting.notice_is_sent, is_public=is_public,
                 uploaded_by=by),
        by,
    )
    document.save()
    return document


def checked_upload(uploaded) -> tuple[str, str]:
    """(file type, SHA-256) of an upload whose size and content are acceptable, else refused."""
    if uploaded.size > settings.DOCUMENT_MAX_BYTES:
        # filesizeformat writes the size in the active language (21,0 MB in Swedish).
        raise ValidationError({"file": gettext("Filen är för stor (%(size)s); högst %(limit)s.") % {
            "size": filesizeformat(uploaded.size), "limit": filesizeformat(settings.DOCUMENT_MAX_BYTES)}})
    file_type = files.detect_type(uploaded)
    extension = uploaded.name.rsplit(".", 1)[-1].lower() if "." in uploaded.name else ""
    if file_type is None or extension != file_type:
        raise ValidationError({"file": gettext("Endast PDF, DOCX, XLSX och ODT tas emot, och filens "
                                               "innehåll måste stämma med filändelsen.")})
    digest = hashlib.sha256()
    for chunk in uploaded.chunks():
        digest.update(chunk)
    uploaded.seek(0)
    return file_type, digest.hexdigest()


@transaction.atomic
def document_replace(*, by, document: Document, uploaded, title: str = "") -> Document:
    """A new version of a document; the old one is kept (history) and no longer shown. A new
    version after the notice is marked late on the agenda (§ 3.2)."""
    file_type, sha256 = checked_upload(uploaded)
    meeting = Meeting.objects.select_for_update().get(pk=document.meeting_id)
    meeting.check_allowed("upload_document")
    old = Document.objects.select_for_update().get(pk=document.pk)
    if not old.is_current:
        raise ValidationError(gettext("Dokumentet har redan ersatts av en nyare version."))
    if old.is_withdrawn:
        raise ValidationError(gettext("Dokumentet är återkallat och kan inte ersättas."))
    new = attributed(
        Document(meeting=meeting, agenda_item=old.agenda_item, title=(title or old.title).strip(),
                 file=uploaded, original_name=uploaded.name[:255], file_type=file_type,
                 size=uploaded.size, sha256=sha256, is_late=meeting.notice_is_sent,
                 is_public=old.is_public, uploaded_by=by, replaces=old, version=old.version + 1),
        by,
    )
    new.save()
    return new


@transaction.atomic
def document_withdraw(*, by, document: Document, reason: str) -> Document:
    """Withdraw a document with the reason: members no longer read it; the kansli keeps it."""
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": gettext("Ange varför dokumentet återkallas.")})
    meeting = Meeting.objects.select_for_update().get(pk=document.meeting_id)
    meeting.check_allowed("upload_document")
    document = Document.objects.select_for_update().get(pk=document.pk)
    if document.is_withdrawn:
        raise ValidationError(gettext("Dokumentet är redan återkallat."))
    document.withdrawn_at, document.withdrawn_by, document.withdrawal_reason = timezone.now(), by, reason
    attributed(document, by).save(update_fields=["withdrawn_at", "withdrawn_by", "withdrawal_reason"])
    return document


# The kallelse --------------------------------------------------------------------------


def notice_verdict(meeting: Meeting, on: datetime.date | None = None) -> rules.Verdict:
    """Whether the notice may be sent on `on` (today), by the version in force that day."""
    on = on or timezone.localdate()
    return rules.check_notice_sendable(
        meeting.date, on, meeting.agenda_items.count(),
        binding=meeting.is_partnership, params=parameters_in_force(on),
    )


def called_by_sector(meeting: Meeting, people=None) -> list[tuple[str, int, int]]:
    """(sector label, partners, people) for everyone called to a partnership meeting, in the
    order of the sectors; the confirmation pages say who will be told."""
    people = recipients(meeting) if people is None else people
    sector_of = dict(Partner.objects.filter(pk__in={p[2] for p in people if p[2]})
                     .values_list("pk", "sector"))
    rows = []
    for code, label in Partner._meta.get_field("sector").choices:
        in_sector = [p for p in people if sector_of.get(p[2]) == code]
        if in_sector:
            rows.append((label, len({p[2] for p in in_sector}), len(in_sector)))
    return rows


def notice_consequences(meeting: Meeting, on: datetime.date | None = None) -> dict:
    """What sending the notice on `on` (today) does to the case deadline (R2): it follows the
    actual notice date, so an early notice closes case submission earlier than planned."""
    on = on or timezone.localdate()
    timeline = Timeline()
    planned = case_deadline(meeting.planned_notice_date, timeline) if meeting.is_partnership else None
    after = case_deadline(on, timeline) if meeting.is_partnership else None
    return {"cases_by_planned": planned, "cases_by_after": after,
            "cases_earlier": planned is not None and after < planned,
            "case_days": timeline.on(on).case_days_before_notice if meeting.is_partnership else None,
            "cases_closed": after is not None and after < on}


def no_one_to_call() -> str:
    """Why a kallelse with no recipients is refused; the confirmation page says it before the button."""
    return gettext("Det finns ingen att kalla: röstlängden eller listan över kallade är tom.")


@transaction.atomic
def notice_send(*, by, meeting: Meeting) -> int:
    """Send the kallelse to everyone called: records one delivery per person, e-mails on commit."""
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if meeting.notice_is_sent:
        raise ValidationError(gettext("Kallelsen skickades redan %(when)s.") % {
            "when": date_format(timezone.localtime(meeting.notice_sent_at), "j F Y H:i")})
    verdict = notice_verdict(meeting)
    if not verdict:
        raise ValidationError(f"{verdict.reason} ({verdict.rule})")
    people = recipients(meeting)
    if not people:
        raise ValidationError(no_one_to_call())
    meeting.mark_noticed(timezone.now())
    meeting.rules_version = version_in_force(timezone.localdate())  # the version the notice was judged by
    attributed(meeting, by).save(update_fields=["notice_sent_at", "state", "rules_version"])
    _create_deliveries(meeting, NoticeDelivery.Kind.NOTICE, people, by=by)
    signals.schedule_changed.send(Meeting, meeting=meeting, by=by)
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


# Advance answers -----------------------------------------------------------------------


def _check_may_act_for(by, partner: Partner) -> None:
    if not may_act_for(by, partner):
        raise ValidationError(gettext("Du kan bara svara och checka in för den partner du företräder."))


@transaction.atomic
def advance_answer_set(*, by, meeting: Meeting, partner: Partner, answer: str, representative=None,
                       note: str = "") -> AdvanceAnswer:
    """A partner's answer before the meeting (coming or förhinder, and who represents it);
    changeable until the meeting starts. Planning only: it never counts toward quorum (R3)."""
    _check_may_act_for(by, partner)
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    meeting.check_allowed("answer")
    if answer not in AdvanceAnswer.Answer.values:
        raise ValidationError({"answer": gettext("Välj om ni kommer eller har förhinder.")})
    if meeting.is_partnership and not roll_for(meeting).filter(pk=partner.pk).exists():
        raise ValidationError(gettext("%(partner)s finns inte på röstlängden för mötet.")
                              % {"partner": partner.name})
    if representative is not None and (representative.partner_id != partner.pk or not representative.active):
        raise ValidationError({"representative": gettext("Välj en av partnerns representanter.")})
    if answer == AdvanceAnswer.Answer.ABSENT:
        representative = None  # nobody represents a partner that does not come
    existing = AdvanceAnswer.objects.filter(meeting=meeting, partner=partner).first()
    record = existing or AdvanceAnswer(meeting=meeting, partner=partner)
    record.answer, record.representative, record.note = answer, representative, note.strip()
    record.answered_by, record.answered_at = by, timezone.now()
    # The meeting row is locked: two answers for one partner are written one after the other.
    attributed(record, by).save()
    return record


def expected_turnout(meeting: Meeting) -> dict:
    """Advance answers per sector against what quorum needs (R3, the version in force on the
    meeting's day): a meeting that will not be quorate is seen weeks ahead. Never a presence."""
    roll = list(roll_for(meeting).values_list("pk", "sector"))
    answers = dict(AdvanceAnswer.objects.filter(meeting=meeting).values_list("partner_id", "answer"))
    params = _params(meeting)
    rows = {code: {"code": code, "label": gettext(rules.SECTOR_LABELS[code]), "roll": 0, "coming": 0, "absent": 0,
                   "unanswered": 0} for code in rules.SECTORS}
    for pk, sector in roll:
        row = rows[sector]
        row["roll"] += 1
        kind = {"coming": "coming", "absent": "absent"}.get(answers.get(pk), "unanswered")
        row[kind] += 1
    coming = {code: row["coming"] for code, row in rows.items()}
    needed = rules.quorum_needed(len(roll), params) if roll else None
    return {
        "sectors": list(rows.values()),
        "roll_size": len(roll),
        "coming": sum(coming.values()),
        "absent": sum(r["absent"] for r in rows.values()),
        "unanswered": sum(r["unanswered"] for r in rows.values()),
        "needed": needed,
        "short_by": max(0, needed - sum(coming.values())) if roll else None,
        # Sectors on the roll from which nobody has said they will come.
        "missing_sectors": [row["label"] for row in rows.values() if row["roll"] and not row["coming"]],
        "verdict": rules.check_quorum(coming, len(roll), params) if roll else None,
    }


# Presence ------------------------------------------------------------------------------

def _check_may_record(by, meeting: Meeting, partner: Partner) -> None:
    """The kansli records presence inside the meeting's window until it is closed; a
    representative checks their own partner in only while the kansli has it open."""
    _check_may_act_for(by, partner)
    meeting.check_allowed("record_presence")
    if not by.is_kansli:
        meeting.check_allowed("check_in")


def _check_within_meeting(meeting: Meeting, moment, field: str):
    if not meeting.in_window(moment):
        start, end = timezone.localtime(meeting.window_opens), timezone.localtime(meeting.ends_at)
        raise ValidationError({field: gettext("Tiden måste ligga inom mötets tid (%(start)s–%(end)s).") % {
            "start": f"{start:%Y-%m-%d %H:%M}", "end": f"{end:%Y-%m-%d %H:%M}" if end.date() != start.date()
            else f"{end:%H:%M}"}})


@transaction.atomic
def attendance_register(*, by, meeting: Meeting, partner: Partner, arrived_at,
                        departed_at=None, representatives=()) -> Attendance:
    """Record a partner present from `arrived_at` (to `departed_at`), one interval at a time,
    inside the meeting's window (R3)."""
    _check_may_act_for(by, partner)
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    _check_may_record(by, meeting, partner)
    if meeting.has_roll and not roll_for(meeting).filter(pk=partner.pk).exists():
        raise ValidationError({"partner": gettext("%(partner)s finns inte på röstlängden för %(day)s.") % {
            "partner": partner.name, "day": f"{meeting.date:%Y-%m-%d}"}})
    if departed_at is not None and departed_at <= arrived_at:
        raise ValidationError({"departed_at": gettext("Avgången måste vara efter ankomsten.")})
    _check_within_meeting(meeting, arrived_at, "arrived_at")
    if departed_at is not None:
        _check_within_meeting(meeting, departed_at, "departed_at")
    overlapping = Attendance.objects.filter(meeting=meeting, partner=partner).filter(
        Q(departed_at__isnull=True) | Q(departed_at__gt=arrived_at)
    )
    if departed_at is not None:
        overlapping = overlapping.filter(arrived_at__lt=departed_at)
    if overlapping.exists():
        raise ValidationError({"arrived_at": gettext("%(partner)s är redan registrerad som närvarande "
                                                     "under den tiden.") % {"partner": partner.name}})
    reps = list(representatives)
    if any(r.partner_id != partner.pk for r in reps):
        raise ValidationError({"representatives": gettext("Representanterna måste företräda partnern.")})
    attendance = attributed(
        Attendance(meeting=meeting, partner=partner, arrived_at=arrived_at, departed_at=departed_at,
                   registered_by=by),
        by,
    )
    attendance.save()
    attendance.representatives.set(reps)
    return attendance


@transaction.atomic
def attendance_depart(*, by, attendance: Attendance, departed_at) -> Attendance:
    """Record when a partner left: after its arrival and inside the meeting's window."""
    attendance = (
        Attendance.objects.select_for_update().select_related("partner", "meeting").get(pk=attendance.pk)
    )
    _check_may_record(by, attendance.meeting, attendance.partner)
    if attendance.departed_at is not None:
        raise ValidationError(gettext("Avgången är redan registrerad."))
    if departed_at <= attendance.arrived_at:
        raise ValidationError({"departed_at": gettext("Avgången måste vara efter ankomsten (%(time)s).") % {
            "time": f"{timezone.localtime(attendance.arrived_at):%H:%M}"}})
    _check_within_meeting(attendance.meeting, departed_at, "departed_at")
    attendance.departed_at = departed_at
    attributed(attendance, by).save(update_fields=["departed_at"])
    return attendance


def roll_call(meeting: Meeting) -> list[dict]:
    """The check-in list: every partner called (the roll; for other bodies the active partners),
    grouped by sector, with its advance answer and presence. A fixed number of queries."""
    partners = (roll_for(meeting) if meeting.has_roll
                else Partner.objects.filter(status=Partner.Status.ACTIVE))
    partners = list(partners.only("pk", "name", "short_name", "sector").order_by("name"))
    answers = {a.partner_id: a for a in AdvanceAnswer.objects.filter(meeting=meeting)
               .select_related("representative")}
    stays: dict[int, list[Attendance]] = {}
    for a in Attendance.objects.filter(meeting=meeting).select_related("registered_by").order_by("arrived_at"):
        stays.setdefault(a.partner_id, []).append(a)
    groups = {code: [] for code in rules.SECTORS}
    for p in partners:
        mine = stays.get(p.pk, [])
        groups.setdefault(p.sector, []).append({
            "partner": p, "answer": answers.get(p.pk), "attendances": mine,
            "present": next((a for a in mine if a.departed_at is None), None),
        })
    return [{"code": code, "label": gettext(rules.SECTOR_LABELS.get(code, code)), "rows": rows}
            for code, rows in groups.items() if rows]


@transaction.atomic
def meeting_set_state(*, by, meeting: Meeting, state: str) -> Meeting:
    """noticed (by sending the notice) → open for check-in → held → closed; the model refuses
    a transition that is not allowed now, with the reason."""
    if state not in Meeting.State.values:
        raise ValidationError(gettext("Okänd status: %(state)s.") % {"state": state})
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    now = timezone.now()
    if state == Meeting.State.OPEN:
        meeting.open(now)
    elif state == Meeting.State.HELD:
        meeting.mark_held(now)
    elif state == Meeting.State.CLOSED:
        meeting.close()
    else:
        raise ValidationError(gettext("Mötet kan inte gå från %(old)s till %(new)s.") % {
            "old": meeting.get_state_display().lower(), "new": Meeting.State(state).label.lower()})
    attributed(meeting, by).save(update_fields=["state"])
    signals.schedule_changed.send(Meeting, meeting=meeting, by=by)  # begun: it takes no more cases
    return meeting
