"""What cases tell people, through the outbox (outbox/services.py).

Each function here is called inside the transaction of the change it announces and promises
one message per recipient and occasion (the outbox key), so a rollback sends nothing and a
second call sends nothing twice. The payload keeps the facts of the moment (the meeting, its
notice date); the e-mail is written from them when it is sent, in the portal's language
(swecan.emails.build_email), with the reason re-derived from the rules (swecan.rules), so the
text says what the portal decided then, never what a later change would say.
"""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from decisions.models import Case, Consultation, CoSignature
from meetings.models import Meeting
from outbox.services import enqueue_many
from partnership.models import Partner, Representative, Sector
from swecan import rules
from swecan.arbetsordning import parameters_in_force
from swecan.emails import build_email
from swecan.models import ChairContact, User

RECEIVED = "case_received"
COSIGN_REQUESTED = "case_cosign_request"
CONSULTATION_OPENED = "case_consultation"
MOVED = "case_moved"

# Who is told ------------------------------------------------------------------------------


def _representatives(partner_ids) -> list[tuple[str, str, str]]:
    """(e-mail, name, partner name) of the active representatives of these partners."""
    reps = (Representative.objects.filter(active=True, partner_id__in=partner_ids)
            .select_related("partner").order_by("partner__name", "role", "name"))
    return [(r.email.lower(), r.name, r.partner.name) for r in reps]


def submitters(case: Case) -> list[tuple[str, str, str]]:
    """The submitting partner's representatives, and those of partners that confirmed co-signing
    (the case is theirs too: decisions.access.is_submitter)."""
    cosigners = case.cosignatures.filter(confirmed_at__isnull=False).values_list("partner_id", flat=True)
    return _representatives([case.partner_id, *cosigners])


def _unique(items):
    """One message per address: the first role it is found in wins (submitter, chair, kansli)."""
    seen = set()
    for item in items:
        if item[0] not in seen:
            seen.add(item[0])
            yield item


def _url(name: str, *args) -> str:
    return settings.SITE_URL + reverse(name, args=args)


# The facts of the moment, as JSON for the payload ------------------------------------------


def _meeting_facts(meeting: Meeting | None) -> dict | None:
    if meeting is None:
        return None
    return {"id": meeting.pk, "title": meeting.title, "starts_at": meeting.starts_at.isoformat(),
            "notice_date": meeting.notice_date.isoformat(), "notice_sent": meeting.notice_is_sent,
            "planned_notice_date": meeting.planned_notice_date.isoformat()}


@dataclass(frozen=True)
class MeetingFacts:
    """A meeting as it stood when the message was promised."""

    id: int
    title: str
    starts_at: datetime.datetime
    notice_date: datetime.date
    notice_sent: bool
    planned_notice_date: datetime.date

    @classmethod
    def from_payload(cls, facts: dict | None):
        if facts is None:
            return None
        return cls(facts["id"], facts["title"], datetime.datetime.fromisoformat(facts["starts_at"]),
                   datetime.date.fromisoformat(facts["notice_date"]), facts["notice_sent"],
                   datetime.date.fromisoformat(facts["planned_notice_date"]))

    @property
    def sent_early(self) -> bool:
        return self.notice_sent and self.notice_date < self.planned_notice_date


def _verdict(case: Case, meeting: MeetingFacts | None) -> rules.Verdict | None:
    """R2 for this case and meeting, by the version in force on the day of submission; its
    reason is rendered when the template reads it, so in the e-mail's language."""
    if meeting is None:
        return None
    return rules.check_case_submission(case.submitted_on, meeting.notice_date,
                                       parameters_in_force(case.submitted_on))


# 1. A case is received ---------------------------------------------------------------------


def case_received(case: Case, timing, by=None) -> None:
    """Confirm a received case to its submitters, the chair and the kansli (§ 4.2: a case is
    addressed to the chair and the kansli), with the meeting it is in time for and why."""
    people = [(email, name, "submitter") for email, name, _partner in submitters(case)]
    chair = ChairContact.objects.filter(role=ChairContact.Role.CHAIR).first()
    if chair is not None:
        people.append((chair.email.lower(), chair.name, "chair"))
    people += [(u.email.lower(), u.get_full_name(), "kansli")
               for u in User.objects.filter(is_kansli=True, is_active=True).order_by("email")]
    facts = {"case_id": case.pk, "meeting": _meeting_facts(timing.meeting),
             "missed": [_meeting_facts(meeting) for meeting, _verdict in timing.missed]}
    enqueue_many(RECEIVED, [
        (f"case:{case.pk}:received:{email}", email, {**facts, "name": name, "audience": audience})
        for email, name, audience in _unique(people)
    ], by=by)


def received_email(message):
    """The confirmation to one recipient, as promised by case_received."""
    payload = message.payload
    case = Case.objects.select_related("partner").get(pk=payload["case_id"])
    meeting = MeetingFacts.from_payload(payload["meeting"])
    missed = [MeetingFacts.from_payload(facts) for facts in payload["missed"]]
    audience = payload["audience"]
    link = {"submitter": lambda: _url("my_case", case.pk),
            "chair": lambda: _url("public_case", case.year, case.number),
            "kansli": lambda: _url("kansli_case", case.pk)}[audience]()
    return build_email("case-received", [message.recipient], {
        "case": case, "recipient_name": payload["name"], "audience": audience, "link": link,
        "meeting": meeting, "verdict": _verdict(case, meeting),
        "missed": [(m, _verdict(case, m)) for m in missed],
    })


# 2. A co-signer is asked -------------------------------------------------------------------


def cosign_requested(cosignature: CoSignature, by=None) -> None:
    """Ask the co-signing partner's representatives to confirm from their own accounts."""
    enqueue_many(COSIGN_REQUESTED, [
        (f"cosignature:{cosignature.pk}:requested:{email}", email,
         {"cosignature_id": cosignature.pk, "case_id": cosignature.case_id, "name": name})
        for email, name, _partner in _representatives([cosignature.partner_id])
    ], by=by or cosignature.requested_by)


def cosign_email(message):
    """The request to one representative; None once there is nothing left to ask."""
    cosignature = CoSignature.objects.select_related("case__partner", "partner").get(
        pk=message.payload["cosignature_id"])
    if cosignature.is_confirmed or cosignature.case.refusal("confirm_cosign") is not None:
        return None  # confirmed meanwhile, or the case is withdrawn or decided
    return build_email("case-cosign", [message.recipient], {
        "case": cosignature.case, "cosigner": cosignature.partner, "recipient_name": message.payload["name"],
        "link": _url("cosignature_confirm", cosignature.pk),
    })


# 3. A consultation is opened ---------------------------------------------------------------


def consultation_opened(consultation: Consultation, by=None) -> None:
    """Send the question to every active representative of the active partners in the
    consulted sectors; each partner answers once, in the portal."""
    partners = Partner.objects.filter(status=Partner.Status.ACTIVE, sector__in=consultation.sectors)
    enqueue_many(CONSULTATION_OPENED, [
        (f"consultation:{consultation.pk}:opened:{email}", email,
         {"consultation_id": consultation.pk, "case_id": consultation.case_id, "name": name,
          "partner": partner})
        for email, name, partner in _unique(_representatives(partners.values_list("pk", flat=True)))
    ], by=by or consultation.opened_by)


def consultation_email(message):
    """The question to one representative; None once answers are no longer taken."""
    consultation = Consultation.objects.select_related("case__partner").get(
        pk=message.payload["consultation_id"])
    if consultation.answer_refusal(timezone.localdate()) is not None or consultation.case.state == \
            Case.State.WITHDRAWN:
        return None
    sectors = [Sector(code).label for code in Sector.values if code in consultation.sectors]
    return build_email("case-consultation", [message.recipient], {
        "case": consultation.case, "consultation": consultation, "sectors": sectors,
        "question_lines": consultation.question.splitlines(),
        "recipient_name": message.payload["name"], "partner_name": message.payload["partner"],
        "link": _url("consultation_answer", consultation.pk),
    })


# 4. A case moves with the schedule ---------------------------------------------------------

# Why a case left its meeting (decided when it moves, so the e-mail says what happened).
LATE = "late"  # the kallelse went out (or is now planned) earlier: the case became late
OVER = "over"  # the meeting began or was held without the case on its agenda
NEW_MEETING = "new_meeting"  # the case was waiting, and a meeting it is in time for was planned
CHANGED = "changed"  # any other change of the schedule


def _cause(case: Case, from_meeting: Meeting | None) -> str:
    if from_meeting is None:
        return NEW_MEETING
    if from_meeting.state not in (Meeting.State.PLANNED, Meeting.State.NOTICED):
        return OVER
    if not rules.check_case_submission(case.submitted_on, from_meeting.notice_date,
                                       parameters_in_force(case.submitted_on)):
        return LATE
    return CHANGED


def case_moved(case: Case, from_meeting: Meeting | None, by=None) -> None:
    """Tell the submitters that the case (saved with its new target) is now in time for
    another meeting, or waits for one, and why."""
    facts = {"case_id": case.pk, "cause": _cause(case, from_meeting),
             "from": _meeting_facts(from_meeting), "to": _meeting_facts(case.target_meeting)}
    # Each move is its own occasion: the history row of the save that moved the case.
    occasion = case.history.order_by("-history_id").values_list("history_id", flat=True).first()
    enqueue_many(MOVED, [
        (f"case:{case.pk}:moved:{occasion}:{email}", email, {**facts, "name": name})
        for email, name, _partner in _unique(submitters(case))
    ], by=by)


def moved_email(message):
    """The news to one submitter; None if the case has moved again since (that e-mail tells)."""
    payload = message.payload
    case = Case.objects.select_related("partner").get(pk=payload["case_id"])
    to_meeting = MeetingFacts.from_payload(payload["to"])
    if case.state == Case.State.WITHDRAWN or case.target_meeting_id != (to_meeting and to_meeting.id):
        return None
    from_meeting = MeetingFacts.from_payload(payload["from"])
    params = parameters_in_force(case.submitted_on)
    return build_email("case-moved", [message.recipient], {
        "case": case, "recipient_name": payload["name"], "cause": payload["cause"],
        "from_meeting": from_meeting, "to_meeting": to_meeting, "to_verdict": _verdict(case, to_meeting),
        "deadline": rules.case_deadline(from_meeting.notice_date, params) if from_meeting else None,
        "case_days": params.case_days_before_notice,
        "link": _url("my_case", case.pk),
    })


def minutes_reminder_email(message):
    """Remind one officer that a meeting's minutes are due; None once they are finished."""
    from decisions.minutes import due_on
    from decisions.models import Minutes

    payload = message.payload
    meeting = Meeting.objects.get(pk=payload["meeting_id"])
    if Minutes.objects.filter(meeting=meeting).exclude(state=Minutes.State.DRAFT).exists():
        return None
    user = User.objects.get(pk=payload["user_id"])
    due = due_on(meeting)
    return build_email("minutes-due", [message.recipient], {
        "meeting": meeting, "recipient_name": user.get_full_name(), "due": due,
        "days_left": (due - timezone.localdate()).days,
        "link": _url("kansli_minutes", meeting.pk),
    })
