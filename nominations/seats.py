"""The arbetsutskott's seats and its chair and vice chair (§ 2.2; R8).

The partnership appoints the AU: the kansli proposes seats on a decision item of a partnership
meeting, and adopting the item appoints them (in the decision's transaction, judged again on
its day). The AU's members elect their chair and vice chair among themselves, by a vote on an
item of an AU meeting with the room of the decisions app. The rules engine judges the
composition (three seats per sector) and the re-election limits.
"""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext, gettext_noop

from decisions.models import Decision
from meetings import services as meetings
from meetings.models import AgendaItem, Meeting
from nominations.access import may_manage_seats
from nominations.models import Officer, Seat
from partnership.models import Partner, Representative, Sector
from swecan import rules
from swecan.arbetsordning import parameters_in_force
from swecan.audit import attributed

# Mandates ending within this many days are flagged, and the kansli reminded (R8).
ENDING_SOON_DAYS = 60


# Reads ---------------------------------------------------------------------------------------


def members_on(day: datetime.date) -> list[Representative]:
    """The representatives holding an AU seat on `day` (registered with partnership.bodies)."""
    return [seat.representative for seat in
            Seat.objects.held_on(day).select_related("representative", "representative__partner")
            .order_by("sector", "partner__name")]


def officers_on(day: datetime.date) -> dict[str, Officer | None]:
    """{"chair": Officer or None, "vice_chair": ...} elected and in office on `day`."""
    found = {role: None for role in Officer.Role.values}
    officers = (Officer.objects.filter(decision__isnull=False, starts_on__lte=day, ends_on__gte=day)
                .filter(Q(vacated_on__isnull=True) | Q(vacated_on__gt=day))
                .select_related("seat", "seat__partner", "seat__representative").order_by("starts_on"))
    for officer in officers:
        if officer.seat.holds_on(day):
            found[officer.role] = officer
    return found


def chairs_on(day: datetime.date) -> tuple:
    """(chair, vice chair) of the AU on `day` as representatives (registered with partnership.bodies)."""
    officers = officers_on(day)
    return tuple(officers[role].seat.representative if officers[role] else None
                 for role in (Officer.Role.CHAIR, Officer.Role.VICE_CHAIR))


def mandates_of(user, day: datetime.date | None = None) -> dict:
    """The AU seat `user` holds on `day` (default today) through an active representation, and the
    chair or vice chair term on it, for their own dashboard: {"seat": Seat|None, "officer": Officer|None}."""
    day = day or timezone.localdate()
    seat = (Seat.objects.held_on(day).filter(representative__user=user, representative__active=True)
            .select_related("partner").first()) if user is not None and user.is_authenticated else None
    officer = next((o for o in officers_on(day).values() if o is not None and seat is not None
                    and o.seat_id == seat.pk), None)
    return {"seat": seat, "officer": officer}


def composition(day: datetime.date) -> dict:
    """The AU on `day`: per sector its seats held and its vacancies, the officers, and the rules
    engine's verdict on the composition (§ 2.2)."""
    params = parameters_in_force(day)
    held = list(Seat.objects.held_on(day).select_related("partner", "representative").order_by("partner__name"))
    officers = officers_on(day)
    role_of = {officer.seat_id: officer.role for officer in officers.values() if officer}
    sectors = []
    for code, label in Sector.choices:
        seats = [s for s in held if s.sector == code]
        sectors.append({"code": code, "label": label, "seats": seats,
                        "roles": [role_of.get(s.pk) for s in seats],
                        "vacancies": max(0, params.committee_seats_per_sector - len(seats))})
    counts = {row["code"]: len(row["seats"]) for row in sectors}
    return {"day": day, "sectors": sectors, "officers": officers,
            "verdict": rules.check_committee_composition(counts, params),
            "seats": params.committee_seats, "held": len(held)}


def ending_soon(today: datetime.date | None = None) -> list:
    """Seats and officer mandates in force today that end within ENDING_SOON_DAYS (R8)."""
    today = today or timezone.localdate()
    until = today + datetime.timedelta(days=ENDING_SOON_DAYS)
    seats = [s for s in Seat.objects.held_on(today).filter(ends_on__lte=until)
             .select_related("partner", "representative").order_by("ends_on")]
    officers = [o for o in officers_on(today).values() if o is not None and o.ends_on <= until]
    return sorted(seats + officers, key=lambda m: m.ends_on)


def _terms(partner: Partner, *, role: str, exclude_pk=None) -> list[tuple[datetime.date, datetime.date]]:
    """The partner's appointed mandates of `role` as (start, end), ended early ones to their end."""
    if role == "member":
        rows = Seat.objects.appointed().filter(partner=partner)
    else:
        rows = Officer.objects.filter(decision__isnull=False, role=role, seat__partner=partner)
    if exclude_pk is not None:
        rows = rows.exclude(pk=exclude_pk)
    return [(r.starts_on, r.vacated_on - datetime.timedelta(days=1) if r.vacated_on else r.ends_on)
            for r in rows]


def reelection_verdict(partner: Partner, role: str, starts_on: datetime.date, exclude_pk=None) -> rules.Verdict:
    """Whether `partner` may take a mandate of `role` from `starts_on`, given the mandates it has
    served back to back (§ 2.2). *Interpretation*: terms are counted per organisation, as the
    seat and the public list are the organisation's."""
    served = rules.consecutive_terms(_terms(partner, role=role, exclude_pk=exclude_pk), starts_on)
    return rules.check_reelection(role, served, parameters_in_force(starts_on))


def default_end(role: str, starts_on: datetime.date) -> datetime.date:
    return rules.mandate_end(role, starts_on, parameters_in_force(starts_on))


# Seats: proposed to the partnership, appointed by its decision ---------------------------------------


SEAT_ITEM_TITLE = gettext_noop("Val av ledamöter till arbetsutskottet")


def seats_proposed_on(item: AgendaItem) -> list[Seat]:
    return list(Seat.objects.filter(proposed_on_item=item).select_related("partner", "representative")
                .order_by("sector", "partner__name"))


def _seat_refusal(*, partner: Partner, representative: Representative, starts_on, ends_on,
                  exclude_pk=None, counting_pending=True) -> dict | None:
    """{field: reason} when the seat may not be given, else None. The rules engine judges the
    sector's seats during the mandate and the re-election limit."""
    if partner.status != Partner.Status.ACTIVE:
        return {"partner": gettext("%(partner)s är inte partner (har inte undertecknat avsiktsförklaringen "
                                   "eller har trätt ut).") % {"partner": partner.name}}
    if representative.partner_id != partner.pk or not representative.active:
        return {"representative": gettext("Ledamoten måste vara en aktiv representant för %(partner)s.")
                % {"partner": partner.name}}
    if ends_on < starts_on:
        return {"ends_on": gettext("Mandatet kan inte sluta före det börjar.")}
    longest = default_end("member", starts_on)
    if ends_on > longest:
        return {"ends_on": gettext("Ett mandat som ledamot är högst %(years)s år (§ 2.2): senast %(date)s.") % {
            "years": parameters_in_force(starts_on).member_mandate_years, "date": date_format(longest, "j F Y")}}
    overlapping = Seat.objects.filter(starts_on__lte=ends_on, ends_on__gte=starts_on).filter(
        Q(vacated_on__isnull=True) | Q(vacated_on__gt=starts_on))
    if counting_pending:
        # Proposed seats whose item is not yet decided count too: two proposals cannot together
        # make a fourth seat.
        overlapping = overlapping.filter(Q(decision__isnull=False) | Q(proposed_on_item__decision__isnull=True))
    else:
        overlapping = overlapping.filter(decision__isnull=False)
    if exclude_pk is not None:
        overlapping = overlapping.exclude(pk=exclude_pk)
    if overlapping.filter(partner=partner).exists():
        return {"partner": gettext("%(partner)s har redan en plats i arbetsutskottet under perioden; en "
                                   "partner har en plats och en röst.") % {"partner": partner.name}}
    verdict = rules.check_committee_seat_available(
        partner.sector, _most_at_once(overlapping.filter(sector=partner.sector), starts_on, ends_on),
        parameters_in_force(starts_on))
    if not verdict:
        return {"partner": f"{verdict.reason} ({verdict.rule})"}
    verdict = reelection_verdict(partner, "member", starts_on, exclude_pk=exclude_pk)
    if not verdict:
        return {"partner": f"{verdict.reason} ({verdict.rule})"}
    return None


def _most_at_once(rows, start: datetime.date, end: datetime.date) -> int:
    """The most of these seats held on any one day from `start` to `end`: a seat ending makes room
    for one starting after it, so successors proposed in advance do not count twice."""
    events = []
    for seat in rows:
        last = seat.ends_on if seat.vacated_on is None else min(seat.ends_on, seat.vacated_on - datetime.timedelta(days=1))
        first, last = max(seat.starts_on, start), min(last, end)
        if first <= last:
            events += [(first, 1), (last + datetime.timedelta(days=1), -1)]
    most = held = 0
    for _day, step in sorted(events):  # on one day, a seat ending (-1) before one starting (+1)
        held += step
        most = max(most, held)
    return most


def seat_item_refusal(meeting: Meeting) -> str | None:
    """Why seats cannot be proposed on this meeting now, else None."""
    if not meeting.is_partnership:
        return gettext("Arbetsutskottet utses av partnerskapet (§ 2.2); välj ett av partnerskapets sammanträden.")
    return meeting.refusal("edit_agenda")


def _seat_item(by, meeting: Meeting) -> AgendaItem:
    """The meeting's undecided item for electing AU members, made the first time."""
    item = (meeting.agenda_items.filter(proposed_seats__isnull=False, decision__isnull=True)
            .distinct().order_by("position").first())
    return item or meetings.agenda_item_add(by=by, meeting=meeting, title=gettext(SEAT_ITEM_TITLE),
                                    kind=AgendaItem.Kind.DECISION, description="")


def _describe_seats(by, item: AgendaItem) -> None:
    """The proposal for decision on the item, from the seats proposed on it."""
    lines = [gettext("Partnerskapet utser följande ledamöter i arbetsutskottet (§ 2.2):")]
    for seat in seats_proposed_on(item):
        lines.append(gettext("%(sector)s: %(person)s, %(partner)s, %(start)s–%(end)s") % {
            "sector": seat.get_sector_display(), "person": seat.representative.name, "partner": seat.partner.name,
            "start": date_format(seat.starts_on, "j F Y"), "end": date_format(seat.ends_on, "j F Y")})
    meetings.agenda_item_update(by=by, item=item, title=item.title, kind=item.kind, presenter=item.presenter,
                                description="\n".join(lines))


@transaction.atomic
def seat_propose(*, by, meeting: Meeting, partner: Partner, representative: Representative,
                 starts_on: datetime.date, ends_on: datetime.date | None = None) -> Seat:
    """Propose a seat to the partnership: on the meeting's item for electing AU members (made the
    first time), for a representative of a partner of the seat's sector, for a mandate of at
    most the member's years. Refused with the rules' reason when the sector's three seats are
    taken during the mandate or the partner has served its consecutive terms."""
    if not may_manage_seats(by):
        raise PermissionDenied(gettext("Bara kansliet föreslår ledamöter i arbetsutskottet."))
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if reason := seat_item_refusal(meeting):
        raise ValidationError(reason)
    # One proposal at a time, so that two officers cannot together fill a fourth seat.
    partner = Partner.objects.select_for_update().get(pk=partner.pk)
    list(Seat.objects.select_for_update().filter(sector=partner.sector).values_list("pk", flat=True))
    ends_on = ends_on or default_end("member", starts_on)
    if errors := _seat_refusal(partner=partner, representative=representative, starts_on=starts_on, ends_on=ends_on):
        raise ValidationError(errors)
    item = _seat_item(by, meeting)
    seat = attributed(Seat(sector=partner.sector, partner=partner, representative=representative,
                           starts_on=starts_on, ends_on=ends_on, proposed_on_item=item, proposed_by=by), by)
    seat.save()
    _describe_seats(by, item)
    return seat


@transaction.atomic
def seat_proposal_withdraw(*, by, seat: Seat) -> None:
    """Take a proposed seat off its item before the decision; the item goes when it is empty."""
    if not may_manage_seats(by):
        raise PermissionDenied(gettext("Bara kansliet föreslår ledamöter i arbetsutskottet."))
    seat = Seat.objects.select_for_update().select_related("proposed_on_item").get(pk=seat.pk)
    item = seat.proposed_on_item
    if Decision.objects.filter(agenda_item=item).exists():
        raise ValidationError(gettext("Punkten är redan beslutad; förslaget kan inte längre ändras."))
    if reason := item.meeting.refusal("edit_agenda"):
        raise ValidationError(reason)
    attributed(seat, by).delete()
    if Seat.objects.filter(proposed_on_item=item).exists():
        _describe_seats(by, item)
    else:
        meetings.agenda_item_remove(by=by, item=item)


@transaction.atomic
def seat_vacate(*, by, seat: Seat, on: datetime.date, reason: str) -> Seat:
    """Record that a member left the AU before the mandate's end: the seat is vacant from `on`."""
    if not may_manage_seats(by):
        raise PermissionDenied(gettext("Bara kansliet registrerar att en ledamot lämnar arbetsutskottet."))
    seat = Seat.objects.select_for_update().get(pk=seat.pk)
    if not seat.is_appointed:
        raise ValidationError(gettext("Platsen är bara föreslagen; ta bort förslaget i stället."))
    if seat.vacated_on is not None:
        raise ValidationError(gettext("Platsen är redan lämnad (%(date)s).") % {
            "date": date_format(seat.vacated_on, "j F Y")})
    if not (seat.starts_on < on <= seat.ends_on):
        raise ValidationError({"on": gettext("Datumet måste ligga inom mandatet, efter dess första dag.")})
    if not reason.strip():
        raise ValidationError({"reason": gettext("Ange skälet.")})
    seat.vacated_on, seat.vacated_reason = on, reason.strip()
    attributed(seat, by).save(update_fields=["vacated_on", "vacated_reason"])
    for officer in Officer.objects.select_for_update().filter(seat=seat, decision__isnull=False,
                                                              vacated_on__isnull=True, ends_on__gte=on):
        officer.vacated_on = max(on, officer.starts_on)
        attributed(officer, by).save(update_fields=["vacated_on"])
    return seat


# Chair and vice chair: elected by the members among themselves -----------------------------------


def election_refusal(meeting: Meeting) -> str | None:
    if meeting.body != Meeting.Body.COMMITTEE:
        return gettext("Ordförande och vice ordförande i arbetsutskottet utses av dess ledamöter (§ 2.2); "
                       "välj ett av arbetsutskottets sammanträden.")
    return meeting.refusal("edit_agenda")


def officers_proposed_on(item: AgendaItem) -> list[Officer]:
    return list(Officer.objects.filter(elected_on_item=item)
                .select_related("seat", "seat__partner", "seat__representative"))


def _officer_refusal(*, seat: Seat, role: str, starts_on, ends_on, exclude_pk=None) -> dict | None:
    if not seat.holds_on(starts_on):
        return {"seat": gettext("%(person)s har ingen plats i arbetsutskottet den %(date)s; bara ledamöter "
                                "kan väljas (§ 2.2).") % {"person": seat.representative.name,
                                                          "date": date_format(starts_on, "j F Y")}}
    if ends_on < starts_on:
        return {"ends_on": gettext("Mandatet kan inte sluta före det börjar.")}
    longest = default_end(role, starts_on)
    if ends_on > longest:
        return {"ends_on": gettext("Mandatet som ordförande eller vice ordförande är högst %(years)s år "
                                   "(§ 2.2): senast %(date)s.") % {
            "years": parameters_in_force(starts_on).chair_mandate_years, "date": date_format(longest, "j F Y")}}
    taken = (Officer.objects.filter(decision__isnull=False, starts_on__lte=ends_on, ends_on__gte=starts_on)
             .filter(Q(vacated_on__isnull=True) | Q(vacated_on__gt=starts_on)))
    if exclude_pk is not None:
        taken = taken.exclude(pk=exclude_pk)
    same_role = taken.filter(role=role).select_related("seat__representative").first()
    if same_role is not None:
        return {"seat": gettext("%(person)s är redan vald till %(role)s till och med %(date)s.") % {
            "person": same_role.seat.representative.name, "role": same_role.get_role_display().lower(),
            "date": date_format(same_role.ends_on, "j F Y")}}
    if taken.filter(seat__partner=seat.partner).exists():
        return {"seat": gettext("%(partner)s har redan det andra uppdraget under perioden; ordförande och "
                                "vice ordförande är två olika ledamöter.") % {"partner": seat.partner.name}}
    verdict = reelection_verdict(seat.partner, role, starts_on, exclude_pk=exclude_pk)
    if not verdict:
        return {"seat": f"{verdict.reason} ({verdict.rule})"}
    return None


def _role_label(role: str) -> str:
    return Officer.Role(role).label


@transaction.atomic
def election_propose(*, by, meeting: Meeting, seat: Seat, role: str, starts_on: datetime.date,
                     ends_on: datetime.date | None = None) -> Officer:
    """Put the election of `seat`'s member as the AU's chair or vice chair on an AU meeting's
    agenda, as a decision item of its own: the members decide it by consensus or vote in the room,
    and adopting it elects (§ 2.2). Refused for a non-member, a taken post and the re-election
    limit (one year, re-elected twice)."""
    if not may_manage_seats(by):
        raise PermissionDenied(gettext("Bara kansliet förbereder val i arbetsutskottet."))
    if role not in Officer.Role.values:
        raise ValidationError({"role": gettext("Välj ordförande eller vice ordförande.")})
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if reason := election_refusal(meeting):
        raise ValidationError(reason)
    seat = Seat.objects.select_related("partner", "representative").get(pk=seat.pk)
    ends_on = ends_on or default_end(role, starts_on)
    if errors := _officer_refusal(seat=seat, role=role, starts_on=starts_on, ends_on=ends_on):
        raise ValidationError(errors)
    pending = Officer.objects.filter(elected_on_item__meeting=meeting, role=role,
                                     elected_on_item__decision__isnull=True)
    if pending.exists():
        raise ValidationError({"role": gettext("Valet av %(role)s är redan på dagordningen för mötet.") % {
            "role": _role_label(role).lower()}})
    values = {"role": _role_label(role).lower(), "person": seat.representative.name, "partner": seat.partner.name,
              "start": date_format(starts_on, "j F Y"), "end": date_format(ends_on, "j F Y")}
    item = meetings.agenda_item_add(
        by=by, meeting=meeting, kind=AgendaItem.Kind.DECISION,
        title=gettext("Val av %(role)s för arbetsutskottet") % values,
        description=gettext("Arbetsutskottet väljer %(person)s (%(partner)s) till %(role)s för "
                            "arbetsutskottet för perioden %(start)s–%(end)s (§ 2.2).") % values)
    # The public contact (R12) starts as the member's e-mail; a phone number is published only when
    # the kansli adds one (a representative's own number may be a private mobile).
    officer = attributed(Officer(role=role, seat=seat, starts_on=starts_on, ends_on=ends_on, elected_on_item=item,
                                 contact_email=seat.representative.email, proposed_by=by), by)
    officer.save()
    return officer


@transaction.atomic
def officer_contact_update(*, by, officer: Officer, email: str, phone: str) -> Officer:
    """The AU chair's public contact details (R12), set by the kansli."""
    if not may_manage_seats(by):
        raise PermissionDenied(gettext("Bara kansliet ändrar kontaktuppgifterna."))
    officer = Officer.objects.select_for_update().get(pk=officer.pk)
    officer.contact_email, officer.contact_phone = email.strip(), phone.strip()
    attributed(officer, by).save(update_fields=["contact_email", "contact_phone"])
    return officer


# Adoption: what the decision does, in its transaction --------------------------------------------


def follow_decision(decision: Decision, by) -> None:
    """Receiver part of `item_decided`: an adopted seats item appoints its seats, an adopted
    election elects; each judged again on the decision's day, and a refusal undoes the decision.
    Not adopted, nothing changes (the proposals stay on the record with the decision)."""
    if decision.outcome != Decision.Outcome.ADOPTED:
        return
    for seat in Seat.objects.select_for_update().filter(proposed_on_item_id=decision.agenda_item_id):
        if errors := _seat_refusal(partner=seat.partner, representative=seat.representative, starts_on=seat.starts_on,
                                   ends_on=seat.ends_on, exclude_pk=seat.pk, counting_pending=False):
            raise ValidationError(gettext("%(partner)s kan inte utses: %(reason)s") % {
                "partner": seat.partner.name, "reason": " ".join(errors.values())})
        seat.decision = decision
        attributed(seat, by).save(update_fields=["decision"])
    for officer in Officer.objects.select_for_update().filter(elected_on_item_id=decision.agenda_item_id):
        if errors := _officer_refusal(seat=officer.seat, role=officer.role, starts_on=officer.starts_on,
                                      ends_on=officer.ends_on, exclude_pk=officer.pk):
            raise ValidationError(gettext("%(person)s kan inte väljas: %(reason)s") % {
                "person": officer.seat.representative.name, "reason": " ".join(errors.values())})
        officer.decision = decision
        attributed(officer, by).save(update_fields=["decision"])
