"""Leaving SweCan, and who is on the voting roll on a given day (§ 5.2, § 5.3, § 8.1)."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from partnership import services
from partnership.models import (
    Partner,
    Representative,
    SignedDeclaration,
    VotingRoll,
    VotingRollEntry,
    Withdrawal,
)
from tests.partnership.conftest import DEFAULT_NOW
from tests.partnership.factories import make_partner, make_representative, signed_partner

pytestmark = pytest.mark.django_db

TODAY = DEFAULT_NOW.date()  # 2026-03-10, operating year 1
D = datetime.date


def at(time_machine, day: datetime.date):
    time_machine.move_to(datetime.datetime.combine(day, datetime.time(10), DEFAULT_NOW.tzinfo),
                         tick=False)


def names(partners) -> list[str]:
    return sorted(p.name for p in partners)


@pytest.fixture
def alfa(declaration_text):
    """Region Alfa signed on 2 February."""
    return signed_partner(name="Region Alfa", signed_on=D(2026, 2, 2)).partner


@pytest.fixture
def beta(declaration_text):
    """Beta Exempel AB (näringsliv) signed on 10 February."""
    return signed_partner(name="Beta Exempel AB", sector="naringsliv", signed_on=D(2026, 2, 10)).partner


@pytest.fixture
def gamma(declaration_text):
    """Universitet Gamma: invited, its representative has not signed."""
    partner = make_partner(name="Universitet Gamma", sector="akademi")
    make_representative(partner, email="greta@gamma.example")
    return partner


# Withdrawal -------------------------------------------------------------------------------------


def test_kansli_registers_a_withdrawal(karin, alfa):
    withdrawal = services.withdrawal_register(
        by=karin, partner=alfa, request_received_on=D(2026, 3, 9), note=" Brev från regionen. "
    )
    alfa.refresh_from_db()
    assert alfa.status == Partner.Status.WITHDRAWN
    assert alfa.withdrawn_on == D(2026, 3, 9)
    assert withdrawal.request_received_on == D(2026, 3, 9)
    assert withdrawal.registered_by == karin
    assert withdrawal.note == "Brev från regionen."
    assert alfa.history.first().history_user == karin
    assert alfa.history.first().status == Partner.Status.WITHDRAWN
    assert Withdrawal.history.get(id=withdrawal.pk).history_user == karin


def test_withdrawal_deletes_nothing(karin, alfa):
    services.withdrawal_register(by=karin, partner=alfa, request_received_on=TODAY)
    assert Partner.objects.filter(pk=alfa.pk).exists()
    assert Representative.objects.filter(partner=alfa).count() == 1
    assert SignedDeclaration.objects.filter(partner=alfa).count() == 1


def test_withdrawal_revokes_open_invitations(karin, alfa):
    invitation = services.partner_invite(
        by=karin, partner=alfa, name="Sven Ny", email="sven@region-alfa.example"
    )
    services.withdrawal_register(by=karin, partner=alfa, request_received_on=TODAY)
    invitation.refresh_from_db()
    assert invitation.state == "revoked"


def test_it_refuses_to_register_a_withdrawal_twice(karin, alfa):
    services.withdrawal_register(by=karin, partner=alfa, request_received_on=TODAY)
    with pytest.raises(ValidationError) as exc:
        services.withdrawal_register(by=karin, partner=alfa, request_received_on=TODAY)
    assert exc.value.messages == ["Utträde för Region Alfa är redan registrerat."]
    assert "redan registrerat" in exc.value.messages[0]


def test_it_refuses_a_withdrawal_date_in_the_future(karin, alfa):
    with pytest.raises(ValidationError) as exc:
        services.withdrawal_register(
            by=karin, partner=alfa, request_received_on=TODAY + datetime.timedelta(days=1)
        )
    assert exc.value.message_dict["request_received_on"] == ["Datumet kan inte ligga i framtiden."]
    alfa.refresh_from_db()
    assert alfa.status == Partner.Status.ACTIVE


def test_it_refuses_a_withdrawal_of_a_prospect(karin):
    prospect = make_partner(name="Väntande Förening", status=Partner.Status.PROSPECTIVE)
    with pytest.raises(ValidationError) as exc:
        services.withdrawal_register(by=karin, partner=prospect, request_received_on=TODAY)
    assert exc.value.messages[0].startswith("Väntande Förening är inte partner och kan inte träda ut.")


# The roll before it is fixed for the year ---------------------------------------------------------


def test_the_roll_holds_partners_that_have_signed_by_the_day(alfa, beta, gamma):
    assert names(services.voting_roll_on(D(2026, 2, 1))) == []
    assert names(services.voting_roll_on(D(2026, 2, 2))) == ["Region Alfa"]
    assert names(services.voting_roll_on(D(2026, 2, 9))) == ["Region Alfa"]
    assert names(services.voting_roll_on(TODAY)) == ["Beta Exempel AB", "Region Alfa"]


def test_an_invited_partner_that_has_not_signed_is_not_on_the_roll(alfa, gamma):
    assert gamma not in services.voting_roll_on(TODAY)


def test_a_withdrawn_partner_leaves_the_roll_on_the_day_of_its_request(karin, alfa, beta):
    services.withdrawal_register(by=karin, partner=alfa, request_received_on=D(2026, 3, 5))
    assert alfa in services.voting_roll_on(D(2026, 3, 4))
    assert alfa not in services.voting_roll_on(D(2026, 3, 5))
    assert alfa not in services.voting_roll_on(TODAY)
    assert beta in services.voting_roll_on(D(2026, 3, 5))


def test_roll_counts_gives_every_sector(alfa, beta, gamma):
    assert services.roll_counts(services.voting_roll_on(TODAY)) == {
        "halso_sjukvard": 1, "akademi": 0, "myndigheter": 0, "naringsliv": 1, "civilsamhalle": 0,
    }


# Fixing the roll at the year's first meeting --------------------------------------------------------


def test_fixing_the_roll_takes_a_snapshot_of_the_day(karin, alfa, beta, gamma):
    roll = services.voting_roll_fix(by=karin, year=2026, fixed_on=TODAY, note=" Första mötet. ")

    assert roll.fixed_by == karin
    assert roll.note == "Första mötet."
    entries = VotingRollEntry.objects.filter(roll=roll)
    assert sorted(e.partner.name for e in entries) == ["Beta Exempel AB", "Region Alfa"]
    assert {e.basis for e in entries} == {VotingRollEntry.Basis.FIXED}
    assert {e.from_date for e in entries} == {TODAY}
    assert names(services.voting_roll_on(TODAY)) == ["Beta Exempel AB", "Region Alfa"]
    assert VotingRoll.history.first().history_user == karin


def test_a_partner_signing_after_the_roll_in_year_1_joins_from_its_signing_date(
    karin, alfa, beta, gamma, time_machine
):
    services.voting_roll_fix(by=karin, year=2026, fixed_on=TODAY)
    at(time_machine, D(2026, 4, 20))
    greta = gamma.representatives.get().user
    services.declaration_sign(
        user=greta, partner=gamma, place="Uppsala", signed_on=D(2026, 4, 15),
        signer_name="Greta Gammal", signer_title="Rektor",
    )

    entry = VotingRollEntry.objects.get(partner=gamma)
    assert entry.roll.year == 2026
    assert entry.basis == VotingRollEntry.Basis.JOINED_YEAR1
    assert entry.from_date == D(2026, 4, 15)
    assert gamma not in services.voting_roll_on(D(2026, 4, 14))
    assert gamma in services.voting_roll_on(D(2026, 4, 15))
    assert names(services.voting_roll_on(D(2026, 4, 20))) == [
        "Beta Exempel AB", "Region Alfa", "Universitet Gamma",
    ]


def test_a_partner_signing_after_the_roll_in_year_2_waits_for_a_decision(
    karin, alfa, gamma, time_machine
):
    at(time_machine, D(2027, 2, 10))
    # In year 2 the partnership's decision fixes the roll (decisions/roll.py).
    services.voting_roll_fix(by=karin, year=2027, fixed_on=D(2027, 2, 10), by_decision=True)
    at(time_machine, D(2027, 3, 1))
    services.declaration_sign(
        user=gamma.representatives.get().user, partner=gamma, place="Uppsala",
        signed_on=D(2027, 3, 1), signer_name="Greta Gammal", signer_title="Rektor",
    )
    gamma.refresh_from_db()
    assert gamma.status == Partner.Status.ACTIVE
    assert not VotingRollEntry.objects.filter(partner=gamma).exists()
    assert names(services.voting_roll_on(D(2027, 3, 2))) == ["Region Alfa"]


def test_before_the_fixing_day_the_year_uses_the_signed_partners(karin, alfa, beta, time_machine):
    at(time_machine, D(2026, 3, 20))
    services.voting_roll_fix(by=karin, year=2026, fixed_on=D(2026, 3, 20))
    assert names(services.voting_roll_on(D(2026, 2, 5))) == ["Region Alfa"]


def test_with_a_fixed_roll_a_withdrawn_partner_leaves_from_its_date(
    karin, alfa, beta, time_machine
):
    services.voting_roll_fix(by=karin, year=2026, fixed_on=TODAY)
    at(time_machine, D(2026, 4, 10))
    services.withdrawal_register(by=karin, partner=alfa, request_received_on=D(2026, 4, 1))

    assert alfa in services.voting_roll_on(D(2026, 3, 31))
    assert alfa not in services.voting_roll_on(D(2026, 4, 1))
    assert names(services.voting_roll_on(D(2026, 4, 10))) == ["Beta Exempel AB"]
    assert services.roll_counts(services.voting_roll_on(D(2026, 4, 10)))["halso_sjukvard"] == 0
    # The entry itself stays: the roll is a record of the year.
    assert VotingRollEntry.objects.filter(partner=alfa).exists()


def test_it_refuses_to_fix_the_roll_twice(karin, alfa):
    services.voting_roll_fix(by=karin, year=2026, fixed_on=TODAY)
    with pytest.raises(ValidationError) as exc:
        services.voting_roll_fix(by=karin, year=2026, fixed_on=TODAY)
    assert exc.value.message_dict["year"] == ["Röstlängden för 2026 är redan fastställd."]
    assert VotingRoll.objects.count() == 1


def test_it_refuses_a_fixing_date_in_another_year(karin, alfa):
    with pytest.raises(ValidationError) as exc:
        services.voting_roll_fix(by=karin, year=2026, fixed_on=D(2025, 12, 30))
    assert exc.value.message_dict["fixed_on"] == ["Datumet måste ligga under 2026."]
    assert not VotingRoll.objects.exists()


def test_it_refuses_to_fix_an_empty_roll(karin, gamma):
    with pytest.raises(ValidationError) as exc:
        services.voting_roll_fix(by=karin, year=2026, fixed_on=TODAY)
    assert exc.value.messages == ["Det finns inga partners att föra upp på röstlängden."]


def test_a_partner_joins_a_fixed_roll_from_the_partnerships_decision(karin, client):
    from partnership.models import VotingRollEntry
    from swecan.demo_accounts import ensure_totp

    first = signed_partner(signed_on=datetime.date(2026, 2, 1))
    services.voting_roll_fix(by=karin, year=2026, fixed_on=datetime.date(2026, 3, 1))
    late = make_partner(status=Partner.Status.ACTIVE, joined_on=datetime.date(2026, 3, 5))
    assert late not in services.voting_roll_on(datetime.date(2026, 3, 10))

    ensure_totp(karin)
    client.force_login(karin)
    url = reverse("kansli_voting_roll_add") + "?ar=2026"
    response = client.post(url, {"partner": late.pk, "from_date": "2026-03-08", "decision_reference": ""})
    assert response.status_code == 400
    assert "Ange beslutet" in response.content.decode()
    response = client.post(url, {"partner": late.pk, "from_date": "2026-03-08",
                                 "decision_reference": "Sammanträdet 2026-03-08, § 6"})
    assert response.status_code == 302
    entry = VotingRollEntry.objects.get(partner=late)
    assert entry.basis == VotingRollEntry.Basis.DECISION
    assert late in services.voting_roll_on(datetime.date(2026, 3, 8))
    assert late not in services.voting_roll_on(datetime.date(2026, 3, 7))
    assert first.partner in services.voting_roll_on(datetime.date(2026, 3, 8))
    with pytest.raises(ValidationError, match="redan på röstlängden"):
        services.voting_roll_add(by=karin, partner=late, from_date=datetime.date(2026, 3, 9),
                                 decision_reference="x")


def test_the_roll_page_says_why_each_partner_is_on_it_in_a_fixed_number_of_queries(karin, client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from swecan.demo_accounts import ensure_totp

    ensure_totp(karin)
    client.force_login(karin)

    def page_queries(n_partners):
        while Partner.objects.filter(status=Partner.Status.ACTIVE).count() < n_partners:
            signed_partner(signed_on=datetime.date(2026, 2, 1))
        with CaptureQueriesContext(connection) as queries:
            response = client.get(reverse("kansli_voting_roll") + "?ar=2026")
        assert response.status_code == 200
        return len(queries), response.content.decode()

    few, _ = page_queries(3)
    many, _ = page_queries(12)
    assert few == many

    services.voting_roll_fix(by=karin, year=2026, fixed_on=datetime.date(2026, 3, 1))
    _, body = page_queries(12)
    assert "Fastställd röstlängd" in body and "2026-03-01" in body
