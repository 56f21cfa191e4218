"""The people of the tests, made in one place (tests/conftest.py hands them out as fixtures).

- Karin at the kansli (with the authenticator every kansli account must have),
- Alice and Bob, primary representatives of two signed partners in different sectors
  (hälso- och sjukvård, akademi), one of the five signed partners of `signed_roll`,
- Dora, Alice's deputy,
- Charlie, who represents an invited partner that has not signed,
- Dave, with an account and no partner,
- the public (no account).
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

__all__ = ["PASSWORD", "SECTOR_NAMES", "Outsiders", "deputy_of", "kansli_with_secret", "officer",
           "outsiders", "public", "signed_roll", "withdrawn_partner"]

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


def public():
    """A visitor without an account."""
    return AnonymousUser()
