"""The public partner list, its detail pages and open data: active partners, no personal data (§ 7)."""

import csv
import io
import json
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from partnership.models import Partner, Representative
from partnership.views.public import OPEN_DATA_COLUMNS
from swecan import public_cache, rules
from tests.partnership.factories import make_partner, make_representative

pytestmark = pytest.mark.django_db

# Personal data of representatives: must never reach a public page or file.
SECRET_EMAIL = "hemlig.person@region-orebro.example"
SECRET_PHONE = "070-999 88 77"
PUBLIC_URLS = ("public_partner_list", "public_partner_csv", "public_partner_json")


@pytest.fixture
def orebro(db):
    """Region Örebro län: an active partner whose representative has personal contact details."""
    partner = make_partner(
        name="Region Örebro län", short_name="RÖL", sector="halso_sjukvard", category="region",
        city="Örebro", county="Örebro län", website="https://www.regionorebrolan.se",
        contact_email="registrator@regionorebrolan.example", status=Partner.Status.ACTIVE,
    )
    partner.joined_on = partner.invited_on
    partner.save(update_fields=["joined_on"])
    rep = make_representative(partner, email=SECRET_EMAIL, name="Hemlig Person")
    rep.phone = SECRET_PHONE
    rep.save(update_fields=["phone"])
    return partner


@pytest.fixture
def not_public(db):
    """One partner in each state that must stay off the public list."""
    return {
        "invited": make_partner(name="Inbjudna Universitetet", sector="akademi",
                                status=Partner.Status.INVITED),
        "prospective": make_partner(name="Intresserade Företaget AB", sector="naringsliv",
                                    status=Partner.Status.PROSPECTIVE),
        "withdrawn": make_partner(name="Utträdda Föreningen", sector="civilsamhalle",
                                  status=Partner.Status.WITHDRAWN, withdrawn_on="2026-02-01"),
    }


def _csv_rows(response):
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


# The list -------------------------------------------------------------------------------


def test_it_lists_active_partners_under_their_sector_heading(client, orebro):
    ki = make_partner(name="Karolinska Institutet", sector="akademi", status=Partner.Status.ACTIVE)

    response = client.get(reverse("public_partner_list"))

    assert response.status_code == 200
    html = response.content.decode()
    for code, label in rules.SECTOR_LABELS.items():
        assert re.search(rf'<h2 id="{code}">\s*{re.escape(str(label))}', html), label
    health = html.index('<h2 id="halso_sjukvard">')
    academy = html.index('<h2 id="akademi">')
    authorities = html.index('<h2 id="myndigheter">')
    assert health < html.index(orebro.name) < academy
    assert academy < html.index(ki.name) < authorities


def test_it_shows_only_active_partners(client, orebro, not_public):
    response = client.get(reverse("public_partner_list"))

    assert response.status_code == 200
    assert orebro.name in response.content.decode()
    for partner in not_public.values():
        assert partner.name not in response.content.decode()


@pytest.mark.parametrize("url_name", [*PUBLIC_URLS, "public_partner_detail"])
def test_it_never_shows_a_representatives_email_or_phone(client, orebro, url_name):
    args = [orebro.pk] if url_name == "public_partner_detail" else []

    response = client.get(reverse(url_name, args=args))

    assert response.status_code == 200
    body = response.content.decode("utf-8-sig")
    assert orebro.name in body
    assert SECRET_EMAIL not in body
    assert SECRET_PHONE not in body
    assert "Hemlig Person" not in body


# The detail page ----------------------------------------------------------------------------


def test_it_shows_an_active_partners_page(client, orebro):
    response = client.get(reverse("public_partner_detail", args=[orebro.pk]))

    assert response.status_code == 200
    assert "Region Örebro län" in response.content.decode()
    assert "registrator@regionorebrolan.example" in response.content.decode()


@pytest.mark.parametrize("state", ["invited", "prospective"])
def test_it_refuses_the_page_of_a_partner_that_is_not_yet_active(client, not_public, state):
    response = client.get(reverse("public_partner_detail", args=[not_public[state].pk]))

    assert response.status_code == 404


def test_it_says_a_withdrawn_partner_left(client, not_public):
    response = client.get(reverse("public_partner_detail", args=[not_public["withdrawn"].pk]))

    assert response.status_code == 200
    assert "Organisationen trädde ut ur SweCan 1 februari 2026." in response.content.decode()


# Open data --------------------------------------------------------------------------------


def test_it_serves_csv_as_utf8_with_a_bom_for_excel(client, orebro):
    response = client.get(reverse("public_partner_csv"))

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response.content.startswith(b"\xef\xbb\xbf")
    assert "Region Örebro län".encode() in response.content


def test_it_writes_the_open_data_columns_and_one_row_per_active_partner(client, orebro, not_public):
    rows = _csv_rows(client.get(reverse("public_partner_csv")))

    assert rows[0] == OPEN_DATA_COLUMNS
    assert len(rows) == 2
    row = dict(zip(rows[0], rows[1], strict=True))
    assert row["id"] == str(orebro.pk)
    assert row["namn"] == "Region Örebro län"
    assert row["kortnamn"] == "RÖL"
    assert row["organisationsnummer"] == orebro.org_number
    assert row["sektor"] == "halso_sjukvard"
    assert row["sektor_namn"] == rules.SECTOR_LABELS["halso_sjukvard"]
    assert row["kategori"] == "region"
    assert row["kategori_namn"] == "Region"
    assert row["ort"] == "Örebro"
    assert row["lan"] == "Örebro län"
    assert row["webbplats"] == "https://www.regionorebrolan.se"
    assert row["kontaktadress"] == "registrator@regionorebrolan.example"
    assert row["partner_sedan"] == orebro.joined_on.isoformat()


def test_it_serves_json_with_the_same_columns(client, orebro, not_public):
    response = client.get(reverse("public_partner_json"))

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    data = json.loads(response.content.decode("utf-8"))
    assert data["kolumner"] == OPEN_DATA_COLUMNS
    assert [p["namn"] for p in data["partner"]] == ["Region Örebro län"]
    assert list(data["partner"][0]) == OPEN_DATA_COLUMNS
    assert data["partner"][0]["lan"] == "Örebro län"


def test_csv_and_json_hold_the_same_data(client, orebro):
    make_partner(name="Cancerfonden", sector="civilsamhalle", status=Partner.Status.ACTIVE)

    rows = _csv_rows(client.get(reverse("public_partner_csv")))
    data = json.loads(client.get(reverse("public_partner_json")).content)

    as_csv = [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]
    as_json = [{k: str(v) for k, v in p.items()} for p in data["partner"]]
    assert as_csv == as_json


# Query counts: the public pages must not grow with the number of partners ----------------------


def _active_partners_with_representatives(n):
    for _ in range(n):
        partner = make_partner(sector="civilsamhalle", status=Partner.Status.ACTIVE)
        Representative.objects.create(
            partner=partner, name="Rep", email=f"rep-{partner.pk}@partner.example",
            phone="08-123 45 67",
        )


def _queries_for(client, url):
    # A render, not the page cache (swecan/public_cache.py), is what must not grow.
    public_cache.clear_local()
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("url_name", PUBLIC_URLS)
def test_it_makes_as_many_queries_for_100_partners_as_for_10(client, url_name):
    url = reverse(url_name)
    _active_partners_with_representatives(10)
    client.get(url)  # Warm up whatever is cached per process.
    with_10 = _queries_for(client, url)

    _active_partners_with_representatives(90)
    with_100 = _queries_for(client, url)

    assert Partner.objects.public().count() == 100
    assert with_100 == with_10
