"""Demo data for the whole portal (`manage.py seed_demo`). Idempotent: running it twice changes nothing.

The project knows its apps; the apps do not know each other's demos. Each app seeds its
own part through its own services, in the order of `STEPS` (a later app may build on an
earlier one, never the other way round). Add an app's demo as one function here.
"""

import contextlib
import logging
import time
from dataclasses import replace
from unittest.mock import patch

from django.conf import settings
from django.db import transaction

from decisions import demo as decisions_demo
from meetings import demo as meetings_demo
from nominations import demo as nominations_demo
from outbox.registry import HANDLERS
from partnership import demo as partnership_demo
from swecan.demo_accounts import DEMO_PASSWORD, ensure_totp, ensure_user


def seed_partnership(kansli) -> str:
    made = partnership_demo.seed_partnership(kansli)
    return made or "Demopartnerskapet finns redan; inget har ändrats."


def seed_meetings(kansli) -> str:
    if meetings_demo.seed_meetings(kansli):
        return "Mötesplanen skapad: fyra möten planerade."
    return "Mötesplanen finns redan; inget har ändrats."


def hold_meetings(kansli) -> str:
    if meetings_demo.hold_meetings(kansli):
        return "Kallelser skickade på sina dagar; marsmötet öppnat med närvaro, höstmötet kallat."
    return "Mötena är redan kallade; inget har ändrats."


def seed_cases(kansli) -> str:
    if decisions_demo.seed_cases(kansli):
        return ("Ärenden i alla stadier: inkomna, under beredning med remiss och svar, beredda, "
                "på dagordningen, en ändring av arbetsordningen, ett återkallat och ett utkast.")
    return "Ärendena finns redan; inget har ändrats."


def seed_march_decisions(kansli) -> str:
    if decisions_demo.seed_march_decisions(kansli):
        return ("Marsmötets beslut: arbetsutskottet med konsensus, ett ärende efter omröstning med en "
                "jävsanmälan, en ändring av arbetsordningen med 2/3 (version 2 från 1 april 2026).")
    return "Marsmötets beslut finns redan; inget har ändrats."


def close_meetings(kansli) -> str:
    if meetings_demo.close_meetings(kansli):
        return "Marsmötet avslutat."
    return "Marsmötet är redan avslutat; inget har ändrats."


def seed_minutes(kansli) -> str:
    # The June meeting also appoints the AU: its seats go on the agenda before the kallelse.
    if decisions_demo.seed_minutes(kansli, june_proposals=[nominations_demo.propose_seats]):
        return ("Protokoll: marsmötets färdigställt och godkänt vid sommarmötet i juni, sommarmötets "
                "färdigställt och uppsatt för godkännande vid höstmötet, båda som PDF/A.")
    return "Protokollen finns redan; inget har ändrats."


def seed_chair_contacts(kansli) -> str:
    from swecan import contacts
    from swecan.models import ChairContact

    if ChairContact.objects.exists():
        return "Ordförandes kontaktuppgifter finns redan; inget har ändrats."
    # Year 1: Socialstyrelsen holds the chair (§ 8.2). Fictitious people; the numbers are in
    # a range PTS keeps for fiction (08-465 004 00–99).
    contacts.chair_contact_save(
        role=ChairContact.Role.CHAIR, by=kansli, name="Annika Ekstrand",
        title="Avdelningschef", organisation="Socialstyrelsen",
        email="ordforande@swecan.example", phone="08-465 004 01")
    contacts.chair_contact_save(
        role=ChairContact.Role.VICE_CHAIR, by=kansli, name="Jonas Berglund",
        title="Enhetschef", organisation="Socialstyrelsen",
        email="vice.ordforande@swecan.example", phone="08-465 004 02")
    return "Ordförande och vice ordförande publicerade på /kontakt/."


def seed_committee(kansli) -> str:
    if nominations_demo.seed_committee(kansli):
        return ("Arbetsutskottet: 15 platser tillsatta av partnerskapet i juni, ordförande vald med "
                "omröstning och vice ordförande med konsensus vid utskottets möte i augusti.")
    return "Arbetsutskottet finns redan; inget har ändrats."


def seed_groups(kansli) -> str:
    if nominations_demo.seed_groups(kansli):
        return ("Arbetsgrupper: en tillfällig arbetsgrupp för kompetensförsörjning med handling och möte, och en "
                "permanent expertpanel för precisionsmedicin som väntar på höstmötets beslut.")
    return "Arbetsgrupperna finns redan; inget har ändrats."


def seed_nomination_round(kansli) -> str:
    if nominations_demo.seed_round(kansli):
        return ("Nomineringen till 2027: stängd 15 november, sju nomineringar bedömda (fem godtagna), "
                "förteckningen sammanställd till partnerskapets första sammanträde 2027.")
    return "Nomineringsomgången för 2027 finns redan; inget har ändrats."


# In order; each step says in a line what it made (or that its data already existed).
STEPS = [seed_partnership, seed_meetings, seed_cases, hold_meetings, seed_march_decisions, close_meetings,
         seed_minutes, seed_committee, seed_groups, seed_nomination_round, seed_chair_contacts]


def seed(stdout) -> None:
    started = time.monotonic()
    # Demo invitations and case e-mails need no e-mail (they count as sent). The outbox runs on commit, so
    # the patch must outlive the transaction (context managers exit in reverse order).
    # The declaration PDFs are real: render_declaration_pdf runs (eagerly) on commit.
    with (
        patch.dict(HANDLERS, {kind: replace(HANDLERS[kind], run=_not_mailed) for kind in NOT_MAILED}),
        _one_hash_for_the_demo_password(),
        _quiet_celery_trace(),
        transaction.atomic(),
    ):
        kansli = ensure_user(email="kansli@swecan.example", full_name="Karin Kanslisson",
                             password=DEMO_PASSWORD, is_kansli=True)
        ensure_totp(kansli)
        for step in STEPS:
            stdout.write(step(kansli))
    _print_logins(stdout, [("Kansli", kansli.email), ("Ordförande (leder sammanträdena)", meetings_demo.CHAIR_EMAIL),
                           *partnership_demo.representative_logins(), *nominations_demo.committee_logins()])
    stdout.write(f"Klart på {time.monotonic() - started:.1f} s.")


def _print_logins(out, logins):
    width = max(28, *(len(role) + 2 for role, _ in logins))
    out.write("")
    out.write(f"Demokonton (lösenord för alla: {DEMO_PASSWORD}):")
    for role, email in logins:
        out.write(f"  {role:<{width}} {email}")
    code = getattr(settings, "MFA_TOTP_INSECURE_BYPASS_CODE", None)
    if code:
        out.write(f"Kansliet använder tvåstegsverifiering; i demoläget gäller koden {code}.")


# What the demo's people would be e-mailed: counted as sent, printed nowhere.
NOT_MAILED = ("invitation", "case_received", "case_cosign_request", "case_consultation", "case_moved",
              "nomination_received")


def _not_mailed(message, batch):
    return True


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
