"""The kansli's check-in list: the whole roll on one page, and the attendance as CSV."""

import csv
import datetime
import io

import pytest
from django.urls import reverse

from meetings import services
from meetings.models import AdvanceAnswer, Attendance, Meeting
from tests.meetings import factories as f
from tests.partnership.factories import signed_partner

pytestmark = pytest.mark.django_db

D = datetime.timedelta


@pytest.fixture
def meeting(karin, roll, time_machine):
    """Noticed, with the clock at its start and check-in open."""
    meeting = f.noticed(by=karin, days_ahead=40)
    time_machine.move_to(meeting.starts_at, tick=False)
    return services.meeting_set_state(by=karin, meeting=meeting, state=Meeting.State.OPEN)


def post(client, meeting, partner, handling="kom", tid="10:00", follow=False, **extra):
    return client.post(reverse("kansli_attendance", args=[meeting.pk]),
                       {"partner": partner.pk, "handling": handling, "tid": tid, **extra}, follow=follow)


def test_the_list_groups_the_roll_by_sector_with_the_advance_answers(meeting, karin, roll, client):
    AdvanceAnswer.objects.create(meeting=meeting, partner=roll[0].partner, answer="absent",
                                 answered_by=karin)
    client.force_login(karin)

    page = client.get(reverse("kansli_attendance", args=[meeting.pk])).content.decode()

    for sp in roll:
        assert sp.partner.name in page
    for heading in ("Hälso- och sjukvård", "Myndigheter", "Näringsliv", "Civilsamhälle"):
        assert f">{heading}</h2>" in page
    assert "Förhinder" in page
    assert page.count("Kom nu") == 5
    assert 'id="quorum-panel"' in page


def test_kom_nu_and_gick_nu_record_presence_at_the_time_given(meeting, karin, roll, client):
    client.force_login(karin)

    response = post(client, meeting, roll[0].partner, tid="09:55")
    assert response.status_code == 302
    assert response["Location"].endswith(f"#p-{roll[0].partner.pk}")
    page = client.get(reverse("kansli_attendance", args=[meeting.pk])).content.decode()
    assert "Gick nu" in page

    post(client, meeting, roll[0].partner, handling="gick", tid="12:10")

    attendance = Attendance.objects.get()
    assert attendance.arrived_at == f.local(meeting.date, 9, 55)
    assert attendance.departed_at == f.local(meeting.date, 12, 10)
    assert attendance.registered_by == karin


def test_an_empty_time_means_now(meeting, karin, roll, client, time_machine):
    time_machine.move_to(meeting.starts_at + D(minutes=7), tick=False)
    client.force_login(karin)

    post(client, meeting, roll[0].partner, tid="")

    assert Attendance.objects.get().arrived_at == meeting.starts_at + D(minutes=7)


def test_a_time_outside_the_window_is_refused_with_the_reason(meeting, karin, roll, client):
    client.force_login(karin)

    response = post(client, meeting, roll[0].partner, tid="07:59")

    assert "Tiden måste ligga inom mötets tid" in client.get(response["Location"]).content.decode()
    assert not Attendance.objects.exists()


def test_a_partner_not_on_the_roll_is_refused(meeting, karin, outsiders, client):
    client.force_login(karin)

    response = post(client, meeting, outsiders.unsigned, follow=True)

    assert "finns inte på röstlängden" in response.content.decode()
    assert not Attendance.objects.exists()


def test_a_departure_without_an_arrival_is_a_message(meeting, karin, roll, client):
    client.force_login(karin)

    response = post(client, meeting, roll[0].partner, handling="gick", follow=True)

    assert "är inte registrerad som närvarande" in response.content.decode()


def test_the_filter_by_name_works_without_javascript(meeting, karin, roll, client):
    client.force_login(karin)

    page = client.get(reverse("kansli_attendance", args=[meeting.pk]), {"q": "myndighet"}).content.decode()

    assert roll[2].partner.name in page
    assert roll[0].partner.name not in page
    assert "Visar 1 av 5 partners." in page
    # The filter survives a check-in.
    response = post(client, meeting, roll[2].partner, q="myndighet")
    assert "q=myndighet" in response["Location"]


def test_before_the_window_the_list_offers_no_buttons(karin, roll, client):
    later = f.noticed(by=karin, days_ahead=40)
    client.force_login(karin)

    page = client.get(reverse("kansli_attendance", args=[later.pk])).content.decode()

    assert "Kom nu" not in page
    assert "tidigast två timmar före start" in page


def test_the_list_keeps_a_fixed_query_count(karin, client, django_assert_num_queries, time_machine):
    """10 partners and 60 partners, with answers and presence, in the same number of queries."""
    roll = f.signed_roll(per_sector=2)
    meeting = f.noticed(by=karin, days_ahead=40)

    def scene(signed):
        for sp in signed:
            services.advance_answer_set(by=sp.user, meeting=meeting, partner=sp.partner, answer="coming")
        time_machine.move_to(meeting.starts_at, tick=False)
        for sp in signed[: len(signed) // 2]:
            services.attendance_register(by=karin, meeting=meeting, partner=sp.partner,
                                         arrived_at=meeting.starts_at)
        time_machine.move_to(meeting.starts_at - D(days=1), tick=False)

    scene(roll)
    client.force_login(karin)
    page_url = reverse("kansli_attendance", args=[meeting.pk])
    client.get(page_url)  # warm caches (session, translations)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ten:
        assert client.get(page_url).status_code == 200
    more = [signed_partner(sector=sector, name=f"Partner {sector} {n}")
            for n in range(10) for sector in ("halso_sjukvard", "akademi", "myndigheter", "naringsliv",
                                               "civilsamhalle")]
    scene(more)
    assert services.roll_for(meeting).count() == 60

    with django_assert_num_queries(len(ten.captured_queries)):
        response = client.get(page_url)
    assert response.content.decode().count('class="checkin-present"') == 30


def test_attendance_exports_as_csv_with_formulas_neutralised(meeting, karin, roll, client):
    sly = signed_partner(sector="akademi", name="=HYPERLINK(\"http://evil.example\")")
    services.attendance_register(by=karin, meeting=meeting, partner=sly.partner, arrived_at=meeting.starts_at,
                                 departed_at=meeting.starts_at + D(hours=1))
    services.attendance_register(by=karin, meeting=meeting, partner=roll[0].partner,
                                 arrived_at=meeting.starts_at + D(minutes=5))
    client.force_login(karin)

    response = client.get(reverse("kansli_attendance_csv", args=[meeting.pk]))

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0] == ["Partner", "Sektor", "Svar i förväg", "Ankomst", "Avgång", "Registrerad av"]
    by_name = {row[0]: row for row in rows[1:]}
    assert "'=HYPERLINK(\"http://evil.example\")" in by_name
    assert by_name[roll[0].partner.name][1:] == [
        "Hälso- och sjukvård", "", f"{meeting.date:%Y-%m-%d} 10:05", "", karin.get_full_name()]
    assert by_name["'=HYPERLINK(\"http://evil.example\")"][4] == f"{meeting.date:%Y-%m-%d} 11:00"


def test_representatives_cannot_use_the_list_or_the_export(meeting, alice, roll, client):
    client.force_login(alice)

    assert client.get(reverse("kansli_attendance", args=[meeting.pk])).status_code == 403
    assert client.get(reverse("kansli_attendance_csv", args=[meeting.pk])).status_code == 403
    assert post(client, meeting, roll[1].partner).status_code == 403
    assert not Attendance.objects.exists()
