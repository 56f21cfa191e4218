"""The working groups' pages (§ 2.2): who may see and use them, what they show, and refusals next to
their field with what was typed kept."""

import datetime

import pytest
from django.conf import settings
from django.shortcuts import resolve_url
from django.urls import reverse

from meetings.models import Meeting
from nominations import groups
from nominations.models import GroupDocument, GroupMember, WorkingGroup
from swecan.demo_accounts import ensure_totp
from tests.meetings import factories as mf
from tests.nominations.helpers_groups import (
    GOAL,
    PURPOSE,
    case_in_preparation,
    consulted,
    established,
    initiate,
    seated,
)
from tests.nominations.helpers_seats import MEETING_DAYS_AHEAD

pytestmark = pytest.mark.django_db


def _group_urls(group, member=None, document=None) -> list[tuple[str, str]]:
    """(method, url) of every page and action of a group."""
    urls = [("get", reverse("committee_group", args=[group.pk]))]
    for name in ("committee_group_agree", "committee_group_consult", "committee_group_propose",
                 "committee_group_member_add", "committee_group_meeting_plan", "committee_group_document_upload"):
        urls.append(("post", reverse(name, args=[group.pk])))
    if member is not None:
        urls.append(("post", reverse("committee_group_member_remove", args=[group.pk, member.pk])))
    if document is not None:
        urls.append(("get", reverse("committee_group_document", args=[group.pk, document.pk])))
        urls.append(("post", reverse("committee_group_document_attach", args=[group.pk, document.pk])))
    return urls


@pytest.fixture
def group(karin, roll):
    return established(karin)


@pytest.fixture
def member(karin, roll, group):
    return groups.group_member_add(by=karin, group=group, representative=roll[2].representative)


@pytest.fixture
def document(karin, group):
    return groups.group_document_upload(by=karin, group=group, title="Delrapport", file=mf.upload("delrapport.pdf"))


# Who may -----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["committee_groups", "committee_group_new"])
def test_anonymous_visitors_are_sent_to_log_in(client, name):
    response = client.get(reverse(name))
    assert response.status_code == 302 and response["Location"].startswith(resolve_url(settings.LOGIN_URL))


def test_anonymous_visitors_are_sent_to_log_in_from_a_group(client, group, member, document):
    for method, url in _group_urls(group, member, document):
        response = getattr(client, method)(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(resolve_url(settings.LOGIN_URL)), url


@pytest.mark.parametrize("name", ["committee_groups", "committee_group_new"])
def test_representatives_outside_the_au_are_refused(client, alice, name):
    client.force_login(alice)
    assert client.get(reverse(name)).status_code == 403
    assert client.post(reverse("committee_group_new"), {"name": "X"}).status_code == 403


def test_representatives_outside_the_au_are_refused_every_group_page(client, alice, group, member, document):
    client.force_login(alice)
    for method, url in _group_urls(group, member, document):
        assert getattr(client, method)(url, {"note": "x", "name": "X"}).status_code == 403, url
    assert not group.members.exclude(pk=member.pk).exists() and not GroupMember.objects.get(pk=member.pk).left_on


def test_unknown_ids_are_not_found(client, karin, group, member, document):
    client.force_login(karin)
    assert client.get(reverse("committee_group", args=[999])).status_code == 404
    other = established(karin, name="Annan grupp")
    # A member or document of another group is not found through this one.
    assert client.post(reverse("committee_group_member_remove", args=[other.pk, member.pk]),
                       {"on": "2026-11-25"}).status_code == 404
    assert client.get(reverse("committee_group_document", args=[other.pk, document.pk])).status_code == 404
    assert client.post(reverse("committee_group_document_attach", args=[other.pk, document.pk])).status_code == 404


def test_an_au_member_sees_the_list_and_initiates(client, karin, roll, time_machine):
    [alice] = seated(karin, roll, clock=time_machine)
    ensure_totp(alice)  # AU members use two-factor authentication
    client.force_login(alice)
    assert client.get(reverse("committee_groups")).status_code == 200
    response = client.post(reverse("committee_group_new"), {
        "name": "Arbetsgrupp prevention", "kind": "working_group", "duration": "temporary", "purpose": PURPOSE,
        "goal": GOAL, "starts_on": "2027-01-10", "ends_on": "2027-06-30"})
    group = WorkingGroup.objects.get(name="Arbetsgrupp prevention")
    assert response.status_code == 302 and response["Location"] == reverse("committee_group", args=[group.pk])
    assert group.initiated_by == alice
    page = client.get(response["Location"]).content.decode()
    assert "Gruppen är inrättad när kansliet har registrerat sitt samråd." in page
    # The AU member does not record the kansli's agreement.
    assert reverse("committee_group_agree", args=[group.pk]) not in page
    assert client.post(reverse("committee_group_agree", args=[group.pk]), {"note": ""}).status_code == 403


def test_the_groups_leader_manages_members_but_not_the_kansli_parts(client, karin, roll, group):
    groups.group_member_add(by=karin, group=group, representative=roll[0].representative, is_leader=True)
    client.force_login(roll[0].user)
    assert client.get(reverse("committee_groups")).status_code == 403  # the list is the AU's
    assert client.get(reverse("committee_group", args=[group.pk])).status_code == 200
    response = client.post(reverse("committee_group_member_add", args=[group.pk]), {
        "name": "Eva Expert", "organisation": "Lunds universitet", "email": "eva@lu.example"})
    assert response.status_code == 302 and group.members.filter(name="Eva Expert").exists()
    assert client.post(reverse("committee_group_consult", args=[group.pk]),
                       {"consulted_on": "2026-11-20"}).status_code == 403


# The list and the new group's form -----------------------------------------------------------------------


def test_the_list_shows_each_groups_state(client, karin, roll, time_machine):
    initiate(karin, name="Väntar på kansliet")
    permanent = initiate(karin, name="Permanent grupp", duration=WorkingGroup.Duration.PERMANENT)
    groups.group_agree(by=karin, group=permanent, note="")
    established(karin, name="Pågående grupp")
    established(karin, name="Avslutad grupp", starts_on=datetime.date(2026, 1, 10), ends_on=datetime.date(2026, 6, 30))
    client.force_login(karin)
    page = client.get(reverse("committee_groups")).content.decode()
    for text in ("Väntar på kansliets samråd", "Väntar på partnerskapets beslut", "Pågår", "Avslutad",
                 "från 25 november 2026, utan slutdatum", "10 januari 2026–30 juni 2026", "Permanent"):
        assert text in page, text


def test_the_list_keeps_constant_queries(client, karin, roll, django_assert_max_num_queries):
    first = established(karin, name="Grupp 1")
    groups.group_member_add(by=karin, group=first, representative=roll[0].representative)
    client.force_login(karin)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        client.get(reverse("committee_groups"))
    for n in range(2, 6):
        more = established(karin, name=f"Grupp {n}")
        groups.group_member_add(by=karin, group=more, representative=roll[n - 1].representative)
        groups.group_member_add(by=karin, group=more, name="Extern", organisation="Org", email=f"e{n}@x.se")
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(reverse("committee_groups")).content.decode().count("Grupp ") >= 5


def test_bad_input_keeps_the_typed_text_and_says_why(client, karin):
    client.force_login(karin)
    response = client.post(reverse("committee_group_new"), {
        "name": "Min grupp", "kind": "working_group", "duration": "temporary", "purpose": "Ett tydligt syfte",
        "goal": "", "starts_on": "2026-12-01", "ends_on": ""})
    page = response.content.decode()
    assert response.status_code == 400
    assert "Min grupp" in page and "Ett tydligt syfte" in page
    assert "En tillfällig grupp har ett slutdatum." in page and "Det finns fel i formuläret" in page
    assert not WorkingGroup.objects.exists()


def test_a_taken_name_is_refused_next_to_the_field(client, karin):
    initiate(karin, name="Min grupp")
    client.force_login(karin)
    response = client.post(reverse("committee_group_new"), {
        "name": "min grupp", "kind": "expert_panel", "duration": "permanent", "purpose": "Syftet",
        "goal": "Målet", "starts_on": "2026-12-01", "ends_on": ""})
    page = response.content.decode()
    assert response.status_code == 400 and "Det finns redan en grupp som heter min grupp." in page
    assert 'id="id_name_errors"' in page and "Syftet" in page


def test_a_permanent_group_is_told_that_it_needs_a_decision(client, karin):
    client.force_login(karin)
    response = client.post(reverse("committee_group_new"), {
        "name": "Permanent panel", "kind": "expert_panel", "duration": "permanent", "purpose": PURPOSE,
        "goal": GOAL, "starts_on": "2027-01-01", "ends_on": ""}, follow=True)
    page = response.content.decode()
    assert "kräver kansliets samråd, samråd med partnerskapets ordförande och partnerskapets beslut" in page
    assert "En permanent eller halvpermanent grupp kräver samråd med partnerskapets ordförande och " in page


# The group's page ------------------------------------------------------------------------------------------


def test_the_kansli_agrees_consults_and_proposes_from_the_page(client, karin, roll):
    group = initiate(karin, duration=WorkingGroup.Duration.SEMI_PERMANENT)
    meeting = mf.plan(by=karin, days_ahead=MEETING_DAYS_AHEAD)
    client.force_login(karin)
    url = reverse("committee_group", args=[group.pk])
    assert "kansliets samråd är inte registrerat än" in client.get(url).content.decode()
    response = client.post(reverse("committee_group_agree", args=[group.pk]), {"note": "Bra initiativ."})
    assert response.status_code == 302 and response["Location"] == f"{url}#samrad"
    # Proposing before the consultation is refused on the page.
    page = client.get(url).content.decode()
    assert "Registrera samrådet först." in page
    response = client.post(reverse("committee_group_propose", args=[group.pk]), {"meeting": meeting.pk})
    assert response.status_code == 400 and "Registrera samrådet först." in response.content.decode()
    response = client.post(reverse("committee_group_consult", args=[group.pk]), {"consulted_on": "2026-11-30",
                                                                                 "note": "Tillstyrker"})
    page = response.content.decode()
    assert response.status_code == 400 and "Samrådet kan inte registreras i förväg." in page and "Tillstyrker" in page
    client.post(reverse("committee_group_consult", args=[group.pk]), {"consulted_on": "2026-11-24", "note": ""})
    response = client.post(reverse("committee_group_propose", args=[group.pk]), {"meeting": meeting.pk})
    assert response.status_code == 302
    group.refresh_from_db()
    assert group.proposed_on_item.meeting == meeting and group.kansli_note == "Bra initiativ."
    page = client.get(url).content.decode()
    # Awaiting the decision is said once, clearly (not in the label, the reason and the section).
    assert page.lower().count("väntar på partnerskapets beslut") == 1 and "Föreslagen som § 1" in page


def test_members_are_added_and_leave_from_the_page(client, karin, roll, group):
    client.force_login(karin)
    url = reverse("committee_group_member_add", args=[group.pk])
    response = client.post(url, {"representative": roll[0].representative.pk, "is_leader": "on"})
    assert response.status_code == 302
    response = client.post(url, {"name": "Eva Expert", "organisation": "", "email": "eva@"})
    page = response.content.decode()
    assert response.status_code == 400 and "Eva Expert" in page
    assert "Ange den externa expertens organisation." in page and "Fyll i en giltig e-postadress." in page
    response = client.post(url, {"representative": roll[0].representative.pk})
    assert response.status_code == 400 and "är redan medlem i gruppen" in response.content.decode()
    member = group.members.get()
    response = client.post(reverse("committee_group_member_remove", args=[group.pk, member.pk]), {"on": "2026-11-01"})
    assert response.status_code == 400 and "före den dag medlemmen lades till" in response.content.decode()
    response = client.post(reverse("committee_group_member_remove", args=[group.pk, member.pk]), {"on": "2026-11-25"})
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.left_on == datetime.date(2026, 11, 25)
    assert "Lämnade 25 november 2026" in client.get(reverse("committee_group", args=[group.pk])).content.decode()


def test_a_meeting_is_planned_from_the_page(client, karin, roll, group, member):
    client.force_login(karin)
    url = reverse("committee_group_meeting_plan", args=[group.pk])
    fields = {"title": "Första mötet", "form": "digital", "starts_at": "2026-12-03T10:00",
              "ends_at": "2026-12-03T09:00", "place": "", "online_link": "https://mote.example/grupp"}
    response = client.post(url, fields)
    assert response.status_code == 400 and "Mötet måste sluta efter att det har börjat." in response.content.decode()
    assert "Första mötet" in response.content.decode()
    response = client.post(url, {**fields, "ends_at": "2026-12-03T12:00"})
    assert response.status_code == 302
    meeting = group.meetings.get()
    assert meeting.body == Meeting.Body.WORKING_GROUP and list(meeting.participants.all()) == [roll[2].user]
    page = client.get(reverse("committee_group", args=[group.pk])).content.decode()
    assert reverse("kansli_meeting", args=[meeting.pk]) in page
    assert "kansliet skickar kallelsen till dem med e-post" in page


def test_an_unestablished_group_offers_no_meetings_and_refuses_them(client, karin):
    group = consulted(karin)
    client.force_login(karin)
    page = client.get(reverse("committee_group", args=[group.pk])).content.decode()
    assert reverse("committee_group_meeting_plan", args=[group.pk]) not in page
    assert "Sammanträden och handlingar kan läggas till när gruppen är inrättad." in page
    response = client.post(reverse("committee_group_meeting_plan", args=[group.pk]), {
        "title": "Möte", "form": "digital", "starts_at": "2026-12-03T10:00", "ends_at": "2026-12-03T12:00",
        "online_link": "https://mote.example/grupp"})
    assert response.status_code == 400 and "gruppen väntar på partnerskapets beslut" in response.content.decode()
    assert not Meeting.objects.filter(body=Meeting.Body.WORKING_GROUP).exists()


def test_documents_are_uploaded_downloaded_and_attached_to_a_case(client, karin, roll, group):
    client.force_login(karin)
    url = reverse("committee_group_document_upload", args=[group.pk])
    response = client.post(url, {"title": "Delrapport", "file": mf.upload("delrapport.pdf", b"inte pdf")})
    assert response.status_code == 400 and "Endast PDF, DOCX, XLSX och ODT" in response.content.decode()
    assert "Delrapport" in response.content.decode()
    assert client.post(url, {"title": "Delrapport", "file": mf.upload("delrapport.pdf")}).status_code == 302
    document = GroupDocument.objects.get()
    download = client.get(reverse("committee_group_document", args=[group.pk, document.pk]))
    assert download.status_code == 200 and b"".join(download.streaming_content) == mf.PDF_BYTES
    assert 'filename="delrapport.pdf"' in download["Content-Disposition"]
    case = case_in_preparation(karin, roll[0])
    page = client.get(reverse("committee_group", args=[group.pk])).content.decode()
    assert case.reference in page
    attach = reverse("committee_group_document_attach", args=[group.pk, document.pk])
    response = client.post(attach, {"case": ""})
    assert response.status_code == 400 and "Det finns fel i formuläret" in response.content.decode()
    assert client.post(attach, {"case": case.pk}).status_code == 302
    document.refresh_from_db()
    assert document.case_document.case == case
    assert f"Bifogad till {case.reference}" in client.get(reverse("committee_group", args=[group.pk])).content.decode()


def test_a_leader_who_does_not_prepare_cannot_attach(client, karin, roll, group, document):
    groups.group_member_add(by=karin, group=group, representative=roll[0].representative, is_leader=True)
    case = case_in_preparation(karin, roll[1])
    client.force_login(roll[0].user)
    page = client.get(reverse("committee_group", args=[group.pk])).content.decode()
    attach = reverse("committee_group_document_attach", args=[group.pk, document.pk])
    assert attach not in page
    assert client.post(attach, {"case": case.pk}).status_code == 403


def test_the_page_has_unique_ids_and_labels_for_every_field(client, karin, roll, group, document):
    import re
    from collections import Counter

    for signed in roll[:2]:
        groups.group_member_add(by=karin, group=group, representative=signed.representative)
    case_in_preparation(karin, roll[0])
    groups.group_document_upload(by=karin, group=group, title="Slutrapport", file=mf.upload("slut.pdf"))
    client.force_login(karin)
    page = client.get(reverse("committee_group", args=[group.pk])).content.decode()
    ids = Counter(re.findall(r'\sid="([^"]+)"', page))
    assert not [i for i, n in ids.items() if n > 1]
    for field in re.findall(r'<(?:input|select|textarea)[^>]*\sid="([^"]+)"', page):
        assert f'for="{field}"' in page, field
    headings = [int(level) for level in re.findall(r"<h([1-6])", page)]
    assert headings[0] == 1 and all(b - a <= 1 for a, b in zip(headings, headings[1:], strict=False))


def test_the_groups_page_keeps_constant_queries(client, karin, roll, group, document, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    groups.group_member_add(by=karin, group=group, representative=roll[0].representative)
    case_in_preparation(karin, roll[0])
    client.force_login(karin)
    url = reverse("committee_group", args=[group.pk])
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    for n, signed in enumerate(roll[1:], start=2):
        groups.group_member_add(by=karin, group=group, representative=signed.representative)
        groups.group_document_upload(by=karin, group=group, title=f"Handling {n}", file=mf.upload("h.pdf"))
        case_in_preparation(karin, signed)
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = client.get(url).content.decode()
    assert page.count("Bifoga till ärendet") == 5
