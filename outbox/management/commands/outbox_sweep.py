from django.core.management.base import BaseCommand

from outbox.services import sweep


class Command(BaseCommand):
    help = "Skickar allt i utkorgen som är på tur (det som Celery beat annars gör)."

    def handle(self, *args, **options):
        self.stdout.write(f"{sweep()} utskick köade.")
