"""The AU's pages in Chromium, checked with axe: the public page, the kansli's page with seats,
vacancies, an officer and a past seat, and the forms showing their errors."""

import datetime

import pytest
from django.conf import settings
from django.test import Client

from nominations import seats
from tests.conftest import assert_accessible
from tests.meetings import factories as mf
from tests.nominations.helpers_seats import appoint, elect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _as(page, live_server, user):
    """The browser carries `user`'s session (logged in as the test client does)."""
    client = Client()
    client.force_login(user)
    page.context.add_cookies([{"name": settings.SESSION_COOKIE_NAME,
                               "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                               "url": live_server.url}])


def test_the_au_pages_are_accessible(page, live_server, arbetsordning_v1, karin, roll, time_machine, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    appointed = appoint(karin, roll, clock=time_machine, starts_on=datetime.date(2027, 1, 1),
                        day=datetime.date(2026, 12, 28))
    elect(karin, appointed[0], "chair", clock=time_machine, day=datetime.date(2027, 1, 12), present=roll)
    time_machine.move_to(mf.local(datetime.date(2027, 2, 1)), tick=False)
    seats.seat_vacate(by=karin, seat=appointed[4], on=datetime.date(2027, 2, 1), reason="Ny tjänst")

    page.goto("/arbetsutskott/")
    assert page.get_by_role("heading", level=1, name="Arbetsutskottet").is_visible()
    assert page.get_by_role("cell", name="Vakant").count() == 11
    assert_accessible(page, "au-01-public")

    _as(page, live_server, karin)
    page.goto("/kansli/arbetsutskott/")
    assert page.get_by_role("heading", level=1, name="Arbetsutskottet").is_visible()
    page.get_by_text("1 avslutat mandat").click()
    assert_accessible(page, "au-02-kansli")

    page.goto("/kansli/arbetsutskott/foresla/")
    page.get_by_role("button", name="Föreslå ledamoten").click()
    assert page.get_by_role("alert").is_visible()
    assert_accessible(page, "au-03-seat-form-errors")

    page.goto("/kansli/arbetsutskott/val/")
    page.get_by_role("button", name="För upp valet på dagordningen").click()
    assert page.get_by_role("alert").is_visible()
    assert_accessible(page, "au-04-election-form-errors")

    page.goto(f"/kansli/arbetsutskott/plats/{appointed[1].pk}/lamnar/")
    assert_accessible(page, "au-05-vacate")
