"""The kansli's page of the arbetsutskott and its forms (§ 2.2): who may see them, what they show,
and refusals next to their field with what was typed kept."""

import datetime
import re

import pytest
from django.conf import settings
from django.shortcuts import resolve_url
from django.urls import reverse

from meetings.models import Meeting
from nominations import seats
from nominations.models import Officer, Seat
from tests.meetings import factories as mf
from tests.nominations.helpers_seats import appoint, au_meeting, elect
from tests.partnership import factories as pf

START = datetime.date(2027, 1, 1)
APPOINTING_DAY = datetime.date(2026, 12, 28)

KANSLI_URLS = ["kansli_committee", "kansli_seat_propose", "kansli_election_propose"]


def _select(response, name: str) -> str:
    return re.search(rf'<select name="{name}".*?</select>', response.content.decode(), re.S).group(0)


def _seat_urls(seat, officer=None):
    urls = [reverse("kansli_seat_vacate", args=[seat.pk]), reverse("kansli_seat_withdraw", args=[seat.pk])]
    if officer is not None:
        urls.append(reverse("kansli_officer_contact", args=[officer.pk]))
    return urls


@pytest.fixture
def proposed(karin, roll):
    meeting = mf.plan(by=karin, day=APPOINTING_DAY)
    return seats.seat_propose(by=karin, meeting=meeting, partner=roll[0].partner,
                              representative=roll[0].representative, starts_on=START)


# Who may ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", KANSLI_URLS)
def test_anonymous_visitors_are_sent_to_log_in(client, name):
    response = client.get(reverse(name))
    assert response.status_code == 302
    assert response["Location"].startswith(resolve_url(settings.LOGIN_URL))


@pytest.mark.parametrize("name", KANSLI_URLS)
def test_representatives_are_refused(client, alice, name):
    client.force_login(alice)
    assert client.get(reverse(name)).status_code == 403
    assert client.post(reverse(name), {}).status_code == 403


def test_anonymous_visitors_are_sent_to_log_in_from_the_seat_pages(client, proposed):
    for url in _seat_urls(proposed):
        response = client.post(url, {"on": "2027-02-01", "reason": "x"})
        assert response.status_code == 302 and response["Location"].startswith(resolve_url(settings.LOGIN_URL))
    assert Seat.objects.filter(pk=proposed.pk).exists()


def test_representatives_are_refused_the_seat_pages(client, karin, alice, proposed):
    client.force_login(alice)
    for url in _seat_urls(proposed):
        assert client.get(url).status_code == 403, url
        assert client.post(url, {"on": "2027-02-01", "reason": "x", "email": "a@b.se"}).status_code == 403, url
    assert Seat.objects.filter(pk=proposed.pk).exists()


def test_unknown_ids_are_not_found(client, karin):
    client.force_login(karin)
    for name in ("kansli_seat_vacate", "kansli_seat_withdraw", "kansli_officer_contact"):
        assert client.get(reverse(name, args=[999])).status_code == 404, name


def test_a_proposal_cannot_be_vacated_nor_an_unelected_officer_edited(client, karin, proposed):
    client.force_login(karin)
    assert client.get(reverse("kansli_seat_vacate", args=[proposed.pk])).status_code == 404


# The page -----------------------------------------------------------------------------------------------


def test_the_page_shows_vacancies_and_the_composition_verdict(client, karin, roll, proposed):
    client.force_login(karin)
    page = client.get(reverse("kansli_committee")).content.decode()
    assert page.count("Vakant") == 15
    assert "§ 2.2" in page and "0 av 15 platser tillsatta" in page
    # The proposal waits for the partnership's decision, with its meeting and item.
    assert "Val av ledamöter till arbetsutskottet" in page and roll[0].representative.name in page
    assert reverse("kansli_seat_withdraw", args=[proposed.pk]) in page


def test_the_page_shows_the_au_its_officers_and_mandates_ending(client, karin, roll, time_machine):
    appointed = appoint(karin, roll, clock=time_machine, starts_on=START, day=APPOINTING_DAY)
    officer = elect(karin, appointed[0], "chair", clock=time_machine, day=datetime.date(2027, 1, 12), present=roll)
    client.force_login(karin)
    page = client.get(reverse("kansli_committee")).content.decode()
    assert page.count("Vakant") == 10 and "5 av 15 platser tillsatta" in page
    assert "Ordförande" in page and reverse("kansli_officer_contact", args=[officer.pk]) in page
    assert "Slutar snart" not in page
    time_machine.move_to(mf.local(datetime.date(2027, 11, 15)), tick=False)  # the chair's year ends 11 January
    client.force_login(karin)  # the session of a year ago has expired
    page = client.get(reverse("kansli_committee")).content.decode()
    assert page.count("Slutar snart") == 1
    time_machine.move_to(mf.local(datetime.date(2028, 11, 15)), tick=False)  # the seats end 31 December 2028
    client.force_login(karin)
    page = client.get(reverse("kansli_committee")).content.decode()
    assert page.count("Slutar snart") == 5


def test_the_page_keeps_constant_queries(client, karin, roll, time_machine, django_assert_max_num_queries):
    appoint(karin, roll, clock=time_machine, starts_on=START, day=APPOINTING_DAY)
    client.force_login(karin)
    with django_assert_max_num_queries(40) as few:
        client.get(reverse("kansli_committee"))
    more = [pf.signed_partner(sector=s, name=f"Fler {s}") for s in ("halso_sjukvard", "akademi", "myndigheter")]
    time_machine.move_to(mf.local(datetime.date(2027, 2, 1)), tick=False)
    appoint(karin, more, clock=time_machine, starts_on=datetime.date(2027, 4, 1), present=roll + more)
    client.force_login(karin)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(reverse("kansli_committee")).status_code == 200


# Proposing a seat ----------------------------------------------------------------------------------------


def test_the_kansli_proposes_a_seat_through_the_form(client, karin, roll):
    meeting = mf.plan(by=karin, day=APPOINTING_DAY)
    client.force_login(karin)
    form = client.get(reverse("kansli_seat_propose")).content.decode()
    assert f"{roll[1].representative.name} – {roll[1].partner.name}" in form
    assert '<optgroup label="Akademi och forskning">' in form or "optgroup" in form
    response = client.post(reverse("kansli_seat_propose"), {
        "meeting": meeting.pk, "representative": roll[1].representative.pk, "starts_on": "2027-01-01"})
    assert response.status_code == 302
    seat = Seat.objects.get()
    assert (seat.partner, seat.sector, seat.ends_on) == (roll[1].partner, "akademi", datetime.date(2028, 12, 31))
    assert seat.proposed_on_item.meeting == meeting


def test_a_mandate_too_long_is_refused_next_to_its_field_and_the_input_kept(client, karin, roll):
    meeting = mf.plan(by=karin, day=APPOINTING_DAY)
    client.force_login(karin)
    response = client.post(reverse("kansli_seat_propose"), {
        "meeting": meeting.pk, "representative": roll[1].representative.pk, "starts_on": "2027-01-01",
        "ends_on": "2029-06-30"})
    assert response.status_code == 400
    page = response.content.decode()
    assert "högst 2 år" in page and 'id="id_ends_on_errors"' in page
    assert 'value="2029-06-30"' in page and 'value="2027-01-01"' in page
    assert f'value="{roll[1].representative.pk}" selected' in page
    assert not Seat.objects.exists()


def test_a_committee_meeting_is_not_offered_and_a_partner_seated_is_refused_on_the_representative(
        client, karin, roll, proposed):
    au = au_meeting(karin, day=datetime.date(2026, 12, 30))
    client.force_login(karin)
    assert f'value="{au.pk}"' not in _select(client.get(reverse("kansli_seat_propose")), "meeting")
    response = client.post(reverse("kansli_seat_propose"), {
        "meeting": proposed.proposed_on_item.meeting_id, "representative": roll[0].representative.pk,
        "starts_on": "2027-01-01"})
    assert response.status_code == 400
    assert 'id="id_representative_errors"' in response.content.decode()
    assert "redan en plats" in response.content.decode()


def test_missing_fields_are_shown(client, karin, roll):
    client.force_login(karin)
    response = client.post(reverse("kansli_seat_propose"), {"starts_on": "inte ett datum"})
    assert response.status_code == 400
    page = response.content.decode()
    assert 'id="id_meeting_errors"' in page and 'value="inte ett datum"' in page


# Withdrawing a proposal ----------------------------------------------------------------------------------


def test_the_kansli_withdraws_a_proposal(client, karin, proposed):
    client.force_login(karin)
    assert "Ta bort förslaget" in client.get(reverse("kansli_seat_withdraw", args=[proposed.pk])).content.decode()
    response = client.post(reverse("kansli_seat_withdraw", args=[proposed.pk]))
    assert response.status_code == 302
    assert not Seat.objects.exists()


# Vacating a seat --------------------------------------------------------------------------------------------


def test_the_kansli_records_a_member_leaving(client, karin, roll, time_machine):
    appointed = appoint(karin, roll, clock=time_machine, starts_on=START, day=APPOINTING_DAY)
    time_machine.move_to(mf.local(datetime.date(2027, 3, 1)), tick=False)
    client.force_login(karin)
    url = reverse("kansli_seat_vacate", args=[appointed[0].pk])
    response = client.post(url, {"on": "2029-03-01", "reason": "Ny tjänst"})
    assert response.status_code == 400
    page = response.content.decode()
    assert 'id="id_on_errors"' in page and "inom mandatet" in page and 'value="Ny tjänst"' in page
    response = client.post(url, {"on": "2027-03-01", "reason": ""})
    assert response.status_code == 400 and 'id="id_reason_errors"' in response.content.decode()
    assert client.post(url, {"on": "2027-03-01", "reason": "Ny tjänst"}).status_code == 302
    seat = Seat.objects.get(pk=appointed[0].pk)
    assert seat.vacated_on == datetime.date(2027, 3, 1) and seat.vacated_reason == "Ny tjänst"
    page = client.get(reverse("kansli_committee")).content.decode()
    assert page.count("Vakant") == 11 and "Tidigare ledamöter" in page and "Ny tjänst" in page


# Elections ------------------------------------------------------------------------------------------------


def test_the_kansli_puts_an_election_on_an_au_meeting(client, karin, roll, time_machine):
    appointed = appoint(karin, roll, clock=time_machine, starts_on=START, day=APPOINTING_DAY)
    time_machine.move_to(mf.local(datetime.date(2027, 1, 2)), tick=False)
    au = au_meeting(karin, day=datetime.date(2027, 1, 12))
    partnership = mf.plan(by=karin, day=datetime.date(2027, 3, 1))
    client.force_login(karin)
    form = _select(client.get(reverse("kansli_election_propose")), "meeting")
    assert f'value="{au.pk}"' in form and f'value="{partnership.pk}"' not in form
    response = client.post(reverse("kansli_election_propose"), {
        "meeting": au.pk, "seat": appointed[0].pk, "role": "chair", "starts_on": "2027-01-12"})
    assert response.status_code == 302
    officer = Officer.objects.get()
    assert officer.elected_on_item.meeting == au and officer.ends_on == datetime.date(2028, 1, 11)
    # The same post again on the same meeting: refused next to the role, the input kept.
    response = client.post(reverse("kansli_election_propose"), {
        "meeting": au.pk, "seat": appointed[2].pk, "role": "chair", "starts_on": "2027-01-12"})
    assert response.status_code == 400
    page = response.content.decode()
    assert 'id="id_role_errors"' in page and "redan på dagordningen" in page
    assert f'value="{appointed[2].pk}" selected' in page


def test_a_vice_chair_from_the_chairs_partner_is_impossible_and_a_long_term_refused(client, karin, roll,
                                                                                    time_machine):
    appointed = appoint(karin, roll, clock=time_machine, starts_on=START, day=APPOINTING_DAY)
    elect(karin, appointed[0], "chair", clock=time_machine, day=datetime.date(2027, 1, 12), present=roll)
    time_machine.move_to(mf.local(datetime.date(2027, 1, 20)), tick=False)
    au = au_meeting(karin, day=datetime.date(2027, 2, 1))
    client.force_login(karin)
    response = client.post(reverse("kansli_election_propose"), {
        "meeting": au.pk, "seat": appointed[0].pk, "role": "vice_chair", "starts_on": "2027-02-01"})
    assert response.status_code == 400 and "två olika ledamöter" in response.content.decode()
    response = client.post(reverse("kansli_election_propose"), {
        "meeting": au.pk, "seat": appointed[1].pk, "role": "vice_chair", "starts_on": "2027-02-01",
        "ends_on": "2028-06-01"})
    assert response.status_code == 400
    assert 'id="id_ends_on_errors"' in response.content.decode() and "högst 1 år" in response.content.decode()


# The AU chair's public contact --------------------------------------------------------------------------------


def test_the_kansli_edits_the_au_chairs_public_contact(client, karin, roll, time_machine):
    appointed = appoint(karin, roll, clock=time_machine, starts_on=START, day=APPOINTING_DAY)
    officer = elect(karin, appointed[0], "chair", clock=time_machine, day=datetime.date(2027, 1, 12), present=roll)
    client.force_login(karin)
    url = reverse("kansli_officer_contact", args=[officer.pk])
    assert officer.contact_email in client.get(url).content.decode()
    response = client.post(url, {"email": "inte en adress", "phone": "08-1"})
    assert response.status_code == 400
    assert 'id="id_email_errors"' in response.content.decode() and 'value="inte en adress"' in response.content.decode()
    assert client.post(url, {"email": "au-ordf@swecan.example", "phone": "08-555 00 00"}).status_code == 302
    officer.refresh_from_db()
    assert (officer.contact_email, officer.contact_phone) == ("au-ordf@swecan.example", "08-555 00 00")


def test_an_unelected_officer_has_no_contact_page(client, karin, roll, time_machine):
    appointed = appoint(karin, roll, clock=time_machine, starts_on=START, day=APPOINTING_DAY)
    time_machine.move_to(mf.local(datetime.date(2027, 1, 2)), tick=False)
    meeting = au_meeting(karin, day=datetime.date(2027, 1, 12))
    officer = seats.election_propose(by=karin, meeting=meeting, seat=appointed[0], role="chair",
                                     starts_on=datetime.date(2027, 1, 12))
    client.force_login(karin)
    assert client.get(reverse("kansli_officer_contact", args=[officer.pk])).status_code == 404
    assert Meeting.objects.filter(body=Meeting.Body.COMMITTEE).count() == 1


def test_every_page_is_well_formed_html(client, karin, roll, time_machine):
    from tests.swecan.test_valid_html import problems

    appointed = appoint(karin, roll, clock=time_machine, starts_on=START, day=APPOINTING_DAY)
    officer = elect(karin, appointed[0], "chair", clock=time_machine, day=datetime.date(2027, 1, 12), present=roll)
    time_machine.move_to(mf.local(datetime.date(2027, 2, 1)), tick=False)
    seats.seat_vacate(by=karin, seat=appointed[4], on=datetime.date(2027, 2, 1), reason="Ny tjänst")
    later = mf.plan(by=karin, day=datetime.date(2027, 3, 10))
    pending = seats.seat_propose(by=karin, meeting=later, partner=roll[4].partner,
                                 representative=roll[4].representative, starts_on=datetime.date(2027, 3, 10))
    pages = [client.get(reverse("public_committee"))]
    client.force_login(karin)
    pages += [client.get(reverse(name)) for name in KANSLI_URLS]
    pages += [client.get(url) for url in _seat_urls(appointed[1], officer)[:1] + _seat_urls(pending, officer)[1:]]
    pages += [client.post(reverse("kansli_seat_propose"), {}), client.post(reverse("kansli_election_propose"), {}),
              client.post(reverse("kansli_seat_vacate", args=[appointed[1].pk]), {})]
    for response in pages:
        assert response.status_code in (200, 400)
        assert problems(response.content.decode()) == [], response.request["PATH_INFO"]
