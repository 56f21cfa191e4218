"""History scenarios of nominations/seats.py (tests/test_history_complete.py registers them)."""

HISTORY_SCENARIOS: dict = {}
