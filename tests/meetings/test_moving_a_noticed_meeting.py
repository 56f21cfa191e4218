"""A noticed meeting keeps its actual notice date when it moves (R1, § 3.1)."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from meetings import services
from meetings.forms import MeetingForm
from meetings.models import Meeting
from tests.meetings import factories as f
from tests.meetings.conftest import TODAY

pytestmark = pytest.mark.django_db

D = datetime.timedelta


@pytest.fixture
def noticed(karin, roll):
    """Planned 40 days ahead (notice planned for day 10), noticed today."""
    return f.noticed(by=karin, days_ahead=40, title="Partnerskapets vintermöte")


def edit_post(meeting, starts, **extra):
    data = {"title": meeting.title, "body": meeting.body, "kind": meeting.kind, "form": meeting.form,
            "starts_at": f"{starts:%Y-%m-%dT%H:%M}", "ends_at": f"{starts + D(hours=3):%Y-%m-%dT%H:%M}",
            "place": meeting.place}
    data.update(extra)
    return data


def test_it_moves_later_after_the_planned_notice_day_has_passed(noticed, karin, time_machine):
    time_machine.move_to(f.local(TODAY + D(days=15)), tick=False)  # planned notice day (day 10) passed
    later = f.local(TODAY + D(days=47))

    services.meeting_update(by=karin, meeting=noticed, fields={
        "starts_at": later, "ends_at": later + D(hours=3),
        "planned_notice_date": noticed.planned_notice_date,  # what the old edit form re-posted
    })

    noticed.refresh_from_db()
    assert noticed.date == TODAY + D(days=47)
    assert noticed.notice_date == TODAY  # the actual notice date is kept


def test_it_moves_earlier_while_the_notice_still_satisfies_r1(noticed, karin, time_machine):
    time_machine.move_to(f.local(TODAY + D(days=15)), tick=False)
    earlier = f.local(TODAY + D(days=30))  # exactly 30 days after the notice

    services.meeting_update(by=karin, meeting=noticed, fields={"starts_at": earlier,
                                                              "ends_at": earlier + D(hours=3)})

    noticed.refresh_from_db()
    assert noticed.date == TODAY + D(days=30)


def test_a_move_that_breaks_r1_is_refused_with_the_paragraph(noticed, karin, time_machine):
    time_machine.move_to(f.local(TODAY + D(days=15)), tick=False)
    too_early = f.local(TODAY + D(days=29))

    with pytest.raises(ValidationError) as exc:
        services.meeting_update(by=karin, meeting=noticed, fields={"starts_at": too_early,
                                                                  "ends_at": too_early + D(hours=3)})

    reason = " ".join(exc.value.message_dict["starts_at"])
    assert "§ 3.1" in reason
    assert "redan har passerat" not in reason
    noticed.refresh_from_db()
    assert noticed.date == TODAY + D(days=40)


def test_the_edit_form_does_not_offer_a_planned_notice_date_once_noticed(noticed, karin):
    assert "planned_notice_date" not in MeetingForm(instance=noticed).fields
    planned = f.plan(by=karin, days_ahead=60)
    assert "planned_notice_date" in MeetingForm(instance=planned).fields


def test_the_kansli_moves_it_through_the_edit_page(client, noticed, karin, time_machine):
    time_machine.move_to(f.local(TODAY + D(days=15)), tick=False)
    client.force_login(karin)
    url = reverse("kansli_meeting_edit", args=[noticed.pk])

    page = client.get(url).content.decode()
    assert 'name="planned_notice_date"' not in page

    later = f.local(TODAY + D(days=47))
    response = client.post(url, {**edit_post(noticed, later), "bekraftad": "1"})

    assert response.status_code == 302, response.content.decode()[:3000]
    noticed.refresh_from_db()
    assert noticed.date == TODAY + D(days=47)
    assert noticed.state == Meeting.State.NOTICED


def test_moving_a_noticed_meeting_asks_first_and_names_who_is_told(client, noticed, karin, mailoutbox):
    client.force_login(karin)
    url = reverse("kansli_meeting_edit", args=[noticed.pk])
    later = f.local(TODAY + D(days=47))
    mailoutbox.clear()

    page = client.post(url, edit_post(noticed, later))

    assert page.status_code == 200
    text = page.content.decode()
    assert "5 personer får ett meddelande" in text
    assert "Ingen partner har svarat i förväg." in text
    assert 'name="bekraftad"' in text
    noticed.refresh_from_db()
    assert noticed.date == TODAY + D(days=40)  # nothing saved yet
    assert mailoutbox == []


def test_going_back_keeps_what_was_typed(client, noticed, karin):
    client.force_login(karin)
    later = f.local(TODAY + D(days=47))

    page = client.post(reverse("kansli_meeting_edit", args=[noticed.pk]),
                       {**edit_post(noticed, later, title="Nytt namn"), "tillbaka": "1"})

    assert 'value="Nytt namn"' in page.content.decode()
    noticed.refresh_from_db()
    assert noticed.title != "Nytt namn"


def test_a_new_title_alone_is_saved_without_asking(client, noticed, karin):
    client.force_login(karin)

    response = client.post(reverse("kansli_meeting_edit", args=[noticed.pk]),
                           edit_post(noticed, noticed.starts_at.astimezone(f.STOCKHOLM), title="Nytt namn"))

    assert response.status_code == 302
