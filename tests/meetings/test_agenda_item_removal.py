"""Removing an agenda item asks first: a page that names the item and says what happens (or why
it cannot be removed); only the POST of that page removes it. No JavaScript involved."""

import html
import re

import pytest
from django.urls import reverse

from meetings.models import AgendaItem
from tests.meetings import factories as f
from tests.swecan.test_valid_html import problems


def text(response) -> str:
    main = response.content.decode().split("<main", 1)[1].split("</main>", 1)[0]
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", "", main)))


@pytest.fixture
def planned(karin):
    meeting = f.plan(by=karin, days_ahead=60, title="Vårmötet")
    for title in ("Välkommen", "Budgetfrågan", "Övriga frågor", "Avslutning"):
        f.add_item(meeting, by=karin, title=title)
    return meeting


def item(meeting, title) -> AgendaItem:
    return meeting.agenda_items.get(title=title)


def remove_url(agenda_item) -> str:
    return reverse("kansli_agenda_remove", args=[agenda_item.pk])


def test_the_meeting_page_links_to_the_confirmation_instead_of_removing_at_once(client, karin, planned):
    client.force_login(karin)

    page = client.get(reverse("kansli_meeting", args=[planned.pk])).content.decode()

    url = remove_url(item(planned, "Budgetfrågan"))
    assert f'href="{url}"' in page
    assert f'action="{url}"' not in page


def test_it_names_the_item_and_says_what_happens_and_removes_nothing(client, karin, planned):
    client.force_login(karin)

    response = client.get(remove_url(item(planned, "Budgetfrågan")))

    page = text(response)
    assert response.status_code == 200
    assert "§ 2 Budgetfrågan" in page
    assert "Punkten tas bort från den preliminära dagordningen." in page
    assert "De 2 punkterna efter den flyttas upp ett steg." in page
    assert "Ja, ta bort punkten" in page
    assert problems(response.content.decode()) == []
    assert planned.agenda_items.count() == 4


def test_the_confirmation_removes_the_item_and_closes_the_gap(client, karin, planned):
    client.force_login(karin)

    response = client.post(remove_url(item(planned, "Budgetfrågan")))

    assert response.status_code == 302
    assert list(planned.agenda_items.order_by("position").values_list("position", "title")) == [
        (1, "Välkommen"), (2, "Övriga frågor"), (3, "Avslutning")]


def test_an_item_with_documents_says_why_it_stays_and_offers_no_removal(client, karin, planned):
    budget = item(planned, "Budgetfrågan")
    document = f.add_document(planned, by=karin, title="Budgetunderlag 2027", agenda_item=budget)
    from meetings import services

    services.document_withdraw(by=karin, document=document, reason="Fel version")
    client.force_login(karin)

    response = client.get(remove_url(budget))
    page = text(response)
    assert problems(response.content.decode()) == []

    assert "Punkten har dokument och kan därför inte tas bort" in page
    assert "Budgetunderlag 2027" in page and "återkallat" in page
    assert "Ändra punkten" in page
    assert "Ja, ta bort punkten" not in page


def test_after_the_notice_the_page_says_the_agenda_is_sent(client, karin, roll):
    meeting = f.noticed(by=karin, days_ahead=40, items=2)
    client.force_login(karin)

    page = text(client.get(remove_url(meeting.agenda_items.first())))

    assert "punkter tas inte bort från en utsänd dagordning" in page
    assert "Ja, ta bort punkten" not in page
    assert meeting.agenda_items.count() == 2


def test_a_representative_can_neither_see_nor_use_it(client, alice, planned):
    client.force_login(alice)
    url = remove_url(item(planned, "Budgetfrågan"))

    assert client.get(url).status_code == 403
    assert client.post(url).status_code == 403
    assert planned.agenda_items.count() == 4
