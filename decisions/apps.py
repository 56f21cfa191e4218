from django.apps import AppConfig


class DecisionsConfig(AppConfig):
    name = "decisions"
    verbose_name = "Ärenden och beslut"

    def ready(self):
        # Meetings may not import decisions (tests/test_layering.py); they announce schedule
        # changes, and cases follow them in the same transaction (decisions/schedule.py).
        from decisions.schedule import on_schedule_changed
        from meetings.signals import schedule_changed

        schedule_changed.connect(on_schedule_changed, dispatch_uid="decisions.schedule")
