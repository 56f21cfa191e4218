"""The kansli invites organisations and people; the link in the e-mail is the only key (§ 5.3, § 8.1)."""

import datetime
import re

import pytest
from django.core.exceptions import ValidationError

from partnership import services
from partnership.access import acting_representative
from partnership.models import Invitation, Partner, Representative
from swecan.models import User
from tests.partnership.conftest import DEFAULT_NOW
from tests.partnership.factories import (
    PASSWORD,
    invite_partner,
    make_partner,
    make_representative,
    make_user,
    partner_fields,
)

pytestmark = pytest.mark.django_db

ALICE = "alice@region-norr.example"


def token_from(message) -> str:
    match = re.search(r"/inbjudan/([^/\s]+)/", message.body)
    assert match, message.body
    return match.group(1)


@pytest.fixture
def region(db):
    """Region Norrexempel, registered and waiting for its representative."""
    return make_partner(name="Region Norrexempel", sector="halso_sjukvard")


@pytest.fixture
def invite_alice(karin, region, django_capture_on_commit_callbacks, mailoutbox):
    """Karin invites Alice to represent the region; returns (invitation, token from the e-mail)."""

    def invite(**kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            invitation = services.partner_invite(
                by=karin, partner=region, name="Alice Andersson", email=ALICE,
                title="Regiondirektör", **kwargs,
            )
        return invitation, token_from(mailoutbox[-1])

    return invite


def full_naringsliv(n, **overrides):
    return [make_partner(sector="naringsliv", **overrides) for _ in range(n)]


# Creating and inviting -----------------------------------------------------------------------


def test_kansli_creates_an_organisation_and_invites_its_representative(
    karin, django_capture_on_commit_callbacks, mailoutbox
):
    with django_capture_on_commit_callbacks(execute=True):
        invitation = invite_partner(
            by=karin, name="Region Sydexempel", email="Alice@Region-Syd.example",
            contact_name="Alice Andersson",
        )

    partner = Partner.objects.get(name="Region Sydexempel")
    assert partner.status == Partner.Status.INVITED
    assert partner.invited_on == DEFAULT_NOW.date()
    assert invitation.partner == partner
    assert invitation.state == "open"
    assert list(Invitation.objects.open()) == [invitation]
    assert invitation.email == "alice@region-syd.example"
    assert invitation.role == Representative.Role.PRIMARY
    assert invitation.sent_by == karin

    assert len(mailoutbox) == 1
    message = mailoutbox[0]
    assert message.to == ["alice@region-syd.example"]
    assert "Region Sydexempel" in message.subject
    assert "/inbjudan/" in message.body
    token = token_from(message)
    assert invitation.token_hash != token  # only the hash is kept
    assert services.invitation_by_token(token) == invitation


def test_the_invitation_email_links_to_the_same_token_in_the_html_part(
    invite_alice, mailoutbox
):
    _, token = invite_alice()
    html, mimetype = mailoutbox[0].alternatives[0]
    assert mimetype == "text/html"
    assert f"/inbjudan/{token}/" in html


def test_it_refuses_an_organisation_name_that_exists_in_another_case(karin, mailoutbox):
    make_partner(name="Region Norrexempel")
    with pytest.raises(ValidationError) as exc:
        invite_partner(by=karin, name="region NORREXEMPEL")
    assert exc.value.message_dict["name"] == [
        "Det finns redan en organisation som heter region NORREXEMPEL."
    ]
    assert Partner.objects.count() == 1
    assert mailoutbox == []


def test_it_refuses_an_org_number_already_in_the_register(karin):
    existing = make_partner()
    with pytest.raises(ValidationError) as exc:
        invite_partner(by=karin, org_number=existing.org_number)
    assert exc.value.message_dict["org_number"] == [
        f"Organisationsnumret {existing.org_number} finns redan i registret."
    ]


def test_it_refuses_to_invite_someone_who_already_represents_another_partner(karin, mailoutbox):
    other = make_partner(name="Region Västexempel")
    make_representative(other, email="bob@region-vast.example")
    with pytest.raises(ValidationError) as exc:
        invite_partner(by=karin, name="Region Östexempel", email="BOB@region-vast.example")
    assert exc.value.message_dict["email"] == [
        "BOB@region-vast.example företräder redan Region Västexempel. En person kan bara "
        "företräda en partner."
    ]
    assert not Partner.objects.filter(name="Region Östexempel").exists()
    assert mailoutbox == []


def test_it_refuses_a_new_contact_who_already_represents_another_partner(karin, region):
    other = make_partner(name="Region Västexempel")
    make_representative(other, email="bob@region-vast.example")
    with pytest.raises(ValidationError) as exc:
        services.partner_invite(by=karin, partner=region, name="Bob", email="bob@region-vast.example")
    assert exc.value.message_dict["email"] == [
        "bob@region-vast.example företräder redan Region Västexempel. En person kan bara "
        "företräda en partner."
    ]


def test_it_refuses_to_invite_someone_who_already_represents_this_partner(karin, region):
    # Dora is the region's deputy; a second representation of the same partner would
    # break "one person, one active representation" when she accepts.
    make_representative(region, email="dora@region-norr.example", role=Representative.Role.DEPUTY)
    with pytest.raises(ValidationError) as exc:
        services.partner_invite(
            by=karin, partner=region, name="Dora Deputy", email="dora@region-norr.example"
        )
    [message] = exc.value.message_dict["email"]
    assert "dora@region-norr.example företräder redan Region Norrexempel" in message
    assert not Invitation.objects.exists()


def test_it_refuses_a_second_open_invitation_for_the_same_person(invite_alice, karin, region):
    invite_alice()
    with pytest.raises(ValidationError) as exc:
        services.partner_invite(by=karin, partner=region, name="Alice", email=ALICE.upper())
    assert exc.value.message_dict["email"] == [
        f"{ALICE.upper()} har redan en giltig inbjudan till Region Norrexempel."
    ]


def test_it_refuses_to_invite_people_for_a_withdrawn_partner(karin):
    gone = make_partner(status=Partner.Status.WITHDRAWN)
    with pytest.raises(ValidationError) as exc:
        services.partner_invite(by=karin, partner=gone, name="Eva", email="eva@gone.example")
    assert exc.value.messages == ["Partnern har trätt ut och kan inte bjudas in igen här."]


# The year-1 cap per sector (§ 8.1) -------------------------------------------------------------

CAP_REFUSAL = (
    "Verksamhetsår 1: högst 3 partners från Näringsliv; sektorn har redan 3, så inga fler "
    "kan bjudas in. (§ 8.1)"
)


def test_it_refuses_a_fourth_naringsliv_partner_in_year_1(karin, mailoutbox):
    full_naringsliv(2)
    make_partner(sector="naringsliv", status=Partner.Status.ACTIVE)
    with pytest.raises(ValidationError) as exc:
        invite_partner(by=karin, sector="naringsliv", name="Läkemedel Exempel AB")
    [reason] = exc.value.message_dict["sector"]
    assert reason == CAP_REFUSAL
    assert "3" in reason
    assert not Partner.objects.filter(name="Läkemedel Exempel AB").exists()
    assert mailoutbox == []


def test_it_allows_a_third_naringsliv_partner_in_year_1(karin):
    full_naringsliv(2)
    invitation = invite_partner(by=karin, sector="naringsliv", name="Medtech Exempel AB")
    assert invitation.partner.status == Partner.Status.INVITED
    assert services.sector_counts()["naringsliv"] == 3


def test_withdrawn_partners_do_not_count_towards_the_cap(karin):
    full_naringsliv(2)
    make_partner(sector="naringsliv", status=Partner.Status.WITHDRAWN)
    invitation = invite_partner(by=karin, sector="naringsliv", name="Diagnostik Exempel AB")
    assert invitation.partner.sector == "naringsliv"


def test_there_is_no_cap_in_operating_year_2(karin, time_machine):
    time_machine.move_to(datetime.datetime(2027, 2, 1, 10, tzinfo=DEFAULT_NOW.tzinfo), tick=False)
    full_naringsliv(3)
    invitation = invite_partner(by=karin, sector="naringsliv", name="Fjärde Exempel AB")
    assert invitation.partner.status == Partner.Status.INVITED
    assert services.sector_counts()["naringsliv"] == 4


def test_a_prospect_holds_no_place_and_meets_the_cap_when_invited(karin):
    full_naringsliv(3)
    prospect = services.partner_register_prospect(
        by=karin, partner_fields=partner_fields(sector="naringsliv", name="Väntande Exempel AB")
    )
    assert prospect.status == Partner.Status.PROSPECTIVE
    assert services.sector_counts()["naringsliv"] == 3

    with pytest.raises(ValidationError) as exc:
        services.partner_invite(by=karin, partner=prospect, name="Per", email="per@vantande.example")
    assert exc.value.message_dict["sector"] == [CAP_REFUSAL]
    prospect.refresh_from_db()
    assert prospect.status == Partner.Status.PROSPECTIVE
    assert not prospect.invitations.exists()


def test_a_prospect_is_invited_when_its_sector_has_room(karin):
    full_naringsliv(2)
    prospect = services.partner_register_prospect(
        by=karin, partner_fields=partner_fields(sector="naringsliv")
    )
    invitation = services.partner_invite(
        by=karin, partner=prospect, name="Per", email="per@vantande.example"
    )
    prospect.refresh_from_db()
    assert prospect.status == Partner.Status.INVITED
    assert prospect.invited_on == DEFAULT_NOW.date()
    assert invitation.state == "open"


def test_a_prospect_can_be_invited_past_the_year_1_cap_in_year_2(karin, time_machine):
    full_naringsliv(3)
    prospect = services.partner_register_prospect(
        by=karin, partner_fields=partner_fields(sector="naringsliv")
    )
    time_machine.move_to(datetime.datetime(2027, 2, 1, 10, tzinfo=DEFAULT_NOW.tzinfo), tick=False)
    services.partner_invite(by=karin, partner=prospect, name="Per", email="per@vantande.example")
    prospect.refresh_from_db()
    assert prospect.status == Partner.Status.INVITED
    assert prospect.invited_on == datetime.date(2027, 2, 1)


# Resending, revoking, expiry -----------------------------------------------------------------------


def test_resending_kills_the_old_link_and_mails_a_new_one(
    invite_alice, karin, django_capture_on_commit_callbacks, mailoutbox
):
    first, old_token = invite_alice()
    with django_capture_on_commit_callbacks(execute=True):
        second = services.invitation_resend(by=karin, invitation=first)

    first.refresh_from_db()
    assert first.state == "revoked"
    assert second.state == "open"
    assert second.email == first.email and second.role == first.role
    assert len(mailoutbox) == 2
    new_token = token_from(mailoutbox[1])
    assert new_token != old_token
    assert services.invitation_by_token(new_token) == second
    with pytest.raises(ValidationError) as exc:
        services.invitation_by_token(old_token)
    assert exc.value.messages == [
        "Inbjudan har återkallats. Kontakta kansliet om du behöver en ny."
    ]


def test_resending_an_expired_invitation_gives_a_working_link(
    invite_alice, karin, time_machine, django_capture_on_commit_callbacks, mailoutbox
):
    first, _ = invite_alice()
    time_machine.move_to(DEFAULT_NOW + datetime.timedelta(days=45), tick=False)
    with django_capture_on_commit_callbacks(execute=True):
        second = services.invitation_resend(by=karin, invitation=first)
    assert services.invitation_by_token(token_from(mailoutbox[-1])) == second


def test_it_refuses_to_resend_an_invitation_of_a_withdrawn_partner(invite_alice, karin, region):
    invitation, _ = invite_alice()
    Partner.objects.filter(pk=region.pk).update(status=Partner.Status.ACTIVE, joined_on=DEFAULT_NOW.date())
    services.withdrawal_register(by=karin, partner=region, request_received_on=DEFAULT_NOW.date())
    invitation.refresh_from_db()
    assert invitation.state == "revoked"  # withdrawal closes open invitations

    with pytest.raises(ValidationError) as exc:
        services.invitation_resend(by=karin, invitation=invitation)
    assert "trätt ut" in exc.value.messages[0]
    assert not Invitation.objects.open().exists()


def test_revoking_kills_the_link(invite_alice, karin):
    invitation, token = invite_alice()
    services.invitation_revoke(by=karin, invitation=invitation)

    invitation.refresh_from_db()
    assert invitation.state == "revoked"
    assert invitation.history.first().history_user == karin
    with pytest.raises(ValidationError, match="Inbjudan har återkallats"):
        services.invitation_by_token(token)
    with pytest.raises(ValidationError) as exc:
        services.invitation_accept(token=token, full_name="Alice", password=PASSWORD)
    assert "återkallats" in exc.value.messages[0]
    with pytest.raises(ValidationError) as exc:
        services.invitation_revoke(by=karin, invitation=invitation)
    assert exc.value.messages == ["Inbjudan är redan återkallad."]


def test_an_invitation_revoked_before_the_mail_goes_out_is_not_mailed(
    karin, region, django_capture_on_commit_callbacks, mailoutbox
):
    with django_capture_on_commit_callbacks() as callbacks:
        invitation = services.partner_invite(by=karin, partner=region, name="Alice", email=ALICE)
        services.invitation_revoke(by=karin, invitation=invitation)
    for callback in callbacks:
        callback()
    assert mailoutbox == []


def test_the_link_still_works_on_the_last_day(invite_alice, time_machine):
    invitation, token = invite_alice()
    time_machine.move_to(DEFAULT_NOW + datetime.timedelta(days=30, seconds=-60), tick=False)
    assert services.invitation_by_token(token) == invitation


def test_it_refuses_an_expired_link(invite_alice, time_machine):
    invitation, token = invite_alice()
    time_machine.move_to(DEFAULT_NOW + datetime.timedelta(days=31), tick=False)

    assert Invitation.objects.get(pk=invitation.pk).state == "expired"
    with pytest.raises(ValidationError) as exc:
        services.invitation_by_token(token)
    [message] = exc.value.messages
    assert "gick ut" in message
    assert message == "Inbjudan gick ut 9 april 2026. Kontakta kansliet så skickar de en ny."
    with pytest.raises(ValidationError, match="gick ut"):
        services.invitation_accept(token=token, full_name="Alice", password=PASSWORD)
    assert not User.objects.filter(email=ALICE).exists()


def test_it_refuses_an_unknown_link():
    with pytest.raises(ValidationError) as exc:
        services.invitation_by_token("inte-en-riktig-token")
    assert exc.value.messages == [
        "Länken är ogiltig. Kontrollera att du har kopierat hela länken."
    ]


# Accepting ---------------------------------------------------------------------------------------------


def test_accepting_creates_the_account_and_the_representative(invite_alice, region):
    invitation, token = invite_alice()
    representative = services.invitation_accept(
        token=token, full_name=" Alice Andersson ", password=PASSWORD, phone="070-123 45 67"
    )

    user = User.objects.get(email=ALICE)
    assert user.full_name == "Alice Andersson"
    assert user.check_password(PASSWORD)
    assert not user.is_kansli
    assert representative.user == user
    assert representative.partner == region
    assert representative.role == Representative.Role.PRIMARY
    assert representative.active
    assert representative.title == "Regiondirektör"
    assert representative.phone == "070-123 45 67"
    assert acting_representative(user) == representative

    invitation.refresh_from_db()
    assert invitation.state == "accepted"
    assert invitation.accepted_at == DEFAULT_NOW
    assert invitation.accepted_by == user
    assert representative.history.first().history_user == user
    # Joining needs the signed declaration too.
    region.refresh_from_db()
    assert region.status == Partner.Status.INVITED


def test_it_refuses_a_link_that_has_been_used(invite_alice):
    _, token = invite_alice()
    services.invitation_accept(token=token, full_name="Alice Andersson", password=PASSWORD)
    with pytest.raises(ValidationError) as exc:
        services.invitation_by_token(token)
    assert exc.value.messages == [
        "Inbjudan har redan använts. Logga in med ditt konto i stället."
    ]
    with pytest.raises(ValidationError, match="redan använts"):
        services.invitation_accept(token=token, full_name="Mallory", password=PASSWORD)
    assert Representative.objects.count() == 1


def test_it_asks_an_existing_account_holder_to_log_in(invite_alice):
    make_user(email=ALICE, full_name="Alice Andersson")
    invitation, token = invite_alice()
    with pytest.raises(ValidationError) as exc:
        services.invitation_accept(token=token, full_name="Alice", password="ett-annat-lösenord")
    assert exc.value.messages == [
        f"Det finns redan ett konto för {ALICE}. Logga in och öppna länken igen."
    ]
    assert Invitation.objects.get(pk=invitation.pk).state == "open"
    assert not Representative.objects.exists()


def test_a_logged_in_account_holder_accepts_with_their_account(invite_alice):
    alice = make_user(email=ALICE, full_name="Alice Andersson")
    _, token = invite_alice()
    representative = services.invitation_accept(token=token, user=alice)
    assert representative.user == alice
    assert User.objects.filter(email=ALICE).count() == 1


def test_it_refuses_a_logged_in_user_with_another_email(invite_alice):
    bob = make_user(email="bob@region-vast.example", full_name="Bob Berg")
    invitation, token = invite_alice()
    with pytest.raises(ValidationError) as exc:
        services.invitation_accept(token=token, user=bob)
    assert exc.value.messages == [
        f"Inbjudan gäller {ALICE}, men du är inloggad som bob@region-vast.example."
    ]
    assert Invitation.objects.get(pk=invitation.pk).state == "open"
    assert not Representative.objects.exists()


# Deputies ------------------------------------------------------------------------------------------------------

DEPUTY_REFUSAL = "Bara partnerns ordinarie representant kan bjuda in en ersättare."


def test_a_primary_representative_invites_a_deputy(
    region, django_capture_on_commit_callbacks, mailoutbox
):
    alice = make_representative(region, email=ALICE).user
    with django_capture_on_commit_callbacks(execute=True):
        invitation = services.deputy_invite(
            by=alice, partner=region, name="Dora Deputy", email="dora@region-norr.example"
        )
    assert invitation.partner == region
    assert invitation.role == Representative.Role.DEPUTY
    assert invitation.sent_by == alice
    [message] = mailoutbox
    assert message.to == ["dora@region-norr.example"]
    assert "ersättare" in message.body

    deputy = services.invitation_accept(
        token=token_from(message), full_name="Dora Deputy", password=PASSWORD
    )
    assert deputy.role == Representative.Role.DEPUTY
    assert deputy.partner == region


def test_a_deputy_cannot_invite_a_deputy(region):
    make_representative(region, email=ALICE)
    dora = make_representative(
        region, email="dora@region-norr.example", role=Representative.Role.DEPUTY
    ).user
    with pytest.raises(ValidationError) as exc:
        services.deputy_invite(by=dora, partner=region, name="Erik", email="erik@region.example")
    assert exc.value.messages == [DEPUTY_REFUSAL]
    assert not Invitation.objects.exists()


def test_a_representative_of_another_partner_cannot_invite_a_deputy(region):
    other = make_partner(name="Region Västexempel")
    bob = make_representative(other, email="bob@region-vast.example").user
    with pytest.raises(ValidationError) as exc:
        services.deputy_invite(by=bob, partner=region, name="Erik", email="erik@region.example")
    assert exc.value.messages == [DEPUTY_REFUSAL]
    assert not Invitation.objects.exists()


def test_an_account_that_acts_for_one_partner_cannot_accept_for_another(karin):
    from tests.partnership.factories import make_partner, make_representative

    partner_a, partner_b = make_partner(), make_partner()
    alice = make_representative(partner_a, email="alice@a.example")
    invitation = services.partner_invite(by=karin, partner=partner_b, name="Alice", email="x@b.example")
    # Alice's account somehow carries B's invited address (the kansli changed it, say).
    alice.user.email = "x@b.example"
    alice.user.save()
    from partnership.models import hash_token

    invitation.token_hash = hash_token("known")
    invitation.save()
    with pytest.raises(ValidationError, match="företräder redan en annan partner"):
        services.invitation_accept(token="known", user=alice.user)
    assert not Representative.objects.filter(user=alice.user, partner=partner_b).exists()


def test_an_organisation_that_declined_frees_its_place_and_can_be_invited_again(karin):
    from tests.partnership.factories import make_partner

    for _ in range(2):
        make_partner(sector="naringsliv", category="industry_association")
    third = make_partner(sector="naringsliv", category="company")
    services.partner_invite(by=karin, partner=third, name="Eva", email="eva@bolag.example")
    assert not services.sector_cap_verdict("naringsliv")

    services.partner_mark_declined(by=karin, partner=third)
    third.refresh_from_db()
    assert third.status == Partner.Status.DECLINED
    assert not Invitation.objects.open().filter(partner=third).exists()
    assert services.sector_cap_verdict("naringsliv")  # the place is free again
    assert third not in Partner.objects.public()

    services.partner_invite(by=karin, partner=third, name="Eva", email="eva@bolag.example")
    third.refresh_from_db()
    assert third.status == Partner.Status.INVITED
