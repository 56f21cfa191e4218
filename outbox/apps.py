from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OutboxConfig(AppConfig):
    name = "outbox"
    verbose_name = _("Utskick")

    def ready(self):
        # Each app declares what it sends or renders in its own outbox_handlers.py.
        from django.utils.module_loading import autodiscover_modules

        autodiscover_modules("outbox_handlers")
