from django.apps import AppConfig


class NominationsConfig(AppConfig):
    name = "nominations"
    verbose_name = "Arbetsutskott, arbetsgrupper och nomineringar"

    def ready(self):
        # The apps below ask who sits in the AU and who leads it (partnership/bodies.py).
        from nominations import seats
        from partnership import bodies

        bodies.on_committee(seats.members_on)
        bodies.on_committee_chairs(seats.chairs_on)
        # Cases are given only to groups the AU has set up (nominations/groups.py).
        from decisions.preparation import on_group_standing
        from nominations.groups import preparation_standings

        on_group_standing(preparation_standings)
        # What the partnership or the AU decided on one of this app's items takes effect in the
        # decision's own transaction (nominations/follow.py).
        from decisions.signals import item_decided
        from nominations.follow import on_item_decided

        item_decided.connect(on_item_decided, dispatch_uid="nominations.follow")
