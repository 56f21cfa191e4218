"""History scenarios of nominations/groups.py (tests/test_history_complete.py registers them)."""

HISTORY_SCENARIOS: dict = {}
