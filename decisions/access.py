"""Who may do what with a case: one helper per question, for views, services and templates."""

from django.db import models

from partnership.access import acting_representative, is_kansli, may_act_for
from partnership.bodies import committee_chairs, is_committee_member


def may_write_case(user, partner_or_id) -> bool:
    """Draft, submit and ask for co-signers: the kansli or a representative of the partner."""
    return may_act_for(user, partner_or_id)


def may_withdraw_case(user, case) -> bool:
    """Only the submitters withdraw their case: a representative of the submitting partner."""
    return acting_representative(user, case.partner_id) is not None


def may_confirm_cosignature(user, cosignature) -> bool:
    """Only the co-signing partner itself, from its own account (never the kansli for it)."""
    return acting_representative(user, cosignature.partner_id) is not None


def may_prepare(user) -> bool:
    """Prepare cases (inbox, groups, consultations, proposals, agenda): the preparers, the kansli
    and the members of the arbetsutskott (§ 2.2, "beredning av ärenden")."""
    return is_kansli(user) or is_committee_member(user)


def is_submitter(user, case) -> bool:
    """A representative of the submitting partner or of a partner that confirmed co-signing."""
    if acting_representative(user, case.partner_id) is not None:
        return True
    confirmed = [c.partner_id for c in case.cosignatures.all() if c.is_confirmed]
    return any(acting_representative(user, partner_id) is not None for partner_id in confirmed)


def may_read_case(user, case) -> bool:
    """A draft: only its own partner (and co-signers asked) and the preparers. A received case
    is a public record (R12): everyone."""
    if case.state != case.State.DRAFT:
        return True
    if may_prepare(user) or acting_representative(user, case.partner_id) is not None:
        return True
    return any(acting_representative(user, c.partner_id) is not None for c in case.cosignatures.all())


def may_read_case_document(user, document) -> bool:
    """A withheld attachment: only the kansli. Otherwise whoever may read the case."""
    if not document.is_public:
        return is_kansli(user)
    return may_read_case(user, document.case)


def may_answer_consultation(user, consultation, partner_or_id) -> bool:
    """A representative of a partner in one of the consulted sectors, for their own partner."""
    representative = acting_representative(user, partner_or_id)
    return representative is not None and representative.partner.sector in consultation.sectors


def may_read_consultation_answers(user, consultation) -> bool:
    """All answers side by side: the preparers always; others once the answers are summarised
    (before that a partner sees only its own answer)."""
    return may_prepare(user) or (consultation.is_summarised and user is not None and user.is_authenticated)


# Decisions and votes (issue 10) -------------------------------------------------------------


def may_run_meeting(user, meeting) -> bool:
    """Run the meeting room (consensus, votes, rulings on jäv): the kansli or the meeting's chair;
    at the AU's meetings also the AU's elected chair, or the vice chair standing in (§ 2.2)."""
    if is_kansli(user):
        return True
    if not (user is not None and user.is_authenticated and user.is_active):
        return False
    if meeting.chair_id is not None and meeting.chair_id == user.pk:
        return True
    return meeting.body == meeting.Body.COMMITTEE and leads_committee_meeting(user, meeting)


def leads_committee_meeting(user, meeting) -> bool:
    """The AU's chair leads its meetings; the vice chair replaces the chair in their absence
    (§ 2.2): when the post is empty or the chair's partner is not recorded present now."""
    chair, vice = committee_chairs(meeting.date)
    if chair is not None and chair.active and chair.user_id == user.pk:
        return True
    if vice is None or not vice.active or vice.user_id != user.pk:
        return False
    if chair is None:
        return True
    from django.utils import timezone

    from meetings.models import Attendance

    now = timezone.now()
    return not Attendance.objects.filter(meeting=meeting, partner_id=chair.partner_id, arrived_at__lte=now).filter(
        models.Q(departed_at__isnull=True) | models.Q(departed_at__gt=now)).exists()


def may_vote_for(user, partner_or_id) -> bool:
    """Cast a partner's ballot: only a representative acting for it, never the kansli (the kansli
    records a show of hands instead, which is another question)."""
    return acting_representative(user, partner_or_id) is not None


# The speakers' list (talarlista) ------------------------------------------------------------


def may_request_floor(user, partner_or_id) -> bool:
    """Ask for the floor: a representative acting for the partner, from their own account (the
    kansli speaks for no partner)."""
    return acting_representative(user, partner_or_id) is not None


def may_withdraw_floor_request(user, speaker_request) -> bool:
    """Take back a request: only the person who asked, while still acting for that partner."""
    return (user is not None and user.is_authenticated and speaker_request.user_id == user.pk
            and acting_representative(user, speaker_request.partner_id) is not None)


def may_keep_minutes(user, meeting) -> bool:
    """Draft, finish and correct a meeting's minutes (§ 3.2): the kansli keeps them."""
    return is_kansli(user)


# Publication (§ 7, R12) --------------------------------------------------------------------------


def may_read_decision(user, decision) -> bool:
    """The kansli and the meeting's chair read every decision; everyone else a public one
    (decisions/publication.py says which)."""
    if may_run_meeting(user, decision.agenda_item.meeting):
        return True
    # Imported here: publication reads the snapshot through voting, which imports this module.
    from decisions.publication import is_public

    return is_public(decision)


# The voting roll as a decision (§ 5.2) -------------------------------------------------------------


def may_compile_roll(user) -> bool:
    """Compile the list of the voting roll the partnership decides on: the kansli (§ 5.2, R10)."""
    return is_kansli(user)
