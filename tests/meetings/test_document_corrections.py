"""Documents and agenda items can be corrected: edited, replaced by a new version, withdrawn
with a reason; downloads are named after the title; overlapping meetings are pointed out."""

import datetime
from urllib.parse import unquote

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from meetings import services
from meetings.models import AgendaItem, Document
from tests.meetings import factories as f

pytestmark = pytest.mark.django_db

D = datetime.timedelta


@pytest.fixture
def meeting(karin, roll):
    meeting = f.plan(by=karin, days_ahead=40, title="Partnerskapets vintermöte")
    f.add_item(meeting, by=karin, title="Budget")
    return meeting


@pytest.fixture
def item(meeting):
    return meeting.agenda_items.get()


@pytest.fixture
def document(meeting, item, karin):
    return f.add_document(meeting, by=karin, agenda_item=item, title="Förslag till budget 2027",
                          name="budget_v1_FINAL(2).pdf")


def detail(client, meeting):
    return client.get(reverse("meeting_detail", args=[meeting.pk])).content.decode()


class TestAgendaItem:
    def test_the_kansli_edits_an_item(self, client, karin, item):
        client.force_login(karin)
        url = reverse("kansli_agenda_edit", args=[item.pk])
        assert "Budget" in client.get(url).content.decode()

        response = client.post(url, {"title": "Budget 2027", "kind": "decision", "presenter": "Karin",
                                     "description": "Förslaget bifogas."})

        assert response.status_code == 302
        item.refresh_from_db()
        assert (item.title, item.kind, item.presenter) == ("Budget 2027", "decision", "Karin")
        assert item.history.first().history_user == karin
        assert not item.changed_after_notice

    def test_an_edit_after_the_notice_is_marked(self, client, karin, alice, meeting, item):
        f.send_notice(meeting, by=karin)

        services.agenda_item_update(by=karin, item=item, title="Budget 2027", kind="decision")

        client.force_login(alice)
        assert "Ändrad efter kallelsen" in detail(client, meeting)

    def test_a_blank_title_is_refused_next_to_the_field(self, client, karin, item):
        client.force_login(karin)

        response = client.post(reverse("kansli_agenda_edit", args=[item.pk]),
                               {"title": "", "kind": "information", "presenter": "Kvar"})

        assert response.status_code == 400
        assert 'value="Kvar"' in response.content.decode()
        item.refresh_from_db()
        assert item.title == "Budget"


class TestReplace:
    def test_a_new_version_replaces_the_old_which_is_kept(self, client, karin, alice, meeting, document):
        f.send_notice(meeting, by=karin)
        client.force_login(karin)

        response = client.post(reverse("kansli_document_replace", args=[document.pk]),
                               {"file": f.upload("budget-rattad.pdf"), "title": document.title})

        assert response.status_code == 302
        new = Document.objects.get(replaces=document)
        assert new.version == 2 and new.is_late and new.agenda_item_id == document.agenda_item_id
        assert Document.objects.filter(pk=document.pk).exists()  # the old one is kept
        client.force_login(alice)
        page = detail(client, meeting)
        assert reverse("document_download", args=[new.pk]) in page
        assert reverse("document_download", args=[document.pk]) not in page
        assert "Ny version efter kallelsen" in page
        # Members read the current version only; the kansli keeps the old one.
        assert client.get(reverse("document_download", args=[document.pk])).status_code == 404
        client.force_login(karin)
        assert client.get(reverse("document_download", args=[document.pk])).status_code == 200

    def test_a_version_cannot_be_replaced_twice(self, karin, document):
        services.document_replace(by=karin, document=document, uploaded=f.upload("ny.pdf"))

        with pytest.raises(ValidationError):
            services.document_replace(by=karin, document=document, uploaded=f.upload("ny2.pdf"))

    def test_a_wrong_file_is_refused_next_to_the_field(self, client, karin, document):
        client.force_login(karin)

        response = client.post(reverse("kansli_document_replace", args=[document.pk]),
                               {"file": f.upload("virus.pdf", f.EXE_BYTES), "title": "Behållen titel"})

        assert response.status_code == 400
        assert "Endast PDF" in response.content.decode()
        assert 'value="Behållen titel"' in response.content.decode()
        assert not Document.objects.filter(replaces=document).exists()


class TestWithdraw:
    def test_a_withdrawn_document_is_shown_with_its_reason_but_not_downloadable(
            self, client, karin, alice, meeting, document):
        f.send_notice(meeting, by=karin)
        client.force_login(karin)

        response = client.post(reverse("kansli_document_withdraw", args=[document.pk]),
                               {"reason": "Fel underlag bifogades."})

        assert response.status_code == 302
        document.refresh_from_db()
        assert document.is_withdrawn and document.withdrawn_by == karin
        client.force_login(alice)
        page = detail(client, meeting)
        assert "Återkallat" in page and "Fel underlag bifogades." in page
        assert reverse("document_download", args=[document.pk]) not in page
        assert client.get(reverse("document_download", args=[document.pk])).status_code == 404
        client.force_login(karin)
        assert client.get(reverse("document_download", args=[document.pk])).status_code == 200

    def test_a_reason_is_required(self, client, karin, document):
        client.force_login(karin)

        response = client.post(reverse("kansli_document_withdraw", args=[document.pk]), {"reason": " "})

        assert response.status_code == 400
        document.refresh_from_db()
        assert not document.is_withdrawn


def test_a_download_is_named_after_the_title(client, karin, document):
    client.force_login(karin)

    response = client.get(reverse("document_download", args=[document.pk]))

    disposition = response["Content-Disposition"]
    assert "budget_v1_FINAL" not in disposition
    assert "filename*=utf-8''" in disposition
    assert unquote(disposition.split("''", 1)[1]) == "förslag-till-budget-2027.pdf"


def test_a_title_without_letters_still_gives_a_file_name(client, karin, meeting):
    document = f.add_document(meeting, by=karin, title="…", name="x.pdf")
    client.force_login(karin)

    response = client.get(reverse("document_download", args=[document.pk]))

    assert 'filename="dokument.pdf"' in response["Content-Disposition"]


class TestOverlap:
    def test_the_year_view_marks_overlapping_partnership_meetings(self, client, karin, meeting):
        other = f.plan(by=karin, days_ahead=40, hour=12, title="Krock")
        alone = f.plan(by=karin, days_ahead=45, title="Ensamt")
        client.force_login(karin)

        overview = services.year_overview(meeting.date.year)

        assert overview["overlapping"] == {meeting.pk, other.pk}
        assert alone.pk not in overview["overlapping"]
        page = client.get(reverse("kansli_meetings") + f"?ar={meeting.date.year}").content.decode()
        assert "Överlappar ett annat partnerskapsmöte" in page

    def test_planning_an_overlapping_meeting_warns(self, client, karin, meeting):
        client.force_login(karin)
        starts = f.local(meeting.date, 11)

        response = client.post(reverse("kansli_meeting_create"), {
            "title": "Dubbelbokat", "body": "partnership", "kind": "ordinary", "form": "physical",
            "starts_at": f"{starts:%Y-%m-%dT%H:%M}", "ends_at": f"{starts + D(hours=2):%Y-%m-%dT%H:%M}",
            "place": "Stockholm"}, follow=True)

        assert "överlappar i tid med Partnerskapets vintermöte" in response.content.decode()


class TestFinishedMeeting:
    """Pages offer only what can be done: a held meeting's agenda and documents are final."""

    @pytest.fixture
    def held(self, meeting, karin, document, time_machine):
        f.send_notice(meeting, by=karin)
        time_machine.move_to(f.local(meeting.date, 14), tick=False)
        meeting.mark_held()
        meeting.save()
        return meeting

    def test_the_page_offers_no_agenda_form_nor_moves_nor_upload(self, client, karin, held):
        client.force_login(karin)

        page = client.get(reverse("kansli_meeting", args=[held.pk])).content.decode()

        assert "Flytta upp" not in page
        assert reverse("kansli_agenda_add", args=[held.pk]) not in page
        assert reverse("kansli_document_upload", args=[held.pk]) not in page
        assert "Ersätt" not in page

    def test_an_upload_is_refused_before_the_file_is_read(self, client, karin, held):
        client.force_login(karin)

        response = client.post(reverse("kansli_document_upload", args=[held.pk]),
                               {"title": "Sent", "file": f.upload("sent.pdf")}, follow=True)

        assert "genomfört" in response.content.decode()
        assert not held.documents.filter(title="Sent").exists()

    @pytest.mark.parametrize("name", ["kansli_document_replace", "kansli_document_withdraw"])
    def test_corrections_are_refused_before_the_form(self, client, karin, held, document, name):
        client.force_login(karin)

        response = client.get(reverse(name, args=[document.pk]))

        assert response.status_code == 302

    def test_editing_an_item_is_refused_before_the_form(self, client, karin, held, item):
        client.force_login(karin)

        response = client.post(reverse("kansli_agenda_edit", args=[item.pk]),
                               {"title": "Efteråt", "kind": "information"})

        assert response.status_code == 302
        assert AgendaItem.objects.get(pk=item.pk).title == "Budget"


@pytest.mark.parametrize("name", ["kansli_agenda_edit", "kansli_document_replace",
                                  "kansli_document_withdraw"])
def test_representatives_are_forbidden(client, alice, item, document, name):
    client.force_login(alice)
    pk = item.pk if name == "kansli_agenda_edit" else document.pk

    assert client.get(reverse(name, args=[pk])).status_code == 403
    assert client.post(reverse(name, args=[pk]), {"title": "X", "kind": "information",
                                                  "reason": "X"}).status_code == 403
    document.refresh_from_db()
    assert not document.is_withdrawn
