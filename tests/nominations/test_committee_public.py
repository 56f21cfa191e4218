"""The AU published without login (R12): /arbetsutskott/ with the seats by sector, vacancies, the
chairs of the partnership and of the AU with their public contact, and /arbetsutskott.json as open
data; cached like every public page and re-rendered on each change; never a representative's own
e-mail or phone."""

import datetime
import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from nominations import seats
from partnership.models import Representative
from swecan import contacts, public_cache
from tests.meetings import factories as mf
from tests.nominations.helpers_seats import appoint, elect
from tests.partnership import factories as pf

START = datetime.date(2027, 1, 1)
KEYS = ["sektor", "organisation", "roll", "mandat_fran", "mandat_till"]


@pytest.fixture
def au(karin, roll, time_machine):
    """Five seats from 1 January 2027; the chair (Region Norrexempel) and vice chair elected on
    12 January; the members have their own phones, which stay private."""
    for signed in roll:
        Representative.objects.filter(pk=signed.representative.pk).update(phone=f"070-000 00 0{signed.partner.pk}")
    appointed = appoint(karin, roll, clock=time_machine, starts_on=START, day=datetime.date(2026, 12, 28))
    chair = elect(karin, appointed[0], "chair", clock=time_machine, day=datetime.date(2027, 1, 12), present=roll)
    vice = elect(karin, appointed[1], "vice_chair", clock=time_machine, day=datetime.date(2027, 1, 13), present=roll)
    seats.officer_contact_update(by=karin, officer=chair, email="au-ordforande@swecan.example", phone="08-555 000 01")
    time_machine.move_to(mf.local(datetime.date(2027, 2, 1)), tick=False)
    return appointed, chair, vice


def _json(client):
    response = client.get(reverse("public_committee_json"))
    assert response.status_code == 200 and response["Content-Type"].startswith("application/json")
    return json.loads(response.content)


def test_with_no_seat_the_au_is_fifteen_vacancies(client, db):
    rows = _json(client)
    assert len(rows) == 15
    assert all(list(row) == KEYS for row in rows)
    assert {row["sektor"] for row in rows} == {"halso_sjukvard", "akademi", "myndigheter", "naringsliv",
                                               "civilsamhalle"}
    assert all(row["organisation"] is None and row["mandat_fran"] is None and row["mandat_till"] is None
               and row["roll"] == "ledamot" for row in rows)
    page = client.get(reverse("public_committee"))
    assert page.status_code == 200 and page.content.decode().count("Vakant") == 15


def test_the_seats_with_roles_and_mandates_and_the_vacancies(client, roll, au):
    rows = _json(client)
    assert len(rows) == 15
    held = [row for row in rows if row["organisation"]]
    assert len(held) == 5 and len([row for row in rows if row["organisation"] is None]) == 10
    by_name = {row["organisation"]: row for row in held}
    assert by_name[roll[0].partner.name] == {"sektor": "halso_sjukvard", "organisation": roll[0].partner.name,
                                             "roll": "ordforande", "mandat_fran": "2027-01-01",
                                             "mandat_till": "2028-12-31"}
    assert by_name[roll[1].partner.name]["roll"] == "vice_ordforande"
    assert {by_name[s.partner.name]["roll"] for s in roll[2:]} == {"ledamot"}
    assert [row["sektor"] for row in rows][:3] == ["halso_sjukvard"] * 3


def test_the_page_shows_both_chairs_contact_and_nothing_private(client, karin, roll, au):
    _appointed, chair, vice = au
    contacts.chair_contact_save(role="chair", by=karin, name="Annika Ekstrand", title="Avdelningschef",
                                organisation="Socialstyrelsen", email="ordforande@swecan.example",
                                phone="08-465 004 01")
    page = client.get(reverse("public_committee")).content.decode()
    assert "Annika Ekstrand" in page and "ordforande@swecan.example" in page  # the partnership's chair
    assert "Arbetsutskottets ordförande" in page and roll[0].representative.name in page
    assert "au-ordforande@swecan.example" in page and "08-555 000 01" in page
    assert "Arbetsutskottets vice ordförande" in page and roll[1].representative.name in page
    assert page.count("Vakant") == 10
    for signed in roll:
        assert signed.partner.name in page
        if signed.representative.pk == vice.seat.representative_id:
            continue  # the vice chair's contact was copied from their own at the election: public (R12)
        rep = Representative.objects.get(pk=signed.representative.pk)
        assert rep.phone not in page and rep.email not in page  # the chair's were replaced
        if signed.representative.pk != chair.seat.representative_id:
            assert rep.name not in page  # members are published by organisation
    raw = client.get(reverse("public_committee_json")).content.decode()
    assert "@" not in raw and "070-" not in raw


def test_served_from_the_cache_until_a_seat_changes(client, karin, roll, au):
    appointed, _chair, _vice = au
    for name in ("public_committee", "public_committee_json"):
        client.get(reverse(name))
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(reverse(name)).status_code == 200
        assert len(ctx.captured_queries) == 0, name
    seats.seat_vacate(by=karin, seat=appointed[2], on=datetime.date(2027, 2, 1), reason="Slutat")
    assert client.get(reverse("public_committee")).content.decode().count("Vakant") == 11
    assert len([row for row in _json(client) if row["organisation"] is None]) == 11


def test_a_new_contact_shows_on_the_next_request(client, karin, au):
    _appointed, chair, _vice = au
    assert "au-ordforande@swecan.example" in client.get(reverse("public_committee")).content.decode()
    seats.officer_contact_update(by=karin, officer=chair, email="ny-ordf@swecan.example", phone="")
    page = client.get(reverse("public_committee")).content.decode()
    assert "ny-ordf@swecan.example" in page and "au-ordforande@swecan.example" not in page


def _queries(client, name) -> int:
    public_cache.clear_local()  # the render, not the page cache, is what must not grow
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(reverse(name)).status_code == 200
    return len(ctx.captured_queries)


def test_the_queries_do_not_grow_with_the_seats(client, karin, roll, au, time_machine):
    few = {name: _queries(client, name) for name in ("public_committee", "public_committee_json")}
    more = [pf.signed_partner(sector=s, name=f"Fler {s}") for s in ("halso_sjukvard", "akademi", "myndigheter",
                                                                    "naringsliv", "civilsamhalle")]
    appoint(karin, more, clock=time_machine, starts_on=datetime.date(2027, 3, 10), present=roll + more)
    time_machine.move_to(mf.local(datetime.date(2027, 3, 10)), tick=False)
    assert len([row for row in _json(client) if row["organisation"]]) == 10
    for name, count in few.items():
        assert _queries(client, name) <= count, name


def test_the_contact_page_has_the_au_chairs_as_well(client, roll, au):
    """§ 7 publishes the contact details of the chairs of SweCan and of the AU: /kontakt/ has both."""
    _seats, chair, vice = au
    chair.refresh_from_db()
    page = client.get(reverse("contact")).content.decode()
    assert "Arbetsutskottets ordförande och vice ordförande" in page
    assert chair.seat.representative.name in page and vice.seat.representative.name in page
    assert "mailto:au-ordforande@swecan.example" in page
