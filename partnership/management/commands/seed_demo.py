"""Demo data for the embedded portal. Idempotent: running it twice changes nothing.

Everything goes through `partnership.services`, so the year-1 caps (§ 8.1) are checked on every
invitation exactly as in the portal. The static lists live in `partnership.demo_data`.
"""

import contextlib
import datetime
import logging
import time
from dataclasses import replace
from unittest.mock import patch

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from outbox.registry import HANDLERS
from partnership import demo_data, services
from partnership.models import Invitation, Partner, Representative, VotingRoll, hash_token
from swecan.demo_accounts import DEMO_PASSWORD, ensure_totp, ensure_user


@contextlib.contextmanager
def _quiet_celery_trace():
    """No "Task ... succeeded" line per eagerly rendered PDF."""
    logger = logging.getLogger("celery.app.trace")
    level = logger.level
    logger.setLevel(logging.WARNING)
    try:
        yield
    finally:
        logger.setLevel(level)


@contextlib.contextmanager
def _one_hash_for_the_demo_password():
    """Hash the shared demo password once instead of once per account (0.3 s each)."""
    from django.contrib.auth import base_user, hashers

    hashed = hashers.make_password(DEMO_PASSWORD)
    real = base_user.make_password

    def make_password(raw, *args, **kwargs):
        return hashed if raw == DEMO_PASSWORD else real(raw, *args, **kwargs)

    with patch.object(base_user, "make_password", make_password):
        yield


def _on_day(day: datetime.date):
    """The clock at 09:00 on `day` (Stockholm), as when this step happened."""
    from zoneinfo import ZoneInfo

    import time_machine

    return time_machine.travel(
        datetime.datetime.combine(day, datetime.time(9), tzinfo=ZoneInfo("Europe/Stockholm")), tick=False
    )


def _not_mailed(message, batch):
    return True


class Command(BaseCommand):
    help = "Skapar demodata: kansliet, partners, representanter, röstlängd och möten."

    def handle(self, *args, **options):
        started = time.monotonic()
        # Demo invitations need no e-mail (they count as sent). The outbox runs on commit, so
        # the patch must outlive the transaction (context managers exit in reverse order).
        # The declaration PDFs are real: render_declaration_pdf runs (eagerly) on commit.
        with (
            patch.dict(HANDLERS, {"invitation": replace(HANDLERS["invitation"], run=_not_mailed)}),
            _one_hash_for_the_demo_password(),
            _quiet_celery_trace(),
            transaction.atomic(),
        ):
            kansli = ensure_user(
                email="kansli@swecan.example",
                full_name="Karin Kanslisson",
                password=DEMO_PASSWORD,
                is_kansli=True,
            )
            ensure_totp(kansli)
            if Partner.objects.filter(name=demo_data.SEEDED_MARKER).exists():
                self.stdout.write("Demopartnerskapet finns redan; inget har ändrats.")
            else:
                self._seed_partnership(kansli)
            from meetings.demo import seed_meetings

            if seed_meetings(kansli):
                self.stdout.write("Mötesplanen skapad: ett genomfört, ett kallat och två planerade möten.")
        logins = [("Kansli", kansli.email), *self._representative_logins()]
        self._print_logins(logins)
        self.stdout.write(f"Klart på {time.monotonic() - started:.1f} s.")

    # The partnership ------------------------------------------------------------------------

    def _seed_partnership(self, kansli):
        today = timezone.localdate()
        if services.current_declaration_text() is None:
            services.declaration_text_publish(by=kansli, text=demo_data.DECLARATION_TEXT)
        days = demo_data.signing_days()
        person = 0  # running index into the invented names and phone numbers
        running = 0  # running number of the invented organisation numbers
        for running, org in enumerate(demo_data.INVITED, start=1):
            name = demo_data.person_name(person)
            if org.name in demo_data.UNSIGNED:
                self._invite(kansli, org, running, name)  # today: the invitation stays open
                person += 1
                continue
            # The year is replayed on each step's own day: invited a week before signing.
            signing_day = min(days[(running * 7) % len(days)], today)
            with _on_day(signing_day - datetime.timedelta(days=7)):
                rep = self._accept(self._invite(kansli, org, running, name), name, person)
                person += 1
            with _on_day(signing_day):
                services.declaration_sign(
                    user=rep.user, partner=rep.partner, place=org.city, signed_on=signing_day,
                    signer_name=rep.name, signer_title=rep.title,
                )
                if org.name in demo_data.WITH_DEPUTY:
                    deputy = demo_data.person_name(person)
                    titles = demo_data.DEPUTY_TITLES
                    invitation = services.deputy_invite(
                        by=rep.user, partner=rep.partner, name=deputy,
                        email=demo_data.person_email(deputy, org), title=titles[person % len(titles)],
                    )
                    self._accept(invitation, deputy, person)
                    person += 1

        # Over the civil-society cap: registered, waiting for the year-2 nomination round.
        for number, org in enumerate(demo_data.PROSPECTS, start=running + 1):
            services.partner_register_prospect(
                by=kansli, partner_fields=demo_data.partner_fields(org, number)
            )

        if not VotingRoll.objects.filter(year=demo_data.VOTING_ROLL_YEAR).exists():
            with _on_day(demo_data.VOTING_ROLL_FIXED_ON):
                services.voting_roll_fix(
                    by=kansli, year=demo_data.VOTING_ROLL_YEAR,
                    fixed_on=demo_data.VOTING_ROLL_FIXED_ON, note=demo_data.VOTING_ROLL_NOTE,
                )

        received = min(demo_data.WITHDRAWAL_RECEIVED_ON, today)
        with _on_day(received):
            services.withdrawal_register(
                by=kansli, partner=Partner.objects.get(name=demo_data.WITHDRAWN),
                request_received_on=received, note=demo_data.WITHDRAWAL_NOTE,
            )
        counts = services.sector_counts()
        self.stdout.write(
            "Demopartnerskapet skapat: "
            + ", ".join(f"{sector} {n}" for sector, n in counts.items())
            + f" inbjudna eller partner; {len(demo_data.PROSPECTS)} väntar på nominering."
        )

    @staticmethod
    def _invite(kansli, org, running, name):
        titles = demo_data.PRIMARY_TITLES[org.category]
        return services.partner_create_and_invite(
            by=kansli, partner_fields=demo_data.partner_fields(org, running), name=name,
            email=demo_data.person_email(name, org), title=titles[running % len(titles)],
        )

    @staticmethod
    def _accept(invitation, full_name, person):
        # Seed-only shortcut: the services never hand out an invitation's token (only its
        # SHA-256 is stored; the link goes out by e-mail), so give the invitation a token we
        # know and follow it like the invited person would. Acceptable here, nowhere else.
        token = Invitation.new_token()
        Invitation.objects.filter(pk=invitation.pk).update(token_hash=hash_token(token))  # history: token_hash is excluded from the history
        return services.invitation_accept(
            token=token, full_name=full_name, password=DEMO_PASSWORD, phone=demo_data.phone(person)
        )

    # Logins ---------------------------------------------------------------------------------

    @staticmethod
    def _representative_logins():
        logins = []
        for label, partner_name, role in demo_data.LOGIN_REPRESENTATIVES:
            rep = (
                Representative.objects.filter(
                    partner__name=partner_name, role=role, active=True, user__isnull=False
                )
                .select_related("user")
                .first()
            )
            if rep:
                logins.append((label, rep.user.email))
        return logins

    def _print_logins(self, logins):
        out = self.stdout
        width = max(28, *(len(role) + 2 for role, _ in logins))
        out.write("")
        out.write(f"Demokonton (lösenord för alla: {DEMO_PASSWORD}):")
        for role, email in logins:
            out.write(f"  {role:<{width}} {email}")
        code = getattr(settings, "MFA_TOTP_INSECURE_BYPASS_CODE", None)
        if code:
            out.write(f"Kansliet använder tvåstegsverifiering; i demoläget gäller koden {code}.")
