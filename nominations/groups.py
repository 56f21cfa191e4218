"""Working groups and expert panels (§ 2.2; R8). Services come with their issue part."""


from decisions.models import Decision
from nominations.models import WorkingGroup
from swecan.audit import attributed


def follow_decision(decision: Decision, by) -> None:
    """Receiver part of `item_decided`: adopting a (semi-)permanent group's item establishes it
    (R8); not adopted, the group stays unestablished."""
    group = (WorkingGroup.objects.select_for_update().filter(proposed_on_item_id=decision.agenda_item_id).first())
    if group is None or decision.outcome != Decision.Outcome.ADOPTED:
        return
    group.decision = decision
    attributed(group, by).save(update_fields=["decision"])
