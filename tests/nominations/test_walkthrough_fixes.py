"""Fixes from the walk-through of issue 11: tables that stack on a phone, the round's state at the
top of /nominering/ with the sectors in their canonical order, the open-a-round form's defaults,
the year-1 checklist (done duties without their form, § 8.2 computed, the § 9 reminder) and the
working group's page (an empty leaving date, the add list without current members, awaiting the
decision said once). "Today" is 2026-11-25 (operating year 1)."""

import datetime
import re

import pytest
from django.urls import reverse

from decisions import voting
from nominations import groups, rounds, year1
from nominations.models import GroupMember, Reminder
from partnership.models import Sector
from swecan import public_cache
from swecan.contacts import chair_contact_save
from tests.decisions.helpers_roll import first_and_later, under_way
from tests.meetings import factories as mf
from tests.nominations import helpers_rounds as h
from tests.nominations.helpers_groups import consulted, established
from tests.nominations.helpers_rounds import valid
from tests.nominations.helpers_seats import START, appoint, elect

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_pages():
    public_cache.clear_local()


def _table(html: str, caption: str) -> str:
    """The <table> whose caption holds `caption`."""
    for table in re.findall(r"<table.*?</table>", html, re.S):
        if caption in table:
            return table
    raise AssertionError(f"no table with {caption!r}")


def _stacks(table: str) -> None:
    """A stacked table: the class, and every data cell with content labelled."""
    assert 'class="stacked-table"' in table
    for cell in re.findall(r"<td(?![^>]*colspan)[^>]*>", table):
        assert "data-label=" in cell, cell


# 1 and 6: tables stack on a phone ---------------------------------------------------------------------------


def test_the_groups_list_stacks_on_a_phone(client, karin, roll):
    established(karin)
    client.force_login(karin)
    html = valid(client.get(reverse("committee_groups")))
    _stacks(_table(html, "1 grupp"))


def test_the_rounds_nominations_stack_on_a_phone(client, karin):
    round_ = h.open_round(karin)
    h.nominate(h.call_of(round_))
    client.force_login(karin)
    html = valid(client.get(reverse("kansli_round", args=[2027])))
    _stacks(_table(html, "1 nominering inom"))


def test_the_chair_and_vice_chair_table_stacks_on_a_phone(client, karin, roll, time_machine):
    appointed = appoint(karin, roll, clock=time_machine, starts_on=START, day=datetime.date(2026, 12, 28))
    elect(karin, appointed[0], "chair", clock=time_machine, day=datetime.date(2027, 1, 12), present=roll)
    client.force_login(karin)
    html = valid(client.get(reverse("kansli_committee")))
    _stacks(_table(html, "Valda av arbetsutskottets ledamöter"))


def test_the_stylesheet_keeps_names_whole_in_a_stacked_table():
    from django.conf import settings

    css = (settings.BASE_DIR / "static" / "css" / "site.css").read_text()
    assert ".stacked-table td a, .stacked-table th a { overflow-wrap: break-word; }" in css


# 2: the public page says the round's state at the top --------------------------------------------------------


def _top(html: str) -> str:
    return html[html.index("<h1"):html.index('id="omgang"') if 'id="omgang"' in html else html.index('id="utfall"')]


def test_an_open_round_says_until_when_per_sector_in_the_canonical_order(client, karin):
    first, _later = first_and_later(karin)
    h.open_round(karin)
    html = valid(client.get(reverse("public_nominations")))
    top = _top(html)
    assert "Nomineringen till partnerskapet 2027 är öppen." in top
    assert "Akademi och forskning: till och med 15 december 2026" in top
    assert f"{first.title} den 20 januari 2027" in top and "Kansliet bedömer nomineringarna" in top
    # The sectors in Sector.choices' order, at the top and in the calls (not alphabetical).
    labels = [str(label) for _code, label in Sector.choices]
    for part in (top, html[html.index('id="omgang"'):]):
        places = [part.index(label) for label in labels]
        assert places == sorted(places)
    # The round's introduction replaces the general one: said once.
    assert "Välkommen att nominera." in html and "Från SweCans andra verksamhetsår" not in html
    assert '<dl class="facts">' in html


def test_a_closed_round_says_when_it_closed_and_where_the_partnership_decides(client, karin, roll, time_machine):
    first, _later = first_and_later(karin)
    h.open_round(karin)
    time_machine.move_to(h.AFTER_DEADLINE, tick=False)
    html = valid(client.get(reverse("public_nominations")))
    top = _top(html)
    assert "Nomineringen till partnerskapet 2027 stängde den 15 december 2026." in top
    assert "Partnerskapet beslutar om den vid årets första sammanträde" in top and first.title in top
    assert "nomineringen är stängd" not in html  # said once at the top, not under each of the five calls
    # Planned only: not on the public calendar yet, so no link.
    assert reverse("public_meetings") not in top
    mf.add_item(first, by=karin)
    mf.send_notice(first, by=karin)
    public_cache.clear_local()
    top = _top(valid(client.get(reverse("public_nominations"))))
    assert f'href="{reverse("public_meetings")}"' in top


def test_a_decided_round_says_so_at_the_top(client, karin, time_machine):
    signed = mf.signed_roll()
    first, _later = first_and_later(karin)
    round_ = h.open_round(karin)
    h.review(karin, h.nominate(h.call_of(round_)))
    time_machine.move_to(h.AFTER_DEADLINE, tick=False)
    round_ = rounds.round_compile(by=karin, round=round_, meeting=first)
    under_way(first, karin=karin, clock=time_machine, present=signed)
    voting.decision_by_consensus(by=karin, item=round_.list_item, wording="Antas.")
    html = valid(client.get(reverse("public_nominations")))
    assert "Partnerskapet beslutade om förteckningen för 2027 den 20 januari 2027." in _top(html)


# 3: the open-a-round form's defaults -------------------------------------------------------------------------


def test_the_form_suggests_the_next_year_without_a_round_and_the_last_criteria(client, karin):
    client.force_login(karin)
    html = valid(client.get(reverse("kansli_rounds")))
    assert re.search(r'name="year" value="2027"', html)
    assert "Urval inom akademi" not in html
    h.open_round(karin)
    html = valid(client.get(reverse("kansli_rounds")))
    assert re.search(r'name="year" value="2028"', html)
    assert "Urval inom akademi</textarea>" in html and "Urval inom civilsamhalle</textarea>" in html


def test_the_next_year_skips_a_year_1_roll(settings, db):
    settings.SWECAN_YEAR1_START = datetime.date(2026, 6, 1)  # 1 January 2027 is in operating year 1
    assert rounds.next_round_year(datetime.date(2026, 11, 25)) == 2028


# 4: the year-1 checklist ------------------------------------------------------------------------------------


def test_a_done_duty_shows_who_marked_it_not_the_form(client, karin):
    year1.year1_duty_mark(by=karin, key="evaluation", done_on=datetime.date(2026, 11, 20), note="Beslutat i AU")
    client.force_login(karin)
    html = valid(client.get(reverse("kansli_year1")))
    section = html[html.index('id="evaluation"'):html.index("</section>", html.index('id="evaluation"'))]
    assert "evaluation-done_on" not in section and "Markera som klar" not in section
    assert "Markerad som klar den 20 november 2026 av" in section and karin.get_full_name() in section
    assert "Beslutat i AU" in section
    # A duty not done still has its form, with today's date.
    assert 'name="physical_meetings-done_on"' in html
    assert f'href="{reverse("dashboard")}"' in html


def test_the_chair_duty_is_computed_from_the_chairs_contact(client, karin):
    client.force_login(karin)
    html = valid(client.get(reverse("kansli_year1")))
    assert "Partnerskapets ordförande är inte registrerad under Kontakt." in html
    chair_contact_save(role="chair", by=karin, name="Olof Ordförande", organisation="Stadens kommun",
                       email="olof@example.se")
    state = {s.duty.key: s for s in year1.checklist()}["chair"]
    assert not state.done and "inte Socialstyrelsen" in state.computed
    chair_contact_save(role="chair", by=karin, name="Sara Ordförande", organisation="Socialstyrelsen",
                       email="sara@socialstyrelsen.se")
    html = valid(client.get(reverse("kansli_year1")))
    section = html[html.index('id="chair"'):html.index("</section>", html.index('id="chair"'))]
    assert "Partnerskapets ordförande är Sara Ordförande, Socialstyrelsen." in section
    assert "chair-done_on" not in section and "badge-ok" in section


def test_the_checklist_tells_of_the_yearly_review_reminder(client, karin):
    client.force_login(karin)
    html = valid(client.get(reverse("kansli_year1")))
    assert "(§ 9)" in html and "påminns varje år den 1 februari" in html
    assert "Påminnelsen för 2026 är inte skickad än; den skickas vid nästa dagliga körning." in html
    Reminder.objects.create(key="rules-review:2026")
    html = valid(client.get(reverse("kansli_year1")))
    assert "Årets påminnelse skickades den 25 november 2026." in html
    assert "Nästa påminnelse skickas den 1 februari 2027." in html


def test_before_1_february_the_checklist_names_the_coming_reminder(client, karin, time_machine):
    time_machine.move_to(mf.local(datetime.date(2027, 1, 20)), tick=False)
    client.force_login(karin)
    html = valid(client.get(reverse("kansli_year1")))
    assert "Nästa påminnelse skickas den 1 februari 2027." in html and "inte skickad än" not in html


# 5: the working group's page --------------------------------------------------------------------------------


def test_leaving_needs_a_typed_date(client, karin, roll):
    group = established(karin)
    member = groups.group_member_add(by=karin, group=group, representative=roll[0].representative)
    client.force_login(karin)
    html = valid(client.get(reverse("committee_group", args=[group.pk])))
    field = re.search(rf'<input[^>]*id="lamnar{member.pk}_on"[^>]*>', html).group(0)
    assert "value=" not in field and "required" in field
    response = client.post(reverse("committee_group_member_remove", args=[group.pk, member.pk]), {"on": ""})
    assert valid(response, 400) and "Ange från vilken dag medlemmen lämnar gruppen." in response.content.decode()
    member.refresh_from_db()
    assert member.left_on is None


def test_the_add_list_leaves_out_current_members(client, karin, roll, time_machine):
    group = established(karin)
    current = groups.group_member_add(by=karin, group=group, representative=roll[0].representative)
    left = groups.group_member_add(by=karin, group=group, representative=roll[1].representative)
    groups.group_member_remove(by=karin, member=left, on=datetime.date(2026, 11, 25))
    time_machine.move_to(mf.local(datetime.date(2026, 11, 26)), tick=False)
    client.force_login(karin)
    html = valid(client.get(reverse("committee_group", args=[group.pk])))
    select = re.search(r'<select name="representative".*?</select>', html, re.S).group(0)
    assert f'value="{current.representative_id}"' not in select
    assert f'value="{roll[1].representative.pk}"' in select  # left: may join again
    assert GroupMember.objects.filter(group=group).count() == 2


def test_an_expert_panel_awaiting_the_decision_says_so_once(client, karin):
    group = consulted(karin, name="Expertpanel bilddiagnostik", kind="expert_panel")
    client.force_login(karin)
    html = valid(client.get(reverse("committee_group", args=[group.pk])))
    assert html.lower().count("väntar på partnerskapets beslut") == 1
