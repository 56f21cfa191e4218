"""Demo data for the embedded portal. Idempotent: running it twice changes nothing."""

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction

from swecan.demo_accounts import DEMO_PASSWORD, ensure_totp, ensure_user


class Command(BaseCommand):
    help = "Skapar demodata: kansliet, partners, representanter och möten."

    def handle(self, *args, **options):
        with transaction.atomic():
            kansli = ensure_user(
                email="kansli@swecan.example",
                full_name="Karin Kanslisson",
                password=DEMO_PASSWORD,
                is_kansli=True,
            )
            ensure_totp(kansli)
            logins = [("Kansli", kansli.email)]
        self._print_logins(logins)

    def _print_logins(self, logins):
        out = self.stdout
        out.write("")
        out.write(f"Demokonton (lösenord för alla: {DEMO_PASSWORD}):")
        for role, email in logins:
            out.write(f"  {role:<28} {email}")
        code = getattr(settings, "MFA_TOTP_INSECURE_BYPASS_CODE", None)
        if code:
            out.write(f"Kansliet använder tvåstegsverifiering; i demoläget gäller koden {code}.")
