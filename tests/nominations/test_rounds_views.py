"""The nomination round's pages: the public call and form (honeypot, rate limit, typed text kept,
the deadline edge, year 1, already a partner, twice), the receipt, the public outcome without the
nominators' details, the kansli's rounds, review, compiling and the year-1 checklist. "Today" is
2026-11-25 (operating year 1)."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from decisions import voting
from nominations import rounds
from nominations.models import Call, Nomination, NominationRound, Year1Duty
from nominations.views import rounds as views
from outbox.models import Message
from swecan import public_cache
from tests.decisions.helpers_roll import first_and_later, under_way
from tests.meetings import factories as mf
from tests.nominations import helpers_rounds as h
from tests.nominations.helpers_rounds import valid

pytestmark = pytest.mark.django_db

D = datetime.date


def tz_at(day, hour=10):
    return datetime.datetime(day.year, day.month, day.day, hour, tzinfo=mf.STOCKHOLM)


@pytest.fixture(autouse=True)
def _fresh_pages():
    public_cache.clear_local()


def form_post(**overrides) -> dict:
    data = h.nomination_data(**overrides)
    data["self_nomination"] = "1" if data["self_nomination"] else "0"
    return data


@pytest.fixture
def round_(karin):
    return h.open_round(karin)


@pytest.fixture
def call(round_):
    return h.call_of(round_)


# The public page -------------------------------------------------------------------------------


def test_the_public_page_shows_each_sectors_call(client, call):
    html = valid(client.get(reverse("public_nominations")))
    assert "Nominering till partnerskapet 2027" in html
    assert "Välkommen att nominera." in html
    for label in ("Hälso- och sjukvård", "Akademi och forskning", "Civilsamhälle"):
        assert label in html
    assert "Urval inom akademi" in html and "15 december 2026" in html
    assert reverse("nomination_form", args=[call.pk]) in html


def test_without_a_round_the_page_says_why(client, db):
    html = valid(client.get(reverse("public_nominations")))
    assert "Ingen nomineringsomgång är öppen just nu" in html and "(§ 5)" in html


def test_in_year_1_the_page_quotes_8_1(client, settings, db):
    settings.SWECAN_YEAR1_START = D(2026, 6, 1)  # 1 January 2027 is still in operating year 1
    html = valid(client.get(reverse("public_nominations")))
    assert "utan nominering, efter inbjudan från Socialstyrelsen (§ 8.1)" in html


def test_the_public_page_is_cached_and_follows_a_change(client, karin, call):
    assert "Urval inom akademi" in client.get(reverse("public_nominations")).content.decode()
    values = h.call_values("akademi")
    values.pop("sector")
    values["selection"] = "Ändrat urval"
    rounds.call_update(by=karin, call=call, **values)
    assert "Ändrat urval" in client.get(reverse("public_nominations")).content.decode()


def test_the_outcome_is_public_without_the_nominators_details(client, karin, time_machine):
    signed = mf.signed_roll()
    first, _later = first_and_later(karin)
    round_ = h.open_round(karin)
    nomination = h.review(karin, rounds.nomination_submit(h.call_of(round_), h.nomination_data(
        organisation="Exempeluniversitetet", self_nomination=False, nominator_name="Nils Nominerare",
        nominator_organisation="Nomineringsföreningen", nominator_email="nils@nominerare.example",
        contact_phone="070-999 88 77")))
    time_machine.move_to(h.AFTER_DEADLINE, tick=False)
    round_ = rounds.round_compile(by=karin, round=round_, meeting=first)
    under_way(first, karin=karin, clock=time_machine, present=signed)
    voting.decision_by_consensus(by=karin, item=round_.list_item, wording="Antas.")
    html = valid(client.get(reverse("public_nominations")))
    assert "Nya partners 2027" in html and "Exempeluniversitetet" in html
    for private in ("Nils Nominerare", "nils@nominerare.example", "Nomineringsföreningen", "070-999 88 77",
                    nomination.contact_email, "Karl Kontakt"):
        assert private not in html


# The public form ---------------------------------------------------------------------------------


def test_the_form_is_shown_with_its_honeypot_hidden_by_a_class(client, call):
    html = valid(client.get(reverse("nomination_form", args=[call.pk])))
    assert 'class="hp-field"' in html and 'name="website_url"' in html
    assert "style=" not in html.split("<main", 1)[-1]


def test_a_nomination_is_received_and_the_receipt_names_only_the_organisation(client, call):
    response = client.post(reverse("nomination_form", args=[call.pk]), form_post(organisation="Exempel AB"))
    assert response.status_code == 302 and response.url == reverse("nomination_receipt", args=[call.pk])
    nomination = Nomination.objects.get()
    assert nomination.organisation == "Exempel AB" and nomination.call == call
    assert Message.objects.filter(kind=rounds.RECEIVED).count() == 1
    html = valid(client.get(response.url))
    assert "Exempel AB" in html
    assert nomination.contact_email not in html and nomination.contact_phone not in html
    assert nomination.contact_name not in html


def test_the_receipt_without_a_submission_goes_back_to_the_page(client, call):
    response = client.get(reverse("nomination_receipt", args=[call.pk]))
    assert response.status_code == 302 and response.url == reverse("public_nominations")


def test_a_filled_honeypot_pretends_success_and_stores_nothing(client, call):
    response = client.post(reverse("nomination_form", args=[call.pk]),
                           form_post(website_url="http://spam.example"))
    assert response.status_code == 302 and response.url == reverse("nomination_receipt", args=[call.pk])
    assert not Nomination.objects.exists()
    assert not Message.objects.filter(kind=rounds.RECEIVED).exists()


def test_bad_input_keeps_what_was_typed_and_shows_the_error_by_the_field(client, call):
    response = client.post(reverse("nomination_form", args=[call.pk]),
                           form_post(organisation="Min Förening", org_number="123", motivation="Mycket bra"))
    html = valid(response, 400)
    assert 'value="Min Förening"' in html and "Mycket bra" in html
    assert 'id="id_org_number_errors"' in html
    assert "tio siffror" in html
    assert not Nomination.objects.exists()


def test_the_rate_limit_per_address(client, call, settings):
    url = reverse("nomination_form", args=[call.pk])
    for _ in range(views.RATE_LIMIT):
        assert client.post(url, {"organisation": "x"}).status_code == 400
    response = client.post(url, form_post())
    html = valid(response, 429)
    assert "för många nomineringar" in html
    assert not Nomination.objects.exists()
    # Another address is not held back.
    assert client.post(url, form_post(), REMOTE_ADDR="10.9.8.7").status_code == 302


def test_the_deadline_day_is_open_the_day_after_refused(client, call, time_machine):
    url = reverse("nomination_form", args=[call.pk])
    time_machine.move_to(tz_at(h.DEADLINE, hour=22), tick=False)
    assert client.post(url, form_post()).status_code == 302
    time_machine.move_to(tz_at(h.DEADLINE + datetime.timedelta(days=1), hour=0), tick=False)
    html = valid(client.get(url))
    assert "nomineringen är stängd (§ 5)" in html and "<form" not in html.split("<main", 1)[-1]
    html = valid(client.post(url, form_post()), 400)
    assert "nomineringen är stängd (§ 5)" in html
    assert Nomination.objects.count() == 1


def test_a_year_1_call_refuses(client, karin):
    round_ = NominationRound.objects.create(year=2026, opened_by=karin)
    call = Call.objects.create(round=round_, sector="akademi", selection="u", competence="k", experience="e",
                               geographic_spread="g", deadline=D(2026, 12, 31))
    html = valid(client.get(reverse("nomination_form", args=[call.pk])))
    assert "(§ 8.1)" in html


def test_an_organisation_already_a_partner_and_a_second_nomination_are_refused(client, call, roll):
    url = reverse("nomination_form", args=[call.pk])
    html = valid(client.post(url, form_post(org_number=roll[0].partner.org_number)), 400)
    assert "är redan partner i SweCan" in html
    data = form_post()
    assert client.post(url, data).status_code == 302
    html = valid(client.post(url, data), 400)
    assert "redan nominerad" in html
    assert Nomination.objects.count() == 1


# The kansli's pages ----------------------------------------------------------------------------


def kansli_urls(karin):
    round_ = h.open_round(karin)
    call = h.call_of(round_)
    nomination = h.nominate(call)
    return [reverse("kansli_rounds"), reverse("kansli_round", args=[round_.year]),
            reverse("kansli_call", args=[call.pk]), reverse("kansli_nomination", args=[nomination.pk]),
            reverse("kansli_year1")]


def test_the_kansli_pages_are_the_kanslis(client, karin, alice):
    urls = kansli_urls(karin)
    for url in urls:
        response = client.get(url)
        assert response.status_code == 302 and "/login/" in response.url, url
    client.force_login(alice)
    for url in urls:
        assert client.get(url).status_code == 403, url
    client.force_login(karin)
    for url in urls:
        valid(client.get(url))


def test_another_id_is_not_found(client, karin):
    client.force_login(karin)
    assert client.get(reverse("kansli_round", args=[2031])).status_code == 404
    assert client.get(reverse("kansli_nomination", args=[999999])).status_code == 404
    assert client.get(reverse("kansli_call", args=[999999])).status_code == 404
    assert client.post(reverse("kansli_year1"), {"key": "nope"}).status_code == 404


def open_post(**overrides) -> dict:
    data = {"year": "2027", "introduction": "Välkommen."}
    for values in h.calls():
        sector = values.pop("sector")
        for name, value in values.items():
            data[f"{name}_{sector}"] = value.isoformat() if name == "deadline" else value
    data.update(overrides)
    return data


def test_the_kansli_opens_a_round(client, karin):
    client.force_login(karin)
    response = client.post(reverse("kansli_rounds"), open_post())
    assert response.status_code == 302 and response.url == reverse("kansli_round", args=[2027])
    assert NominationRound.objects.get().calls.count() == 5


def test_a_refused_round_keeps_what_was_typed(client, karin):
    client.force_login(karin)
    html = valid(client.post(reverse("kansli_rounds"), open_post(
        introduction="Min egen inledning", deadline_akademi="2026-11-20")), 400)
    assert "Min egen inledning" in html
    assert 'id="id_deadline_akademi_errors"' in html and "efter i dag" in html
    html = valid(client.post(reverse("kansli_rounds"), open_post(year="2026")), 400)
    assert "(§ 8.1)" in html
    assert not NominationRound.objects.exists()


def test_the_kansli_reviews_a_nomination(client, karin):
    nomination = h.nominate(h.call_of(h.open_round(karin)))
    client.force_login(karin)
    url = reverse("kansli_nomination", args=[nomination.pk])
    html = valid(client.post(url, {"review": "accepted", "assessment_selection": "Bra urval",
                                   "assessment_competence": "", "assessment_experience": "x",
                                   "assessment_geography": "x", "review_note": ""}), 400)
    assert "Bra urval" in html and 'id="id_assessment_competence_errors"' in html
    response = client.post(url, {"review": "accepted", "assessment_selection": "a", "assessment_competence": "b",
                                 "assessment_experience": "c", "assessment_geography": "d", "review_note": "e"})
    assert response.status_code == 302
    nomination.refresh_from_db()
    assert nomination.review == "accepted" and nomination.reviewed_by == karin


def test_the_review_page_names_the_category_in_words(client, karin):
    nomination = h.nominate(h.call_of(h.open_round(karin)), category="university")
    client.force_login(karin)
    html = valid(client.get(reverse("kansli_nomination", args=[nomination.pk])))
    assert "Universitet eller högskola" in html and ">university<" not in html


def test_a_representative_cannot_review(client, karin, alice):
    nomination = h.nominate(h.call_of(h.open_round(karin)))
    client.force_login(alice)
    response = client.post(reverse("kansli_nomination", args=[nomination.pk]),
                           {"review": "accepted", "assessment_selection": "a", "assessment_competence": "b",
                            "assessment_experience": "c", "assessment_geography": "d"})
    assert response.status_code == 403
    nomination.refresh_from_db()
    assert nomination.review == "received"


def test_the_kansli_compiles_the_list_from_the_round_page(client, karin, time_machine):
    mf.signed_roll()
    first, _later = first_and_later(karin)
    round_ = h.open_round(karin)
    h.review(karin, h.nominate(h.call_of(round_)))
    client.force_login(karin)
    url = reverse("kansli_round", args=[2027])
    html = valid(client.get(url))
    assert "fortfarande öppen" in html
    time_machine.move_to(h.AFTER_DEADLINE, tick=False)
    client.force_login(karin)  # a new session after three weeks
    response = client.post(url, follow=True)
    assert "Förteckningen är sammanställd" in response.content.decode(), response.content.decode()[-3000:]
    round_.refresh_from_db()
    assert round_.list_item.meeting == first
    html = valid(client.get(url))
    assert "Sammanställ förteckningen igen" in html


def test_the_round_page_keeps_its_queries_whatever_the_number_of_nominations(client, karin):
    round_ = h.open_round(karin)
    client.force_login(karin)
    url = reverse("kansli_round", args=[2027])
    h.nominate(h.call_of(round_, "akademi"))

    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx.captured_queries)

    with_1 = count()
    for sector in ("akademi", "myndigheter", "naringsliv", "civilsamhalle"):
        h.nominate(h.call_of(round_, sector))
        h.nominate(h.call_of(round_, sector))
    assert count() == with_1


def test_the_rounds_list_keeps_its_queries(client, karin):
    client.force_login(karin)
    h.open_round(karin)

    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(reverse("kansli_rounds")).status_code == 200
        return len(ctx.captured_queries)

    with_1 = count()
    h.open_round(karin, year=2028)
    h.open_round(karin, year=2029)
    assert count() == with_1


def test_the_public_page_keeps_its_queries(client, karin, round_):
    def count():
        public_cache.clear_local()
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(reverse("public_nominations")).status_code == 200
        return len(ctx.captured_queries)

    with_0 = count()
    for sector in rounds.SECTORS:
        h.nominate(h.call_of(round_, sector))
    assert count() == with_0


def test_the_year1_checklist_page_marks_a_duty(client, karin):
    client.force_login(karin)
    url = reverse("kansli_year1")
    html = valid(client.get(url))
    assert "Besluta om formerna för extern utvärdering och granskning" in html and "§ 8.3" in html
    html = valid(client.post(url, {"key": "evaluation", "evaluation-done_on": "2027-05-01",
                                   "evaluation-note": "Min anteckning"}), 400)
    assert "Min anteckning" in html and "framtiden" in html
    response = client.post(url, {"key": "evaluation", "evaluation-done_on": "2026-11-20",
                                 "evaluation-note": "Klart"})
    assert response.status_code == 302 and response.url.endswith("#evaluation")
    assert Year1Duty.objects.get(key="evaluation").note == "Klart"


def test_two_submissions_at_once_keep_one_and_tell_the_second(client, call, monkeypatch):
    data = form_post()
    assert client.post(reverse("nomination_form", args=[call.pk]), data).status_code == 302
    # The second passed the check before the first was saved: the unique constraint answers.
    monkeypatch.setattr(rounds, "already_nominated", lambda call, org_number: False)
    html = valid(client.post(reverse("nomination_form", args=[call.pk]), data), 400)
    assert "redan nominerad" in html
    assert Nomination.objects.count() == 1
