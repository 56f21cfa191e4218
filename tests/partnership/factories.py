
"""Plain helpers that build partnership data for tests; every argument is a keyword.

`make_*` write rows directly (fast, no rules); `publish_text`, `invite_partner` and
`signed_partner` go through `partnership.services`, as a user's action would.
"""

import datetime
import itertools
from typing import NamedTuple

from django.utils import timezone

from partnership import services
from partnership.models import Partner, Representative, SignedDeclaration
from partnership.orgnr import luhn_check_digit
from swecan.demo_accounts import ensure_user

PASSWORD = "lång-och-slumpmässig-fras-2026"

# A category that fits each sector, so a partner made with only `sector=` is plausible.
CATEGORY_FOR_SECTOR = {
    "halso_sjukvard": "region",
    "akademi": "university",
    "myndigheter": "agency",
    "naringsliv": "company",
    "civilsamhalle": "patient_association",
}

# In our own words, not the seeded Bilaga 3; `{organisation}` becomes the partner's name.
DECLARATION_TEXT = (
    "{organisation} vill delta i SweCan, Sveriges Cancer Mission Hub.\n\n"
    "Vi avser att bidra med kunskap och erfarenhet i partnerskapets arbete för "
    "bättre cancervård och att följa partnerskapets arbetsordning.\n\n"
    "Förklaringen är ett organisatoriskt åtagande och inte juridiskt bindande."
)

_serial = itertools.count(1)


def next_org_number() -> str:
    """A valid organisationsnummer (third digit >= 2, Luhn check digit), new on every call."""
    nine = f"556{next(_serial):06d}"
    return f"{nine[:6]}-{nine[6:]}{luhn_check_digit(nine)}"


def partner_fields(**overrides) -> dict:
    """The fields a kansli officer fills in for a new organisation (for the services)."""
    n = next(_serial)
    sector = overrides.get("sector", "halso_sjukvard")
    fields = {
        "name": f"Testorganisation {n}",
        "org_number": next_org_number(),
        "sector": sector,
        "category": CATEGORY_FOR_SECTOR[sector],
        "city": "Umeå",
        "county": "Västerbottens län",
    }
    fields.update(overrides)
    return fields


EARLY_IN_YEAR1 = datetime.date(2026, 1, 2)


def make_partner(**overrides) -> Partner:
    """A partner written straight to the database, invited early in operating year 1
    (so that back-dated signatures and withdrawals are possible) unless told otherwise."""
    fields = partner_fields(**overrides)
    fields.setdefault("status", Partner.Status.INVITED)
    if fields["status"] != Partner.Status.PROSPECTIVE:
        fields.setdefault("invited_on", min(timezone.localdate(), EARLY_IN_YEAR1))
    return Partner.objects.create(**fields)


def make_user(*, email: str, full_name: str = "", is_kansli: bool = False):
    return ensure_user(
        email=email, full_name=full_name or email.split("@")[0].title(), password=PASSWORD,
        is_kansli=is_kansli,
    )


def make_kansli(*, email: str = "karin@socialstyrelsen.example", full_name: str = "Karin Kansli"):
    """A kansli officer at Socialstyrelsen."""
    return make_user(email=email, full_name=full_name, is_kansli=True)


def make_representative(partner: Partner, *, email: str | None = None,
                        role: str = Representative.Role.PRIMARY, name: str = "",
                        title: str = "Verksamhetschef", user=None) -> Representative:
    """An active representative of `partner` with an account (made with `ensure_user`)."""
    email = (email or f"rep{next(_serial)}@partner.example").lower()
    user = user or make_user(email=email, full_name=name)
    return Representative.objects.create(
        partner=partner, user=user, name=name or user.full_name, title=title, email=email,
        role=role, active=True,
    )


def publish_text(by, *, text: str = DECLARATION_TEXT):
    """Publish a new version of the declaration of intent as `by` (a kansli user)."""
    return services.declaration_text_publish(by=by, text=text)


def invite_partner(*, by, email: str | None = None, contact_name: str = "Ingrid Inbjuden",
                   **overrides):
    """The kansli registers an organisation and invites a person for it; returns the Invitation."""
    email = email or f"kontakt{next(_serial)}@partner.example"
    return services.partner_create_and_invite(
        by=by, partner_fields=partner_fields(**overrides), name=contact_name, email=email,
    )


class SignedPartner(NamedTuple):
    partner: Partner
    representative: Representative
    declaration: SignedDeclaration

    @property
    def user(self):
        return self.representative.user


def signed_partner(*, email: str | None = None, signed_on=None, place: str = "Umeå",
                   signer_name: str = "", signer_title: str = "Regiondirektör",
                   **partner_overrides) -> SignedPartner:
    """An invited partner whose primary representative signs the current declaration text.

    Publishes a text (as a kansli officer) if none exists yet. `signed_on` defaults to today.
    """
    if services.current_declaration_text() is None:
        publish_text(make_kansli())
    partner = make_partner(**partner_overrides)
    representative = make_representative(partner, email=email)
    declaration = services.declaration_sign(
        user=representative.user, partner=partner, place=place,
        signed_on=signed_on or timezone.localdate(),
        signer_name=signer_name or representative.name, signer_title=signer_title,
    )
    partner.refresh_from_db()
    return SignedPartner(partner, representative, declaration)
