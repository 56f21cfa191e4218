"""Public pages come from a cache, and a change to anything they show is seen on the very next
request (issue 8 § 5, swecan/public_cache.py): never a stale page."""

import datetime
import re

import pytest
from django.db import connection
from django.middleware.csrf import _unmask_cipher_token
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from meetings import services as meeting_services
from partnership import services as partnership_services
from partnership.models import Partner
from swecan import contacts, public_cache
from swecan.models import RulesOfProcedure
from tests.meetings import factories as f
from tests.partnership.factories import PASSWORD, make_partner

pytestmark = pytest.mark.django_db

PAGES = ["home", "public_partner_list", "public_partner_csv", "public_partner_json", "public_meetings",
         "public_calendar", "rules_of_procedure", "contact", "public_cases", "public_cases_json"]
CSRF_VALUE = re.compile(r'name="csrfmiddlewaretoken" value="([A-Za-z0-9]{64})"')


@pytest.fixture
def site(karin, roll, arbetsordning_v1):
    """What the public pages show: partners, a noticed meeting with a public document, the chair."""
    meeting = f.noticed(by=karin, days_ahead=40, title="Vårmötet")
    f.add_document(meeting, by=karin, title="Verksamhetsplan", is_public=True)
    contacts.chair_contact_save(role="chair", by=karin, name="Annika Ekstrand", title="",
                                organisation="Socialstyrelsen", email="ordforande@swecan.example", phone="")
    return meeting


def _get(client, url, **headers):
    """The response and the number of database queries it took."""
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url, **headers)
    return response, len(ctx.captured_queries)


def _text(response) -> str:
    return CSRF_VALUE.sub("", response.content.decode())


def _urls(roll):
    return [reverse(name) for name in PAGES] + [
        reverse("public_partner_detail", args=[roll[0].partner.pk]),
        reverse("rules_of_procedure_version", args=[1]),
    ]


def test_every_public_page_is_served_from_the_cache_on_the_second_visit(client, site, roll):
    for url in _urls(roll):
        first, _ = _get(client, url)
        second, queries = _get(client, url)
        assert second.status_code == 200, url
        assert queries == 0, url
        assert _text(second) == _text(first), url
        assert second["Content-Type"] == first["Content-Type"], url


def test_a_renamed_partner_is_seen_at_once_on_every_page_that_names_it(client, karin, site, roll):
    partner = roll[0].partner
    pages = [reverse("public_partner_list"), reverse("public_partner_detail", args=[partner.pk]),
             reverse("public_partner_csv"), reverse("public_partner_json")]
    for url in pages:
        assert partner.name in _text(client.get(url))
    partnership_services.partner_update(by=karin, partner=partner, fields={"name": "Region Nyexempel"})
    for url in pages:
        body = _text(client.get(url))
        assert "Region Nyexempel" in body and partner.name not in body, url


def test_a_withdrawal_changes_the_count_on_the_home_page(client, karin, site, roll):
    assert Partner.objects.public().count() == 5
    client.get(reverse("home"))
    partnership_services.withdrawal_register(by=karin, partner=roll[4].partner,
                                             request_received_on=timezone.localdate())
    assert Partner.objects.public().count() == 4
    home = client.get(reverse("home"))
    assert home.context is not None  # rendered again, not the cached page
    assert home.context["partner_count"] == 4


def test_a_meeting_change_is_seen_at_once_on_the_meeting_page_and_in_the_calendar(client, karin, site):
    for url in (reverse("public_meetings"), reverse("public_calendar")):
        assert "Vårmötet" in _text(client.get(url))
    meeting_services.meeting_update(by=karin, meeting=site, fields={"title": "Vårens sammanträde"})
    for url in (reverse("public_meetings"), reverse("public_calendar")):
        body = _text(client.get(url))
        assert "Vårens sammanträde" in body and "Vårmötet" not in body, url


def test_an_agenda_item_change_is_seen_at_once(client, karin, site):
    item = site.agenda_items.get()
    client.get(reverse("public_meetings"))
    meeting_services.agenda_item_update(by=karin, item=item, title="Val av justerare", kind=item.kind)
    assert "Val av justerare" in _text(client.get(reverse("public_meetings")))


def test_a_public_document_appears_and_a_withdrawn_one_goes_at_once(client, karin, site):
    client.get(reverse("public_meetings"))
    document = f.add_document(site, by=karin, title="Budgetförslag", is_public=True)
    assert "Budgetförslag" in _text(client.get(reverse("public_meetings")))
    meeting_services.document_withdraw(by=karin, document=document, reason="Fel fil.")
    assert "Budgetförslag" not in _text(client.get(reverse("public_meetings")))


def test_a_new_chair_is_seen_at_once(client, karin, site):
    assert "Annika Ekstrand" in _text(client.get(reverse("contact")))
    contacts.chair_contact_save(role="chair", by=karin, name="Per Lindqvist", title="",
                                organisation="Socialstyrelsen", email="ordforande@swecan.example", phone="")
    body = _text(client.get(reverse("contact")))
    assert "Per Lindqvist" in body and "Annika Ekstrand" not in body


def test_a_new_version_of_the_arbetsordning_is_seen_at_once(client, site, arbetsordning_v1):
    client.get(reverse("rules_of_procedure"))
    # The admin saves a version as a model instance (there is no service for it).
    RulesOfProcedure.objects.create(number=2, effective_from=timezone.localdate(),
                                    parameters=arbetsordning_v1.parameters, text="### 1 Ny lydelse",
                                    adopted_note="Antagen av partnerskapet.")
    assert "Version 2" in _text(client.get(reverse("rules_of_procedure")))


def test_a_page_rendered_before_the_change_commits_is_not_kept(
        client, karin, site, roll, django_capture_on_commit_callbacks):
    url = reverse("public_partner_list")
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        partnership_services.partner_update(by=karin, partner=roll[0].partner, fields={"city": "Kiruna"})
        # Another visitor's request in this moment may have read the rows before the commit.
        client.get(url)
    for callback in callbacks:
        callback()
    _, queries = _get(client, url)
    assert queries > 0  # rendered again after the commit


def test_the_day_is_part_of_the_key(client, site, arbetsordning_v1, time_machine):
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    RulesOfProcedure.objects.create(number=2, effective_from=tomorrow, parameters=arbetsordning_v1.parameters,
                                    text="### 1 Ny lydelse")
    assert "Detta är inte den version som gäller nu" not in _text(
        client.get(reverse("rules_of_procedure_version", args=[1])))
    time_machine.move_to(f.local(tomorrow, 9))
    assert "Detta är inte den version som gäller nu" in _text(
        client.get(reverse("rules_of_procedure_version", args=[1])))


def test_a_meeting_that_began_is_marked_held_within_a_minute(client, site, time_machine):
    starts = timezone.localtime(site.starts_at)
    time_machine.move_to(starts - datetime.timedelta(seconds=30), tick=False)
    assert "genomfört" not in _text(client.get(reverse("public_meetings")))
    time_machine.move_to(starts + datetime.timedelta(seconds=40), tick=False)
    assert "genomfört" in _text(client.get(reverse("public_meetings")))


def test_an_unchanged_page_answers_304_to_its_etag_and_date(client, karin, site, roll):
    url = reverse("public_partner_list")
    first = client.get(url)
    assert first["Cache-Control"] == "no-cache"  # the browser asks every time
    not_modified = client.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
    assert not_modified.status_code == 304 and not_modified.content == b""
    assert client.get(url, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"]).status_code == 304

    partnership_services.partner_update(by=karin, partner=roll[0].partner, fields={"name": "Region Nyexempel"})
    changed = client.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
    assert changed.status_code == 200 and "Region Nyexempel" in _text(changed)
    assert changed["ETag"] != first["ETag"]


def test_the_etag_is_the_same_for_every_visitor(site):
    url = reverse("home")
    first, second = Client().get(url), Client().get(url)
    assert first["ETag"] == second["ETag"]
    assert Client().get(url, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304


def test_each_language_has_its_own_page(client, site):
    for url in (reverse("home"), reverse("public_partner_list")):
        swedish = client.get(url, HTTP_ACCEPT_LANGUAGE="sv")
        english = client.get(url, HTTP_ACCEPT_LANGUAGE="en")
        assert '<html lang="en">' in english.content.decode() and "På svenska" in english.content.decode()
        assert '<html lang="sv">' in swedish.content.decode() and "In English" in swedish.content.decode()
        assert client.get(url, HTTP_ACCEPT_LANGUAGE="sv")["ETag"] == swedish["ETag"]
        assert swedish["ETag"] != english["ETag"]
        translation.activate("sv")


def test_a_logged_in_user_never_gets_the_anonymous_page_nor_the_public_hers(site, alice):
    url = reverse("home")
    anonymous = Client().get(url).content.decode()
    assert "Logga in" in anonymous
    member = Client()
    assert member.login(email=alice.email, password=PASSWORD)
    body = member.get(url).content.decode()
    assert alice.get_full_name() in body and "Logga ut" in body
    assert alice.get_full_name() not in Client().get(url).content.decode()


def test_a_cached_page_gives_each_visitor_a_token_that_works(site):
    url = reverse("public_partner_list")
    Client().get(url)  # cached by another visitor
    visitor = Client(enforce_csrf_checks=True)
    page, queries = _get(visitor, url)
    assert queries == 0
    token = CSRF_VALUE.search(page.content.decode()).group(1)
    assert "csrftoken" in page.cookies
    response = visitor.post(reverse("set_language"), {"language": "en", "next": url,
                                                       "csrfmiddlewaretoken": token})
    assert response.status_code == 302
    # Back again, now with the cookie: a fresh token for the same secret, and it works too.
    again = CSRF_VALUE.search(visitor.get(url).content.decode()).group(1)
    assert again != token
    assert _unmask_cipher_token(again) == _unmask_cipher_token(token)
    assert visitor.post(reverse("set_language"), {"language": "sv", "next": url,
                                                   "csrfmiddlewaretoken": again}).status_code == 302
    translation.activate("sv")


def test_a_flash_message_is_shown_to_its_visitor_only(site, alice):
    url = reverse("home")
    Client().get(url)
    member = Client()
    assert member.login(email=alice.email, password=PASSWORD)
    member.post(reverse("account_logout"))
    with_message = member.get(url).content.decode()
    assert 'class="messages"' in with_message
    assert 'class="messages"' not in Client().get(url).content.decode()
    assert 'class="messages"' not in member.get(url).content.decode()


def test_without_a_shared_cache_nothing_is_served_from_it(client, karin, site, roll, monkeypatch):
    monkeypatch.setattr(public_cache, "_shared", lambda: False)
    url = reverse("public_partner_list")
    client.get(url)
    _, queries = _get(client, url)
    assert queries > 0


def test_a_bump_lost_while_redis_was_down_is_made_once_it_answers(site, monkeypatch):
    url = reverse("home")
    Client().get(url)
    shared = {"now": False}
    monkeypatch.setattr(public_cache, "_shared", lambda: shared["now"])
    public_cache.pages_changed()  # reached only this process's memory
    shared["now"] = True
    _, queries = _get(Client(), url)
    assert queries > 0


# Per-row work: choice labels are translated once per request, not once per partner -------------


def _translations_for(client, url, monkeypatch) -> int:
    calls = []
    real = translation._trans.gettext

    def counting(message):
        calls.append(message)
        return real(message)

    public_cache.clear_local()
    monkeypatch.setattr(translation._trans, "gettext", counting)
    assert client.get(url).status_code == 200
    monkeypatch.undo()
    return len(calls)


@pytest.mark.parametrize("name", ["public_partner_list", "public_partner_csv", "public_partner_json"])
def test_labels_are_translated_once_per_request_not_per_partner(client, db, name, monkeypatch):
    url = reverse(name)
    for _ in range(5):
        make_partner(sector="akademi", category="university", status=Partner.Status.ACTIVE)
    few = _translations_for(client, url, monkeypatch)
    for _ in range(20):
        make_partner(sector="akademi", category="university", status=Partner.Status.ACTIVE)
    assert _translations_for(client, url, monkeypatch) == few


def test_the_redis_cache_reuses_its_client_and_says_when_it_fell_back_to_memory():
    from swecan.cache import FailOpenRedisCache

    unreachable = FailOpenRedisCache("redis://127.0.0.1:1/0", {"OPTIONS": {"socket_connect_timeout": 0.2}})
    # Building a redis-py client per call cost more than the round trip on every public page.
    assert unreachable._cache.get_client() is unreachable._cache.get_client()
    assert unreachable.available()
    assert unreachable.get("public-pages:generation") is None  # served from this process's memory
    assert not unreachable.available()  # so the public pages cache nothing
