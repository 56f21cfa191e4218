"""Signals of the decisions app: what other parts of the portal follow."""

from django.dispatch import Signal

# Sent inside the transaction that records a decision, with `decision` and `by` (the acting user).
# Receivers act on the item's kind: the minutes approval item approves the minutes, the voting roll
# item fixes the roll. A receiver that raises undoes the decision.
item_decided = Signal()
