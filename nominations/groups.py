"""Working groups and expert panels (§ 2.2; R8).

The AU initiates a group in consultation with the kansli, whose agreement is recorded. A
temporary group (the default, with an end date) is established by that agreement; a permanent
or semi-permanent one also needs a consultation with the partnership's chair and the
partnership's decision, proposed on a decision item of one of its meetings and taken into
force through `item_decided` (nominations/follow.py), as the AU's seats are. Each group is also
a preparer of cases (decisions.PreparationGroup), so that the case preparation assigns cases to
it; its documents can be attached to a case in preparation.
"""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import Prefetch, Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from decisions import preparation
from decisions import services as cases
from decisions.access import may_prepare
from decisions.models import Case, CaseDocument, Decision, PreparationGroup
from meetings import services as meetings
from meetings.models import AgendaItem, Meeting
from nominations.access import may_agree_group, may_initiate_group, may_manage_group
from nominations.models import GroupDocument, GroupMember, WorkingGroup
from partnership.models import Partner, Representative
from swecan.audit import attributed

# The states a group is shown in (lists, the group's page).
AWAITING_KANSLI = "awaiting_kansli"
AWAITING_DECISION = "awaiting_decision"
ACTIVE = "active"
UPCOMING = "upcoming"
ENDED = "ended"
STATE_LABELS = {
    AWAITING_KANSLI: _("Väntar på kansliets samråd"),
    AWAITING_DECISION: _("Väntar på partnerskapets beslut"),
    UPCOMING: _("Inrättad, har inte börjat"),
    ACTIVE: _("Pågår"),
    ENDED: _("Avslutad"),
}


# Reads ---------------------------------------------------------------------------------------


def state_of(group: WorkingGroup, today: datetime.date | None = None) -> str:
    today = today or timezone.localdate()
    if not group.is_agreed:
        return AWAITING_KANSLI
    if not group.is_established:
        return AWAITING_DECISION
    if group.ends_on is not None and group.ends_on < today:
        return ENDED
    if group.starts_on > today:
        return UPCOMING
    return ACTIVE


def preparation_standings(preparation_groups, day: datetime.date) -> dict:
    """Registered with decisions.preparation (NominationsConfig.ready): which of the case
    preparers' groups may take a case on `day` (set up and not ended), with its page. One query."""
    from django.urls import reverse

    from decisions.preparation import GroupStanding

    standings = {}
    for group in WorkingGroup.objects.filter(preparation_group__in=list(preparation_groups)):
        state = state_of(group, day)
        refusal = None
        if state in (AWAITING_KANSLI, AWAITING_DECISION):
            refusal = gettext("%(name)s är inte tillsatt än: %(reason)s") % {
                "name": group.name, "reason": group.establishment().reason}
        elif state == ENDED:
            refusal = gettext("%(name)s avslutades den %(date)s.") % {
                "name": group.name, "date": date_format(group.ends_on, "j F Y")}
        standings[group.preparation_group_id] = GroupStanding(refusal, reverse("committee_group", args=[group.pk]))
    return standings


def state_label(state: str) -> str:
    return str(STATE_LABELS[state])


def current_members(group: WorkingGroup, today: datetime.date | None = None) -> list[GroupMember]:
    """The members who have not left by `today` (from the prefetched members when there are)."""
    today = today or timezone.localdate()
    return [m for m in group.members.all() if m.left_on is None or m.left_on > today]


def _members_prefetch() -> Prefetch:
    return Prefetch("members", queryset=GroupMember.objects.select_related("representative__partner"))


def groups_overview(today: datetime.date | None = None) -> list[WorkingGroup]:
    """Every group with its state and current members, in a fixed number of queries."""
    today = today or timezone.localdate()
    groups = list(WorkingGroup.objects.prefetch_related(_members_prefetch()).order_by("name"))
    for group in groups:
        group.state = state_of(group, today)
        group.state_label = state_label(group.state)
        group.current = current_members(group, today)
    return groups


def public_groups(today: datetime.date | None = None) -> list[WorkingGroup]:
    """The groups the public sees (R12): the established ones, and the permanent or
    semi-permanent ones proposed to the partnership (their item is on a public agenda), marked
    as awaiting its decision. With the organisations of their current members, never the
    people. Running and upcoming first, then those awaiting the decision, then ended ones."""
    today = today or timezone.localdate()
    shown = (WorkingGroup.objects.filter(kansli_agreed_at__isnull=False)
             .filter(Q(duration=WorkingGroup.Duration.TEMPORARY) | Q(decision__isnull=False)
                     | Q(proposed_on_item__isnull=False))
             .prefetch_related(_members_prefetch()).order_by("name"))
    groups = []
    for group in shown:
        group.state = state_of(group, today)
        group.state_label = state_label(group.state)
        group.organisations = sorted({m.display_organisation for m in current_members(group, today)
                                      if m.display_organisation}, key=str.casefold)
        groups.append(group)
    order = {ACTIVE: 0, UPCOMING: 0, AWAITING_DECISION: 1, ENDED: 2}
    return sorted(groups, key=lambda g: order[g.state])


def member_choices():
    """Representatives who may join a group: active representatives of active partners."""
    return (Representative.objects.filter(active=True, partner__status=Partner.Status.ACTIVE)
            .select_related("partner").order_by("partner__name", "name"))


def attachable_cases():
    """The cases in preparation, to which a group's output can be attached."""
    return Case.objects.filter(state__in=(Case.State.IN_PREPARATION, Case.State.PREPARED)).order_by(
        "year", "number")


def proposal_meetings():
    """The partnership's upcoming meetings whose agenda may still be changed."""
    upcoming = Meeting.objects.filter(body=Meeting.Body.PARTNERSHIP, starts_at__gte=timezone.now()).order_by(
        "starts_at")
    return [m for m in upcoming if m.refusal("edit_agenda") is None]


def proposal_refusal(group: WorkingGroup) -> str | None:
    """Why the group cannot be proposed to the partnership now, else None."""
    if not group.needs_partnership_decision:
        return gettext("En tillfällig grupp inrättas av arbetsutskottet i samråd med kansliet och behöver "
                       "inget beslut av partnerskapet.")
    if group.decision_id is not None:
        return gettext("Partnerskapet har redan beslutat om gruppen.")
    if not group.is_agreed:
        return gettext("Registrera kansliets samråd först.")
    if group.chair_consulted_on is None:
        return gettext("En permanent eller halvpermanent grupp föreslås partnerskapet först efter samråd med "
                       "partnerskapets ordförande (§ 2.2). Registrera samrådet först.")
    if group.proposed_on_item_id is not None and not Decision.objects.filter(
            agenda_item_id=group.proposed_on_item_id).exists():
        return gettext("Gruppen står redan på dagordningen för %(meeting)s och väntar på beslut.") % {
            "meeting": group.proposed_on_item.meeting.title}
    return None


# Changes -------------------------------------------------------------------------------------


def _locked(group: WorkingGroup) -> WorkingGroup:
    return WorkingGroup.objects.select_for_update().get(pk=group.pk)


def _check_initiator(by) -> None:
    if not may_initiate_group(by):
        raise PermissionDenied(gettext("Bara arbetsutskottets ledamöter och kansliet initierar arbetsgrupper "
                                       "och expertpaneler."))


def _check_kansli(by) -> None:
    if not may_agree_group(by):
        raise PermissionDenied(gettext("Bara kansliet kan göra det här."))


def _check_manager(by, group: WorkingGroup) -> None:
    if not may_manage_group(by, group):
        raise PermissionDenied(gettext("Bara kansliet, arbetsutskottets ledamöter och gruppens sammankallande "
                                       "kan ändra gruppen."))


def _check_established(group: WorkingGroup) -> None:
    """Meetings and documents are the work of an established group (R8)."""
    verdict = group.establishment()
    if not verdict:
        raise ValidationError(f"{verdict.reason} ({verdict.rule})")


def _check_not_ended(group: WorkingGroup) -> None:
    if group.ends_on is not None and group.ends_on < timezone.localdate():
        raise ValidationError(gettext("Gruppen avslutades %(date)s.") % {"date": date_format(group.ends_on, "j F Y")})


@transaction.atomic
def group_initiate(*, by, name: str, kind: str, duration: str, purpose: str, goal: str,
                   starts_on: datetime.date | None, ends_on: datetime.date | None) -> WorkingGroup:
    """The AU initiates a working group or expert panel with a purpose, a goal and a period;
    temporary by default, and then with an end date. The group becomes a preparer of cases
    under the same name (decisions.PreparationGroup)."""
    _check_initiator(by)
    name, purpose, goal = name.strip(), purpose.strip(), goal.strip()
    errors = {}
    if not name:
        errors["name"] = gettext("Ge gruppen ett namn.")
    elif WorkingGroup.objects.filter(name__iexact=name).exists() or PreparationGroup.objects.filter(
            name__iexact=name).exists():
        errors["name"] = gettext("Det finns redan en grupp som heter %(name)s.") % {"name": name}
    if kind not in WorkingGroup.Kind.values:
        errors["kind"] = gettext("Välj arbetsgrupp eller expertpanel.")
    if duration not in WorkingGroup.Duration.values:
        errors["duration"] = gettext("Välj tillfällig, halvpermanent eller permanent.")
    if not purpose:
        errors["purpose"] = gettext("Beskriv gruppens syfte.")
    if not goal:
        errors["goal"] = gettext("Beskriv gruppens mål.")
    if starts_on is None:
        errors["starts_on"] = gettext("Ange när gruppen börjar.")
    if ends_on is None and duration == WorkingGroup.Duration.TEMPORARY:
        errors["ends_on"] = gettext("En tillfällig grupp har ett slutdatum.")
    elif ends_on is not None and starts_on is not None and ends_on <= starts_on:
        errors["ends_on"] = gettext("Slutdatumet måste komma efter startdatumet.")
    if errors:
        raise ValidationError(errors)
    prepares = preparation.preparation_group_save(by=by, fields={"name": name, "kind": kind, "members": ""})
    group = attributed(WorkingGroup(name=name, kind=kind, duration=duration, purpose=purpose, goal=goal,
                                    starts_on=starts_on, ends_on=ends_on, initiated_by=by,
                                    preparation_group=prepares), by)
    group.save()
    return group


@transaction.atomic
def group_agree(*, by, group: WorkingGroup, note: str = "") -> WorkingGroup:
    """The kansli's agreement to a group the AU initiated (§ 2.2): a temporary group is then
    established."""
    _check_kansli(by)
    group = _locked(group)
    if group.is_agreed:
        raise ValidationError(gettext("Kansliets samråd är redan registrerat (%(date)s).") % {
            "date": date_format(timezone.localtime(group.kansli_agreed_at), "j F Y")})
    group.kansli_agreed_by, group.kansli_agreed_at, group.kansli_note = by, timezone.now(), note.strip()
    attributed(group, by).save(update_fields=["kansli_agreed_by", "kansli_agreed_at", "kansli_note"])
    return group


@transaction.atomic
def group_record_chair_consultation(*, by, group: WorkingGroup, consulted_on: datetime.date | None,
                                    note: str = "") -> WorkingGroup:
    """The consultation with the partnership's chair that a permanent or semi-permanent group
    needs before the partnership decides (§ 2.2)."""
    _check_kansli(by)
    group = _locked(group)
    if not group.needs_partnership_decision:
        raise ValidationError(gettext("En tillfällig grupp behöver inget samråd med partnerskapets ordförande."))
    if group.chair_consulted_on is not None:
        raise ValidationError(gettext("Samrådet med partnerskapets ordförande är redan registrerat (%(date)s).") % {
            "date": date_format(group.chair_consulted_on, "j F Y")})
    if consulted_on is None:
        raise ValidationError({"consulted_on": gettext("Ange när samrådet hölls.")})
    if consulted_on > timezone.localdate():
        raise ValidationError({"consulted_on": gettext("Samrådet kan inte registreras i förväg.")})
    group.chair_consulted_on, group.chair_consultation_note = consulted_on, note.strip()
    attributed(group, by).save(update_fields=["chair_consulted_on", "chair_consultation_note"])
    return group


def _period(group: WorkingGroup) -> str:
    if group.ends_on is None:
        return gettext("från %(start)s, utan slutdatum") % {"start": date_format(group.starts_on, "j F Y")}
    return gettext("%(start)s–%(end)s") % {"start": date_format(group.starts_on, "j F Y"),
                                          "end": date_format(group.ends_on, "j F Y")}


@transaction.atomic
def group_propose_to_partnership(*, by, group: WorkingGroup, meeting: Meeting) -> AgendaItem:
    """Put a permanent or semi-permanent group on a partnership meeting's agenda as a decision
    item; adopting it establishes the group (follow_decision)."""
    _check_kansli(by)
    group = _locked(group)
    if reason := proposal_refusal(group):
        raise ValidationError(reason)
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if not meeting.is_partnership:
        raise ValidationError({"meeting": gettext("En permanent eller halvpermanent grupp inrättas genom "
                                                  "partnerskapets beslut (§ 2.2); välj ett av partnerskapets "
                                                  "sammanträden.")})
    if reason := meeting.refusal("edit_agenda"):
        raise ValidationError({"meeting": reason})
    values = {"kind": group.get_kind_display().lower(), "duration": group.get_duration_display().lower(),
              "name": group.name, "purpose": group.purpose, "goal": group.goal, "period": _period(group),
              "consulted": date_format(group.chair_consulted_on, "j F Y")}
    item = meetings.agenda_item_add(
        by=by, meeting=meeting, kind=AgendaItem.Kind.DECISION,
        title=gettext("Inrättande av %(duration)s %(kind)s: %(name)s") % values,
        description=gettext("Arbetsutskottet föreslår, i samråd med kansliet, att partnerskapet inrättar en "
                            "%(duration)s %(kind)s, %(name)s, för perioden %(period)s (§ 2.2). Samråd med "
                            "partnerskapets ordförande hölls %(consulted)s.\n\nSyfte: %(purpose)s\n\n"
                            "Mål: %(goal)s") % values)
    group.proposed_on_item = item
    attributed(group, by).save(update_fields=["proposed_on_item"])
    return item


def _sync_preparers(by, group: WorkingGroup) -> None:
    """The preparer of cases lists the group's current members, one per line (through the case
    preparation's own service, which only a preparer may use)."""
    if group.preparation_group_id is None or not may_prepare(by):
        return
    prepares = group.preparation_group
    lines = [f"{m.display_name} ({m.display_organisation})" for m in current_members(group)]
    preparation.preparation_group_save(by=by, group=prepares, fields={
        "name": prepares.name, "kind": prepares.kind, "members": "\n".join(lines)})


@transaction.atomic
def group_member_add(*, by, group: WorkingGroup, representative: Representative | None = None, name: str = "",
                     organisation: str = "", email: str = "", is_leader: bool = False) -> GroupMember:
    """A representative of an active partner, or an external expert with name, organisation and
    e-mail, joins the group."""
    _check_manager(by, group)
    group = _locked(group)
    _check_not_ended(group)
    name, organisation, email = name.strip(), organisation.strip(), email.strip()
    if representative is not None:
        if name or organisation or email:
            raise ValidationError({"representative": gettext(
                "Välj antingen en representant eller fyll i en extern experts uppgifter, inte båda.")})
        representative = Representative.objects.select_related("partner").get(pk=representative.pk)
        if not representative.active or representative.partner.status != Partner.Status.ACTIVE:
            raise ValidationError({"representative": gettext(
                "%(person)s är inte aktiv representant för en partner.") % {"person": representative.name}})
        if group.members.filter(representative=representative, left_on__isnull=True).exists():
            raise ValidationError({"representative": gettext("%(person)s är redan medlem i gruppen.") % {
                "person": representative.name}})
    else:
        errors = {}
        if not name:
            errors["name"] = gettext("Välj en representant, eller ange den externa expertens namn.")
        if not organisation:
            errors["organisation"] = gettext("Ange den externa expertens organisation.")
        if not email:
            errors["email"] = gettext("Ange den externa expertens e-postadress.")
        else:
            try:
                validate_email(email)
            except ValidationError:
                errors["email"] = gettext("Fyll i en giltig e-postadress.")
        if errors:
            raise ValidationError(errors)
    member = attributed(GroupMember(group=group, representative=representative, name=name, organisation=organisation,
                                    email=email, is_leader=is_leader, added_by=by), by)
    member.save()
    _sync_preparers(by, group)
    return member


@transaction.atomic
def group_member_remove(*, by, member: GroupMember, on: datetime.date | None) -> GroupMember:
    """A member leaves the group from `on` (kept on the record)."""
    member = GroupMember.objects.select_for_update().select_related("group").get(pk=member.pk)
    _check_manager(by, member.group)
    if member.left_on is not None:
        raise ValidationError(gettext("%(person)s har redan lämnat gruppen (%(date)s).") % {
            "person": member.display_name, "date": date_format(member.left_on, "j F Y")})
    if on is None:
        raise ValidationError({"on": gettext("Ange från vilken dag medlemmen lämnar gruppen.")})
    if on < timezone.localdate(member.added_at):
        raise ValidationError({"on": gettext("Dagen kan inte ligga före den dag medlemmen lades till (%(date)s).")
                               % {"date": date_format(timezone.localdate(member.added_at), "j F Y")}})
    member.left_on = on
    attributed(member, by).save(update_fields=["left_on"])
    _sync_preparers(by, member.group)
    return member


@transaction.atomic
def group_meeting_plan(*, by, group: WorkingGroup, fields: dict) -> Meeting:
    """A meeting of an established group: a working group meeting under the group's name, to
    which the members with an account are called (external experts get the kallelse from the
    kansli by e-mail)."""
    _check_manager(by, group)
    group = _locked(group)
    _check_established(group)
    _check_not_ended(group)
    participants = [m.representative.user for m in current_members(group)
                    if m.representative_id and m.representative.user_id and m.representative.active]
    allowed = ("title", "form", "starts_at", "ends_at", "place", "online_link", "kind")
    values = {"kind": Meeting.Kind.ORDINARY, **{key: value for key, value in fields.items() if key in allowed},
              "body": Meeting.Body.WORKING_GROUP, "group_name": group.name, "planned_notice_date": None,
              "participants": participants}
    meeting = meetings.meeting_plan(by=by, fields=values)
    attributed(group, by).meetings.add(meeting)
    return meeting


@transaction.atomic
def group_document_upload(*, by, group: WorkingGroup, title: str, file) -> GroupDocument:
    """A document of an established group (the meeting documents' checks of type and size)."""
    _check_manager(by, group)
    group = _locked(group)
    _check_established(group)
    if not title.strip():
        raise ValidationError({"title": gettext("Ge handlingen en titel.")})
    if file is None:
        raise ValidationError({"file": gettext("Välj en fil.")})
    meetings.checked_upload(file)
    document = attributed(GroupDocument(group=group, title=title.strip(), file=file, original_name=file.name[:255],
                                        size=file.size, uploaded_by=by), by)
    document.save()
    return document


@transaction.atomic
def group_document_attach_to_case(*, by, document: GroupDocument, case: Case) -> CaseDocument:
    """The group's output attached to a case in preparation: a copy among the case's documents,
    made through the case's own service, and linked from the group's document."""
    if not may_prepare(by):
        raise PermissionDenied(gettext("Bara den som bereder ärenden kan bifoga gruppens handlingar till ett "
                                       "ärende."))
    document = GroupDocument.objects.select_for_update().select_related("group").get(pk=document.pk)
    _check_established(document.group)
    if document.case_document_id is not None:
        raise ValidationError(gettext("Handlingen är redan bifogad till ärende %(case)s.") % {
            "case": document.case_document.case.reference})
    if reason := preparation.preparation_refusal(case):
        raise ValidationError({"case": reason})
    with document.file.open("rb") as stored:
        copy = ContentFile(stored.read(), name=document.original_name)
    attached = cases.case_document_add(by=by, case=case, title=document.title, uploaded=copy)
    document.case_document = attached
    attributed(document, by).save(update_fields=["case_document"])
    return attached


def follow_decision(decision: Decision, by) -> None:
    """Receiver part of `item_decided`: adopting a (semi-)permanent group's item establishes it
    (R8); not adopted, the group stays unestablished."""
    group = (WorkingGroup.objects.select_for_update().filter(proposed_on_item_id=decision.agenda_item_id).first())
    if group is None or decision.outcome != Decision.Outcome.ADOPTED:
        return
    group.decision = decision
    attributed(group, by).save(update_fields=["decision"])
