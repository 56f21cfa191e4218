"""What the AU brings to /mina-sidor/: a member is told their seat, term and role; the kansli sees
the AU's mandates ending within 60 days and the nominations waiting for review."""

import datetime

from django.urls import reverse

from swecan.demo_accounts import ensure_totp
from tests.meetings import factories as mf
from tests.nominations import helpers_rounds as rounds
from tests.nominations.helpers_seats import appoint, elect

START = datetime.date(2027, 1, 1)


def test_a_member_is_told_the_seat_the_term_and_the_role(client, karin, roll, time_machine):
    appointed = appoint(karin, roll, clock=time_machine, starts_on=START, day=datetime.date(2026, 12, 28))
    elect(karin, appointed[0], "chair", clock=time_machine, day=datetime.date(2027, 1, 12), present=roll)
    alice, bob = roll[0].user, roll[1].user
    ensure_totp(alice)
    client.force_login(alice)
    page = client.get(reverse("dashboard")).content.decode()
    assert f"Du är ledamot i arbetsutskottet för {roll[0].partner.name}, med mandat 1 januari 2027–31 december 2028." in page
    assert "Utskottet har valt dig till ordförande för 12 januari 2027–11 januari 2028." in page
    assert reverse("committee_groups") in page and reverse("kansli_cases") in page
    time_machine.move_to(mf.local(datetime.date(2029, 1, 2)), tick=False)
    client.force_login(bob)
    assert "Du är ledamot i arbetsutskottet" not in client.get(reverse("dashboard")).content.decode()


def test_the_kansli_sees_mandates_ending_within_60_days_and_nominations_to_review(client, karin, roll, time_machine):
    rounds.nominate(rounds.call_of(rounds.open_round(karin)))
    appoint(karin, roll[:1], clock=time_machine, starts_on=START, ends_on=datetime.date(2027, 3, 2),
            day=datetime.date(2026, 12, 28), present=roll)
    time_machine.move_to(mf.local(datetime.date(2027, 1, 1)), tick=False)  # 60 days before the end
    client.force_login(karin)
    page = client.get(reverse("dashboard")).content.decode()
    assert f"Ledamot: {roll[0].representative.name}, {roll[0].partner.name}" in page
    assert "1 nominering väntar på bedömning" in page
    time_machine.move_to(mf.local(datetime.date(2026, 12, 31)), tick=False)  # 61 days before
    client.force_login(karin)
    assert "Inga mandat i arbetsutskottet löper ut inom 60 dagar." in client.get(reverse("dashboard")).content.decode()
