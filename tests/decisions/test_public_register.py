"""The public case register (diarium, R12): every received case with its reference, date, title,
submitting partners, state and meeting; a page per case with its public documents; the register as
open data; attachments only for those who may read them. Drafts are never public."""

import datetime
import json
from urllib.parse import unquote

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from decisions import preparation, services
from decisions.models import Case
from decisions.register import OPEN_DATA_KEYS
from decisions.views import public as public_views
from swecan import public_cache
from tests.decisions.conftest import TODAY
from tests.decisions.factories import TEMPLATE, draft, received
from tests.decisions.helpers_prepare import (
    a_meeting,
    attach,
    consultation,
    in_preparation,
    prepared,
)
from tests.meetings import factories as mf

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)


def page_of(client, name, *args, **params):
    response = client.get(reverse(name, args=args), params)
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def case_url(case) -> str:
    return reverse("public_case", args=[case.year, case.number])


def cosigned(case, *, by, partner, confirm_by=None):
    cosignature = services.case_cosign_request(by=by, case=case, partner=partner)
    if confirm_by is not None:
        services.case_cosign_confirm(by=confirm_by, cosignature=cosignature)
    return cosignature


def rows(body: str) -> list[str]:
    """The register's table rows, top to bottom."""
    tbody = body.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    return [row for row in tbody.split("<tr>")[1:]]


# The list -------------------------------------------------------------------------------


def test_the_register_lists_received_cases_newest_first_and_never_a_draft(client, roll, alice, bob):
    first = received(by=alice, partner=roll[0].partner, title="Gemensam rehabiliteringsplan")
    second = received(by=bob, partner=roll[1].partner, title="Forskningsdata över regiongränser")
    draft(by=alice, partner=roll[0].partner, title="Hemligt utkast")

    body = page_of(client, "public_cases")

    assert "Hemligt utkast" not in body
    listed = rows(body)
    assert len(listed) == 2
    assert "SweCan 2026/2" in listed[0] and "Forskningsdata över regiongränser" in listed[0]
    assert "SweCan 2026/1" in listed[1] and "Gemensam rehabiliteringsplan" in listed[1]
    assert "2026-11-25" in listed[1]
    assert f'href="{case_url(first)}"' in listed[1] and f'href="{case_url(second)}"' in listed[0]
    assert "2 ärenden" in body


def test_a_withdrawn_case_stays_in_the_register_as_withdrawn(client, roll, alice):
    case = received(by=alice, partner=roll[0].partner)
    services.case_withdraw(by=alice, case=case)

    [row] = rows(page_of(client, "public_cases"))

    assert "SweCan 2026/1" in row and "Återkallat" in row
    assert "Väntar på nästa sammanträde" not in row


def test_the_submitting_partners_are_the_submitter_and_the_cosigners_that_confirmed(client, roll, alice, bob):
    case = received(by=alice, partner=roll[0].partner)
    cosigned(case, by=alice, partner=roll[1].partner, confirm_by=bob)
    cosigned(case, by=alice, partner=roll[2].partner)  # asked, not confirmed

    [row] = rows(page_of(client, "public_cases"))

    assert roll[0].partner.name in row and roll[1].partner.name in row
    assert roll[2].partner.name not in row
    assert reverse("public_partner_detail", args=[roll[1].partner.pk]) in row


def test_a_case_late_for_every_planned_meeting_waits_for_the_next(client, roll, alice):
    received(by=alice, partner=roll[0].partner)
    [row] = rows(page_of(client, "public_cases"))
    assert "Väntar på nästa sammanträde" in row


def test_the_meeting_column_names_the_meeting_the_case_is_in_time_for(client, karin, roll, alice):
    meeting = a_meeting(karin, days_ahead=80)
    case = received(by=alice, partner=roll[0].partner, title="Till ett planerat möte")
    assert case.target_meeting == meeting

    [row] = rows(page_of(client, "public_cases"))
    assert "13 februari 2027" in row and "planerat, inte kallat ännu" in row
    assert reverse("public_meetings") not in row  # a planned meeting is not on the public page yet

    mf.mark_noticed(meeting)
    public_cache.pages_changed()  # mark_noticed writes with update(), past the signals
    [row] = rows(page_of(client, "public_cases"))
    assert f'<a href="{reverse("public_meetings")}">13 februari 2027</a>' in row

    services.case_withdraw(by=alice, case=case)
    [row] = rows(page_of(client, "public_cases"))
    assert "13 februari 2027" not in row and "Väntar på nästa sammanträde" not in row


# Filters --------------------------------------------------------------------------------


@pytest.fixture
def register(karin, roll, alice, bob, time_machine):
    """A case of 2025 by Alice's partner (hälso- och sjukvård), and of 2026 one by Bob's
    (akademi) co-signed by Alice's, one in preparation and one withdrawn."""
    time_machine.move_to(mf.local(datetime.date(2025, 12, 1)), tick=False)
    old = received(by=alice, partner=roll[0].partner, title="Ärende från förra året")
    time_machine.move_to(mf.local(TODAY), tick=False)
    academic = received(by=bob, partner=roll[1].partner, title="Forskningens ärende")
    cosigned(academic, by=bob, partner=roll[0].partner, confirm_by=alice)
    preparing = in_preparation(karin=karin, by=alice, partner=roll[0].partner, title="Under beredning nu")
    withdrawn = received(by=alice, partner=roll[0].partner, title="Återkallat ärende")
    services.case_withdraw(by=alice, case=withdrawn)
    return {"old": old, "academic": academic, "preparing": preparing, "withdrawn": withdrawn}


def titles(body: str) -> set[str]:
    return {title for title in ("Ärende från förra året", "Forskningens ärende", "Under beredning nu",
                                "Återkallat ärende") if title in body}


def test_the_register_filters_by_year_state_and_sector(client, register):
    assert titles(page_of(client, "public_cases", ar="2025")) == {"Ärende från förra året"}
    assert titles(page_of(client, "public_cases", ar="2026")) == {"Forskningens ärende", "Under beredning nu",
                                                                   "Återkallat ärende"}
    assert titles(page_of(client, "public_cases", status="in_preparation")) == {"Under beredning nu"}
    assert titles(page_of(client, "public_cases", status="withdrawn")) == {"Återkallat ärende"}
    # A case belongs to the sector of every partner behind it: the co-signer's too.
    assert titles(page_of(client, "public_cases", sektor="akademi")) == {"Forskningens ärende"}
    assert len(titles(page_of(client, "public_cases", sektor="halso_sjukvard"))) == 4
    assert titles(page_of(client, "public_cases", ar="2026", sektor="halso_sjukvard", status="received")) == {
        "Forskningens ärende"}
    body = page_of(client, "public_cases", sektor="civilsamhalle")
    assert titles(body) == set() and "Inga ärenden matchar filtret." in body


def test_the_filter_form_works_without_javascript_and_keeps_what_was_chosen(client, register):
    body = page_of(client, "public_cases", ar="2025", status="received")
    assert '<form method="get" class="filters"' in body
    assert '<option value="2025" selected>2025</option>' in body
    assert '<option value="received" selected>Inkommet</option>' in body
    assert '<option value="draft"' not in body
    assert '<label for="filter_sektor">Sektor</label>' in body


@pytest.mark.parametrize("params", [
    {"ar": "tjugo"}, {"ar": "1999"}, {"status": "draft"}, {"status": "<script>"}, {"sektor": "okänd"},
    {"ar": "9" * 40}, {"sida": "-1"}, {"sida": "x"},
])
def test_a_filter_value_that_is_not_a_choice_is_ignored_and_named(client, register, params):
    body = page_of(client, "public_cases", **params)
    assert len(titles(body)) == 4  # nothing narrowed, and never a draft
    if "sida" not in params:
        assert "kändes inte igen och används inte" in body
    assert "<script>" not in body


def test_one_bad_filter_does_not_cancel_a_good_one(client, register):
    body = page_of(client, "public_cases", ar="2025", status="nonsens")
    assert titles(body) == {"Ärende från förra året"}
    assert "Värdet för Status kändes inte igen och används inte." in body


def test_a_long_register_is_paged_and_the_pages_keep_the_filter(client, register, monkeypatch):
    monkeypatch.setattr(public_views, "PER_PAGE", 2)
    first = page_of(client, "public_cases", ar="2026")
    assert titles(first) == {"Återkallat ärende", "Under beredning nu"}
    assert "sida 1 av 2" in first
    assert 'href="?ar=2026&amp;sida=2"' in first
    second = page_of(client, "public_cases", ar="2026", sida="2")
    assert titles(second) == {"Forskningens ärende"}
    assert 'aria-current="page">2<' in second
    # A page beyond the last shows the last.
    assert titles(page_of(client, "public_cases", ar="2026", sida="99")) == {"Forskningens ärende"}


def _queries(client, url) -> int:
    public_cache.clear_local()  # a render, not the page cache, is what must not grow
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def _many_cases(karin, roll, n):
    submitter, cosigner = roll[0], roll[1]
    for _ in range(n):
        case = received(by=submitter.user, partner=submitter.partner)
        cosigned(case, by=submitter.user, partner=cosigner.partner, confirm_by=cosigner.user)


@pytest.mark.parametrize("url", ["/arenden/", "/arenden/?sektor=akademi&status=received&ar=2026", "/arenden.json"])
def test_the_register_makes_as_many_queries_for_24_cases_as_for_3(client, karin, roll, url):
    a_meeting(karin, days_ahead=80)
    _many_cases(karin, roll, 3)
    client.get(url)
    with_3 = _queries(client, url)
    _many_cases(karin, roll, 21)
    with_24 = _queries(client, url)
    assert Case.objects.count() == 24
    assert with_24 == with_3


# One case -------------------------------------------------------------------------------


def test_a_case_page_shows_the_template_and_who_is_behind_it(client, roll, alice, bob):
    case = received(by=alice, partner=roll[0].partner)
    cosigned(case, by=alice, partner=roll[1].partner, confirm_by=bob)

    body = page_of(client, "public_case", case.year, case.number)

    assert "<h1><span class=\"meta\">SweCan 2026/1</span> Gemensam plan för rehabilitering efter cancer</h1>" in body
    for name in ("background", "problem_or_opportunity", "proposal", "justification", "goals", "consequences"):
        assert TEMPLATE[name] in body, name
    assert "Rehabilitering" in body  # the part of the cancer strategy
    assert "Ordinarie ärende" in body and "Inkommet" in body and "25 november 2026" in body
    assert roll[0].partner.name in body and roll[1].partner.name in body
    assert "Väntar på nästa sammanträde" in body
    assert "Ärendet har inga bilagor." in body


def test_a_draft_or_an_unknown_number_is_not_found(client, roll, alice, karin):
    case = draft(by=alice, partner=roll[0].partner)
    received(by=alice, partner=roll[0].partner)
    for user in (None, alice, karin):
        visitor = Client()
        if user:
            visitor.force_login(user)
        assert visitor.get(reverse("public_case", args=[2026, 2])).status_code == 404
        assert visitor.get(reverse("public_case", args=[2025, 1])).status_code == 404
    assert case.number is None


def test_the_proposal_for_decision_is_public_once_the_case_is_prepared(client, karin, roll, alice):
    case = in_preparation(karin=karin, by=alice, partner=roll[0].partner)
    preparation.case_proposal_save(by=karin, case=case, text="Arbetsutskottet föreslår bifall.")
    assert "Arbetsutskottet föreslår bifall." not in page_of(client, "public_case", case.year, case.number)

    preparation.case_mark_prepared(by=karin, case=case)
    body = page_of(client, "public_case", case.year, case.number)
    assert "Beredningens förslag till beslut" in body and "Arbetsutskottet föreslår bifall." in body


def test_a_consultation_is_public_once_summarised(client, karin, roll, alice, time_machine):
    case = in_preparation(karin=karin, by=alice, partner=roll[0].partner)
    opened = consultation(karin=karin, case=case, days=3, question="Hur arbetar ni med rehabilitering?")
    assert "Hur arbetar ni med rehabilitering?" not in page_of(client, "public_case", case.year, case.number)

    time_machine.move_to(mf.local(TODAY + 5 * DAY), tick=False)
    preparation.consultation_summarise(by=karin, consultation=opened, summary="Båda sektorerna stöder förslaget.")
    body = page_of(client, "public_case", case.year, case.number)
    assert "Hur arbetar ni med rehabilitering?" in body and "Båda sektorerna stöder förslaget." in body
    assert "Remiss till Hälso- och sjukvård, Akademi och forskning" in body


def test_a_rule_change_case_shows_what_it_changes(client, roll, alice, arbetsordning_v1):
    line = "- Protokoll ska färdigställas senast inom 14 dagar efter mötet och godkännas vid nästkommande sammanträde."
    assert line in arbetsordning_v1.text
    case = received(by=alice, partner=roll[0].partner, kind=Case.Kind.RULE_CHANGE, title="Kortare protokolltid",
                    proposed_text=arbetsordning_v1.text.replace("inom 14 dagar", "inom 10 dagar"),
                    proposed_parameters={"minutes_days": 10})

    body = page_of(client, "public_case", case.year, case.number)

    assert "Föreslagen ändring av arbetsordningen" in body
    assert "Protokoll färdigställt senast, antal dagar efter sammanträdet" in body
    assert "<del>14</del>" in body and "<ins>10</ins>" in body
    assert "inom <strong>10</strong> dagar" in body and "Läggs till" in body and "Tas bort" in body
    assert "Ändring av arbetsordningen" in page_of(client, "public_cases")


def test_an_open_proposal_is_read_against_todays_version_a_closed_one_against_its_own(
        client, roll, alice, arbetsordning_v1, time_machine):
    from swecan.models import RulesOfProcedure

    open_case = received(by=alice, partner=roll[0].partner, kind=Case.Kind.RULE_CHANGE,
                         proposed_parameters={"minutes_days": 10})
    closed = received(by=alice, partner=roll[0].partner, kind=Case.Kind.RULE_CHANGE,
                      proposed_parameters={"minutes_days": 10})
    services.case_withdraw(by=alice, case=closed)
    RulesOfProcedure.objects.create(number=2, effective_from=TODAY + DAY, text=arbetsordning_v1.text,
                                    parameters={**arbetsordning_v1.parameters, "minutes_days": 12})
    time_machine.move_to(mf.local(TODAY + 2 * DAY), tick=False)

    assert "Jämfört med arbetsordningen version 2" in page_of(client, "public_case", 2026, open_case.number)
    assert "Jämfört med arbetsordningen version 1" in page_of(client, "public_case", 2026, closed.number)


def test_an_ordinary_case_has_no_diff(client, roll, alice, arbetsordning_v1):
    case = received(by=alice, partner=roll[0].partner)
    assert "Föreslagen ändring av arbetsordningen" not in page_of(client, "public_case", case.year, case.number)


# Attachments ----------------------------------------------------------------------------


@pytest.fixture
def attachments(karin, roll, alice):
    case = received(by=alice, partner=roll[0].partner)
    public = attach(case, by=alice, title="Kartläggning av rehabiliteringen", name="kartlaggning_v3_SLUTLIG.pdf")
    withheld = attach(case, by=alice, title="Patientberättelser med namn", name="berattelser.pdf")
    preparation.case_document_withhold(by=karin, document=withheld, reason="Innehåller personuppgifter")
    return case, public, withheld


def test_a_withheld_attachment_is_not_listed_outside_the_kansli(client, attachments, bob, karin):
    case, public, withheld = attachments
    for user in (None, bob):
        visitor = Client()
        if user:
            visitor.force_login(user)
        body = page_of(visitor, "public_case", case.year, case.number)
        assert "Kartläggning av rehabiliteringen" in body
        assert reverse("case_document_download", args=[public.pk]) in body
        assert "Patientberättelser" not in body and reverse("case_document_download", args=[withheld.pk]) not in body
        assert "Innehåller personuppgifter" not in body
        assert "1 handling i ärendet är inte offentlig." in body

    client.force_login(karin)
    body = page_of(client, "public_case", case.year, case.number)
    assert "Patientberättelser med namn" in body and "inte offentlig, visas bara för kansliet" in body
    assert "Innehåller personuppgifter" in body


def test_a_public_attachment_downloads_under_its_title(client, attachments):
    _case, public, _withheld = attachments
    response = client.get(reverse("case_document_download", args=[public.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment;") and "SLUTLIG" not in disposition
    assert unquote(disposition.split("''", 1)[1]) == "kartläggning-av-rehabiliteringen.pdf"
    assert b"".join(response.streaming_content).startswith(b"%PDF")


def test_a_withheld_attachment_does_not_exist_for_anyone_but_the_kansli(client, attachments, alice, bob, karin):
    _case, _public, withheld = attachments
    url = reverse("case_document_download", args=[withheld.pk])
    assert client.get(url).status_code == 404  # anonymous: not even a login page
    for user in (alice, bob):  # the submitter too: the kansli withheld it
        client.force_login(user)
        assert client.get(url).status_code == 404
    client.force_login(karin)
    assert client.get(url).status_code == 200
    assert client.get(reverse("case_document_download", args=[withheld.pk + 1000])).status_code == 404


def test_a_drafts_attachment_is_only_for_its_own_partner(client, roll, alice, bob):
    case = draft(by=alice, partner=roll[0].partner)
    document = attach(case, by=alice)
    url = reverse("case_document_download", args=[document.pk])
    assert client.get(url).status_code == 404
    client.force_login(bob)
    assert client.get(url).status_code == 404
    client.force_login(alice)
    assert client.get(url).status_code == 200


# Open data ------------------------------------------------------------------------------


def test_the_open_data_lists_every_received_case_with_its_keys(client, karin, roll, alice, bob):
    waiting = received(by=alice, partner=roll[0].partner, title="Väntar på ett möte")
    cosigned(waiting, by=alice, partner=roll[1].partner, confirm_by=bob)
    draft(by=alice, partner=roll[0].partner, title="Utkast")

    response = client.get(reverse("public_cases_json"))

    assert response["Content-Type"] == "application/json; charset=utf-8"
    data = json.loads(response.content)
    assert data["kolumner"] == OPEN_DATA_KEYS == ["diarienummer", "titel", "inkom", "status", "status_namn",
                                                 "inlamnat_av", "sammantrade"]
    assert data["arenden"] == [
        {"diarienummer": "SweCan 2026/1", "titel": "Väntar på ett möte", "inkom": "2026-11-25",
         "status": "received", "status_namn": "Inkommet",
         "inlamnat_av": [roll[0].partner.name, roll[1].partner.name], "sammantrade": None},
    ]
    assert "Väntar på ett möte" in response.content.decode()  # UTF-8, not \u escapes, as /partner.json

    meeting = a_meeting(karin, days_ahead=80)  # the waiting case moves to it
    withdrawn = received(by=bob, partner=roll[1].partner, title="Återkallat")
    services.case_withdraw(by=bob, case=withdrawn)
    data = json.loads(client.get(reverse("public_cases_json")).content)
    assert [(row["diarienummer"], row["status"], row["status_namn"], row["sammantrade"])
            for row in data["arenden"]] == [
        ("SweCan 2026/2", "withdrawn", "Återkallat", None),
        ("SweCan 2026/1", "received", "Inkommet", meeting.date.isoformat()),
    ]


# The public page cache ----------------------------------------------------------------------


def test_a_change_to_a_case_shows_on_the_next_request(client, karin, roll, alice, bob):
    case = received(by=alice, partner=roll[0].partner)
    urls = [reverse("public_cases"), case_url(case), reverse("public_cases_json")]
    for url in urls:
        assert "Inkommet" in client.get(url).content.decode()
        _, queries = _cached(client, url)
        assert queries == 0, url  # served from the page cache

    cosigned(case, by=alice, partner=roll[1].partner, confirm_by=bob)
    for url in urls:
        assert roll[1].partner.name in client.get(url).content.decode(), url

    services.case_withdraw(by=alice, case=case)
    for url in urls:
        assert "Återkallat" in client.get(url).content.decode(), url

    document = attach(received(by=alice, partner=roll[0].partner), by=alice, title="Bilaga A")
    second = reverse("public_case", args=[2026, 2])
    assert "Bilaga A" in client.get(second).content.decode()
    preparation.case_document_withhold(by=karin, document=document, reason="Sekretess")
    assert "Bilaga A" not in client.get(second).content.decode()


def test_a_new_case_appears_at_once(client, roll, alice):
    assert "Inga ärenden har kommit in ännu." in page_of(client, "public_cases")
    received(by=alice, partner=roll[0].partner, title="Nytt ärende")
    assert "Nytt ärende" in page_of(client, "public_cases")


def test_a_prepared_case_on_the_agenda_names_its_meeting(client, karin, roll, alice):
    meeting = a_meeting(karin, days_ahead=80)
    case = prepared(karin=karin, by=alice, partner=roll[0].partner)
    preparation.case_put_on_agenda(by=karin, case=case, meeting=meeting)
    [row] = rows(page_of(client, "public_cases"))
    assert "På dagordningen" in row and "13 februari 2027" in row


def _cached(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    return response, len(ctx.captured_queries)
