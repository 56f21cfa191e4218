from django.apps import AppConfig
from django.utils import formats, translation


class SwecanConfig(AppConfig):
    name = "swecan"
    verbose_name = "SweCan"

    def ready(self):
        # Bind @shared_task to our Celery app in every Django process.
        import swecan.celery  # noqa: F401
        from swecan import public_cache, rules

        # A change to anything a public page shows re-renders the public pages.
        public_cache.connect_signals()

        # Rule reasons are rendered when read, in the language active at that moment.
        rules.set_translator(
            translation.gettext,
            translation.ngettext,
            lambda day: formats.date_format(day, "j F Y"),
        )
