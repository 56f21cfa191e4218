"""The meeting pages: the kansli's, the members' and the public calendar, with their access rules."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from icalendar import Calendar

from meetings import services
from meetings.models import Meeting
from tests.meetings import factories as f
from tests.meetings.conftest import TODAY

pytestmark = pytest.mark.django_db

D = datetime.timedelta


def assert_login_redirect(response):
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login") + "?next=")


def field_errors(response, field):
    match = re.search(rf'<div id="id_{field}_errors">(.*?)</div>', response.content.decode(), re.S)
    assert match, f"no errors shown next to {field}"
    return match.group(1)


# The kansli's pages ---------------------------------------------------------------------


@pytest.fixture
def scene(karin, roll):
    planned = f.plan(by=karin, days_ahead=40, title="Planerat möte")
    item = f.add_item(planned, by=karin, title="Första punkten")
    f.add_item(planned, by=karin, title="Andra punkten")
    noticed = f.noticed(by=karin, days_ahead=50)
    document = f.add_document(planned, by=karin, agenda_item=item)
    return {"planned": planned, "item": item, "noticed": noticed, "document": document}


def meeting_post(scene):
    starts = f.local(TODAY + D(days=60))
    return {"title": "Nytt möte", "body": "partnership", "kind": "ordinary", "form": "physical",
            "starts_at": f"{starts:%Y-%m-%dT%H:%M}", "ends_at": f"{starts + D(hours=2):%Y-%m-%dT%H:%M}",
            "place": "Stockholm"}


def at_noticed(scene, hour):
    return f"{scene['noticed'].date:%Y-%m-%d}T{hour:02d}:00"


# (url name, which object, method, POST data for the kansli, expected status for the kansli)
KANSLI_URLS = [
    ("kansli_meetings", None, "get", None, 200),
    ("kansli_meeting_create", None, "get", None, 200),
    ("kansli_meeting_create", None, "post", meeting_post, 302),
    ("kansli_meeting", "planned", "get", None, 200),
    ("kansli_meeting", "noticed", "get", None, 200),
    ("kansli_meeting_edit", "planned", "get", None, 200),
    ("kansli_meeting_edit", "planned", "post",
     lambda s: {**meeting_post(s), "title": "Nytt namn",
                "starts_at": f"{s['planned'].starts_at.astimezone(f.STOCKHOLM):%Y-%m-%dT%H:%M}",
                "ends_at": f"{s['planned'].ends_at.astimezone(f.STOCKHOLM):%Y-%m-%dT%H:%M}",
                "planned_notice_date": f"{s['planned'].planned_notice_date:%Y-%m-%d}"}, 302),
    ("kansli_agenda_add", "planned", "post", lambda s: {"title": "Ny punkt", "kind": "information"}, 302),
    ("kansli_agenda_move", "item", "post", lambda s: {"riktning": "ned"}, 302),
    ("kansli_agenda_remove", "item", "get", None, 200),
    ("kansli_agenda_remove", "item", "post", lambda s: {}, 302),
    ("kansli_document_upload", "planned", "post",
     lambda s: {"title": "Underlag", "file": f.upload("underlag.pdf")}, 302),
    ("kansli_notice_send", "planned", "get", None, 200),
    ("kansli_notice_send", "planned", "post", lambda s: {}, 302),
    ("kansli_notice_preview", "planned", "get", None, 200),
    ("kansli_agenda_edit", "item", "get", None, 200),
    ("kansli_agenda_edit", "item", "post",
     lambda s: {"title": "Rättad rubrik", "kind": "information"}, 302),
    ("kansli_document_replace", "document", "get", None, 200),
    ("kansli_document_replace", "document", "post", lambda s: {"file": f.upload("ny.pdf")}, 302),
    ("kansli_document_withdraw", "document", "get", None, 200),
    ("kansli_document_withdraw", "document", "post", lambda s: {"reason": "Fel fil"}, 302),
    ("kansli_notice_resend", "noticed", "post", lambda s: {}, 302),
    ("kansli_attendance", "noticed", "get", None, 200),
    ("kansli_attendance", "noticed", "post",
     lambda s: {"partner": s["noticed"].deliveries.first().partner_id, "handling": "kom",
                "tid": "10:00"}, 302),
    ("kansli_attendance_csv", "noticed", "get", None, 200),
    ("kansli_meeting_state", "noticed", "post", lambda s: {"status": "held"}, 302),
]
POST_ONLY = sorted({name for name, _o, method, _d, _s in KANSLI_URLS if method == "post"}
                   - {name for name, _o, method, _d, _s in KANSLI_URLS if method == "get"})


def kansli_url(name, obj, scene):
    return reverse(name, args=[scene[obj].pk] if obj else [])


def call(client, method, url, data):
    return client.post(url, data or {}) if method == "post" else client.get(url)


def test_every_kansli_url_is_covered():
    from meetings.urls import urlpatterns

    names = {p.name for p in urlpatterns if p.name.startswith("kansli_")}
    assert names == {name for name, *_rest in KANSLI_URLS}


@pytest.mark.parametrize(("name", "obj", "method", "data", "status"), KANSLI_URLS)
def test_anonymous_visitors_are_sent_to_log_in(client, scene, name, obj, method, data, status):
    response = call(client, method, kansli_url(name, obj, scene), data and data(scene))

    assert_login_redirect(response)


@pytest.mark.parametrize(("name", "obj", "method", "data", "status"), KANSLI_URLS)
def test_representatives_are_forbidden(client, scene, alice, name, obj, method, data, status):
    client.force_login(alice)
    before = Meeting.objects.count(), scene["planned"].agenda_items.count()

    response = call(client, method, kansli_url(name, obj, scene), data and data(scene))

    assert response.status_code == 403
    assert (Meeting.objects.count(), scene["planned"].agenda_items.count()) == before


@pytest.mark.parametrize(("name", "obj", "method", "data", "status"), KANSLI_URLS)
def test_the_kansli_may(client, scene, karin, name, obj, method, data, status):
    client.force_login(karin)

    response = call(client, method, kansli_url(name, obj, scene), data and data(scene))

    assert response.status_code == status, response.content.decode()[:2000]


@pytest.mark.parametrize("name", POST_ONLY)
def test_post_only_kansli_urls_refuse_get(client, scene, karin, name):
    obj = next(o for n, o, *_rest in KANSLI_URLS if n == name)
    client.force_login(karin)

    assert client.get(kansli_url(name, obj, scene)).status_code == 405


def test_a_kansli_officer_without_an_authenticator_must_set_one_up(client, roll):
    from tests.partnership.factories import make_kansli

    newcomer = make_kansli(email="ny@socialstyrelsen.example", full_name="Ny Kansli")
    client.force_login(newcomer)

    response = client.get(reverse("kansli_meetings"))

    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_activate_totp")


def test_the_year_view_shows_the_year_asked_for(client, karin):
    f.plan(by=karin, day=datetime.date(2027, 3, 10), title="Vårmötet")
    client.force_login(karin)

    page = client.get(reverse("kansli_meetings"), {"ar": "2027"}).content.decode()

    assert "Vårmötet" in page
    assert "Varning: för få fysiska möten" in page
    assert "1 fysiskt sammanträde planerat" in page
    assert "Vårmötet" not in client.get(reverse("kansli_meetings")).content.decode()


@pytest.mark.parametrize("year", ["tjugo", "0", "-5", "99999"])
def test_a_strange_year_is_no_server_error(client, karin, year):
    client.force_login(karin)

    response = client.get(reverse("kansli_meetings"), {"ar": year})

    assert response.status_code in (200, 404)


class TestMeetingForm:
    def post(self, client, **changes):
        starts = f.local(TODAY + D(days=60))
        data = {"title": "Vårmöte 2027", "body": "partnership", "kind": "ordinary", "form": "physical",
                "starts_at": f"{starts:%Y-%m-%dT%H:%M}",
                "ends_at": f"{starts + D(hours=3):%Y-%m-%dT%H:%M}", "place": "Umeå"}
        data.update(changes)
        return client.post(reverse("kansli_meeting_create"), data)

    def test_a_date_too_near_is_shown_next_to_the_start_and_the_input_kept(self, client, karin):
        client.force_login(karin)
        near = f.local(TODAY + D(days=20))

        response = self.post(client, starts_at=f"{near:%Y-%m-%dT%H:%M}",
                             ends_at=f"{near + D(hours=2):%Y-%m-%dT%H:%M}")

        assert response.status_code == 200
        assert "30 dagar" in field_errors(response, "starts_at")
        assert "Välj ett senare datum" in field_errors(response, "starts_at")
        page = response.content.decode()
        assert 'value="Vårmöte 2027"' in page
        assert 'value="Umeå"' in page
        assert f'value="{near:%Y-%m-%dT%H:%M}"' in page
        assert not Meeting.objects.exists()

    def test_a_physical_meeting_needs_a_place(self, client, karin):
        client.force_login(karin)

        response = self.post(client, place="")

        assert response.status_code == 200
        assert "Ange platsen för ett fysiskt eller hybrid möte." in field_errors(response, "place")
        assert 'value="Vårmöte 2027"' in response.content.decode()
        assert not Meeting.objects.exists()

    def test_a_digital_meeting_needs_a_link(self, client, karin):
        client.force_login(karin)

        response = self.post(client, form="digital", place="")

        assert "Ange länken för ett digitalt eller hybrid möte." in field_errors(response, "online_link")

    def test_a_valid_meeting_is_planned(self, client, karin):
        client.force_login(karin)

        response = self.post(client)

        meeting = Meeting.objects.get()
        assert response.status_code == 302
        assert response["Location"] == reverse("kansli_meeting", args=[meeting.pk])
        assert meeting.title == "Vårmöte 2027"
        assert meeting.created_by == karin
        assert meeting.planned_notice_date == meeting.date - D(days=30)


class TestEditMeetingForm:
    """Editing keeps the same rules as planning, and a refusal is shown, never a server error."""

    def post(self, client, meeting, **changes):
        data = {"title": meeting.title, "body": meeting.body, "kind": meeting.kind, "form": meeting.form,
                "starts_at": f"{meeting.starts_at.astimezone(f.STOCKHOLM):%Y-%m-%dT%H:%M}",
                "ends_at": f"{meeting.ends_at.astimezone(f.STOCKHOLM):%Y-%m-%dT%H:%M}",
                "place": meeting.place, "planned_notice_date": f"{meeting.planned_notice_date:%Y-%m-%d}"}
        data.update(changes)
        return client.post(reverse("kansli_meeting_edit", args=[meeting.pk]), data)

    def test_a_new_title_is_saved(self, client, karin):
        meeting = f.plan(by=karin, days_ahead=60)
        client.force_login(karin)

        response = self.post(client, meeting, title="Höstmöte")

        assert response.status_code == 302
        meeting.refresh_from_db()
        assert meeting.title == "Höstmöte"

    def test_a_cleared_notice_date_means_the_last_allowed_day(self, client, karin):
        # The field's help text: "Lämna tomt för sista dagen enligt arbetsordningen".
        meeting = f.plan(by=karin, days_ahead=60, planned_notice_date=TODAY + D(days=5))
        client.force_login(karin)

        response = self.post(client, meeting, planned_notice_date="")

        assert response.status_code == 302
        meeting.refresh_from_db()
        assert meeting.planned_notice_date == meeting.date - D(days=30)

    def test_a_cleared_notice_date_on_a_noticed_meeting_is_no_server_error(self, client, karin, roll):
        meeting = f.noticed(by=karin, days_ahead=40)
        client.force_login(karin)

        response = self.post(client, meeting, planned_notice_date="", place="Göteborg")

        assert response.status_code in (200, 302)
        meeting.refresh_from_db()
        assert meeting.planned_notice_date is not None

    def test_a_notice_date_after_the_meeting_is_refused_next_to_the_field(self, client, karin):
        meeting = f.plan(by=karin, days_ahead=60)
        client.force_login(karin)

        response = self.post(client, meeting, planned_notice_date=f"{meeting.date + D(days=1):%Y-%m-%d}")

        assert response.status_code == 200
        assert "efter mötet" in field_errors(response, "planned_notice_date")

    def test_moving_a_meeting_too_near_is_refused_next_to_the_start(self, client, karin):
        meeting = f.plan(by=karin, days_ahead=60)
        client.force_login(karin)
        near = f.local(TODAY + D(days=20))

        response = self.post(client, meeting, starts_at=f"{near:%Y-%m-%dT%H:%M}",
                             ends_at=f"{near + D(hours=2):%Y-%m-%dT%H:%M}",
                             planned_notice_date=f"{TODAY:%Y-%m-%d}")

        assert response.status_code == 200
        assert "30 dagar" in field_errors(response, "starts_at")
        meeting.refresh_from_db()
        assert meeting.date == TODAY + D(days=60)


# What members and the public see ---------------------------------------------------------


@pytest.fixture
def calendar_scene(karin, roll, bob):
    noticed = f.noticed(by=karin, days_ahead=40, title="Kallat partnerskapsmöte")
    planned = f.plan(by=karin, days_ahead=60, title="Planerat partnerskapsmöte")
    f.add_item(planned, by=karin, title="Hemlig punkt")
    au = f.plan(by=karin, days_ahead=10, body=Meeting.Body.COMMITTEE, title="Kallat AU-möte",
                participants=[bob])
    f.add_item(au, by=karin)
    f.send_notice(au, by=karin)
    return {"noticed": noticed, "planned": planned, "au": au}


def titles_in(response):
    return [t for t in ("Kallat partnerskapsmöte", "Planerat partnerskapsmöte", "Kallat AU-möte")
            if t in response.content.decode()]


def ics_titles(body: bytes):
    calendar = Calendar.from_ical(body)
    return sorted(str(e["SUMMARY"]).removeprefix("SweCan: ") for e in calendar.walk("VEVENT"))


class TestMembersPages:
    def test_my_meetings_lists_only_meetings_i_am_called_to(self, client, calendar_scene, alice, bob):
        client.force_login(alice)
        assert titles_in(client.get(reverse("my_meetings"))) == ["Kallat partnerskapsmöte"]

        client.force_login(bob)
        assert titles_in(client.get(reverse("my_meetings"))) == ["Kallat partnerskapsmöte", "Kallat AU-möte"]

    @pytest.mark.parametrize("persona", ["charlie", "dave"])
    def test_people_not_called_see_no_meetings(self, client, calendar_scene, outsiders, persona):
        client.force_login(getattr(outsiders, persona))

        response = client.get(reverse("my_meetings"))

        assert response.status_code == 200
        assert titles_in(response) == []

    def test_my_meetings_needs_a_login(self, client, calendar_scene):
        assert_login_redirect(client.get(reverse("my_meetings")))

    def test_the_meeting_page_is_for_those_called(self, client, calendar_scene, alice, bob, outsiders):
        noticed, planned, au = (calendar_scene[k] for k in ("noticed", "planned", "au"))

        client.force_login(alice)
        assert client.get(reverse("meeting_detail", args=[noticed.pk])).status_code == 200
        assert client.get(reverse("meeting_detail", args=[planned.pk])).status_code == 404
        assert client.get(reverse("meeting_detail", args=[au.pk])).status_code == 404
        client.force_login(bob)
        assert client.get(reverse("meeting_detail", args=[au.pk])).status_code == 200
        for person in outsiders.charlie, outsiders.dave:
            client.force_login(person)
            assert client.get(reverse("meeting_detail", args=[noticed.pk])).status_code == 404
        client.logout()
        assert_login_redirect(client.get(reverse("meeting_detail", args=[noticed.pk])))

    def test_the_public_list_shows_noticed_partnership_meetings(self, client, calendar_scene):
        response = client.get(reverse("public_meetings"))

        assert response.status_code == 200
        assert titles_in(response) == ["Kallat partnerskapsmöte"]
        assert "Punkt 1" in response.content.decode()
        assert "Hemlig punkt" not in response.content.decode()

    def test_the_public_calendar_has_only_noticed_partnership_meetings(self, client, calendar_scene):
        response = client.get(reverse("public_calendar"))

        assert response.status_code == 200
        assert response["Content-Type"].startswith("text/calendar")
        assert ics_titles(response.content) == ["Kallat partnerskapsmöte"]
        event = Calendar.from_ical(response.content).walk("VEVENT")[0]
        assert event.decoded("DTSTART") == calendar_scene["noticed"].starts_at

    def test_the_calendar_keeps_a_long_title_with_special_characters(self, client, karin, roll):
        title = "Extra sammanträde; arbetsordningen, § 9 – ändring av kallelsetiden\\utkast åäö ÅÄÖ"
        f.noticed(by=karin, days_ahead=40, title=title)

        response = client.get(reverse("public_calendar"))

        assert all(len(line) <= 75 for line in response.content.split(b"\r\n"))
        assert ics_titles(response.content) == [title]

    def test_the_personal_feed_and_its_reset(self, client, calendar_scene, bob):
        old_url = reverse("personal_calendar", args=[bob.calendar_token])

        response = client.get(old_url)
        assert response.status_code == 200
        assert ics_titles(response.content) == ["Kallat AU-möte", "Kallat partnerskapsmöte"]

        client.force_login(bob)
        assert client.get(reverse("calendar_token_reset")).status_code == 405
        assert client.post(reverse("calendar_token_reset")).status_code == 302
        client.logout()
        bob.refresh_from_db()

        assert client.get(old_url).status_code == 404
        new = client.get(reverse("personal_calendar", args=[bob.calendar_token]))
        assert new.status_code == 200
        assert ics_titles(new.content) == ["Kallat AU-möte", "Kallat partnerskapsmöte"]

    def test_an_unknown_token_is_404(self, client, calendar_scene):
        assert client.get(reverse("personal_calendar", args=["inte-en-token"])).status_code == 404


# Query counts: a page costs the same for 3 things as for 12 ---------------------------------


def queries(client, url):
    client.get(url)  # warm per-process caches (content types, sessions)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


def plan_meetings(karin, count, *, start_day, noticed=True):
    made = []
    for n in range(count):
        meeting = f.plan(by=karin, day=start_day + D(days=7 * n), title=f"Möte {n + 1}")
        for i in range(2):
            f.add_item(meeting, by=karin, title=f"Punkt {i + 1}")
        made.append(f.mark_noticed(meeting) if noticed else meeting)
    return made


YEAR_START = datetime.date(2027, 1, 11)


@pytest.mark.parametrize(("url", "persona"), [
    (reverse("kansli_meetings") + "?ar=2027", "karin"),
    (reverse("my_meetings"), "alice"),
    (reverse("public_meetings"), None),
    (reverse("public_calendar"), None),
])
def test_list_pages_do_not_grow_with_meetings(client, karin, roll, alice, url, persona):
    if persona:
        client.force_login({"karin": karin, "alice": alice}[persona])
    plan_meetings(karin, 3, start_day=YEAR_START)
    with_3 = queries(client, url)

    plan_meetings(karin, 9, start_day=YEAR_START + D(days=21))
    assert Meeting.objects.count() == 12
    with_12 = queries(client, url)

    assert with_12 == with_3, f"{url}: {with_3} queries for 3 meetings, {with_12} for 12"


def test_the_personal_feed_does_not_grow_with_meetings(client, karin, roll, alice):
    url = reverse("personal_calendar", args=[alice.calendar_token])
    plan_meetings(karin, 3, start_day=YEAR_START)
    with_3 = queries(client, url)

    plan_meetings(karin, 9, start_day=YEAR_START + D(days=21))
    with_12 = queries(client, url)

    assert with_12 == with_3, f"{with_3} queries for 3 meetings, {with_12} for 12"


@pytest.fixture
def two_meetings(karin, time_machine):
    """Meetings with 3 and 12 agenda items, documents and attendances, on a roll of 15."""
    roll = f.signed_roll(per_sector=3)
    made = []
    for size, days in ((3, 40), (12, 47)):
        meeting = f.plan(by=karin, days_ahead=days, title=f"Möte med {size}")
        for n in range(size):
            item = f.add_item(meeting, by=karin, title=f"Punkt {n + 1}")
            f.add_document(meeting, by=karin, title=f"Underlag {n + 1}", agenda_item=item,
                           name=f"underlag-{n}.pdf")
            f.add_document(meeting, by=karin, title=f"Övrigt {n + 1}", name=f"ovrigt-{n}.pdf")
        f.send_notice(meeting, by=karin)
        made.append(meeting)
    for size, meeting in zip((3, 12), made, strict=True):
        time_machine.move_to(meeting.starts_at, tick=False)  # presence is recorded at the meeting
        for sp in roll[:size]:
            services.attendance_register(by=karin, meeting=meeting, partner=sp.partner,
                                         arrived_at=meeting.starts_at,
                                         representatives=[sp.representative])
    return roll, made


def test_the_kansli_meeting_page_does_not_grow_with_its_contents(client, karin, two_meetings):
    _roll, (small, large) = two_meetings
    client.force_login(karin)

    with_3 = queries(client, reverse("kansli_meeting", args=[small.pk]))
    with_12 = queries(client, reverse("kansli_meeting", args=[large.pk]))

    assert with_12 == with_3, f"{with_3} queries for 3 items, {with_12} for 12"


def test_the_members_meeting_page_does_not_grow_with_its_contents(client, two_meetings):
    roll, (small, large) = two_meetings
    client.force_login(roll[0].user)

    with_3 = queries(client, reverse("meeting_detail", args=[small.pk]))
    with_12 = queries(client, reverse("meeting_detail", args=[large.pk]))

    assert with_12 == with_3, f"{with_3} queries for 3 items, {with_12} for 12"
