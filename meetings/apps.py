from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MeetingsConfig(AppConfig):
    name = "meetings"
    verbose_name = _("Sammanträden")

    def ready(self):
        # The register may not import meetings (tests/test_layering.py); meetings tells it what
        # a backdated withdrawal changes here (partnership/consequences.py).
        from meetings.services import withdrawal_consequence
        from partnership.consequences import on_withdrawal

        on_withdrawal(withdrawal_consequence)
