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
        # The minutes follow both: a planned meeting gets the approval item of finished minutes,
        # and adopting that item approves them (decisions/minutes.py).
        from decisions import minutes
        from decisions.signals import item_decided

        schedule_changed.connect(minutes.link_waiting_minutes, dispatch_uid="decisions.minutes.schedule")
        item_decided.connect(minutes.approve_minutes, dispatch_uid="decisions.minutes.approve")
        # Adopting the kansli's list of the voting roll fixes the roll or adds to it (decisions/roll.py).
        from decisions.roll import follow_decision

        item_decided.connect(follow_decision, dispatch_uid="decisions.roll")
