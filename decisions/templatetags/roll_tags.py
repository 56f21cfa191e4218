"""The kansli's list of the voting roll where it is decided (decisions/roll.py):
`{% roll_section meeting %}` on the kansli's meeting page, and
`{% roll_proposal_of item as roll %}` on an item of the meeting room, so that the partnership
sees the list it adopts. One query for all the items of a meeting (cached for the render)."""

from django import template

from decisions import roll

register = template.Library()


def _shown(proposal) -> dict:
    partners = list(proposal.partners.all())
    decision = roll.decision_of(proposal)
    return {
        "proposal": proposal,
        "item": proposal.agenda_item,
        "groups": roll.by_sector(partners),
        "total": len(partners),
        "decision": decision,
        "drift": roll.drift(proposal) if decision is None else None,
    }


@register.simple_tag(takes_context=True)
def roll_proposal_of(context, item):
    cache = context.render_context.setdefault("roll_proposals", {})
    if item.meeting_id not in cache:
        cache[item.meeting_id] = {p.agenda_item_id: p for p in roll.proposals_on(item.meeting)}
    proposal = cache[item.meeting_id].get(item.pk)
    return _shown(proposal) if proposal is not None else None


@register.inclusion_tag("decisions/includes/roll_section.html")
def roll_section(meeting):
    if not meeting.is_partnership:
        return {"meeting": meeting, "shown": False}
    proposals = [_shown(p) for p in roll.proposals_on(meeting)]
    fixed = roll.fixed_roll(meeting.date.year)
    fix_refusal = roll.compile_refusal(meeting, roll.KINDS.FIX)
    add_refusal = roll.compile_refusal(meeting, roll.KINDS.ADD)
    return {
        "meeting": meeting,
        "shown": True,
        "year": meeting.date.year,
        "proposals": proposals,
        "may_fix": fix_refusal is None,
        "fix_pending": roll.pending(meeting, roll.KINDS.FIX) is not None,
        "fixed": fixed,
        # Before the roll is fixed, who would be on it that day (the list the kansli compiles).
        "unfixed_count": len(roll.fix_candidates(meeting)) if fixed is None else None,
        "may_add": add_refusal is None and roll.add_candidates(meeting).exists(),
        "add_pending": roll.pending(meeting, roll.KINDS.ADD) is not None,
        # Said where nothing can be done here and the roll is not fixed.
        "fix_refusal": fix_refusal,
    }
