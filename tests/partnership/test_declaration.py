"""Signing the declaration of intent makes an invited organisation a partner (§ 5.3)."""

import datetime
import hashlib
import re

import pytest
from django.core.exceptions import ValidationError
from pypdf import PdfReader

from partnership import services
from partnership.models import Partner, SignedDeclaration
from tests.partnership.conftest import DEFAULT_NOW
from tests.partnership.factories import (
    DECLARATION_TEXT,
    make_partner,
    publish_text,
    signed_partner,
)

pytestmark = pytest.mark.django_db

TODAY = DEFAULT_NOW.date()
INVITED = "Inbjuden Men Ej Undertecknad"


@pytest.fixture
def invited(outsiders):
    """The partner Charlie represents (tests/conftest.py): invited, not signed yet."""
    return outsiders.unsigned


def sign(user, partner, **overrides):
    fields = {
        "place": "Luleå", "signed_on": TODAY, "signer_name": "Charlie Clark",
        "signer_title": "Regiondirektör",
    }
    fields.update(overrides)
    return services.declaration_sign(user=user, partner=partner, **fields)


def squash(text: str) -> str:
    return " ".join(text.split())


def test_signing_makes_the_organisation_a_partner_from_the_signing_date(
    declaration_text, invited, charlie
):
    signed_on = datetime.date(2026, 3, 5)
    declaration = sign(charlie, invited, signed_on=signed_on)

    invited.refresh_from_db()
    assert invited.status == Partner.Status.ACTIVE
    assert invited.joined_on == signed_on
    assert declaration.partner == invited
    assert declaration.text == declaration_text
    assert declaration.signed_by == charlie
    assert declaration.signed_on == signed_on
    assert declaration.place == "Luleå"
    assert SignedDeclaration.objects.current_for(invited) == declaration


def test_the_signed_text_names_the_partner_and_carries_its_fingerprint(
    declaration_text, invited, charlie
):
    declaration = sign(charlie, invited)
    assert f"{INVITED} vill delta i SweCan" in declaration.signed_text
    assert "{organisation}" not in declaration.signed_text
    assert declaration.signed_text == DECLARATION_TEXT.replace("{organisation}", invited.name)
    expected = hashlib.sha256(declaration.signed_text.encode("utf-8")).hexdigest()
    assert declaration.text_sha256 == expected


def test_the_signed_declaration_is_rendered_to_a_stored_pdf(
    declaration_text, invited, charlie, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        declaration = sign(charlie, invited)
    declaration.refresh_from_db()

    assert declaration.pdf.name.endswith(".pdf")
    with declaration.pdf.open("rb") as f:
        data = f.read()
    assert data.startswith(b"%PDF")
    assert declaration.pdf_sha256 == hashlib.sha256(data).hexdigest()

    with declaration.pdf.open("rb") as f:
        reader = PdfReader(f)
        pdf_text = squash(" ".join(page.extract_text() for page in reader.pages))
    assert INVITED in pdf_text
    assert invited.org_number in pdf_text
    for paragraph in declaration.signed_text.split("\n\n"):
        assert squash(paragraph) in pdf_text
    assert "Charlie Clark" in pdf_text
    assert "Regiondirektör" in pdf_text
    assert declaration.text_sha256 in re.sub(r"\s", "", pdf_text)


def test_it_refuses_to_sign_the_same_version_twice(declaration_text, invited, charlie):
    sign(charlie, invited)
    with pytest.raises(ValidationError) as exc:
        sign(charlie, invited)
    [message] = exc.value.messages
    assert "redan undertecknat" in message
    assert message == (
        f"{INVITED} har redan undertecknat version 1 av avsiktsförklaringen."
    )
    assert SignedDeclaration.objects.filter(partner=invited).count() == 1


def test_it_refuses_to_sign_for_another_partner(declaration_text, invited, charlie):
    other = make_partner(name="Region Västexempel")
    with pytest.raises(ValidationError) as exc:
        sign(charlie, other)
    assert exc.value.messages == ["Du kan bara underteckna för den partner du företräder."]
    other.refresh_from_db()
    assert other.status == Partner.Status.INVITED
    assert not other.declarations.exists()


def test_it_refuses_a_signing_date_in_the_future(declaration_text, invited, charlie):
    with pytest.raises(ValidationError) as exc:
        sign(charlie, invited, signed_on=TODAY + datetime.timedelta(days=1))
    assert exc.value.message_dict["signed_on"] == ["Datumet kan inte ligga i framtiden."]
    invited.refresh_from_db()
    assert invited.status == Partner.Status.INVITED


def test_it_refuses_to_sign_before_any_text_is_published(invited, charlie):
    with pytest.raises(ValidationError) as exc:
        sign(charlie, invited)
    assert exc.value.messages == ["Kansliet har inte publicerat någon avsiktsförklaring ännu."]


def test_it_refuses_a_text_without_the_organisation_placeholder(karin):
    with pytest.raises(ValidationError) as exc:
        publish_text(karin, text="Vi vill delta i SweCan.")
    assert exc.value.message_dict["text"] == [
        "Texten måste innehålla {organisation} där organisationens namn ska stå."
    ]


def test_a_signed_declaration_cannot_be_changed(declaration_text, invited, charlie):
    declaration = sign(charlie, invited)
    declaration.signed_text = "Något helt annat."
    with pytest.raises(ValueError, match="En undertecknad avsiktsförklaring kan inte ändras."):
        declaration.save()
    stored = SignedDeclaration.objects.get(pk=declaration.pk)
    assert stored.signed_text.startswith(f"{INVITED} vill delta")


def test_a_new_text_version_is_signed_again(karin, declaration_text, invited, charlie, time_machine):
    first = sign(charlie, invited, signed_on=datetime.date(2026, 3, 2))
    time_machine.shift(datetime.timedelta(hours=1))
    second_text = publish_text(karin, text=DECLARATION_TEXT + "\n\nVersion två: vi delar data.")
    assert second_text.version == 2

    second = sign(charlie, invited)
    assert second.text == second_text
    assert "Version två" in second.signed_text
    assert list(invited.declarations.order_by("signed_at")) == [first, second]
    assert SignedDeclaration.objects.current_for(invited) == second
    invited.refresh_from_db()
    assert invited.joined_on == datetime.date(2026, 3, 2)  # a partner since the first signature


def test_a_withdrawn_partner_cannot_sign(karin, declaration_text, invited, charlie):
    sign(charlie, invited, signed_on=datetime.date(2026, 3, 2))
    services.withdrawal_register(by=karin, partner=invited, request_received_on=TODAY)
    publish_text(karin, text=DECLARATION_TEXT + "\n\nVersion två.")
    with pytest.raises(ValidationError) as exc:
        sign(charlie, invited)
    assert exc.value.messages == ["Partnern har trätt ut ur SweCan."]
    assert invited.declarations.count() == 1


def test_the_history_records_who_signed(declaration_text, invited, charlie):
    declaration = sign(charlie, invited)
    invited.refresh_from_db()
    assert invited.history.first().history_user == charlie
    assert invited.history.first().status == Partner.Status.ACTIVE
    rows = SignedDeclaration.history.filter(id=declaration.pk)
    assert rows.exists()
    assert all(row.history_user == charlie for row in rows)


def test_signed_partner_factory_gives_an_active_partner(declaration_text):
    signed = signed_partner(name="Cancerfonden Exempel", sector="civilsamhalle")
    assert signed.partner.status == Partner.Status.ACTIVE
    assert signed.declaration.signed_by == signed.user
    assert signed.representative.partner == signed.partner
