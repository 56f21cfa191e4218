"""History scenarios of nominations/rounds.py (tests/test_history_complete.py registers them)."""

HISTORY_SCENARIOS: dict = {}
