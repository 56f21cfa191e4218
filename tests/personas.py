"""The people of the tests, made in one place (tests/conftest.py hands them out as fixtures).

- Karin at the kansli (with the authenticator every kansli account must have),
- Alice and Bob, primary representatives of two signed partners in different sectors
  (hälso- och sjukvård, akademi), one of the five signed partners of `signed_roll`,
- Dora, Alice's deputy,
- Charlie, who represents an invited partner that has not signed,
- Dave, with an account and no partner,
- the public (no account),
- Ny Kansli, a new kansli officer who has not activated an authenticator yet,
- Nora Nykomling, who came in through Karin's invitation, gave her phone number, signed for her
  region and turned on two-factor authentication (the person whose data the GDPR tests follow).

Tests that need a representative of a partner in a particular state use these people: Alice and
Bob for signed partners, Charlie for a partner that has not signed yet, Dora for a deputy.
"""

from typing import NamedTuple

from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from partnership import services as partnership_services
from partnership.models import Partner, Representative
from swecan import rules
from swecan.demo_accounts import ensure_totp
from tests.partnership.factories import (
    PASSWORD,
    make_kansli,
    make_partner,
    make_representative,
    make_user,
    signed_partner,
)

__all__ = ["PASSWORD", "SECTOR_NAMES", "Outsiders", "deputy_of", "joined_by_invitation",
           "kansli_with_secret", "officer", "officer_without_totp", "outsiders", "public",
           "signed_roll", "totp_secret_of", "withdrawn_partner"]

SECTOR_NAMES = {
    "halso_sjukvard": "Region Norrexempel",
    "akademi": "Karolinska Exempelinstitutet",
    "myndigheter": "Exempelmyndigheten",
    "naringsliv": "Exempel Life Science AB",
    "civilsamhalle": "Cancerföreningen Exempel",
}


def officer(**kwargs):
    """Karin at the kansli, with a TOTP authenticator so the middleware lets her through."""
    karin = make_kansli(**kwargs)
    ensure_totp(karin)
    return karin


def officer_without_totp():
    """A kansli officer at Socialstyrelsen who has not activated an authenticator yet."""
    return make_kansli(email="ny@socialstyrelsen.example", full_name="Ny Kansli")


def totp_secret_of(user) -> str:
    """The secret of `user`'s authenticator (stored encrypted), to compute a code at login."""
    from allauth.mfa.models import Authenticator

    from swecan.adapters import decrypt_secret

    stored = Authenticator.objects.get(user=user, type=Authenticator.Type.TOTP).data["secret"]
    return decrypt_secret(stored)


def kansli_with_secret(**kwargs):
    """A kansli officer and the TOTP secret of her authenticator, for logging in in a browser.

    Logs in with `tests.partnership.factories.PASSWORD`.
    """
    user = make_kansli(**kwargs)
    return user, ensure_totp(user)


def signed_roll(*, per_sector: int = 1):
    """Signed partners in every sector; `per_sector` of each. Returns the SignedPartners."""
    made = []
    for n in range(per_sector):
        for sector in rules.SECTORS:
            suffix = "" if n == 0 else f" {n + 1}"
            made.append(signed_partner(sector=sector, name=f"{SECTOR_NAMES[sector]}{suffix}"))
    return made


def deputy_of(partner: Partner, *, email: str = "dora@region-norr.example", name: str = "Dora Deputy"):
    """A deputy (ersättare) for `partner`; returns the Representative."""
    return make_representative(partner, email=email, name=name, role=Representative.Role.DEPUTY)


class Outsiders(NamedTuple):
    unsigned: Partner
    charlie: object
    dave: object


def outsiders() -> Outsiders:
    unsigned = make_partner(name="Inbjuden Men Ej Undertecknad", sector="akademi")
    charlie = make_representative(unsigned, email="charlie@inbjuden.example", name="Charlie Clark").user
    dave = make_user(email="dave@example.org", full_name="Dave Doe")
    return Outsiders(unsigned, charlie, dave)


def withdrawn_partner(*, by):
    """A partner that signed and then withdrew today: it has left the roll."""
    withdrawn = signed_partner(sector="naringsliv", name="Utträdd Exempel AB")
    partnership_services.withdrawal_register(by=by, partner=withdrawn.partner,
                                             request_received_on=timezone.localdate())
    return withdrawn


NORA = "nora@region-sor.example"
NORA_PHONE = "070-123 45 67"


def joined_by_invitation(*, by, mailoutbox, send_mail, email: str = NORA,
                         full_name: str = "Nora Nykomling", phone: str = NORA_PHONE,
                         partner_name: str = "Region Sörexempel"):
    """Someone `by` invites for a new region: she follows the link in the e-mail, gives her phone
    number, signs the declaration of intent and turns on two-factor authentication.

    Needs a published declaration text; `send_mail` is pytest-django's
    `django_capture_on_commit_callbacks` (the invitation goes out on commit). Returns her account.
    """
    import re

    from tests.partnership.factories import invite_partner

    with send_mail(execute=True):
        invitation = invite_partner(by=by, email=email, contact_name=full_name, name=partner_name)
    [mail] = [m for m in mailoutbox if m.to == [email]]
    token = re.search(r"/inbjudan/([^/\s]+)/", mail.body).group(1)
    rep = partnership_services.invitation_accept(token=token, full_name=full_name,
                                                 password=PASSWORD, phone=phone)
    partnership_services.declaration_sign(
        user=rep.user, partner=invitation.partner, place="Umeå", signed_on=timezone.localdate(),
        signer_name=full_name, signer_title="Regiondirektör",
    )
    ensure_totp(rep.user)
    return rep.user


def public():
    """A visitor without an account."""
    return AnonymousUser()
