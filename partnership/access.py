"""May this user act for this partner? The one home of that question.

Views, services and templates (through their context) ask here; nothing else
looks up a user's representation to decide what they may do.
"""

from partnership.models import Partner, Representative

# A partner whose place has ended (withdrawn, declined) has no one acting for it;
# an invited partner has: its representative signs the declaration that makes it a partner.
_ACTING_STATUSES = (Partner.Status.INVITED, Partner.Status.ACTIVE)


def _partner_id(partner_or_id) -> int | None:
    if partner_or_id is None or isinstance(partner_or_id, int):
        return partner_or_id
    return partner_or_id.pk


def is_kansli(user) -> bool:
    """An active, signed-in account of the kansli."""
    return bool(user is not None and user.is_authenticated and user.is_active and user.is_kansli)


_is_kansli = is_kansli


def acting_representative(user, partner_or_id=None) -> Representative | None:
    """The active representation through which `user` acts for the partner (or for their own).

    None for the public, the kansli (it administers partners, never acts for one),
    an inactive account or representation, a partner that has left, or another partner.
    """
    if user is None or not user.is_authenticated or not user.is_active or user.is_kansli:
        return None
    representations = Representative.objects.filter(
        user=user, active=True, partner__status__in=_ACTING_STATUSES
    ).select_related("partner")
    partner_id = _partner_id(partner_or_id)
    if partner_id is not None:
        representations = representations.filter(partner_id=partner_id)
    return representations.first()


def may_act_for(user, partner_or_id) -> bool:
    """The kansli, or someone acting for this very partner."""
    return _is_kansli(user) or acting_representative(user, partner_or_id) is not None


def may_read_partner_records(user, partner_or_id) -> bool:
    """The partner's own records (the signed declaration and its PDF): the kansli and the partner."""
    return may_act_for(user, partner_or_id)


def may_invite_deputy(user, partner_or_id=None) -> bool:
    """Only the partner's primary representative invites a deputy (the kansli invites anyone)."""
    rep = acting_representative(user, partner_or_id)
    return rep is not None and rep.role == Representative.Role.PRIMARY
