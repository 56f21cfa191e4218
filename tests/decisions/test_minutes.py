"""The minutes (decisions/minutes.py): drafted from the record, finished within the days of § 3.2
into a frozen revision with a PDF/A, approved at the next meeting, corrected only by a new
revision; the kansli's pages and the public's."""

import datetime
import io
import re

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from pypdf import PdfReader

from decisions import minutes as service
from decisions import voting
from decisions.models import Minutes, MinutesRevision
from meetings import services as meeting_services
from meetings.models import AgendaItem, Meeting
from outbox.models import Message
from tests.decisions.helpers_room import room_under_way
from tests.meetings import factories as mf
from tests.swecan.test_valid_html import problems

pytestmark = pytest.mark.django_db


def squash(text: str) -> str:
    return re.sub(r"\s+", " ", text)


@pytest.fixture
def held(karin, roll, time_machine):
    """A held meeting: the plain item decided by consensus, the case decided by a vote (three yes,
    one no, one abstaining), the session over."""
    room = room_under_way(karin=karin, roll=roll, time_machine=time_machine)
    voting.decision_by_consensus(by=karin, item=room.plain_item, wording="Alice Exempel väljs till justerare.")
    vote = voting.vote_open(by=karin, item=room.case_item, question="Ska förslaget antas?")
    for entry, choice in zip(roll, ["yes", "yes", "yes", "no", "abstain"], strict=True):
        voting.ballot_cast(by=entry.user, vote=vote, partner=entry.partner, choice=choice)
    voting.vote_close(by=karin, vote=vote)
    meeting_services.meeting_set_state(by=karin, meeting=room.meeting, state=Meeting.State.HELD)
    room.meeting.refresh_from_db()
    room.vote = vote
    return room


def the_next_meeting(karin, held):
    return mf.plan(by=karin, day=held.meeting.date + datetime.timedelta(days=90))


def finished(karin, held) -> MinutesRevision:
    minutes = service.minutes_start(by=karin, meeting=held.meeting)
    service.minutes_edit(by=karin, minutes=minutes, fields={
        "keeper": "Karin Kansli", "adjuster": "Alice Exempel", "introduction": "Ordföranden öppnade mötet.",
        "closing": "Ordföranden avslutade mötet.",
        "item_notes": {str(held.plain_item.pk): "Frågan om justerare diskuterades kort."}})
    return service.minutes_finish(by=karin, minutes=minutes)


class TestDraftingAndFinishing:
    def test_a_meeting_not_yet_held_has_no_minutes(self, karin, roll, time_machine):
        room = room_under_way(karin=karin, roll=roll, time_machine=time_machine)
        with pytest.raises(ValidationError, match="efter sammanträdet"):
            service.minutes_start(by=karin, meeting=room.meeting)

    def test_only_the_kansli_keeps_the_minutes(self, held, alice):
        with pytest.raises(PermissionDenied):
            service.minutes_start(by=alice, meeting=held.meeting)

    def test_a_second_start_finds_the_first_draft(self, held, karin):
        first = service.minutes_start(by=karin, meeting=held.meeting)
        assert service.minutes_start(by=karin, meeting=held.meeting) == first
        assert Minutes.objects.filter(meeting=held.meeting).count() == 1

    def test_the_finished_revision_holds_the_record(self, held, karin, roll):
        revision = finished(karin, held)
        content = revision.content
        assert revision.number == 1 and revision.minutes.state == Minutes.State.FINISHED
        assert [p["partner"] for p in content["present"]] == sorted(e.partner.name for e in roll)
        items = {i["id"]: i for i in content["items"]}
        consensus = items[held.plain_item.pk]["decision"]
        assert consensus["method"] == "consensus" and consensus["wording"] == "Alice Exempel väljs till justerare."
        assert items[held.plain_item.pk]["note"] == "Frågan om justerare diskuterades kort."
        voted = items[held.case_item.pk]["decision"]
        assert voted["counts"] == {"yes": 3, "no": 1, "abstain": 1}
        assert sorted(b["name"] for b in voted["ballots"]) == sorted(e.partner.name for e in roll)
        topics = [row["topic"] for row in content["compliance"]]
        assert topics.count("quorum") == 2 and topics.count("majority") == 1
        assert {"notice", "case", "documents", "minutes"} <= set(topics)
        # The fixture's case came in on the day of the kallelse: the sheet says it was late (§ 4.2).
        assert [row["verdict"]["ok"] for row in content["compliance"] if row["topic"] == "case"] == [False]
        assert all(row["verdict"]["ok"] for row in content["compliance"] if row["topic"] != "case")

    def test_finished_on_the_last_day_is_in_time_and_a_day_later_is_not(self, held, karin, time_machine):
        due = service.due_on(held.meeting)
        assert due == held.meeting.date + datetime.timedelta(days=14)
        time_machine.move_to(datetime.datetime.combine(due, datetime.time(15)), tick=False)
        revision = finished(karin, held)
        [sheet] = [row for row in revision.content["compliance"] if row["topic"] == "minutes"]
        assert sheet["verdict"]["ok"] is True

    def test_finished_a_day_late_is_marked_not_met(self, held, karin, time_machine):
        late = service.due_on(held.meeting) + datetime.timedelta(days=1)
        time_machine.move_to(datetime.datetime.combine(late, datetime.time(9)), tick=False)
        revision = finished(karin, held)
        [sheet] = [row for row in revision.content["compliance"] if row["topic"] == "minutes"]
        assert sheet["verdict"]["ok"] is False

    def test_finishing_is_refused_while_a_vote_is_open(self, karin, roll, time_machine):
        room = room_under_way(karin=karin, roll=roll, time_machine=time_machine)
        voting.vote_open(by=karin, item=room.plain_item, question="Ska Alice väljas?")
        meeting_services.meeting_set_state(by=karin, meeting=room.meeting, state=Meeting.State.HELD)
        room.meeting.refresh_from_db()
        minutes = service.minutes_start(by=karin, meeting=room.meeting)
        with pytest.raises(ValidationError, match="omröstning pågår"):
            service.minutes_finish(by=karin, minutes=minutes)
        minutes.refresh_from_db()
        assert minutes.state == Minutes.State.DRAFT

    def test_a_finished_protocol_is_never_edited_in_place(self, held, karin):
        revision = finished(karin, held)
        with pytest.raises(ValidationError, match="ändras inte"):
            service.minutes_edit(by=karin, minutes=revision.minutes, fields={"keeper": "Någon annan"})

    def test_a_correction_is_a_new_revision_with_its_reason_and_both_are_kept(self, held, karin):
        first = finished(karin, held)
        with pytest.raises(ValidationError) as refused:
            service.minutes_correct(by=karin, minutes=first.minutes, reason=" ", fields={"keeper": "Karin Kansli"})
        assert "reason" in refused.value.error_dict
        second = service.minutes_correct(by=karin, minutes=first.minutes, reason="Fel justerare angavs.",
                                         fields={"keeper": "Karin Kansli", "adjuster": "Bob Exempel"})
        assert second.number == 2 and second.content["adjuster"] == "Bob Exempel"
        first.refresh_from_db()
        assert first.content["adjuster"] == "Alice Exempel"
        assert list(first.minutes.revisions.values_list("number", flat=True)) == [1, 2]
        assert second.history.latest().history_user == karin


class TestApproval:
    def test_the_next_meeting_gets_the_approval_item_when_finished(self, held, karin):
        following = the_next_meeting(karin, held)
        revision = finished(karin, held)
        item = revision.minutes.approval_item
        assert item.meeting == following and item.kind == AgendaItem.Kind.MINUTES_APPROVAL

    def test_a_meeting_planned_later_gets_it_then(self, held, karin):
        revision = finished(karin, held)
        assert revision.minutes.approval_item is None
        following = the_next_meeting(karin, held)
        revision.minutes.refresh_from_db()
        assert revision.minutes.approval_item.meeting == following

    def test_an_existing_approval_item_is_used_not_doubled(self, held, karin):
        following = the_next_meeting(karin, held)
        existing = mf.add_item(following, by=karin, title="Godkännande av föregående protokoll",
                               kind="minutes_approval")
        revision = finished(karin, held)
        assert revision.minutes.approval_item == existing
        assert following.agenda_items.filter(kind="minutes_approval").count() == 1

    def test_adopting_the_item_approves_the_minutes(self, client, held, karin, roll, time_machine):
        following = the_next_meeting(karin, held)
        minutes = finished(karin, held).minutes
        mf.send_notice(following, by=karin)
        time_machine.move_to(following.starts_at, tick=False)
        meeting_services.meeting_set_state(by=karin, meeting=following, state=Meeting.State.OPEN)
        for entry in roll:
            meeting_services.attendance_register(by=karin, meeting=following, partner=entry.partner,
                                                 arrived_at=following.starts_at, representatives=[entry.representative])
        client.force_login(karin)
        room = client.get(reverse("meeting_room", args=[following.pk])).content.decode()
        assert reverse("room_consensus", args=[minutes.approval_item.pk]) in room  # the room offers it
        voting.decision_by_consensus(by=karin, item=minutes.approval_item, wording="Protokollet godkänns.")
        minutes.refresh_from_db()
        assert minutes.state == Minutes.State.APPROVED and minutes.approved_at == following.starts_at


class TestPdf:
    def test_the_pdf_is_rendered_by_the_worker_and_reads_back(self, held, karin, django_capture_on_commit_callbacks):
        with django_capture_on_commit_callbacks(execute=True):
            revision = finished(karin, held)
        message = Message.objects.get(kind="minutes_pdf")
        assert message.status == Message.Status.DONE, message.last_error
        revision.refresh_from_db()
        with revision.pdf.open("rb") as f:
            data = f.read()
        reader = PdfReader(io.BytesIO(data))
        text = squash(" ".join(page.extract_text() for page in reader.pages))
        assert "Alice Exempel väljs till justerare." in text
        assert "Ja 3, nej 1, avstod 1" in text
        assert "Regelefterlevnad" in text and "Kallelse Uppfyllt" in text
        assert re.search(r"§ 3\. ?1 Kallelse", text) and re.search(r"§ 4\. ?3 Majoritet", text)
        assert "Sida 1 av" in text
        xmp = reader.xmp_metadata
        assert xmp is not None
        assert b"pdfaid" in reader.trailer["/Root"]["/Metadata"].get_object().get_data()
        assert reader.trailer["/Root"].get("/Lang") == "sv"


class TestPages:
    def test_the_kansli_drafts_and_finishes_in_one_form(self, client, held, karin):
        client.force_login(karin)
        url = reverse("kansli_minutes", args=[held.meeting.pk])
        assert client.post(url).status_code == 302
        response = client.get(url)
        assert response.status_code == 200 and problems(response.content.decode()) == []
        data = {"keeper": "Karin Kansli", "adjuster": "", "introduction": "Mötet öppnades.", "closing": "",
                f"note_{held.plain_item.pk}": "Kort diskussion.", "action": "finish"}
        response = client.post(url, data)
        assert response.status_code == 302
        minutes = Minutes.objects.get(meeting=held.meeting)
        assert minutes.state == Minutes.State.FINISHED and minutes.item_notes == {
            str(held.plain_item.pk): "Kort diskussion."}

    def test_a_missing_keeper_is_shown_next_to_the_field_and_the_text_kept(self, client, held, karin):
        client.force_login(karin)
        url = reverse("kansli_minutes", args=[held.meeting.pk])
        client.post(url)
        response = client.post(url, {"keeper": "", "introduction": "Det jag skrev", "action": "finish"})
        assert response.status_code == 400
        html = response.content.decode()
        assert "Det jag skrev" in html and 'id="id_keeper_errors"' in html
        assert Minutes.objects.get(meeting=held.meeting).state == Minutes.State.DRAFT

    def test_representatives_and_the_public_cannot_keep_minutes(self, client, held, alice):
        url = reverse("kansli_minutes", args=[held.meeting.pk])
        assert client.get(url).status_code == 302
        client.force_login(alice)
        assert client.get(url).status_code == 403
        assert client.post(url).status_code == 403

    def test_the_public_reads_finished_minutes_not_drafts(self, client, held, karin):
        minutes = service.minutes_start(by=karin, meeting=held.meeting)
        assert client.get(reverse("public_minutes", args=[held.meeting.pk])).status_code == 404
        assert held.meeting.title not in client.get(reverse("public_minutes_list")).content.decode()
        service.minutes_finish(by=karin, minutes=minutes)
        response = client.get(reverse("public_minutes", args=[held.meeting.pk]))
        html = response.content.decode()
        assert response.status_code == 200 and problems(html) == []
        assert "Färdigställt, inte godkänt" in html and "Alice Exempel väljs till justerare." in html
        listing = client.get(reverse("public_minutes_list")).content.decode()
        assert held.meeting.title in listing

    def test_every_revision_stays_readable(self, client, held, karin):
        first = finished(karin, held)
        service.minutes_correct(by=karin, minutes=first.minutes, reason="Stavfel i inledningen.",
                                fields={"keeper": "Karin Kansli", "introduction": "Ordföranden öppnade sammanträdet."})
        html = client.get(reverse("public_minutes_revision", args=[held.meeting.pk, 1])).content.decode()
        assert "Ordföranden öppnade mötet." in html and "Du läser version 1" in html
        current = client.get(reverse("public_minutes", args=[held.meeting.pk])).content.decode()
        assert "Ordföranden öppnade sammanträdet." in current and "Stavfel i inledningen." in current

    def test_the_pdf_link_is_a_404_until_rendered(self, client, held, karin):
        finished(karin, held)
        assert client.get(reverse("minutes_pdf", args=[held.meeting.pk, 1])).status_code == 404


class TestReminders:
    def test_the_kansli_is_reminded_three_days_before_and_on_the_day_once(self, held, karin, time_machine):
        due = service.due_on(held.meeting)
        for days_before, expected in [(4, 0), (3, 1), (3, 0), (1, 0), (0, 1)]:
            time_machine.move_to(datetime.datetime.combine(due - datetime.timedelta(days=days_before),
                                                           datetime.time(8)), tick=False)
            assert service.reminders_due() == expected, days_before

    def test_finished_minutes_need_no_reminder(self, held, karin, time_machine):
        finished(karin, held)
        due = service.due_on(held.meeting)
        time_machine.move_to(datetime.datetime.combine(due, datetime.time(8)), tick=False)
        assert service.reminders_due() == 0


def test_partners_present_who_did_not_vote_are_named_everywhere(client, karin, roll, time_machine):
    room = room_under_way(karin=karin, roll=roll, time_machine=time_machine)
    vote = voting.vote_open(by=karin, item=room.plain_item, question="Ska Alice väljas?")
    for entry in roll[:3]:
        voting.ballot_cast(by=entry.user, vote=vote, partner=entry.partner, choice="yes")
    client.force_login(karin)
    room_page = client.get(reverse("meeting_room", args=[room.meeting.pk])).content.decode()
    assert "2 närvarande partner har inte röstat." in room_page
    decision = voting.vote_close(by=karin, vote=vote)
    silent = sorted(e.partner.name for e in roll[3:])
    assert [p["name"] for p in decision.snapshot["not_voted"]] == silent
    assert [p.name for p in voting.vote_result(vote)["not_voted"]] == silent
    voting.vote_publish(by=karin, vote=vote)
    client.logout()
    page = client.get(reverse("public_decision", args=[decision.pk])).content.decode()
    assert "Närvarande men röstade inte: " + ", ".join(silent) in page
    meeting_services.meeting_set_state(by=karin, meeting=room.meeting, state=Meeting.State.HELD)
    room.meeting.refresh_from_db()
    revision = service.minutes_finish(by=karin, minutes=service.minutes_start(by=karin, meeting=room.meeting))
    [item] = [i for i in revision.content["items"] if i["id"] == room.plain_item.pk]
    assert item["decision"]["not_voted"] == silent
