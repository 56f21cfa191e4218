"""Documents the kansli marks public are linked from /sammantraden/ (R12), and only those."""

import pytest
from django.urls import reverse

from meetings import services
from tests.meetings import factories as f

pytestmark = pytest.mark.django_db

PUBLIC = reverse("public_meetings")


def test_public_documents_are_linked_per_meeting_and_others_are_not(client, karin, roll):
    spring = f.noticed(by=karin, days_ahead=40, title="Vårmötet")
    autumn = f.noticed(by=karin, days_ahead=60, title="Höstmötet")
    budget = f.add_document(spring, by=karin, title="Förslag till verksamhetsplan", is_public=True)
    internal = f.add_document(spring, by=karin, title="Internt arbetsmaterial")
    report = f.add_document(autumn, by=karin, title="Lägesrapport", is_public=True)

    body = client.get(PUBLIC).content.decode()
    spring_card = body[body.index("Vårmötet"):body.index("</article>", body.index("Vårmötet"))]
    autumn_card = body[body.index("Höstmötet"):body.index("</article>", body.index("Höstmötet"))]
    assert f'href="{reverse("document_download", args=[budget.pk])}"' in spring_card
    assert "Förslag till verksamhetsplan" in spring_card and "Lägesrapport" not in spring_card
    assert f'href="{reverse("document_download", args=[report.pk])}"' in autumn_card
    assert "Internt arbetsmaterial" not in body
    assert reverse("document_download", args=[internal.pk]) not in body

    # The link works for anyone, without logging in.
    response = client.get(reverse("document_download", args=[budget.pk]))
    assert response.status_code == 200


def test_a_withdrawn_public_document_is_no_longer_listed(client, karin, roll):
    meeting = f.noticed(by=karin, days_ahead=40, title="Vårmötet")
    document = f.add_document(meeting, by=karin, title="Förslag som dras tillbaka", is_public=True)
    services.document_withdraw(by=karin, document=document, reason="Fel version bifogad.")
    assert "Förslag som dras tillbaka" not in client.get(PUBLIC).content.decode()


def test_a_planned_meetings_documents_are_not_public(client, karin):
    meeting = f.plan(by=karin, days_ahead=60, title="Planerat möte")
    f.add_item(meeting, by=karin)
    f.add_document(meeting, by=karin, title="Utkast", is_public=True)
    assert "Utkast" not in client.get(PUBLIC).content.decode()


def _page_queries(client, django_assert_num_queries, expected):
    with django_assert_num_queries(expected):
        assert client.get(PUBLIC).status_code == 200


def test_the_page_takes_the_same_number_of_queries_for_one_meeting_or_many(
        client, karin, roll, django_assert_num_queries):
    meeting = f.noticed(by=karin, days_ahead=40)
    f.add_document(meeting, by=karin, is_public=True)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as one:
        client.get(PUBLIC)
    for n in range(3):
        more = f.noticed(by=karin, days_ahead=50 + 10 * n, items=2)
        f.add_document(more, by=karin, title=f"Underlag {n}", is_public=True)
        f.add_document(more, by=karin, title=f"Bilaga {n}", is_public=True)
    _page_queries(client, django_assert_num_queries, len(one.captured_queries))
