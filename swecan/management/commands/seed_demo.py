from django.core.management.base import BaseCommand

from swecan import demo


class Command(BaseCommand):
    help = "Skapar demodata: kansliet, partners, representanter, röstlängd och möten (swecan.demo)."

    def handle(self, *args, **options):
        demo.seed(self.stdout)
