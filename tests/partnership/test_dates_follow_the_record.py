"""Dates typed by people decide the voting roll, so they cannot precede the record."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from partnership import services
from tests.partnership.factories import (
    make_kansli,
    make_partner,
    make_representative,
    publish_text,
    signed_partner,
)

pytestmark = pytest.mark.django_db


def test_a_declaration_cannot_be_dated_before_the_invitation():
    publish_text(make_kansli())
    partner = make_partner(invited_on=datetime.date(2026, 3, 1))
    rep = make_representative(partner)
    with pytest.raises(ValidationError) as exc:
        services.declaration_sign(user=rep.user, partner=partner, place="Umeå",
                                  signed_on=datetime.date(2026, 2, 28), signer_name="R", signer_title="T")
    assert "före inbjudan (1 mars 2026)" in exc.value.message_dict["signed_on"][0]
    declaration = services.declaration_sign(user=rep.user, partner=partner, place="Umeå",
                                            signed_on=datetime.date(2026, 3, 1), signer_name="R",
                                            signer_title="T")
    assert declaration.signed_on == datetime.date(2026, 3, 1)


def test_a_withdrawal_cannot_be_dated_before_the_partner_joined():
    kansli = make_kansli()
    signed = signed_partner(signed_on=datetime.date(2026, 2, 1))
    with pytest.raises(ValidationError) as exc:
        services.withdrawal_register(by=kansli, partner=signed.partner,
                                     request_received_on=datetime.date(2026, 1, 15))
    assert "före 1 februari 2026" in exc.value.message_dict["request_received_on"][0]
    services.withdrawal_register(by=kansli, partner=signed.partner,
                                 request_received_on=datetime.date(2026, 2, 1))
