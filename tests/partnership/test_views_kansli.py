"""The kansli's pages for the partnership register: only the kansli, and every refusal shown in place."""

import datetime
import html
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from partnership import services
from partnership.models import (
    DeclarationText,
    Invitation,
    Partner,
    Representative,
    VotingRoll,
    Withdrawal,
)
from swecan import rules
from tests.partnership.factories import (
    make_partner,
    next_org_number,
    signed_partner,
)

pytestmark = pytest.mark.django_db

# The people are in tests/conftest.py: Karin at the kansli, Alice who represents a partner.


@pytest.fixture
def partner_a(db):
    """An active partner, not Alice's: the kansli edits it, invites to it and registers its withdrawal."""
    return make_partner(name="Region Västexempel", sector="halso_sjukvard", status=Partner.Status.ACTIVE)


@pytest.fixture
def partner_b(db):
    return make_partner(name="Karolinska Exempelinstitutet", sector="akademi", status=Partner.Status.ACTIVE)


@pytest.fixture
def invitation(karin, partner_a, django_capture_on_commit_callbacks, mailoutbox):
    """An open invitation for a new contact at partner A; its e-mail already sent."""
    with django_capture_on_commit_callbacks(execute=True):
        invitation = services.partner_invite(
            by=karin, partner=partner_a, name="Cecilia Contact", email="cecilia@region-norr.example",
        )
    mailoutbox.clear()
    return invitation


def errors_next_to(response, field: str) -> str:
    """The error text rendered next to `field` (empty when there is none)."""
    match = re.search(rf'<div id="id_{field}_errors">(.*?)</div>', response.content.decode(), re.S)
    return html.unescape(re.sub(r"<[^>]+>", " ", match.group(1))) if match else ""


def page_text(response) -> str:
    return html.unescape(response.content.decode())


def create_form(**overrides) -> dict:
    """What the kansli fills in on "Bjud in en organisation"."""
    data = {
        "name": "Region Testlän",
        "short_name": "RT",
        "org_number": next_org_number(),
        "sector": "halso_sjukvard",
        "category": "region",
        "county": "Testlän",
        "city": "Testby",
        "website": "https://www.regiontest.example",
        "contact_email": "registrator@regiontest.example",
        "person_name": "Dagny Direktör",
        "email": "dagny@regiontest.example",
        "person_title": "Regiondirektör",
        "action": "invite",
    }
    data.update(overrides)
    return data


def edit_form(partner: Partner, **overrides) -> dict:
    data = {
        "name": partner.name, "short_name": partner.short_name, "org_number": partner.org_number,
        "sector": partner.sector, "category": partner.category, "county": partner.county,
        "city": partner.city, "website": partner.website, "contact_email": partner.contact_email,
    }
    data.update(overrides)
    return data


# Who may use the kansli's pages ------------------------------------------------------------------

# Every URL named kansli_* in partnership/urls.py, with what it needs in its path.
KANSLI_URLS = [
    ("kansli_partner_list", None),
    ("kansli_partner_create", None),
    ("kansli_partner_detail", "partner"),
    ("kansli_partner_edit", "partner"),
    ("kansli_partner_invite", "partner"),
    ("kansli_partner_withdraw", "partner"),
    ("kansli_partner_history", "partner"),
    ("kansli_partner_declined", "partner"),
    ("kansli_invitation_resend", "invitation"),
    ("kansli_invitation_revoke", "invitation"),
    ("kansli_voting_roll", None),
    ("kansli_voting_roll_add", None),
    ("kansli_declaration_texts", None),
    ("kansli_declaration_pdf_again", "invitation"),  # any id: refused before the lookup
]
# Declining and revoking ask first: their GET is the confirmation page (test_confirmations.py).
POST_ONLY = {"kansli_invitation_resend", "kansli_voting_roll_add", "kansli_declaration_pdf_again"}


def test_the_list_covers_every_kansli_url():
    from partnership.urls import urlpatterns

    named = {p.name for p in urlpatterns if p.name.startswith("kansli_")}
    assert named == {name for name, _ in KANSLI_URLS}


@pytest.fixture
def kansli_url(request, invitation):
    def url(name, needs):
        args = {None: [], "partner": [invitation.partner_id], "invitation": [invitation.pk]}[needs]
        return reverse(name, args=args)

    return url


@pytest.mark.parametrize(("name", "needs"), KANSLI_URLS)
def test_it_sends_anonymous_visitors_to_the_login_page(client, kansli_url, name, needs):
    url = kansli_url(name, needs)

    for response in (client.get(url), client.post(url)):
        assert response.status_code == 302
        assert response["Location"] == f"{reverse('account_login')}?next={url}"


@pytest.mark.parametrize(("name", "needs"), KANSLI_URLS)
def test_it_refuses_a_representative(client, kansli_url, alice, name, needs, mailoutbox):
    url = kansli_url(name, needs)
    client.force_login(alice)

    assert client.get(url).status_code == 403
    assert client.post(url, create_form(action="prospect")).status_code == 403
    assert mailoutbox == []
    assert not Partner.objects.filter(name="Region Testlän").exists()
    assert Invitation.objects.filter(revoked_at__isnull=False).count() == 0


@pytest.mark.parametrize(("name", "needs"), [u for u in KANSLI_URLS if u[0] not in POST_ONLY])
def test_it_shows_the_kansli_its_pages(client, kansli_url, karin, name, needs):
    client.force_login(karin)

    response = client.get(kansli_url(name, needs))

    assert response.status_code == 200


@pytest.mark.parametrize("name", sorted(POST_ONLY))
def test_it_refuses_get_on_post_only_actions(client, karin, invitation, name):
    client.force_login(karin)

    args = [] if name == "kansli_voting_roll_add" else [invitation.pk]
    response = client.get(reverse(name, args=args))

    assert response.status_code == 405
    invitation.refresh_from_db()
    assert invitation.state == "open"


def test_it_sends_a_kansli_officer_without_an_authenticator_to_activate_one(client, officer_without_totp):
    client.force_login(officer_without_totp)

    response = client.get(reverse("kansli_partner_list"))

    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_activate_totp")


# Creating and inviting ----------------------------------------------------------------------------


def test_it_creates_an_organisation_and_invites_its_contact(
    client, karin, mailoutbox, django_capture_on_commit_callbacks
):
    client.force_login(karin)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("kansli_partner_create"), create_form())

    partner = Partner.objects.get(name="Region Testlän")
    assert response.status_code == 302
    assert response["Location"] == reverse("kansli_partner_detail", args=[partner.pk])
    assert partner.status == Partner.Status.INVITED
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == ["dagny@regiontest.example"]
    assert "Region Testlän" in mailoutbox[0].body
    detail = client.get(response["Location"])
    assert "Inbjudan till Region Testlän har skickats till dagny@regiontest.example." in page_text(detail)


def test_it_shows_a_wrong_check_digit_next_to_the_org_number_and_keeps_the_input(
    client, karin, mailoutbox
):
    client.force_login(karin)
    valid = next_org_number()
    wrong = valid[:-1] + str((int(valid[-1]) + 1) % 10)

    response = client.post(reverse("kansli_partner_create"), create_form(org_number=wrong))

    assert response.status_code == 200
    assert "Kontrollsiffran stämmer inte" in errors_next_to(response, "org_number")
    assert 'value="Region Testlän"' in response.content.decode()
    assert f'value="{wrong}"' in response.content.decode()
    assert not Partner.objects.filter(name="Region Testlän").exists()
    assert mailoutbox == []


def test_it_refuses_an_organisation_that_exists_in_another_case(client, karin, partner_a, mailoutbox):
    client.force_login(karin)

    response = client.post(reverse("kansli_partner_create"), create_form(name="REGION västexempel"))

    assert response.status_code == 200
    assert 'value="REGION västexempel"' in response.content.decode()
    assert 'value="dagny@regiontest.example"' in response.content.decode()
    assert Partner.objects.filter(name__iexact="region västexempel").count() == 1
    assert mailoutbox == []
    # The service's reason, next to the name; not the database constraint's name above the form.
    assert "Det finns redan en organisation som heter REGION västexempel" in errors_next_to(response, "name")
    assert "partner_name_unique_ci" not in response.content.decode()


def test_it_refuses_to_invite_someone_who_represents_another_partner(client, karin, alice, mailoutbox):
    client.force_login(karin)

    response = client.post(reverse("kansli_partner_create"), create_form(email=alice.email.upper()))

    assert response.status_code == 200
    error = errors_next_to(response, "email")
    assert "företräder redan Region Norrexempel" in error
    assert 'value="Region Testlän"' in response.content.decode()
    assert not Partner.objects.filter(name="Region Testlän").exists()
    assert mailoutbox == []


def test_it_refuses_a_fourth_naringsliv_partner_in_year_1_and_says_why(client, karin, mailoutbox):
    for _ in range(3):
        make_partner(sector="naringsliv")
    client.force_login(karin)
    data = create_form(name="Fjärde Läkemedel AB", sector="naringsliv", category="company")

    response = client.post(reverse("kansli_partner_create"), data)

    assert response.status_code == 200
    error = errors_next_to(response, "sector")
    assert "§ 8.1" in error
    assert "3" in error
    assert error.strip().startswith("Verksamhetsår 1: högst 3 partners från Näringsliv")
    body = response.content.decode()
    for field in ("name", "short_name", "org_number", "county", "city", "website", "contact_email",
                  "person_name", "email", "person_title"):
        assert f'value="{html.escape(data[field])}"' in body, field
    assert re.search(r'<option value="naringsliv"[^>]*selected', body)
    assert re.search(r'<option value="company"[^>]*selected', body)
    assert re.search(r'value="invite"[^>]*checked|checked[^>]*value="invite"', body)
    assert Partner.objects.filter(sector="naringsliv").count() == 3
    assert mailoutbox == []


def test_it_registers_a_prospect_without_sending_anything(
    client, karin, mailoutbox, django_capture_on_commit_callbacks
):
    client.force_login(karin)
    data = create_form(action="prospect", person_name="", email="", person_title="")

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("kansli_partner_create"), data)

    partner = Partner.objects.get(name="Region Testlän")
    assert response.status_code == 302
    assert response["Location"] == reverse("kansli_partner_detail", args=[partner.pk])
    assert partner.status == Partner.Status.PROSPECTIVE
    assert not partner.invitations.exists()
    assert mailoutbox == []


def test_it_asks_who_to_invite(client, karin):
    client.force_login(karin)

    response = client.post(reverse("kansli_partner_create"), create_form(person_name="", email=""))

    assert response.status_code == 200
    assert "Ange vem inbjudan ska skickas till." in errors_next_to(response, "email")
    assert "Ange vem inbjudan ska skickas till." in errors_next_to(response, "person_name")
    assert not Partner.objects.filter(name="Region Testlän").exists()


# Resending and revoking invitations ----------------------------------------------------------------


def test_it_resends_an_invitation_with_a_new_link(
    client, karin, invitation, mailoutbox, django_capture_on_commit_callbacks
):
    client.force_login(karin)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("kansli_invitation_resend", args=[invitation.pk]))

    assert response.status_code == 302
    assert response["Location"] == reverse("kansli_partner_detail", args=[invitation.partner_id])
    invitation.refresh_from_db()
    assert invitation.state == "revoked"
    new = Invitation.objects.open().get(email="cecilia@region-norr.example")
    assert new.pk != invitation.pk
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == ["cecilia@region-norr.example"]


def test_it_revokes_an_invitation(client, karin, invitation, mailoutbox):
    client.force_login(karin)

    response = client.post(reverse("kansli_invitation_revoke", args=[invitation.pk]), follow=True)

    assert response.redirect_chain == [(reverse("kansli_partner_detail", args=[invitation.partner_id]), 302)]
    assert "Inbjudan till cecilia@region-norr.example är återkallad." in page_text(response)
    invitation.refresh_from_db()
    assert invitation.state == "revoked"
    assert mailoutbox == []


def test_it_says_when_an_invitation_is_already_revoked(client, karin, invitation):
    client.force_login(karin)
    client.post(reverse("kansli_invitation_revoke", args=[invitation.pk]))

    response = client.post(reverse("kansli_invitation_revoke", args=[invitation.pk]), follow=True)

    assert response.status_code == 200
    assert "Inbjudan är redan återkallad." in page_text(response)


# Withdrawal ------------------------------------------------------------------------------------------


def test_it_registers_a_withdrawal(client, karin, partner_a):
    client.force_login(karin)

    response = client.post(
        reverse("kansli_partner_withdraw", args=[partner_a.pk]),
        {"request_received_on": "2026-03-02", "note": "Brev från regiondirektören.", "confirm": "yes"},
    )

    assert response.status_code == 302
    assert response["Location"] == reverse("kansli_partner_detail", args=[partner_a.pk])
    partner_a.refresh_from_db()
    assert partner_a.status == Partner.Status.WITHDRAWN
    assert partner_a.withdrawn_on == datetime.date(2026, 3, 2)
    assert Withdrawal.objects.get(partner=partner_a).registered_by == karin


def test_it_says_a_withdrawal_is_already_registered(client, karin, partner_a):
    client.force_login(karin)
    url = reverse("kansli_partner_withdraw", args=[partner_a.pk])
    client.post(url, {"request_received_on": "2026-03-02", "confirm": "yes"})

    response = client.post(url, {"request_received_on": "2026-03-05"})

    assert response.status_code == 200
    assert "Utträde för Region Västexempel är redan registrerat." in page_text(response)
    assert Withdrawal.objects.get(partner=partner_a).request_received_on == datetime.date(2026, 3, 2)


def test_it_refuses_a_withdrawal_dated_in_the_future(client, karin, partner_a):
    client.force_login(karin)

    response = client.post(reverse("kansli_partner_withdraw", args=[partner_a.pk]),
                           {"request_received_on": "2026-03-11", "note": "Kommer i morgon"})

    assert response.status_code == 200
    assert "Datumet kan inte ligga i framtiden." in errors_next_to(response, "request_received_on")
    assert "Kommer i morgon" in response.content.decode()
    assert not Withdrawal.objects.exists()


# The voting roll ----------------------------------------------------------------------------------------


@pytest.fixture
def signed_partners(db):
    """Two signed partners in health care and one in academia; one invited partner that has not signed."""
    signed = [
        signed_partner(sector="halso_sjukvard").partner,
        signed_partner(sector="halso_sjukvard").partner,
        signed_partner(sector="akademi").partner,
    ]
    make_partner(sector="myndigheter", name="Osignerade Myndigheten")
    return signed


def _count_in_row(response, label: str) -> int:
    match = re.search(
        rf'<th scope="row">{re.escape(label)}</th><td class="num">(\d+)</td>', page_text(response)
    )
    assert match, label
    return int(match.group(1))


def test_the_voting_roll_counts_partners_per_sector(client, karin, signed_partners):
    client.force_login(karin)

    response = client.get(reverse("kansli_voting_roll"))

    assert response.status_code == 200
    counts = {code: _count_in_row(response, label) for code, label in rules.SECTOR_LABELS.items()}
    assert counts == {"halso_sjukvard": 2, "akademi": 1, "myndigheter": 0, "naringsliv": 0,
                      "civilsamhalle": 0}
    assert "Osignerade Myndigheten" not in response.content.decode()
    assert "Röstlängden för 2026 är inte fastställd." in page_text(response)


def test_it_fixes_the_voting_roll(client, karin, signed_partners):
    client.force_login(karin)

    response = client.post(reverse("kansli_voting_roll"),
                           {"fixed_on": "2026-03-10", "note": "Beslut vid sammanträdet 2026-03-10, § 4."})

    assert response.status_code == 302
    assert response["Location"] == f"{reverse('kansli_voting_roll')}?ar=2026"
    roll = VotingRoll.objects.get(year=2026)
    assert roll.fixed_by == karin
    assert {e.partner for e in roll.entries.all()} == set(signed_partners)
    page = client.get(response["Location"])
    assert "Röstlängden för 2026 är fastställd." in page_text(page)
    assert "Fastställd 10 mars 2026" in page_text(page)


def test_it_says_the_voting_roll_is_already_fixed(client, karin, signed_partners):
    client.force_login(karin)
    url = reverse("kansli_voting_roll")
    client.post(url, {"fixed_on": "2026-03-10"})

    response = client.post(url, {"fixed_on": "2026-03-10"})

    assert response.status_code == 200
    assert VotingRoll.objects.count() == 1
    assert "Röstlängden för 2026 är redan fastställd." in page_text(response)


def test_it_refuses_a_fixing_date_in_another_year(client, karin, signed_partners):
    client.force_login(karin)

    response = client.post(reverse("kansli_voting_roll"), {"fixed_on": "2025-12-31"})

    assert response.status_code == 200
    assert "Datumet måste ligga under 2026." in errors_next_to(response, "fixed_on")
    assert not VotingRoll.objects.exists()


# History -------------------------------------------------------------------------------------------------


def test_the_history_names_the_officer_and_the_change(client, karin, partner_a):
    client.force_login(karin)
    assert partner_a.city == "Umeå"

    response = client.post(reverse("kansli_partner_edit", args=[partner_a.pk]),
                           edit_form(partner_a, city="Luleå"))
    assert response.status_code == 302
    assert response["Location"] == reverse("kansli_partner_detail", args=[partner_a.pk])

    history = client.get(reverse("kansli_partner_history", args=[partner_a.pk]))

    assert history.status_code == 200
    rows = re.findall(r"<tr>(.*?)</tr>", page_text(history), re.S)
    changed = [row for row in rows if "Ort: Umeå → Luleå" in row]
    assert len(changed) == 1
    assert "Karin Kansli" in changed[0]


def test_the_edit_form_refuses_a_name_another_partner_has(client, karin, partner_a, partner_b):
    client.force_login(karin)

    response = client.post(reverse("kansli_partner_edit", args=[partner_a.pk]),
                           edit_form(partner_a, name=partner_b.name.upper(), city="Luleå"))

    assert response.status_code == 200
    assert 'value="Luleå"' in response.content.decode()
    partner_a.refresh_from_db()
    assert partner_a.name == "Region Västexempel"
    assert "Det finns redan en organisation" in errors_next_to(response, "name")
    assert "partner_name_unique_ci" not in response.content.decode()


# The declaration text -------------------------------------------------------------------------------------


def test_it_refuses_a_declaration_text_without_the_organisation_placeholder(client, karin):
    client.force_login(karin)
    before = DeclarationText.objects.count()

    response = client.post(reverse("kansli_declaration_texts"), {"text": "Vi vill vara med i SweCan."})

    assert response.status_code == 200
    assert "Texten måste innehålla {organisation}" in errors_next_to(response, "text")
    assert "Vi vill vara med i SweCan." in response.content.decode()
    assert DeclarationText.objects.count() == before


def test_it_publishes_the_next_version_of_the_declaration_text(client, karin, declaration_text):
    client.force_login(karin)
    current = services.current_declaration_text().version

    response = client.post(reverse("kansli_declaration_texts"),
                           {"text": "{organisation} ansluter sig till SweCan."}, follow=True)

    assert response.redirect_chain == [(reverse("kansli_declaration_texts"), 302)]
    latest = services.current_declaration_text()
    assert latest.version == current + 1
    assert latest.created_by == karin
    assert f"Version {current + 1} är publicerad." in page_text(response)


# Query counts -----------------------------------------------------------------------------------------------


def _partners_with_representatives(n):
    for _ in range(n):
        partner = make_partner(sector="civilsamhalle", status=Partner.Status.ACTIVE)
        Representative.objects.create(partner=partner, name=f"Rep {partner.pk}",
                                      email=f"rep-{partner.pk}@partner.example")


def test_the_partner_list_makes_as_many_queries_for_100_partners_as_for_10(client, karin):
    client.force_login(karin)
    url = reverse("kansli_partner_list")
    _partners_with_representatives(10)
    client.get(url)  # Warm up whatever is cached per process.

    with CaptureQueriesContext(connection) as with_10:
        assert client.get(url).status_code == 200
    _partners_with_representatives(90)
    with CaptureQueriesContext(connection) as with_100:
        response = client.get(url)

    assert response.status_code == 200
    assert "100 organisationer" in response.content.decode()
    assert len(with_100.captured_queries) == len(with_10.captured_queries)
