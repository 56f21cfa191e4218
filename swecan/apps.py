from django.apps import AppConfig


class SwecanConfig(AppConfig):
    name = "swecan"
    verbose_name = "SweCan"

    def ready(self):
        # Bind @shared_task to our Celery app in every Django process.
        import swecan.celery  # noqa: F401
