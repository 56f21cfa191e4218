"""The preparers' pages: the inbox, a case with its preparation, a consultation's answers side by
side; who may open them, what they show, and how each refusal reaches the page."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from decisions import preparation, services
from decisions.models import Case, Consultation, PreparationGroup
from meetings.models import Document
from outbox.models import Message
from tests.decisions.conftest import TODAY
from tests.decisions.factories import TEMPLATE, draft, received
from tests.decisions.helpers_prepare import (
    PROPOSAL,
    a_meeting,
    attach,
    consultation,
    in_preparation,
    prepared,
)
from tests.meetings import factories as mf
from tests.swecan.test_valid_html import problems

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)


def assert_login_redirect(response):
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login") + "?next=")


def field_errors(response, field):
    match = re.search(rf'<div id="id_{field}_errors">(.*?)</div>', response.content.decode(), re.S)
    assert match, f"no errors shown next to {field}"
    return match.group(1)


def text(response) -> str:
    return re.sub(r"\s+", " ", response.content.decode())


@pytest.fixture
def scene(karin, roll, alice, bob):
    meeting = a_meeting(karin, title="Vintermötet")
    got = received(by=alice, partner=roll[0].partner, title="Jämlik rehabilitering")
    cosignature = services.case_cosign_request(by=alice, case=got, partner=roll[1].partner)
    services.case_cosign_confirm(by=bob, cosignature=cosignature)
    services.case_cosign_request(by=alice, case=got, partner=roll[2].partner)  # not confirmed
    document = attach(got, by=alice, title="Kartläggning")
    withheld = attach(got, by=alice, title="Enkätsvar med namn", name="enkat.pdf")
    preparation.case_document_withhold(by=karin, document=withheld, reason="Innehåller personuppgifter")
    preparing = in_preparation(karin=karin, by=bob, partner=roll[1].partner, title="Tidig upptäckt")
    preparation.case_proposal_save(by=karin, case=preparing, text=PROPOSAL)
    group = preparation.preparation_group_save(by=karin, fields={"name": "Expertpanel tidig upptäckt",
                                                                 "kind": "expert_panel", "members": "Anna\nBo"})
    preparation.case_assign_group(by=karin, case=preparing, group=group)
    asked = consultation(karin=karin, case=preparing, sectors=["halso_sjukvard", "akademi", "myndigheter"])
    ready = prepared(karin=karin, by=alice, partner=roll[0].partner, title="Palliativ vård i hemmet")
    return {"meeting": meeting, "received": got, "document": document, "withheld": withheld,
            "preparing": preparing, "group": group, "consultation": asked, "prepared": ready}


CORRECTION = {**TEMPLATE, "title": "Jämlik rehabilitering efter cancer", "kind": "ordinary",
              "reason": "Rubriken var ofullständig"}

# (url name, which object, method, POST data for the kansli, expected status for the kansli)
KANSLI_URLS = [
    ("kansli_cases", None, "get", None, 200),
    ("kansli_case", "received", "get", None, 200),
    ("kansli_case", "preparing", "get", None, 200),
    ("kansli_case", "prepared", "get", None, 200),
    ("kansli_case_prepare", "received", "get", None, 200),
    ("kansli_case_prepare", "received", "post", lambda s: {"confirm": "yes"}, 302),
    ("kansli_case_group", "preparing", "get", None, 200),
    ("kansli_case_group", "preparing", "post", lambda s: {"group": s["group"].pk}, 302),
    ("kansli_group_edit", "group", "get", None, 200),
    ("kansli_group_edit", "group", "post", lambda s: {"name": "Omdöpt", "kind": "expert_panel", "members": ""}, 302),
    ("kansli_consultation_new", "preparing", "get", None, 200),
    ("kansli_consultation_new", "preparing", "post",
     lambda s: {"question": "Hur?", "sectors": ["akademi"], "deadline": f"{TODAY + 10 * DAY}", "confirm": "yes"},
     302),
    ("kansli_case_proposal", "preparing", "get", None, 200),
    ("kansli_case_proposal", "preparing", "post", lambda s: {"decision_proposal": "Nytt förslag."}, 302),
    ("kansli_case_mark_prepared", "preparing", "get", None, 200),
    ("kansli_case_mark_prepared", "preparing", "post", lambda s: {"confirm": "yes"}, 302),
    ("kansli_case_agenda", "prepared", "get", None, 200),
    ("kansli_case_agenda", "prepared", "post", lambda s: {"meeting": s["meeting"].pk, "confirm": "yes"}, 302),
    ("kansli_case_correct", "received", "get", None, 200),
    ("kansli_case_correct", "received", "post", lambda s: CORRECTION, 302),
    ("kansli_case_document_withhold", "document", "get", None, 200),
    ("kansli_case_document_withhold", "document", "post", lambda s: {"reason": "Sekretess"}, 302),
    ("kansli_case_document_release", "withheld", "get", None, 200),
    ("kansli_case_document_release", "withheld", "post", lambda s: {"confirm": "yes"}, 302),
    ("kansli_consultation", "consultation", "get", None, 200),
    # Still open for answers: the summary is refused on the page (400), not saved.
    ("kansli_consultation", "consultation", "post", lambda s: {"summary": "För tidigt"}, 400),
    # The minutes (tests/decisions/test_minutes.py has the held meeting): before it is held,
    # the page says why and starting is refused with that message.
    ("kansli_minutes", "meeting", "get", None, 200),
    ("kansli_minutes", "meeting", "post", lambda s: {}, 302),
    ("kansli_minutes_correct", "meeting", "post", lambda s: {"reason": "Fel"}, 404),
    # The voting roll as a decision (tests/decisions/test_roll_decision.py): the winter meeting is
    # the first of 2027, where the kansli's list is compiled.
    ("kansli_roll_compile", lambda s: [s["meeting"].pk, "faststall"], "get", None, 200),
    ("kansli_roll_compile", lambda s: [s["meeting"].pk, "faststall"], "post", lambda s: {}, 302),
    ("kansli_roll_year", lambda s: [2027], "get", None, 302),
]


def url_of(name, obj, scene):
    if callable(obj):  # a URL with other arguments than one object's id
        return reverse(name, args=obj(scene))
    return reverse(name, args=[scene[obj].pk] if obj else [])


def call(client, method, url, data):
    return client.post(url, data or {}) if method == "post" else client.get(url)


def changes():
    return (Case.history.count(), PreparationGroup.history.count(), Consultation.history.count(),
            Document.objects.count())


def test_every_preparers_url_is_covered():
    from decisions.urls import urlpatterns

    names = {p.name for p in urlpatterns if p.name.startswith("kansli_")}
    assert names == {name for name, *_rest in KANSLI_URLS}


@pytest.mark.parametrize(("name", "obj", "method", "data", "status"), KANSLI_URLS)
def test_anonymous_visitors_are_sent_to_log_in(client, scene, name, obj, method, data, status):
    before = changes()
    assert_login_redirect(call(client, method, url_of(name, obj, scene), data and data(scene)))
    assert changes() == before


@pytest.mark.parametrize(("name", "obj", "method", "data", "status"), KANSLI_URLS)
def test_representatives_are_forbidden_even_for_their_own_case(client, scene, alice, name, obj, method, data,
                                                               status):
    client.force_login(alice)  # the received and the prepared case are her partner's own
    before = changes()

    response = call(client, method, url_of(name, obj, scene), data and data(scene))

    assert response.status_code == 403
    assert changes() == before


@pytest.mark.parametrize(("name", "obj", "method", "data", "status"), KANSLI_URLS)
def test_the_kansli_may(client, scene, karin, name, obj, method, data, status):
    client.force_login(karin)

    response = call(client, method, url_of(name, obj, scene), data and data(scene))

    assert response.status_code == status, response.content.decode()[:3000]
    if method == "get":
        assert problems(response.content.decode()) == []


def test_a_draft_is_not_on_the_preparers_pages(client, karin, roll, alice):
    unsent = draft(by=alice, partner=roll[0].partner)
    client.force_login(karin)
    assert client.get(reverse("kansli_case", args=[unsent.pk])).status_code == 404
    assert client.get(reverse("kansli_case_correct", args=[unsent.pk])).status_code == 404
    assert unsent.title not in text(client.get(reverse("kansli_cases")))


def test_the_kansli_finds_the_inbox_in_its_menu_and_on_its_page(client, karin):
    client.force_login(karin)
    inbox = reverse("kansli_cases")
    assert f'href="{inbox}"' in client.get(reverse("kansli_meetings")).content.decode()
    assert f'href="{inbox}"' in client.get(reverse("dashboard")).content.decode()


# The inbox ------------------------------------------------------------------------------------


def _section(page: str, state: str) -> str:
    match = re.search(rf'<section id="status-{state}".*?</section>', page, re.S)
    assert match, f"no group for {state}"
    return match.group(0)


def test_the_inbox_groups_cases_by_state_with_their_meeting_and_deadlines(client, scene, karin, roll):
    client.force_login(karin)
    page = text(client.get(reverse("kansli_cases")))

    got = _section(page, "received")
    assert "SweCan 2026/1" in got and "Jämlik rehabilitering" in got
    assert roll[0].partner.name in got and roll[1].partner.name in got  # confirmed co-signer
    assert roll[2].partner.name not in got  # asked, not confirmed
    assert "2026-11-25" in got
    meeting = scene["meeting"]
    assert "Vintermötet, 13 februari 2027" in got
    assert f'Kallelse senast <time datetime="{meeting.planned_notice_date.isoformat()}">' in got
    assert 'Sista dag för ärenden <time datetime="2026-12-31">' in got

    preparing = _section(page, "in_preparation")
    assert "Tidig upptäckt" in preparing and "Expertpanel tidig upptäckt" in preparing
    deadline = scene["consultation"].deadline
    assert reverse("kansli_consultation", args=[scene["consultation"].pk]) in preparing
    assert f'<time datetime="{deadline.isoformat()}">' in preparing
    assert "Palliativ vård i hemmet" in _section(page, "prepared")
    assert "Inga ärenden." in _section(page, "on_agenda")


def test_a_queued_case_is_flagged(client, karin, roll, alice):
    late = received(by=alice, partner=roll[0].partner, title="Sent inkommet")  # no meeting planned at all
    assert late.target_meeting is None
    client.force_login(karin)

    got = _section(text(client.get(reverse("kansli_cases"))), "received")

    assert "Sent inkommet" in got and "Väntar på ett sammanträde" in got and "Tas upp vid nästa sammanträde" in got


def test_decided_and_withdrawn_cases_are_a_click_away(client, scene, karin, alice):
    services.case_withdraw(by=alice, case=scene["received"])
    client.force_login(karin)

    assert "Jämlik rehabilitering" not in text(client.get(reverse("kansli_cases")))
    closed = text(client.get(reverse("kansli_cases"), {"visa": "avslutade"}))
    assert "Jämlik rehabilitering" in _section(closed, "withdrawn")
    assert "Tidig upptäckt" not in closed


def _inbox_queries(client):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("kansli_cases")).status_code == 200
    return len(queries.captured_queries)


def _more_cases(karin, roll, n: int):
    for i in range(n):
        signed = roll[i % len(roll)]
        case = received(by=signed.user, partner=signed.partner, title=f"Ärende {i}")
        cosignature = services.case_cosign_request(by=signed.user, case=case, partner=roll[(i + 1) % 5].partner)
        services.case_cosign_confirm(by=roll[(i + 1) % 5].user, cosignature=cosignature)
        preparation.case_start_preparation(by=karin, case=case)
        consultation(karin=karin, case=case)
    a_meeting(karin, days_ahead=200 + n, title=f"Möte {n}")


def test_the_inbox_takes_the_same_number_of_queries_however_many_cases(client, karin, roll):
    a_meeting(karin)
    client.force_login(karin)
    _more_cases(karin, roll, 2)
    few = _inbox_queries(client)
    _more_cases(karin, roll, 6)

    assert _inbox_queries(client) == few


# A case --------------------------------------------------------------------------------------


def test_the_case_page_shows_the_template_cosigners_and_attachments(client, scene, karin, roll):
    client.force_login(karin)
    page = text(client.get(reverse("kansli_case", args=[scene["received"].pk])))

    for value in (TEMPLATE["background"], TEMPLATE["problem_or_opportunity"], TEMPLATE["justification"],
                  TEMPLATE["goals"], TEMPLATE["consequences"], "Rehabilitering", "Ordinarie ärende"):
        assert value in page
    assert re.search(rf"{roll[1].partner.name}: <span class=\"badge badge-ok\">bekräftat", page)
    assert re.search(rf"{roll[2].partner.name}: <span class=\"badge badge-warn\">inte bekräftat", page)
    assert "Kartläggning" in page
    assert reverse("kansli_case_document_withhold", args=[scene["document"].pk]) in page
    assert "Innehåller personuppgifter" in page
    assert reverse("kansli_case_document_release", args=[scene["withheld"].pk]) in page


@pytest.mark.parametrize(("obj", "offered", "not_offered"), [
    ("received", ["kansli_case_prepare", "kansli_case_correct"],
     ["kansli_consultation_new", "kansli_case_mark_prepared", "kansli_case_agenda", "kansli_case_group"]),
    ("preparing", ["kansli_consultation_new", "kansli_case_group", "kansli_case_proposal",
                   "kansli_case_mark_prepared", "kansli_case_correct"],
     ["kansli_case_prepare", "kansli_case_agenda"]),
    ("prepared", ["kansli_case_agenda", "kansli_case_proposal", "kansli_case_correct"],
     ["kansli_case_prepare", "kansli_consultation_new", "kansli_case_mark_prepared"]),
])
def test_the_case_page_offers_what_the_state_allows(client, scene, karin, obj, offered, not_offered):
    client.force_login(karin)
    page = client.get(reverse("kansli_case", args=[scene[obj].pk])).content.decode()
    for name in offered:
        assert reverse(name, args=[scene[obj].pk]) in page, name
    for name in not_offered:
        assert reverse(name, args=[scene[obj].pk]) not in page, name


def test_a_step_the_state_does_not_allow_is_refused_with_the_reason(client, scene, karin):
    client.force_login(karin)
    response = client.get(reverse("kansli_consultation_new", args=[scene["received"].pk]), follow=True)
    assert "En remiss kan bara skickas medan ärendet bereds." in text(response)

    response = client.post(reverse("kansli_case_prepare", args=[scene["preparing"].pk]), {"confirm": "yes"},
                           follow=True)
    assert "Beredningen av ärendet har redan börjat." in text(response)


def test_starting_preparation_asks_first(client, scene, karin):
    client.force_login(karin)
    url = reverse("kansli_case_prepare", args=[scene["received"].pk])
    page = text(client.post(url))  # no confirmation: only the question
    assert "Steget kan inte ångras" in page
    assert Case.objects.get(pk=scene["received"].pk).state == Case.State.RECEIVED

    client.post(url, {"confirm": "yes"})
    assert Case.objects.get(pk=scene["received"].pk).state == Case.State.IN_PREPARATION


def test_marking_prepared_without_a_proposal_says_why(client, karin, roll, alice, scene):
    case = in_preparation(karin=karin, by=alice, partner=roll[0].partner)
    client.force_login(karin)
    page = text(client.get(reverse("kansli_case_mark_prepared", args=[case.pk])))
    assert "Skriv förslaget till beslut innan ärendet markeras som berett" in page
    assert 'name="confirm"' not in page


def test_the_case_goes_to_a_group_the_au_set_up_not_to_a_new_one_made_here(client, scene, karin):
    """Groups are set up by the AU with the kansli's agreement (nominations); the case page only
    chooses among them, and links to where they are set up."""
    client.force_login(karin)
    url = reverse("kansli_case_group", args=[scene["preparing"].pk])
    page = client.get(url).content.decode()
    assert reverse("committee_groups") in page and 'name="ny-name"' not in page

    client.post(url, {"group": scene["group"].pk})
    assert Case.objects.get(pk=scene["preparing"].pk).preparation_group == scene["group"]


# Consultations ----------------------------------------------------------------------------------


def test_a_consultation_deadline_in_the_past_is_shown_next_to_the_field(client, scene, karin):
    client.force_login(karin)
    before = Consultation.objects.count()

    response = client.post(reverse("kansli_consultation_new", args=[scene["preparing"].pk]), {
        "question": "Hur?", "sectors": ["akademi"], "deadline": f"{TODAY - DAY}", "confirm": "yes"})

    assert response.status_code == 400
    assert "kan inte ha passerat" in field_errors(response, "deadline")
    response = client.post(reverse("kansli_consultation_new", args=[scene["preparing"].pk]), {
        "question": "Hur?", "deadline": f"{TODAY + DAY}"})
    assert "Välj minst en sektor." in field_errors(response, "sectors")
    assert Consultation.objects.count() == before


def test_a_consultation_is_sent_after_the_page_that_says_who_gets_it(client, scene, karin, roll, bob):
    client.force_login(karin)
    url = reverse("kansli_consultation_new", args=[scene["preparing"].pk])
    data = {"question": "Vilka screeningprogram har ni?", "sectors": ["akademi"], "deadline": f"{TODAY + 7 * DAY}"}
    before = Consultation.objects.count()

    page = text(client.post(url, data))

    assert "Ja, skicka remissen" in page and roll[1].partner.name in page and roll[0].partner.name not in page
    assert Consultation.objects.count() == before

    response = client.post(url, {**data, "confirm": "yes"})

    opened = Consultation.objects.get(question="Vilka screeningprogram har ni?")
    assert response["Location"] == reverse("kansli_consultation", args=[opened.pk])
    assert opened.question == "Vilka screeningprogram har ni?" and opened.sectors == ["akademi"]
    assert Message.objects.filter(kind="case_consultation", recipient=bob.email,
                                  payload__consultation_id=opened.pk).exists()


def test_the_answers_stand_side_by_side_with_the_partners_that_did_not_answer(client, scene, karin, roll, alice,
                                                                             bob):
    asked = scene["consultation"]
    services.consultation_answer_set(by=alice, consultation=asked, partner=roll[0].partner, text="Vi har en plan.")
    services.consultation_answer_set(by=bob, consultation=asked, partner=roll[1].partner, text="Vi saknar data.")
    client.force_login(karin)

    page = text(client.get(reverse("kansli_consultation", args=[asked.pk])))

    cards = re.findall(r'<article class="card"> <h3>(.*?)</h3>(.*?)</article>', page)
    assert [(name, "Vi har en plan." in card, "Vi saknar data." in card) for name, card in cards] == [
        (roll[1].partner.name, False, True), (roll[0].partner.name, True, False)]
    assert "1 partner i sektorerna har inte svarat" in page and roll[2].partner.name in page
    assert roll[3].partner.name not in page  # not a consulted sector
    assert 'name="summary"' not in page and "Sammanfatta svaren när svarstiden har gått ut" in page


def test_the_summary_is_written_once_the_answering_time_is_over(client, scene, karin, time_machine):
    asked = scene["consultation"]
    client.force_login(karin)
    url = reverse("kansli_consultation", args=[asked.pk])

    response = client.post(url, {"summary": "För tidigt"})
    assert "Remissen är öppen för svar till och med" in text(response)

    time_machine.move_to(timezone.now() + 20 * DAY, tick=False)
    client.force_login(karin)  # a new day, a new session
    assert 'name="summary"' in client.get(url).content.decode()
    response = client.post(url, {"summary": " "})
    assert "Skriv en sammanfattning av svaren." in field_errors(response, "summary")
    client.post(url, {"summary": "Sektorerna är överens."})
    asked.refresh_from_db()
    assert asked.summary == "Sektorerna är överens." and asked.summarised_by == karin
    assert "Sektorerna är överens." in text(client.get(url))


# The agenda -------------------------------------------------------------------------------------


def test_the_case_goes_on_the_agenda_after_a_confirmation(client, scene, karin, roll, alice):
    case = scene["prepared"]
    attach(case, by=karin, title="Underlag om hemsjukvård")
    late = a_meeting(karin, days_ahead=35, title="Extramötet")  # its case deadline has passed
    client.force_login(karin)
    url = reverse("kansli_case_agenda", args=[case.pk])

    page = text(client.get(url))
    assert f'<option value="{scene["meeting"].pk}" selected>Vintermötet' in page
    assert "Extramötet" in page and "Ärenden måste lämnas in senast 14 dagar före kallelsen" in page
    assert f'value="{late.pk}"' not in page

    page = text(client.post(url, {"meeting": scene["meeting"].pk}))
    assert "1 bilaga blir underlag till punkten" in page and "Underlag om hemsjukvård" in page
    assert Case.objects.get(pk=case.pk).state == Case.State.PREPARED

    page = text(client.post(url, {"meeting": scene["meeting"].pk, "confirm": "yes"}, follow=True))
    assert "står som § 1 på dagordningen för Vintermötet" in page
    agenda = text(client.get(reverse("kansli_meeting", args=[scene["meeting"].pk])))
    assert f"{case.reference} Palliativ vård i hemmet" in agenda and "Underlag om hemsjukvård" in agenda


def test_after_the_kallelse_the_page_warns_that_the_item_is_late(client, scene, karin, time_machine):
    meeting = scene["meeting"]
    mf.add_item(meeting, by=karin)
    time_machine.move_to(mf.local(meeting.planned_notice_date), tick=False)
    mf.send_notice(meeting, by=karin)
    client.force_login(karin)
    url = reverse("kansli_case_agenda", args=[scene["prepared"].pk])

    assert "Punkten markeras därför som tillagd efter kallelsen" in text(client.post(url, {"meeting": meeting.pk}))
    page = text(client.post(url, {"meeting": meeting.pk, "confirm": "yes"}, follow=True))

    assert "Kallelsen är redan skickad: punkten markeras som tillagd efter kallelsen" in page
    assert "Tillagd efter kallelsen" in page


# Corrections and attachments ----------------------------------------------------------------------


def test_a_correction_needs_a_reason_next_to_the_field(client, scene, karin):
    client.force_login(karin)
    url = reverse("kansli_case_correct", args=[scene["received"].pk])

    response = client.post(url, {**CORRECTION, "reason": ""})

    assert response.status_code == 400
    assert "Ange skälet till rättelsen" in field_errors(response, "reason")
    assert Case.objects.get(pk=scene["received"].pk).version == 1


def test_the_versions_show_each_correction_with_its_reason(client, scene, karin):
    client.force_login(karin)
    client.post(reverse("kansli_case_correct", args=[scene["received"].pk]), CORRECTION)

    page = text(client.get(reverse("kansli_case", args=[scene["received"].pk])))

    versions = re.search(r'<section id="versioner".*?</section>', page, re.S).group(0)
    assert "Rubriken var ofullständig" in versions and "Karin Kansli" in versions
    assert "Tidigare:</span> <span class=\"keep-lines\">Jämlik rehabilitering</span>" in versions
    assert "<h1><span class=\"nowrap\">SweCan 2026/1</span> Jämlik rehabilitering efter cancer</h1>" in page


def test_withholding_an_attachment_needs_a_reason(client, scene, karin):
    client.force_login(karin)
    url = reverse("kansli_case_document_withhold", args=[scene["document"].pk])

    assert "Ange skälet" in field_errors(client.post(url, {"reason": ""}), "reason")
    page = text(client.post(url, {"reason": "Sekretess enligt OSL"}, follow=True))

    assert "”Kartläggning” visas nu bara för kansliet." in page and "Sekretess enligt OSL" in page
    response = client.get(url, follow=True)
    assert "Bilagan visas redan bara för kansliet." in text(response)


def test_a_rule_change_shows_its_diff_and_its_numbers_are_corrected_with_the_same_checks(client, karin, roll,
                                                                                       alice, scene):
    case = received(by=alice, partner=roll[0].partner, kind="rule_change", title="Längre tid för ärenden",
                    proposed_parameters={"case_days_before_notice": 21})
    client.force_login(karin)
    response = client.get(reverse("kansli_case", args=[case.pk]))
    assert problems(response.content.decode()) == []
    page = text(response)
    assert "Föreslagen ändring av arbetsordningen" in page
    assert re.search(r"Ärenden senast, antal dagar före kallelsen</th><td class=\"num\"><del>14</del></td>"
                     r"<td class=\"num\"><ins>21</ins>", page)

    url = reverse("kansli_case_correct", args=[case.pk])
    data = {**TEMPLATE, "title": case.title, "proposed_text": "", "case_days_before_notice": "-3",
            "reason": "Fel antal dagar"}
    response = client.post(url, data)
    assert "negativt" in field_errors(response, "case_days_before_notice")
    assert Case.objects.get(pk=case.pk).version == 1

    client.post(url, {**data, "case_days_before_notice": "20"})
    case.refresh_from_db()
    assert (case.version, case.proposed_parameters) == (2, {"case_days_before_notice": 20})
    versions = text(client.get(reverse("kansli_case", args=[case.pk])))
    assert "Ärenden senast, antal dagar före kallelsen: 21" in versions  # the earlier wording
