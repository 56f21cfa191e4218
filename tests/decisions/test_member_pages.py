"""The representatives' case pages: my cases with their next step, drafting and submitting on the
template (nothing typed is lost, not even to an expired session), the receipt naming the meeting
and why, co-signers, withdrawal, attachments and consultation answers; who may open each."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from decisions import preparation, services
from decisions.models import Case, CaseDocument, ConsultationAnswer, CoSignature
from tests.decisions.conftest import TODAY
from tests.decisions.factories import TEMPLATE, draft, received
from tests.decisions.helpers_submit import consultation, in_preparation
from tests.meetings import factories as mf
from tests.partnership.factories import PASSWORD
from tests.swecan.test_valid_html import problems

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)


def assert_login_redirect(response, path=None):
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login") + "?next=")
    if path:
        assert response["Location"].endswith(path)


def field_errors(response, field) -> str:
    match = re.search(rf'<div id="id_{field}_errors">(.*?)</div>', response.content.decode(), re.S)
    assert match, f"no errors shown next to {field}"
    return match.group(1)


def text(response) -> str:
    return re.sub(r"\s+", " ", response.content.decode())


def seen_token(response_or_page) -> str:
    """The answer the consultation form was shown (its hidden `seen`)."""
    page = response_or_page if isinstance(response_or_page, str) else response_or_page.content.decode()
    match = re.search(r'<input type="hidden" name="seen"( value="([^"]*)")?', page)
    assert match, "no seen field"
    return match.group(2) or ""


def template_post(action="save", **overrides) -> dict:
    return {**TEMPLATE, "kind": "ordinary", "proposed_text": "", "action": action, **overrides}


@pytest.fixture
def meeting(karin):
    """A partnership meeting on 14 January 2027 whose case deadline is today (notice in 14 days)."""
    return mf.plan(by=karin, day=TODAY + 50 * DAY, planned_notice_date=TODAY + 14 * DAY)


@pytest.fixture
def scene(roll, alice, bob, karin, meeting):
    """Alice's draft and received case, a request to Bob to co-sign the draft, and a consultation
    of Alice's sector (hälso- och sjukvård) on Bob's case."""
    a_draft = draft(by=alice, partner=roll[0].partner, title="Alices utkast")
    a_received = received(by=alice, partner=roll[0].partner, title="Alices inlämnade")
    cosignature = services.case_cosign_request(by=alice, case=a_draft, partner=roll[1].partner)
    bobs = in_preparation(by=bob, partner=roll[1].partner, kansli=karin, title="Bobs ärende")
    asked = consultation(kansli=karin, case=bobs, sectors=["halso_sjukvard"])
    return {"draft": a_draft, "received": a_received, "cosignature": cosignature, "bobs": bobs,
            "consultation": asked}


# Who may open each page ---------------------------------------------------------------------

# (url name, object in the scene or None, status for Alice, for Bob, for the kansli)
PAGES = [
    ("my_cases", None, 200, 200, 302),
    ("case_new", None, 200, 200, 403),
    ("my_case", "draft", 200, 404, 403),
    ("my_case", "received", 200, 404, 403),
    ("case_submitted", "received", 200, 404, 403),
    ("case_cosign_request", "draft", 200, 404, 403),
    ("case_withdraw", "received", 200, 404, 403),
    ("case_attach", "draft", 200, 404, 403),
    ("cosignature_confirm", "cosignature", 404, 200, 403),
    ("consultation_answer", "consultation", 200, 403, 403),
]


@pytest.mark.parametrize(("name", "obj", "for_alice", "for_bob", "for_kansli"), PAGES,
                         ids=[f"{p[0]}-{p[1]}" for p in PAGES])
def test_who_may_open_each_page(client, scene, alice, bob, karin, outsiders, name, obj, for_alice, for_bob,
                                for_kansli):
    url = reverse(name, args=[scene[obj].pk] if obj else [])
    assert_login_redirect(client.get(url))
    assert_login_redirect(client.post(url, {}))
    for user, status in ((alice, for_alice), (bob, for_bob), (karin, for_kansli), (outsiders.dave, 403)):
        client.force_login(user)
        response = client.get(url)
        assert response.status_code == status, (user, response.status_code)
        if status == 200:
            assert problems(response.content.decode()) == [], url
    client.force_login(karin)
    if name == "my_cases":
        assert client.get(url)["Location"] == reverse("kansli_cases")


def test_another_partners_draft_is_not_found_even_by_a_post(client, scene, bob):
    client.force_login(bob)
    response = client.post(reverse("my_case", args=[scene["draft"].pk]), template_post(title="Bobs nu"))
    assert response.status_code == 404
    scene["draft"].refresh_from_db()
    assert scene["draft"].title == "Alices utkast"


# My cases ----------------------------------------------------------------------------------


def test_my_cases_says_the_state_and_the_next_step_of_each(client, scene, roll, alice, bob):
    queued = received(by=alice, partner=roll[0].partner, title="Alices köade")
    Case.objects.filter(pk=queued.pk).update(target_meeting=None)
    draft(by=bob, partner=roll[1].partner, title="Bobs hemliga utkast")
    client.force_login(alice)
    page = text(client.get(reverse("my_cases")))
    assert "Utkast: fyll i och lämna in" in page
    assert "Inkommet: väntar på beredning och hinner till sammanträdet den 14 januari 2027." in page
    assert "Inkommet: hann inte till något planerat sammanträde" in page
    assert "Väntar på att medundertecknare bekräftar: Karolinska Exempelinstitutet" in page
    assert "Bobs hemliga utkast" not in page and "Bobs ärende" in page  # the consultation's case
    assert "SweCan 2026/1" in page
    assert reverse("consultation_answer", args=[scene["consultation"].pk]) in page
    assert "inte besvarad" in page


def test_a_cosigning_request_waits_on_the_cosigners_page_with_a_confirm_link(client, scene, bob):
    client.force_login(bob)
    page = text(client.get(reverse("my_cases")))
    assert "Region Norrexempel ber er att medunderteckna ärendet" in page
    assert reverse("cosignature_confirm", args=[scene["cosignature"].pk]) in page


def test_an_answered_consultation_says_so(client, scene, roll, alice):
    services.consultation_answer_set(by=alice, consultation=scene["consultation"], partner=roll[0].partner,
                                     text="Vårt svar")
    client.force_login(alice)
    assert "besvarad, kan ändras" in text(client.get(reverse("my_cases")))


def _my_cases_queries(client) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(reverse("my_cases")).status_code == 200
    return len(captured.captured_queries)


def _more_of_everything(n, *, roll, alice, bob, karin):
    for i in range(n):
        case = draft(by=alice, partner=roll[0].partner, title=f"Utkast {i}")
        services.case_cosign_request(by=alice, case=case, partner=roll[2].partner)
        received(by=alice, partner=roll[0].partner, title=f"Inlämnat {i}")
        bobs = draft(by=bob, partner=roll[1].partner, title=f"Bobs {i}")
        services.case_cosign_confirm(by=alice, cosignature=services.case_cosign_request(
            by=bob, case=bobs, partner=roll[0].partner))
        services.case_cosign_request(by=bob, case=draft(by=bob, partner=roll[1].partner),
                                     partner=roll[0].partner)
        prepared = in_preparation(by=bob, partner=roll[1].partner, kansli=karin)
        consulted = consultation(kansli=karin, case=prepared, sectors=["halso_sjukvard", "akademi"])
        services.consultation_answer_set(by=alice, consultation=consulted, partner=roll[0].partner, text="Svar")


def test_my_cases_costs_the_same_queries_for_one_case_or_many(client, roll, alice, bob, karin, meeting):
    _more_of_everything(1, roll=roll, alice=alice, bob=bob, karin=karin)
    client.force_login(alice)
    _my_cases_queries(client)  # warm: the session and the like
    few = _my_cases_queries(client)
    _more_of_everything(4, roll=roll, alice=alice, bob=bob, karin=karin)
    page = text(client.get(reverse("my_cases")))
    assert page.count("Utkast 3") == 1 and page.count("Bobs 3") == 1
    assert _my_cases_queries(client) == few


# Drafting and submitting -------------------------------------------------------------------


def test_a_draft_saves_with_only_a_title_and_resumes(client, roll, alice, meeting):
    client.force_login(alice)
    response = client.post(reverse("case_new"), {"title": "Halvfärdigt", "kind": "ordinary", "action": "save"})
    case = Case.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("my_case", args=[case.pk])
    assert case.state == Case.State.DRAFT and case.created_by == alice and case.partner == roll[0].partner
    page = client.get(reverse("my_case", args=[case.pk]))
    assert 'value="Halvfärdigt"' in page.content.decode()
    assert "Utkastet är sparat." in text(page)
    client.post(reverse("my_case", args=[case.pk]), template_post(title="Halvfärdigt", background="Mer"))
    case.refresh_from_db()
    assert case.background == "Mer" and Case.objects.count() == 1


def test_the_form_offers_the_template_in_swedish(client, alice, meeting):
    client.force_login(alice)
    page = text(client.get(reverse("case_new")))
    for label in ("Rubrik", "Bakgrund", "Problem eller möjlighet", "Förslag till beslut", "Motivering",
                  "Vilka av SweCans mål bidrar ärendet till?", "Vilken del av cancerstrategin gäller ärendet?",
                  "Förväntade konsekvenser för partnerna", "Föreslagen ny lydelse av arbetsordningen",
                  "Kallelse senast, antal dagar före sammanträdet", "Spara utkast", "Lämna in"):
        assert label in page, label
    assert 'type="radio" name="strategy_area" value="palliative"' in page
    assert 'type="radio" name="kind" value="rule_change"' in page
    assert "hinner det till sammanträdet den 14 januari 2027" in page


def test_a_draft_without_a_title_is_not_saved_and_the_text_stays(client, alice):
    client.force_login(alice)
    response = client.post(reverse("case_new"), template_post(title=""))
    assert response.status_code == 400
    assert "Ge ärendet en rubrik" in field_errors(response, "title")
    assert TEMPLATE["background"] in response.content.decode()
    assert not Case.objects.exists()


def test_submitting_with_missing_fields_names_each_and_keeps_the_draft(client, roll, alice, meeting):
    client.force_login(alice)
    response = client.post(reverse("case_new"), template_post(action="submit", proposal="", goals=""))
    assert response.status_code == 400
    for field in ("proposal", "goals"):
        assert "Fyll i fältet innan ärendet lämnas in." in field_errors(response, field)
    case = Case.objects.get()
    assert case.state == Case.State.DRAFT and case.background == TEMPLATE["background"]
    page = text(response)
    assert "Utkastet är sparat men inte inlämnat" in page
    # The next try posts to the saved draft, not a new one.
    assert f'action="{reverse("my_case", args=[case.pk])}"' in response.content.decode()
    response = client.post(reverse("my_case", args=[case.pk]), template_post(action="submit"))
    assert response["Location"] == reverse("case_submitted", args=[case.pk])
    assert Case.objects.get().state == Case.State.RECEIVED


def test_the_receipt_names_the_reference_the_day_and_the_meeting_with_the_rule(client, roll, alice, meeting):
    client.force_login(alice)
    response = client.post(reverse("case_new"), template_post(action="submit"), follow=True)
    case = Case.objects.get()
    assert response.redirect_chain[-1][0] == reverse("case_submitted", args=[case.pk])
    page = text(response)
    assert "Ärendet är inlämnat" in page and "SweCan 2026/1" in page
    assert "onsdag 25 november 2026" in page
    assert "I tid till sammanträdet torsdag 14 januari 2027" in page and "§ 4.2" in page
    assert "sista dag är 25 november 2026" in page  # the verdict's reason
    assert problems(response.content.decode()) == []


def test_a_late_case_is_received_queued_and_told_which_meeting_it_missed(client, karin, roll, alice):
    late = mf.plan(by=karin, day=TODAY + 43 * DAY, planned_notice_date=TODAY + 13 * DAY)
    client.force_login(alice)
    response = client.post(reverse("case_new"), template_post(action="submit"), follow=True)
    page = text(response)
    assert "Inkommet, väntar på ett sammanträde" in page and "SweCan 2026/1" in page
    assert "Sammanträden som ärendet kom för sent till" in page
    assert f"{late.title}, 7 januari 2027" in page and "första följande sammanträde" in page
    assert Case.objects.get().target_meeting is None


def test_a_draft_goes_to_its_form_not_to_a_receipt(client, scene, alice):
    client.force_login(alice)
    response = client.get(reverse("case_submitted", args=[scene["draft"].pk]))
    assert response["Location"] == reverse("my_case", args=[scene["draft"].pk])


def test_a_received_case_shows_its_page_not_a_form(client, scene, alice):
    client.force_login(alice)
    page = text(client.get(reverse("my_case", args=[scene["received"].pk])))
    assert "SweCan 2026/1" in page and "Inkommet: väntar på beredning" in page
    assert "Spara utkast" not in page and TEMPLATE["justification"] in page
    assert reverse("public_case", args=[2026, 1]) in page


def test_a_draft_submitted_by_a_colleague_meanwhile_keeps_what_was_typed(client, scene, alice, deputy):
    services.case_submit(by=deputy, case=scene["draft"])
    client.force_login(alice)
    response = client.post(reverse("my_case", args=[scene["draft"].pk]),
                           template_post(background="Min nya bakgrund"))
    assert response.status_code == 409
    assert "redan lämnats in" in text(response) and "Min nya bakgrund" in text(response)
    assert 'value="submit"' not in text(response)


def test_a_confirmed_cosigner_sees_the_case_page(client, scene, roll, alice, bob):
    services.case_submit(by=alice, case=scene["draft"])
    client.force_login(bob)
    assert client.get(reverse("my_case", args=[scene["draft"].pk])).status_code == 404
    services.case_cosign_confirm(by=bob, cosignature=scene["cosignature"])
    response = client.get(reverse("my_case", args=[scene["draft"].pk]))
    assert response.status_code == 200 and "Alices utkast" in text(response)
    assert reverse("case_withdraw", args=[scene["draft"].pk]) not in text(response)  # only the submitters


# Rule-change cases ---------------------------------------------------------------------------


def test_a_rule_change_without_text_or_numbers_is_refused_next_to_the_text(client, alice, meeting):
    client.force_login(alice)
    response = client.post(reverse("case_new"), template_post(action="submit", kind="rule_change"))
    assert response.status_code == 400
    assert "ändrar varken arbetsordningens text" in field_errors(response, "proposed_text")
    assert Case.objects.get().kind == Case.Kind.RULE_CHANGE  # the draft is saved


def test_a_rule_change_with_a_negative_number_is_refused_next_to_it(client, alice, meeting):
    client.force_login(alice)
    response = client.post(reverse("case_new"), template_post(kind="rule_change", notice_days="-3"))
    assert response.status_code == 400
    assert "negativt" in field_errors(response, "notice_days")
    assert not Case.objects.exists()


def test_a_rule_change_keeps_its_changed_numbers_and_is_submitted(client, alice, meeting):
    client.force_login(alice)
    response = client.post(reverse("case_new"), template_post(
        action="submit", kind="rule_change", case_days_before_notice="21", qualified_majority="3/4",
        quorum_fraction=""))
    case = Case.objects.get()
    assert response["Location"] == reverse("case_submitted", args=[case.pk])
    assert case.proposed_parameters == {"case_days_before_notice": 21, "qualified_majority": "3/4"}
    page = text(client.get(reverse("my_case", args=[case.pk])))
    assert "Föreslagen ändring av arbetsordningen" in page and "3/4" in page


def test_an_ordinary_case_with_a_proposed_text_is_asked_to_choose_its_kind(client, alice, meeting):
    client.force_login(alice)
    response = client.post(reverse("case_new"), template_post(action="submit", proposed_text="Ny § 4.2"))
    assert "Ändring av arbetsordningen" in field_errors(response, "kind")
    assert Case.objects.get().state == Case.State.DRAFT


# The expired session -------------------------------------------------------------------------


def test_text_posted_after_the_session_expired_is_restored_after_login(client, alice, meeting):
    url = reverse("case_new")
    response = client.post(url, template_post(title="Skrivet medan sessionen gick ut", background="Lång text"))
    assert_login_redirect(response, url)
    assert not Case.objects.exists()
    # The login page as the redirect gives it (with ?next=), and the login form posted there.
    assert client.get(response["Location"]).status_code == 200
    response = client.post(response["Location"], {"login": alice.email, "password": PASSWORD})
    assert response.status_code == 302 and response["Location"] == url
    page = client.get(url)
    content = text(page)
    assert "Det du skrev är återställt men inte sparat. Spara utkastet." in content
    assert 'value="Skrivet medan sessionen gick ut"' in content and "Lång text" in content
    assert not Case.objects.exists()  # restored to the form, saved when they press save
    # Once: the next visit starts empty.
    assert "Lång text" not in text(client.get(url))


def test_an_expired_session_on_a_draft_restores_that_drafts_form(client, scene, alice):
    url = reverse("my_case", args=[scene["draft"].pk])
    client.post(url, template_post(title="Alices utkast", proposal="Nytt förslag skrivet sent"))
    client.force_login(alice)
    assert "Nytt förslag skrivet sent" not in text(client.get(reverse("case_new")))  # another page
    page = text(client.get(url))
    assert "Nytt förslag skrivet sent" in page and "Det du skrev är återställt" in page
    scene["draft"].refresh_from_db()
    assert scene["draft"].proposal == TEMPLATE["proposal"]


def test_a_signed_in_post_is_not_stashed(client, alice, meeting):
    client.force_login(alice)
    client.post(reverse("case_new"), template_post(title="Direkt sparat"))
    assert "swecan_unsaved_post" not in client.session
    assert Case.objects.get().title == "Direkt sparat"


# Co-signers ----------------------------------------------------------------------------------


def test_the_cosigner_is_chosen_from_the_roll_without_the_submitter(client, scene, roll, alice):
    client.force_login(alice)
    page = client.get(reverse("case_cosign_request", args=[scene["received"].pk])).content.decode()
    options = re.findall(r'<option value="(\d+)"', page)
    assert sorted(map(int, options)) == sorted(p.partner.pk for p in roll[1:])


@pytest.mark.parametrize(("who", "message"), [
    ("own", "eget ärende"), ("unsigned", "röstlängden"), ("asked", "redan tillfrågad")])
def test_a_cosigner_that_cannot_be_asked_is_refused_next_to_the_field(client, scene, roll, alice, outsiders, who,
                                                                      message):
    partner = {"own": roll[0].partner, "unsigned": outsiders.unsigned, "asked": roll[1].partner}[who]
    client.force_login(alice)
    response = client.post(reverse("case_cosign_request", args=[scene["draft"].pk]), {"partner": partner.pk})
    assert response.status_code == 400
    assert message in field_errors(response, "partner")
    assert CoSignature.objects.count() == 1


def test_asking_a_cosigner_and_the_cosigner_confirming(client, scene, roll, alice, bob):
    client.force_login(alice)
    response = client.post(reverse("case_cosign_request", args=[scene["received"].pk]),
                           {"partner": roll[2].partner.pk})
    assert response["Location"] == reverse("my_case", args=[scene["received"].pk])
    assert CoSignature.objects.filter(case=scene["received"], partner=roll[2].partner).exists()

    client.force_login(bob)
    url = reverse("cosignature_confirm", args=[scene["cosignature"].pk])
    page = text(client.get(url))
    assert "Alices utkast" in page and TEMPLATE["proposal"] in page
    client.post(url, {})  # no confirmation: nothing happens
    assert not CoSignature.objects.get(pk=scene["cosignature"].pk).is_confirmed
    response = client.post(url, {"confirm": "yes"})
    assert response["Location"] == reverse("my_cases")
    cosignature = CoSignature.objects.get(pk=scene["cosignature"].pk)
    assert cosignature.confirmed_by == bob
    page = text(client.get(reverse("my_cases")))
    assert "Medundertecknat; inlämnat av Region Norrexempel" in page
    assert "Inga förfrågningar om medundertecknande väntar på er." in page


def test_cosigners_are_not_asked_once_preparation_has_begun(client, scene, roll, alice, karin):
    preparation.case_start_preparation(by=karin, case=scene["received"])
    client.force_login(alice)
    response = client.get(reverse("case_cosign_request", args=[scene["received"].pk]), follow=True)
    assert "innan beredningen har börjat" in text(response)


# Withdrawal ----------------------------------------------------------------------------------


def test_withdrawing_asks_first_and_then_withdraws(client, scene, alice, deputy):
    url = reverse("case_withdraw", args=[scene["received"].pk])
    client.force_login(deputy)  # the same partner's deputy is a submitter too
    page = text(client.get(url))
    assert "diarienumret SweCan 2026/1 används inte igen" in page
    client.post(url, {})
    assert Case.objects.get(pk=scene["received"].pk).state == Case.State.RECEIVED
    response = client.post(url, {"confirm": "yes"})
    assert response["Location"] == reverse("my_cases")
    case = Case.objects.get(pk=scene["received"].pk)
    assert case.state == Case.State.WITHDRAWN and case.history.first().history_user == deputy
    assert "Återkallat den 25 november 2026." in text(client.get(reverse("my_cases")))
    assert "Ärendet är återkallat." in text(client.get(url))


def test_a_withdrawn_draft_shows_its_page_without_a_reference(client, scene, alice):
    client.force_login(alice)
    client.post(reverse("case_withdraw", args=[scene["draft"].pk]), {"confirm": "yes"})
    response = client.get(reverse("my_case", args=[scene["draft"].pk]))
    assert response.status_code == 200 and "Återkallat" in text(response)
    assert "Diarienummer" not in text(response) and problems(response.content.decode()) == []


# Attachments ---------------------------------------------------------------------------------


def test_an_attachment_is_uploaded_and_listed_with_its_download_link(client, scene, alice):
    client.force_login(alice)
    url = reverse("case_attach", args=[scene["draft"].pk])
    response = client.post(url, {"title": "Kartläggning", "file": mf.upload("kartlaggning.pdf")})
    assert response["Location"] == reverse("my_case", args=[scene["draft"].pk]) + "#bilagor"
    document = CaseDocument.objects.get()
    assert (document.title, document.uploaded_by, document.case) == ("Kartläggning", alice, scene["draft"])
    page = client.get(reverse("my_case", args=[scene["draft"].pk])).content.decode()
    assert reverse("case_document_download", args=[document.pk]) in page


def test_a_file_that_is_not_what_it_says_is_refused_next_to_the_field(client, scene, alice):
    client.force_login(alice)
    response = client.post(reverse("case_attach", args=[scene["draft"].pk]),
                           {"title": "Fejk", "file": mf.upload("fejk.pdf", b"not a pdf")})
    assert response.status_code == 400
    assert "filändelsen" in field_errors(response, "file")
    assert not CaseDocument.objects.exists()


def test_no_attachments_from_the_partner_once_preparation_has_begun(client, scene, alice, karin):
    preparation.case_start_preparation(by=karin, case=scene["received"])
    client.force_login(alice)
    url = reverse("case_attach", args=[scene["received"].pk])
    response = client.post(url, {"title": "Sent", "file": mf.upload("sent.pdf")}, follow=True)
    assert "Skicka nya underlag till kansliet" in text(response)
    assert not CaseDocument.objects.exists()
    assert url not in text(client.get(reverse("my_case", args=[scene["received"].pk])))


# Consultations -------------------------------------------------------------------------------


def test_the_partner_answers_and_changes_its_answer_until_the_deadline(client, scene, roll, alice, deputy):
    url = reverse("consultation_answer", args=[scene["consultation"].pk])
    client.force_login(alice)
    page = text(client.get(url))
    assert "Vad anser er sektor?" in page and "5 december 2026" in page
    response = client.post(url, {"text": "Vi stöder förslaget.", "seen": ""})
    assert response["Location"] == url
    client.force_login(deputy)
    page = client.get(url).content.decode()
    assert "Vi stöder förslaget." in page
    seen = seen_token(page)
    client.post(url, {"text": "Vi stöder förslaget med en reservation.", "seen": seen})
    answer = ConsultationAnswer.objects.get()
    assert (answer.text, answer.answered_by, answer.partner) == (
        "Vi stöder förslaget med en reservation.", deputy, roll[0].partner)


def test_an_answer_written_meanwhile_is_shown_and_the_typed_text_kept(client, scene, roll, alice, deputy):
    url = reverse("consultation_answer", args=[scene["consultation"].pk])
    client.force_login(deputy)
    seen = seen_token(client.get(url))
    services.consultation_answer_set(by=alice, consultation=scene["consultation"], partner=roll[0].partner,
                                     text="Alices svar")
    response = client.post(url, {"text": "Doras svar", "seen": seen})
    assert response.status_code == 400
    assert "under tiden" in field_errors(response, "text")
    page = text(response)
    assert "Alices svar" in page and "Doras svar" in page
    assert ConsultationAnswer.objects.get().text == "Alices svar"
    # The form now knows the answer it showed: saving again replaces it on purpose.
    seen = seen_token(response)
    client.post(url, {"text": "Doras svar", "seen": seen})
    assert ConsultationAnswer.objects.get().text == "Doras svar"


def test_after_the_deadline_the_answer_is_refused_with_the_reason(client, scene, alice, time_machine):
    url = reverse("consultation_answer", args=[scene["consultation"].pk])
    time_machine.move_to(mf.local(scene["consultation"].deadline + DAY), tick=False)
    client.force_login(alice)
    response = client.post(url, {"text": "För sent", "seen": ""})
    assert response.status_code == 400
    assert "Svar tas inte längre emot" in field_errors(response, "text")
    assert not ConsultationAnswer.objects.exists()
    page = text(client.get(url))
    assert "Svar tas inte längre emot" in page and "<textarea" not in page


def test_other_partners_answers_are_shown_only_after_the_summary(client, scene, roll, alice, karin, time_machine):
    fourth = roll[3]  # näringsliv, consulted too
    consulted = consultation(kansli=karin, case=scene["bobs"], sectors=["halso_sjukvard", "naringsliv"])
    services.consultation_answer_set(by=fourth.user, consultation=consulted, partner=fourth.partner,
                                     text="Näringslivets synpunkter")
    url = reverse("consultation_answer", args=[consulted.pk])
    client.force_login(alice)
    assert "Näringslivets synpunkter" not in text(client.get(url))
    time_machine.move_to(mf.local(consulted.deadline + DAY), tick=False)
    preparation.consultation_summarise(by=karin, consultation=consulted, summary="Sektorerna är positiva.")
    client.force_login(alice)  # a new day, a new session
    page = text(client.get(url))
    assert "Sektorerna är positiva." in page and "Näringslivets synpunkter" in page


def test_an_expired_session_keeps_the_answer_too(client, scene, alice):
    url = reverse("consultation_answer", args=[scene["consultation"].pk])
    assert_login_redirect(client.post(url, {"text": "Ett långt remissvar", "seen": ""}))
    client.force_login(alice)
    page = text(client.get(url))
    assert "Ett långt remissvar" in page and "Det du skrev är återställt men inte sparat. Spara svaret." in page


# The dashboard -------------------------------------------------------------------------------


def test_the_dashboard_links_my_cases_with_what_waits(client, scene, alice, bob):
    client.force_login(alice)
    page = text(client.get(reverse("dashboard")))
    assert reverse("my_cases") in page and "1 remiss till er sektor att besvara" in page
    assert "medundertecknande att bekräfta" not in page
    client.force_login(bob)
    page = text(client.get(reverse("dashboard")))
    assert "1 förfrågan om medundertecknande att bekräfta" in page
    assert problems(client.get(reverse("dashboard")).content.decode()) == []
