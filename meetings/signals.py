"""What meetings announce to the apps built on them.

Meetings may not import those apps (tests/test_layering.py), yet cases must follow a meeting's
schedule: a kallelse sent earlier than planned makes late the cases that counted on the planned
date, and a meeting planned later is where queued cases go. So meetings send a signal from
inside the transaction of the change, and the apps listening act in that same transaction.
"""

from django.dispatch import Signal

# Sent with `meeting` (saved) and `by` when a meeting is planned, moved, cancelled or noticed.
schedule_changed = Signal()
