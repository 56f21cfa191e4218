"""Who may do what with a case: one helper per question, for views, services and templates."""

from partnership.access import acting_representative, may_act_for


def may_write_case(user, partner_or_id) -> bool:
    """Draft, submit and ask for co-signers: the kansli or a representative of the partner."""
    return may_act_for(user, partner_or_id)


def may_withdraw_case(user, case) -> bool:
    """Only the submitters withdraw their case: a representative of the submitting partner."""
    return acting_representative(user, case.partner_id) is not None


def may_confirm_cosignature(user, cosignature) -> bool:
    """Only the co-signing partner itself, from its own account (never the kansli for it)."""
    return acting_representative(user, cosignature.partner_id) is not None
