"""Public pages: the partner list by sector and its open data (§ 7). No personal data."""

import json

from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render

from partnership.models import Category, Partner, Sector
from swecan import csvsafe
from swecan.public_cache import public_page

OPEN_DATA_COLUMNS = [
    "id", "namn", "kortnamn", "organisationsnummer", "sektor", "sektor_namn", "kategori",
    "kategori_namn", "ort", "lan", "webbplats", "kontaktadress", "partner_sedan",
]


def _public_partners():
    return Partner.objects.public().order_by("sector", "name")


def _labels(choices) -> dict[str, str]:
    """Each choice's label in the active language, translated once per request, not per row."""
    return {code: str(label) for code, label in choices}


@public_page
def partner_list(request):
    partners = list(_public_partners())
    categories = _labels(Category.choices)
    for partner in partners:
        partner.category_label = categories.get(partner.category, partner.category)
    by_sector = [
        (code, label, [p for p in partners if p.sector == code]) for code, label in Sector.choices
    ]
    return render(request, "partnership/public_list.html", {"by_sector": by_sector, "total": len(partners)})


@public_page
def partner_detail(request, pk):
    partner = get_object_or_404(
        Partner.objects.filter(status__in=[Partner.Status.ACTIVE, Partner.Status.WITHDRAWN]), pk=pk
    )
    return render(request, "partnership/public_detail.html", {"partner": partner})


def _rows(partners) -> list[dict]:
    sectors, categories = _labels(Sector.choices), _labels(Category.choices)
    return [_row(partner, sectors, categories) for partner in partners]


def _row(partner: Partner, sectors: dict[str, str], categories: dict[str, str]) -> dict:
    return {
        "id": partner.pk,
        "namn": partner.name,
        "kortnamn": partner.short_name,
        "organisationsnummer": partner.org_number,
        "sektor": partner.sector,
        "sektor_namn": sectors.get(partner.sector, partner.sector),
        "kategori": partner.category,
        "kategori_namn": categories.get(partner.category, partner.category),
        "ort": partner.city,
        "lan": partner.county,
        "webbplats": partner.website,
        "kontaktadress": partner.contact_email,
        "partner_sedan": partner.joined_on.isoformat() if partner.joined_on else "",
    }


@public_page
def partner_csv(request):
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="swecan-partner.csv"'
    response.write("\ufeff")  # BOM so that Excel reads UTF-8
    writer = csvsafe.DictWriter(response, fieldnames=OPEN_DATA_COLUMNS)
    writer.writeheader()
    writer.writerows(_rows(_public_partners()))
    return response


@public_page
def partner_json(request):
    data = {"partner": _rows(_public_partners()), "kolumner": OPEN_DATA_COLUMNS}
    return HttpResponse(
        json.dumps(data, ensure_ascii=False, indent=1), content_type="application/json; charset=utf-8"
    )
