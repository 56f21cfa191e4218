"""Personal data on request (GDPR): one person's data export, and pseudonymisation after they left.

A person is an account plus every address it has had; rows about them are found by the
account (foreign keys) or by those addresses (invitations and e-mails sent before the
account existed).
"""

import dataclasses
import functools
import operator

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max, Q
from django.db.models.fields.files import FieldFile
from django.utils import timezone
from django.utils.translation import gettext as _

from meetings.models import AdvanceAnswer, Attendance, Meeting, MeetingVisit, NoticeDelivery
from outbox.models import Message
from partnership.models import Invitation, Representative, SignedDeclaration
from swecan.audit import attributed, saved_unless_taken
from swecan.models import Pseudonymisation, User, _new_calendar_token

# Never exported: they prove identity rather than describe the person.
SECRET_FIELDS = {"password", "calendar_token", "token_hash"}
_HISTORY_TYPES = {"+": "created", "~": "changed", "-": "deleted"}


@dataclasses.dataclass(frozen=True)
class Person:
    user: User
    emails: frozenset[str]  # lower case: the account's, now and before, and its representations'

    def email_q(self, field: str) -> Q:
        return functools.reduce(operator.or_, (Q(**{f"{field}__iexact": e}) for e in self.emails))


def person(user: User) -> Person:
    emails = {user.email}
    emails.update(User.history.filter(id=user.pk).values_list("email", flat=True))
    emails.update(Representative.history.filter(user=user).values_list("email", flat=True))
    return Person(user, frozenset(e.lower() for e in emails if e))


# Export -----------------------------------------------------------------------------------


def _values(obj, model=None) -> dict:
    """The row's fields, related rows by name; on a history record, the fields it keeps."""
    model = model or type(obj)
    values = {}
    for field in model._meta.concrete_fields:
        if field.name in SECRET_FIELDS or not hasattr(obj, field.attname):
            continue
        if field.is_relation:
            related = getattr(obj, field.name)
            values[field.name] = None if related is None else str(related)
        else:
            value = field.value_from_object(obj)
            values[field.name] = (value.name or None) if isinstance(value, FieldFile) else value
    return values


def _history(records, model) -> list[dict]:
    return [
        {
            "history_date": record.history_date,
            "history_type": _HISTORY_TYPES.get(record.history_type, record.history_type),
            "history_user": str(record.history_user) if record.history_user_id else None,
            **_values(record, model),
        }
        for record in records.select_related("history_user").order_by("history_date")
    ]


def _with_history(rows, model) -> list[dict]:
    return [{**_values(row), "history": _history(row.history.all(), model)} for row in rows]


def _account(p: Person):
    return {**_values(p.user), "history": _history(User.history.filter(id=p.user.pk), User)}


def _representations(p: Person):
    rows = Representative.objects.filter(Q(user=p.user) | p.email_q("email")).order_by("created_at")
    return _with_history(rows, Representative)


def _invitations_to_them(p: Person):
    rows = Invitation.objects.filter(Q(accepted_by=p.user) | p.email_q("email")).order_by("sent_at")
    return _with_history(rows, Invitation)


def _invitations_sent(p: Person):
    return [_values(row) for row in Invitation.objects.filter(sent_by=p.user).order_by("sent_at")]


def _declarations_signed(p: Person):
    return [_values(row) for row in SignedDeclaration.objects.filter(signed_by=p.user).order_by("signed_at")]


def _attendance_registered(p: Person):
    return [_values(row) for row in Attendance.objects.filter(registered_by=p.user).order_by("arrived_at")]


def _attendance_present(p: Person):
    rows = Attendance.objects.filter(representatives__user=p.user).distinct().order_by("arrived_at")
    return [_values(row) for row in rows]


def _meetings(p: Person):
    rows = Meeting.objects.filter(Q(chair=p.user) | Q(participants=p.user)).distinct()
    return [{"meeting": str(m), "chair": m.chair_id == p.user.pk} for m in rows]


def _answers_q(p: Person) -> Q:
    """Advance answers the person gave, or that named them as who will represent the partner."""
    return Q(answered_by=p.user) | Q(representative__user=p.user) | p.email_q("representative__email")


def _advance_answers(p: Person):
    rows = AdvanceAnswer.objects.filter(_answers_q(p)).select_related("meeting", "partner", "representative",
                                                                       "answered_by")
    return _with_history(rows.order_by("answered_at"), AdvanceAnswer)


def _meeting_visits(p: Person):
    rows = MeetingVisit.objects.filter(user=p.user).select_related("meeting").order_by("seen_at")
    return [{"meeting": str(v.meeting), "seen_at": v.seen_at} for v in rows]


def _meeting_deliveries(p: Person):
    rows = NoticeDelivery.objects.filter(p.email_q("email")).select_related("meeting", "partner")
    return [_values(row) for row in rows.order_by("created_at")]


def _history_models():
    for model in apps.get_models():
        if hasattr(model, "instance_type") and any(f.name == "history_user" for f in model._meta.fields):
            yield model


def _actions(p: Person):
    """Every change the person made, as simple-history recorded it."""
    actions = []
    for model in _history_models():
        for record in model.objects.filter(history_user=p.user):
            actions.append({
                "model": str(model.instance_type._meta.verbose_name),
                "object_id": getattr(record, model.instance_type._meta.pk.attname),
                "object": str(record.instance),
                "date": record.history_date,
                "type": _HISTORY_TYPES.get(record.history_type, record.history_type),
            })
    return sorted(actions, key=operator.itemgetter("date"))


def _authenticators(p: Person):
    # That they exist, never the secrets.
    rows = Authenticator.objects.filter(user=p.user).order_by("created_at")
    return [{"type": a.type, "created_at": a.created_at, "last_used_at": a.last_used_at} for a in rows]


def _login_addresses(p: Person):
    rows = EmailAddress.objects.filter(user=p.user)
    return [{"email": a.email, "verified": a.verified, "primary": a.primary} for a in rows]


def _pseudonymisation(p: Person):
    record = Pseudonymisation.objects.filter(user=p.user).first()
    return _values(record) if record else None


def _nominations(p: Person):
    """Nominations naming the person as the organisation's contact or as the nominator (by
    address: the public form has no account)."""
    from nominations.models import Nomination

    rows = Nomination.objects.filter(p.email_q("contact_email") | p.email_q("nominator_email")).order_by("submitted_at")
    return _with_history(rows, Nomination)


def _group_memberships(p: Person):
    """Working groups the person is a member of, through a representation or as an external expert."""
    from nominations.models import GroupMember

    rows = GroupMember.objects.filter(Q(representative__user=p.user) | p.email_q("representative__email")
                                      | p.email_q("email")).select_related("group", "representative")
    return _with_history(rows.order_by("added_at"), GroupMember)


def _outbox_messages(p: Person):
    return [_values(row) for row in Message.objects.filter(p.email_q("recipient"))]


# Everything the portal holds about a person; a new kind of record adds a line here.
SOURCES = [
    ("account", _account),
    ("representations", _representations),
    ("invitations_to_them", _invitations_to_them),
    ("invitations_sent", _invitations_sent),
    ("declarations_signed", _declarations_signed),
    ("attendance_registered", _attendance_registered),
    ("attendance_present", _attendance_present),
    ("meetings", _meetings),
    ("advance_answers", _advance_answers),
    ("meeting_visits", _meeting_visits),
    ("meeting_deliveries", _meeting_deliveries),
    ("outbox_messages", _outbox_messages),
    ("nominations", _nominations),
    ("group_memberships", _group_memberships),
    ("actions", _actions),
    ("authenticators", _authenticators),
    ("login_addresses", _login_addresses),
    ("pseudonymisation", _pseudonymisation),
]


def person_export(user: User) -> dict:
    """Everything the portal holds about `user`, history included, ready for JSON."""
    p = person(user)
    return {"user_id": user.pk, "generated_at": timezone.now(),
            **{name: source(p) for name, source in SOURCES}}


# Pseudonymisation -------------------------------------------------------------------------


def pseudonymise_refusal(user: User) -> str | None:
    """Why `user` cannot be pseudonymised now, or None when they can."""
    if Pseudonymisation.objects.filter(user=user).exists():
        return _("Personen är redan pseudonymiserad.")
    if user.is_kansli or user.is_staff or user.is_superuser:
        return _("Kansliets och administratörers konton pseudonymiseras inte. Ta först bort "
                 "behörigheten om personen har slutat.")
    active = Representative.objects.filter(Q(user=user) | person(user).email_q("email"), active=True)
    rep = active.select_related("partner").first()
    if rep is not None:
        return _("Personen företräder fortfarande %(partner)s. Avsluta uppdraget, eller registrera "
                 "partnerns utträde, först.") % {"partner": rep.partner.name}
    return None


def pseudonymise_preview(user: User) -> dict[str, int]:
    """How many rows about `user` the pseudonymisation rewrites (for the confirmation page)."""
    p = person(user)
    representations = Representative.objects.filter(Q(user=user) | p.email_q("email"))
    return {
        "representations": representations.count(),
        "invitations": Invitation.objects.filter(Q(accepted_by=user) | p.email_q("email")).count(),
        "deliveries": Message.objects.filter(p.email_q("recipient")).count(),
        "declarations": SignedDeclaration.objects.filter(signed_by=user).count(),
        "answers": AdvanceAnswer.objects.filter(
            _answers_touched_q(user, representations.values("pk"))).count(),
        "visits": MeetingVisit.objects.filter(user=user).count(),
    }


def _answers_touched_q(user: User, representatives) -> Q:
    """The advance answers whose note the pseudonymisation clears: given by the person, or
    naming one of their representations."""
    return Q(answered_by=user) | Q(representative_id__in=representatives)


def _new_pseudonymisation(*, by, user: User) -> Pseudonymisation:
    year = timezone.localdate().year
    # Two officers at once may pick the same number; the unique constraint decides, we retry.
    for _attempt in range(5):
        number = (Pseudonymisation.objects.filter(year=year).aggregate(n=Max("number"))["n"] or 0) + 1
        # Stored data, not interface text: the same words in every language.
        record = Pseudonymisation(user=user, year=year, number=number,
                                  pseudonym=f"Representant {year}-{number}",
                                  done_at=timezone.now(), done_by=by)
        if saved_unless_taken(attributed(record, by)):
            return record
    raise ValidationError(_("Kunde inte välja ett löpnummer för pseudonymen; försök igen."))


@transaction.atomic
def person_pseudonymise(*, by, user: User) -> Pseudonymisation:
    """Replace a person who has left by a stable pseudonym, in current rows and in history.

    What they did for their partner stays, attributed to the pseudonym (through the
    account) and the partner. Signed declarations are not changed: each is the partner's
    signed document (text, fingerprint and PDF), kept whole as a record must be, like the
    minutes that name people. Advance answers stay without their note; the person's marks of
    which meeting pages they have seen are deleted.
    """
    user = User.objects.select_for_update().get(pk=user.pk)
    refusal = pseudonymise_refusal(user)
    if refusal:
        raise ValidationError(refusal)
    p = person(user)  # the addresses, before they are replaced
    record = _new_pseudonymisation(by=by, user=user)
    name, email = record.pseudonym, record.placeholder_email

    representatives = list(
        Representative.objects.select_for_update().filter(Q(user=user) | p.email_q("email"))
    )
    for rep in representatives:
        rep.name, rep.email, rep.phone, rep.title = name, email, "", ""
        attributed(rep, by).save(update_fields=["name", "email", "phone", "title"])

    now = timezone.now()
    invitations = list(
        Invitation.objects.select_for_update().filter(Q(accepted_by=user) | p.email_q("email"))
    )
    for invitation in invitations:
        # The inviter's note is addressed to the person and may well name them.
        fields = ["name", "email", "title", "note"]
        if invitation.state == "open":
            # The link must not make an account for the placeholder address.
            invitation.revoked_at = now
            fields.append("revoked_at")
        invitation.name, invitation.email, invitation.title, invitation.note = name, email, "", ""
        attributed(invitation, by).save(update_fields=fields)

    # Who was called stays (for the meeting's record); delivery rows have no history.
    for delivery in NoticeDelivery.objects.select_for_update().filter(p.email_q("email")):
        delivery.email, delivery.name = email, name
        delivery.save(update_fields=["email", "name"])
    messages = list(Message.objects.select_for_update().filter(p.email_q("recipient")))
    for message in messages:
        message.recipient = email
        fields = ["recipient"]
        if message.status in (Message.Status.PENDING, Message.Status.FAILED):
            message.status = Message.Status.CANCELLED  # nothing more goes to them
            fields.append("status")
        attributed(message, by).save(update_fields=fields)

    # Advance answers are the partner's planning record and stay, naming the pseudonymised
    # account and representation; their free-text note is the person's own words (an absence
    # may give its reason) and is cleared, like an invitation's note.
    their_reps = [r.pk for r in representatives]
    answers = list(AdvanceAnswer.objects.select_for_update().filter(_answers_touched_q(user, their_reps)))
    for answer in answers:
        if answer.note:
            answer.note = ""
            attributed(answer, by).save(update_fields=["note"])
    # A nomination stays (the organisation was nominated), without the person: contact and
    # nominator details are the person's; an external expert's membership likewise.
    from nominations.models import GroupMember, Nomination

    nominations = list(Nomination.objects.select_for_update().filter(p.email_q("contact_email")
                                                                     | p.email_q("nominator_email")))
    for nomination in nominations:
        if nomination.contact_email.lower() in p.emails:
            nomination.contact_name, nomination.contact_email = name, email
            nomination.contact_title = nomination.contact_phone = ""
        if nomination.nominator_email.lower() in p.emails:
            nomination.nominator_name, nomination.nominator_email = name, email
        attributed(nomination, by).save()
    members = list(GroupMember.objects.select_for_update().filter(representative__isnull=True).filter(p.email_q("email")))
    for member in members:
        member.name, member.email = name, email
        attributed(member, by).save(update_fields=["name", "email"])
    # A read marker ("seen since") only serves the person's own dashboard: no governance
    # value, and nothing to keep once they cannot log in. It has no history.
    MeetingVisit.objects.filter(user=user).delete()  # history: not a governance record

    # The account cannot be used again: no password, inactive (Django refuses inactive
    # users, which also ends their sessions), no second factor, no calendar feed.
    user.full_name, user.email = name, email
    user.set_unusable_password()
    user.is_active = False
    user.calendar_token = _new_calendar_token()
    attributed(user, by).save()
    # allauth's second factors and login addresses are not governance records and have no
    # history; the account's own history row above records the erasure.
    Authenticator.objects.filter(user=user).delete()  # history: not a governance record
    EmailAddress.objects.filter(user=user).delete()  # history: as above

    # The one legitimate bulk rewrite of history: erasure covers the copies of personal
    # data that history keeps. Who did what and when stays; only name, address, phone and
    # title become the pseudonym, and the pseudonymisation itself is recorded above.
    User.history.filter(id=user.pk).update(full_name=name, email=email)  # history: erasure
    Representative.history.filter(
        Q(id__in=[r.pk for r in representatives]) | p.email_q("email")
    ).update(name=name, email=email, phone="", title="")  # history: erasure
    Invitation.history.filter(
        Q(id__in=[i.pk for i in invitations]) | p.email_q("email")
    ).update(name=name, email=email, title="", note="")  # history: erasure
    Message.history.filter(
        Q(id__in=[m.pk for m in messages]) | p.email_q("recipient")
    ).update(recipient=email)  # history: erasure
    nominated = [n.pk for n in nominations]
    externals = Q(id__in=[m.pk for m in members]) | (Q(representative__isnull=True) & p.email_q("email"))
    # history: erasure, as above
    Nomination.history.filter(Q(id__in=nominated) & p.email_q("contact_email")).update(
        contact_name=name, contact_email=email, contact_title="", contact_phone="")
    # history: erasure, as above
    Nomination.history.filter(Q(id__in=nominated) & p.email_q("nominator_email")).update(
        nominator_name=name, nominator_email=email)
    # history: erasure, as above
    GroupMember.history.filter(externals).update(name=name, email=email)
    AdvanceAnswer.history.filter(
        Q(id__in=[answer.pk for answer in answers]) | Q(answered_by=user)
        | Q(representative_id__in=their_reps)
    ).update(note="")  # history: erasure
    return record
