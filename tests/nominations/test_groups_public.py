"""/arbetsgrupper/: the public list of working groups and expert panels (§ 2.2; R12) with purpose,
goal, period and the members' organisations, never the people; served from the page cache and
re-rendered when a group or its members change, in a fixed number of queries."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from nominations import groups
from nominations.models import WorkingGroup
from swecan import public_cache
from tests.meetings import factories as mf
from tests.nominations.helpers_groups import (
    GOAL,
    PURPOSE,
    consulted,
    decided,
    established,
    initiate,
)
from tests.nominations.helpers_seats import MEETING_DAYS_AHEAD

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_pages():
    public_cache.clear_local()
    yield
    public_cache.clear_local()


def _page(client) -> str:
    response = client.get(reverse("public_groups"))
    assert response.status_code == 200
    return response.content.decode()


def test_established_groups_show_with_their_members_organisations_only(client, karin, roll):
    group = established(karin, name="Expertpanel bild", kind=WorkingGroup.Kind.EXPERT_PANEL)
    groups.group_member_add(by=karin, group=group, representative=roll[0].representative, is_leader=True)
    groups.group_member_add(by=karin, group=group, name="Eva Expert", organisation="Lunds universitet",
                            email="eva@lu.example")
    initiate(karin, name="Inte inrättad än")
    page = _page(client)
    assert "Expertpanel bild" in page and PURPOSE in page and GOAL in page
    assert roll[0].partner.name in page and "Lunds universitet" in page
    assert "25 november 2026–24 maj 2027" in page
    assert roll[0].representative.name not in page and roll[0].representative.email not in page
    assert "Eva Expert" not in page and "eva@lu.example" not in page
    assert "Inte inrättad än" not in page


def test_a_permanent_group_awaiting_the_decision_says_so(client, karin, roll, time_machine):
    group = consulted(karin, name="Permanent arbetsgrupp")
    assert "Permanent arbetsgrupp" not in _page(client)  # not yet proposed
    groups.group_propose_to_partnership(by=karin, group=group, meeting=mf.plan(by=karin, days_ahead=MEETING_DAYS_AHEAD))
    page = _page(client)
    assert "Permanent arbetsgrupp" in page and "Väntar på partnerskapets beslut" in page


def test_a_decided_permanent_group_is_running(client, karin, roll, time_machine):
    decided(karin, roll, clock=time_machine, name="Permanent arbetsgrupp")
    page = _page(client)
    assert "Permanent arbetsgrupp" in page and "Pågår" in page and "utan slutdatum" in page


def test_a_change_shows_on_the_next_request(client, karin, roll):
    group = established(karin)
    assert roll[1].partner.name not in _page(client)
    member = groups.group_member_add(by=karin, group=group, representative=roll[1].representative)
    assert roll[1].partner.name in _page(client)
    groups.group_member_remove(by=karin, member=member, on=timezone.localdate())
    assert roll[1].partner.name not in _page(client)
    established(karin, name="Ny grupp")
    assert "Ny grupp" in _page(client)


def test_a_cached_page_is_served_without_queries(client, karin, roll):
    established(karin)
    _page(client)
    with CaptureQueriesContext(connection) as ctx:
        _page(client)
    assert len(ctx.captured_queries) == 0


def _queries(client) -> int:
    public_cache.clear_local()  # the render, not the page cache, is what must not grow
    with CaptureQueriesContext(connection) as ctx:
        _page(client)
    return len(ctx.captured_queries)


def test_the_queries_do_not_grow_with_the_groups(client, karin, roll, django_assert_max_num_queries):
    group = established(karin, name="Grupp 0")
    groups.group_member_add(by=karin, group=group, representative=roll[0].representative)
    few = _queries(client)
    for n in range(1, 6):
        group = established(karin, name=f"Grupp {n}", ends_on=datetime.date(2027, 5, 1))
        for signed in roll[:n]:
            groups.group_member_add(by=karin, group=group, representative=signed.representative)
        groups.group_member_add(by=karin, group=group, name="Extern", organisation=f"Org {n}", email=f"e{n}@x.se")
    public_cache.clear_local()
    with django_assert_max_num_queries(few):
        assert _page(client).count("Grupp ") == 6
