"""Public pages: the partner list by sector and its open data (§ 7). No personal data."""

import json

from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render

from partnership.models import Partner, Sector
from swecan import csvsafe

OPEN_DATA_COLUMNS = [
    "id", "namn", "kortnamn", "organisationsnummer", "sektor", "sektor_namn", "kategori",
    "kategori_namn", "ort", "lan", "webbplats", "kontaktadress", "partner_sedan",
]


def _public_partners():
    return Partner.objects.public().order_by("sector", "name")


def partner_list(request):
    partners = list(_public_partners())
    by_sector = [
        (code, label, [p for p in partners if p.sector == code]) for code, label in Sector.choices
    ]
    return render(request, "partnership/public_list.html", {"by_sector": by_sector, "total": len(partners)})


def partner_detail(request, pk):
    partner = get_object_or_404(
        Partner.objects.filter(status__in=[Partner.Status.ACTIVE, Partner.Status.WITHDRAWN]), pk=pk
    )
    return render(request, "partnership/public_detail.html", {"partner": partner})


def _row(partner: Partner) -> dict:
    return {
        "id": partner.pk,
        "namn": partner.name,
        "kortnamn": partner.short_name,
        "organisationsnummer": partner.org_number,
        "sektor": partner.sector,
        "sektor_namn": partner.get_sector_display(),
        "kategori": partner.category,
        "kategori_namn": str(partner.get_category_display()),
        "ort": partner.city,
        "lan": partner.county,
        "webbplats": partner.website,
        "kontaktadress": partner.contact_email,
        "partner_sedan": partner.joined_on.isoformat() if partner.joined_on else "",
    }


def partner_csv(request):
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="swecan-partner.csv"'
    response.write("\ufeff")  # BOM so that Excel reads UTF-8
    writer = csvsafe.DictWriter(response, fieldnames=OPEN_DATA_COLUMNS)
    writer.writeheader()
    for partner in _public_partners():
        writer.writerow(_row(partner))
    return response


def partner_json(request):
    data = {"partner": [_row(p) for p in _public_partners()], "kolumner": OPEN_DATA_COLUMNS}
    return HttpResponse(
        json.dumps(data, ensure_ascii=False, indent=1), content_type="application/json; charset=utf-8"
    )
