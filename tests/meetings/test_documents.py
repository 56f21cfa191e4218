"""Decision documents: the type is checked by content, and only those called may read them."""

import hashlib
from urllib.parse import unquote

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from meetings.models import Document, Meeting
from tests.meetings import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def meeting(karin, roll):
    return f.plan(by=karin, days_ahead=40)


def refusal(exc_info, field):
    errors = exc_info.value.message_dict
    assert field in errors, errors
    return " ".join(errors[field])


class TestUpload:
    @pytest.mark.parametrize(("name", "content", "file_type"), [
        ("verksamhetsplan.pdf", f.PDF_BYTES, "pdf"),
        ("BUDGET.PDF", f.PDF_BYTES, "pdf"),
        ("remissvar.docx", f.docx_bytes(), "docx"),
        ("budget.xlsx", f.xlsx_bytes(), "xlsx"),
        ("protokoll.odt", f.odt_bytes(), "odt"),
    ])
    def test_it_accepts_real_documents(self, meeting, karin, name, content, file_type):
        document = f.add_document(meeting, by=karin, title="Underlag", name=name, content=content)

        assert document.file_type == file_type
        assert document.original_name == name
        assert document.size == len(content)
        assert document.sha256 == hashlib.sha256(content).hexdigest()
        assert document.is_late is False
        with document.file.open("rb") as stored:
            assert stored.read() == content

    @pytest.mark.parametrize(("name", "content"), [
        ("underlag.pdf", f.EXE_BYTES),  # a program renamed
        ("underlag.docx", f.PDF_BYTES),  # a PDF under a Word name
        ("underlag.xlsx", f.docx_bytes()),
        ("underlag.docx", f._zip([("hello.txt", b"hej")])),  # any zip is not a document
        ("underlag.docx", b"PK\x03\x04 not really a zip"),
        ("underlag", f.PDF_BYTES),
        ("underlag.txt", b"Vanlig text"),
    ])
    def test_it_refuses_files_that_are_not_what_they_claim(self, meeting, karin, name, content):
        with pytest.raises(ValidationError) as exc:
            f.add_document(meeting, by=karin, name=name, content=content)

        reason = refusal(exc, "file")
        assert "Endast PDF, DOCX, XLSX och ODT tas emot" in reason
        assert "stämma med filändelsen" in reason
        assert not Document.objects.exists()

    def test_it_refuses_a_file_over_the_limit(self, meeting, karin, settings):
        settings.DOCUMENT_MAX_BYTES = 2 * 1024 * 1024
        content = f.PDF_BYTES + b"0" * (3 * 1024 * 1024)

        with pytest.raises(ValidationError) as exc:
            f.add_document(meeting, by=karin, content=content)

        reason = refusal(exc, "file")
        assert "för stor" in reason
        # Swedish decimal comma, as the size is written everywhere else in the portal.
        assert "(3,0\xa0MB); högst 2,0\xa0MB" in reason
        assert not Document.objects.exists()

    def test_a_file_at_the_limit_is_accepted(self, meeting, karin, settings):
        settings.DOCUMENT_MAX_BYTES = 1024
        content = f.PDF_BYTES + b"0" * (1024 - len(f.PDF_BYTES))

        assert f.add_document(meeting, by=karin, content=content).size == 1024

    def test_it_refuses_an_item_of_another_meeting(self, meeting, karin):
        other = f.plan(by=karin, days_ahead=60)
        item = f.add_item(other, by=karin)

        with pytest.raises(ValidationError) as exc:
            f.add_document(meeting, by=karin, agenda_item=item)

        assert refusal(exc, "agenda_item") == "Punkten hör till ett annat möte."


class TestUploadView:
    def test_the_kansli_uploads_through_the_meeting_page(self, meeting, karin, client):
        item = f.add_item(meeting, by=karin)
        client.force_login(karin)

        response = client.post(reverse("kansli_document_upload", args=[meeting.pk]), {
            "title": "Förslag till verksamhetsplan", "agenda_item": item.pk,
            "file": f.upload("plan.docx", f.docx_bytes()),
        })

        assert response.status_code == 302
        document = Document.objects.get()
        assert (document.title, document.agenda_item, document.file_type) == (
            "Förslag till verksamhetsplan", item, "docx")
        page = client.get(response["Location"]).content.decode()
        assert "Förslag till verksamhetsplan" in page

    def test_a_refused_file_keeps_the_title_and_shows_why(self, meeting, karin, client):
        client.force_login(karin)

        response = client.post(reverse("kansli_document_upload", args=[meeting.pk]), {
            "title": "Budgetunderlag 2027", "file": f.upload("budget.pdf", f.EXE_BYTES),
        })

        assert response.status_code == 400
        form = response.context["document_form"]
        assert "Endast PDF, DOCX, XLSX och ODT tas emot" in " ".join(form.errors["file"])
        assert 'value="Budgetunderlag 2027"' in response.content.decode()
        assert "Endast PDF, DOCX, XLSX och ODT tas emot" in response.content.decode()
        assert not Document.objects.exists()

    def test_a_too_large_file_is_shown_next_to_the_file_field(self, meeting, karin, client, settings):
        settings.DOCUMENT_MAX_BYTES = 1024 * 1024
        client.force_login(karin)

        response = client.post(reverse("kansli_document_upload", args=[meeting.pk]), {
            "title": "Stor bilaga", "file": f.upload("stor.pdf", f.PDF_BYTES + b"0" * (2 * 1024 * 1024)),
        })

        assert response.status_code == 400
        assert "för stor" in " ".join(response.context["document_form"].errors["file"])
        assert 'value="Stor bilaga"' in response.content.decode()


# Who may download ---------------------------------------------------------------------


@pytest.fixture
def docs(karin, roll, alice, bob):
    """Documents of a noticed meeting, a planned one and an AU meeting Bob is called to."""
    noticed = f.plan(by=karin, days_ahead=40, title="Kallat möte")
    f.add_item(noticed, by=karin)
    private = f.add_document(noticed, by=karin, title="Internt underlag", name="internt.pdf")
    public = f.add_document(noticed, by=karin, title="Öppet underlag", name="oppet.pdf", is_public=True)
    f.send_notice(noticed, by=karin)
    planned = f.plan(by=karin, days_ahead=70, title="Planerat möte")
    planned_private = f.add_document(planned, by=karin, title="Utkast", name="utkast.pdf")
    planned_public = f.add_document(planned, by=karin, title="Utkast öppet", name="utkast2.pdf",
                                    is_public=True)
    au = f.plan(by=karin, days_ahead=10, body=Meeting.Body.COMMITTEE, title="AU-möte", participants=[bob])
    f.add_item(au, by=karin)
    au_doc = f.add_document(au, by=karin, title="AU-underlag", name="au.pdf")
    f.send_notice(au, by=karin)
    return {"private": private, "public": public, "planned_private": planned_private,
            "planned_public": planned_public, "au": au_doc}


def download(client, document):
    response = client.get(reverse("document_download", args=[document.pk]))
    if response.status_code == 200:
        body = b"".join(response.streaming_content)
        assert body == f.PDF_BYTES
        assert response["Content-Type"] == "application/pdf"
        assert "attachment" in response["Content-Disposition"]
        # Named after the title (tests/meetings/test_document_corrections.py), never the upload.
        assert document.download_name() in unquote(response["Content-Disposition"])
    return response


def assert_login_redirect(response):
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login") + "?next=")


class TestDownload:
    def test_anonymous_visitors_are_sent_to_log_in(self, client, docs):
        for key in ("private", "planned_private", "planned_public", "au"):
            assert_login_redirect(download(client, docs[key]))

    def test_anyone_reads_a_public_document_of_a_noticed_meeting(self, client, docs):
        assert download(client, docs["public"]).status_code == 200

    def test_a_representative_on_the_roll_reads_the_documents(self, client, docs, alice):
        client.force_login(alice)

        assert download(client, docs["private"]).status_code == 200
        assert download(client, docs["public"]).status_code == 200

    @pytest.mark.parametrize("persona", ["charlie", "dave"])
    def test_people_not_called_get_404(self, client, docs, outsiders, persona):
        client.force_login(getattr(outsiders, persona))

        assert download(client, docs["private"]).status_code == 404
        assert download(client, docs["au"]).status_code == 404
        assert download(client, docs["public"]).status_code == 200  # public is public

    def test_a_withdrawn_partners_representative_gets_404(self, client, docs, karin):
        withdrawn = f.withdrawn_partner(by=karin)
        client.force_login(withdrawn.user)

        assert download(client, docs["private"]).status_code == 404

    def test_documents_of_a_planned_meeting_are_hidden_from_representatives(self, client, docs, alice):
        # The meeting page of a planned meeting is 404 for them; its documents must be too.
        client.force_login(alice)

        assert download(client, docs["planned_private"]).status_code == 404
        assert download(client, docs["planned_public"]).status_code == 404

    def test_documents_of_a_planned_au_meeting_are_hidden_from_participants(self, client, karin, bob):
        au = f.plan(by=karin, days_ahead=10, body=Meeting.Body.COMMITTEE, title="Planerat AU-möte",
                    participants=[bob])
        draft = f.add_document(au, by=karin, title="AU-utkast", name="au-utkast.pdf")
        client.force_login(bob)

        assert client.get(reverse("meeting_detail", args=[au.pk])).status_code == 404
        assert download(client, draft).status_code == 404

    def test_the_kansli_reads_everything(self, client, docs, karin):
        client.force_login(karin)

        for document in docs.values():
            assert download(client, document).status_code == 200

    def test_au_documents_only_for_participants(self, client, docs, alice, bob):
        client.force_login(bob)
        assert download(client, docs["au"]).status_code == 200

        client.force_login(alice)
        assert download(client, docs["au"]).status_code == 404
