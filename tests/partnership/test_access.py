"""Who may act for a partner: partnership.access, the one place that answers it."""

import pytest
from django.urls import reverse
from django.utils import timezone

from partnership import services
from partnership.access import (
    acting_representative,
    may_act_for,
    may_invite_deputy,
    may_read_partner_records,
)
from partnership.models import Partner, Representative

pytestmark = pytest.mark.django_db


@pytest.fixture
def region(roll):
    return roll[0].partner


@pytest.fixture
def karolinska(roll):
    return roll[1].partner


def test_a_representative_acts_for_her_own_partner(alice, region):
    rep = acting_representative(alice, region)

    assert rep.partner == region and rep.user == alice
    assert acting_representative(alice, region.pk) == rep
    assert acting_representative(alice) == rep
    assert may_act_for(alice, region) and may_act_for(alice, region.pk)
    assert may_read_partner_records(alice, region)


def test_a_representative_of_another_partner_may_not(bob, region, karolinska):
    assert acting_representative(bob, region) is None
    assert acting_representative(bob, region.pk) is None
    assert not may_act_for(bob, region)
    assert not may_read_partner_records(bob, region.pk)
    assert may_act_for(bob, karolinska)


def test_a_deputy_acts_for_the_partner_but_does_not_invite_deputies(deputy, alice, region):
    rep = acting_representative(deputy, region)

    assert rep.role == Representative.Role.DEPUTY
    assert may_act_for(deputy, region)
    assert not may_invite_deputy(deputy, region)
    assert may_invite_deputy(alice, region)


def test_the_kansli_may_act_for_every_partner_but_represents_none(karin, region, karolinska):
    assert acting_representative(karin) is None
    assert acting_representative(karin, region) is None
    assert may_act_for(karin, region) and may_act_for(karin, karolinska.pk)
    assert may_read_partner_records(karin, region)
    assert not may_invite_deputy(karin, region)


def test_the_public_may_do_nothing(public, region):
    assert acting_representative(public) is None
    assert acting_representative(public, region) is None
    assert not may_act_for(public, region)
    assert not may_read_partner_records(public, region)
    assert not may_invite_deputy(public)


def test_an_invited_partner_that_has_not_signed_is_acted_for(charlie, outsiders):
    # Its representative signs the declaration that makes it a partner.
    assert acting_representative(charlie, outsiders.unsigned).partner == outsiders.unsigned


def test_someone_without_a_partner_acts_for_none(dave, region):
    assert acting_representative(dave) is None
    assert not may_act_for(dave, region)


def test_nobody_acts_for_a_withdrawn_partner(karin, alice, region):
    services.withdrawal_register(by=karin, partner=region, request_received_on=timezone.localdate())

    assert acting_representative(alice) is None
    assert not may_act_for(alice, region)
    assert not may_read_partner_records(alice, region)
    assert may_read_partner_records(karin, region)


def test_a_withdrawn_partner_is_refused_even_if_a_representation_stayed_active(alice, region):
    # Withdrawal ends the representations; a partner marked withdrawn any other way is refused too.
    Partner.objects.filter(pk=region.pk).update(status=Partner.Status.WITHDRAWN)  # history: test setup

    assert acting_representative(alice, region) is None
    assert not may_act_for(alice, region)


def test_an_inactive_representation_acts_for_none(alice, region):
    Representative.objects.filter(user=alice).update(active=False)  # history: test setup

    assert acting_representative(alice) is None
    assert acting_representative(alice, region) is None
    assert not may_act_for(alice, region)


def test_an_inactive_account_acts_for_none(alice, region):
    alice.is_active = False
    alice.save(update_fields=["is_active"])

    assert acting_representative(alice, region) is None
    assert not may_act_for(alice, region)


def test_an_inactive_kansli_account_may_not_act(karin, region):
    karin.is_active = False
    karin.save(update_fields=["is_active"])

    assert not may_act_for(karin, region)


def test_the_partner_page_offers_the_deputy_invitation_only_to_the_primary(client, alice, deputy):
    invite = reverse("deputy_invite")

    client.force_login(alice)
    assert f'href="{invite}"' in client.get(reverse("my_partner")).content.decode()

    client.force_login(deputy)
    page = client.get(reverse("my_partner"))
    assert page.status_code == 200
    assert f'href="{invite}"' not in page.content.decode()
    assert client.get(invite).status_code == 403
