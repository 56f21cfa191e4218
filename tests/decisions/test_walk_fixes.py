"""What the walk-through of the case pages fixed, as a user notices it: a co-signer can open the
draft it stands behind from its own list, the case page says why a case cannot be marked prepared
yet instead of offering a button that only refuses, the rule-change part of the template is folded
away on an ordinary case, a co-signer reads the whole template before confirming, and the
preparers' inbox stacks its columns on a phone."""

import re

import pytest
from django.urls import reverse

from decisions import preparation, services
from decisions.models import Case
from tests.decisions.factories import TEMPLATE, draft
from tests.decisions.helpers_prepare import in_preparation
from tests.swecan.test_valid_html import problems

pytestmark = pytest.mark.django_db


def text(response) -> str:
    return re.sub(r"\s+", " ", response.content.decode())


@pytest.fixture
def asked(roll, alice):
    """Alice's draft, and a request to Bob's partner to co-sign it."""
    case = draft(by=alice, partner=roll[0].partner, title="Alices utkast")
    return services.case_cosign_request(by=alice, case=case, partner=roll[1].partner)


def test_a_confirmed_cosigner_opens_the_draft_from_its_list_and_cannot_change_it(client, asked, bob):
    url = reverse("my_case", args=[asked.case.pk])
    client.force_login(bob)
    assert client.get(url).status_code == 404  # asked, not yet confirmed: nothing to see
    services.case_cosign_confirm(by=bob, cosignature=asked)

    listed = text(client.get(reverse("my_cases")))
    assert f'href="{url}"' in listed
    response = client.get(url)
    assert response.status_code == 200
    page = text(response)
    assert "Alices utkast" in page and TEMPLATE["proposal"] in page
    assert 'name="action"' not in page and "Återkalla utkastet" not in page  # read only
    assert problems(response.content.decode()) == []

    posted = client.post(url, {**TEMPLATE, "title": "Bobs rubrik", "kind": "ordinary", "action": "save"})
    assert posted.status_code == 200
    asked.case.refresh_from_db()
    assert asked.case.title == "Alices utkast" and asked.case.state == Case.State.DRAFT


def test_the_case_page_says_why_it_cannot_be_marked_prepared_until_the_proposal_is_written(
        client, karin, roll, bob):
    case = in_preparation(karin=karin, by=bob, partner=roll[1].partner, title="Tidig upptäckt")
    url = reverse("kansli_case", args=[case.pk])
    mark = reverse("kansli_case_mark_prepared", args=[case.pk])
    client.force_login(karin)
    page = text(client.get(url))
    assert f'href="{mark}"' not in page
    assert "Skriv förslaget till beslut innan ärendet markeras som berett." in page
    assert f'href="{reverse("kansli_case_proposal", args=[case.pk])}"' in page

    preparation.case_proposal_save(by=karin, case=case, text="Partnerskapet beslutar enligt förslaget.")
    page = text(client.get(url))
    assert f'href="{mark}"' in page
    assert "Skriv förslaget till beslut innan ärendet markeras som berett." not in page


def test_the_rule_change_part_is_folded_away_unless_the_case_changes_the_arbetsordning(client, roll, alice):
    folded = re.compile(r'<details>\s*<summary>Bara för en ändring av arbetsordningen</summary>')
    unfolded = re.compile(r'<details open>\s*<summary>Bara för en ändring av arbetsordningen</summary>')
    client.force_login(alice)
    assert folded.search(client.get(reverse("case_new")).content.decode())

    change = draft(by=alice, partner=roll[0].partner, kind=Case.Kind.RULE_CHANGE, title="Kortare kallelsetid")
    assert unfolded.search(client.get(reverse("my_case", args=[change.pk])).content.decode())

    # A value typed into the folded part opens it again after a refused submission.
    response = client.post(reverse("case_new"), {**TEMPLATE, "kind": "ordinary", "proposed_text": "",
                                                 "case_days_before_notice": "-3", "action": "save"})
    assert response.status_code == 400
    assert unfolded.search(response.content.decode())


def test_a_cosigner_reads_the_whole_template_before_confirming(client, asked, bob):
    client.force_login(bob)
    page = text(client.get(reverse("cosignature_confirm", args=[asked.pk])))
    for value in (TEMPLATE["problem_or_opportunity"], TEMPLATE["goals"], TEMPLATE["consequences"],
                  "Rehabilitering"):
        assert value in page


def test_the_inbox_names_each_column_when_it_stacks_on_a_phone(client, karin, roll, bob):
    in_preparation(karin=karin, by=bob, partner=roll[1].partner, title="Tidig upptäckt")
    client.force_login(karin)
    page = client.get(reverse("kansli_cases")).content.decode()
    assert '<table class="stacked-table">' in page
    for label in ("Inlämnat av", "Inkom", "Sammanträde", "Remisser"):
        assert f'data-label="{label}"' in page


@pytest.mark.parametrize(("action", "then"), [("attach", "case_attach"), ("cosign", "case_cosign_request")])
def test_leaving_the_draft_for_an_attachment_or_a_cosigner_saves_what_was_typed_first(
        client, roll, alice, action, then):
    case = draft(by=alice, partner=roll[0].partner, title="Alices utkast")
    client.force_login(alice)
    form = text(client.get(reverse("my_case", args=[case.pk])))
    assert f'form="case-form" name="action" value="{action}"' in form

    response = client.post(reverse("my_case", args=[case.pk]), {
        **TEMPLATE, "title": "Alices utkast", "background": "Skrivet precis innan.", "kind": "ordinary",
        "action": action})

    assert response.status_code == 302 and response.url == reverse(then, args=[case.pk])
    assert Case.objects.get(pk=case.pk).background == "Skrivet precis innan."


def test_the_template_says_which_fields_a_submission_needs_though_a_draft_saves_without_them(client, roll, alice):
    client.force_login(alice)
    page = text(client.get(reverse("case_new")))
    assert page.count("(krävs för att lämna in)") == len(Case.REQUIRED_FIELDS) - 1  # the title: obligatoriskt
    assert page.count("(obligatoriskt)") == 2  # the title and the kind of case


def test_a_rule_change_proposes_the_day_it_takes_effect_which_must_be_ahead(client, roll, alice, arbetsordning_v1):
    import datetime

    from django.utils import timezone

    client.force_login(alice)
    fields = {**TEMPLATE, "title": "Kortare kallelsetid", "kind": "rule_change", "notice_days": "21",
              "action": "save"}
    today = timezone.localdate()
    refused = client.post(reverse("case_new"), {**fields, "proposed_effective_from": today.isoformat()})
    assert refused.status_code == 400
    assert "Välj en dag efter i dag" in text(refused) and not Case.objects.exists()

    ahead = today + datetime.timedelta(days=90)
    saved = client.post(reverse("case_new"), {**fields, "proposed_effective_from": ahead.isoformat()})
    assert saved.status_code == 302
    assert Case.objects.get().proposed_effective_from == ahead
