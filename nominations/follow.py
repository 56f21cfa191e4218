"""What follows from a decision on one of this app's items, in the decision's transaction
(`decisions.signals.item_decided`): appointed seats, an elected chair, an established working
group, a nomination round's list adopted. Each part answers for its own items; a part that
raises undoes the decision, with its reason."""

from nominations import groups, rounds, seats


def on_item_decided(sender, decision=None, by=None, **kwargs) -> None:
    for follow in (seats.follow_decision, groups.follow_decision, rounds.follow_decision):
        follow(decision=decision, by=by)
