"""Presence in a real browser: an advance answer that does not count, then the kansli checks
33 of 65 partners in on the one-page list and the meeting becomes quorate (R3).

The roll is 65 partners over all five sectors (33 needed). The meeting is noticed three and a
half months ahead; for the check-in it is moved to the present (the browser runs in real time).
"""

import itertools

import pytest

from meetings import services
from tests.browser.helpers import eager_tasks_and_locmem_mail, log_in, log_in_kansli, log_out
from tests.conftest import assert_accessible
from tests.meetings.factories import happening_now, noticed
from tests.partnership.factories import PASSWORD, signed_partner

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# 65 partners, within the year-1 caps (27, 15, 9, 20, 3).
SECTORS = {"halso_sjukvard": 20, "akademi": 13, "myndigheter": 9, "civilsamhalle": 20, "naringsliv": 3}


@pytest.fixture(autouse=True)
def _eager_tasks_and_locmem_mail(settings):
    yield from eager_tasks_and_locmem_mail(settings)


@pytest.fixture
def roll_of_65(karin, arbetsordning_v1):
    """65 signed partners over the five sectors (Karin is in tests/conftest.py)."""
    return [signed_partner(sector=sector, name=f"{sector.replace('_', ' ').title()} partner {n + 1:02d}",
                           email=f"rep-{sector}-{n}@partner.example")
            for sector, count in SECTORS.items() for n in range(count)]


def panel_text(page) -> str:
    return page.locator("#quorum-panel").inner_text()


def test_an_advance_answer_does_not_count_and_33_check_ins_make_the_meeting_quorate(
        page, karin, karin_totp_secret, roll_of_65):
    meeting = noticed(by=karin, days_ahead=105)
    first = roll_of_65[0]

    # Three and a half months ahead, a representative answers "Vi kommer".
    log_in(page, first.representative.email, PASSWORD)
    page.goto(f"/moten/{meeting.pk}/")
    answer = page.get_by_role("region", name=f"Kommer {first.partner.name}?")
    answer.get_by_label("Vi kommer").check()
    answer.get_by_label("Meddelande till kansliet").fill("Vi kommer två personer.")
    with page.expect_navigation():
        answer.get_by_role("button", name="Skicka svaret").click()
    assert page.get_by_role("status").get_by_text("Ert svar är sparat.").is_visible()
    assert "Ert svar: Vi kommer" in page.get_by_role("region", name=f"Kommer {first.partner.name}?").inner_text()
    assert "Jag är här" not in page.content()
    assert "0 av 65 partners på röstlängden närvarande" in panel_text(page)
    assert "Inte beslutsfört" in panel_text(page)
    assert_accessible(page, "presence-01-advance-answer")
    assert services.quorum_at(meeting, meeting.starts_at)["present"] == 0
    log_out(page)

    # The kansli sees the expected turnout weeks ahead.
    log_in_kansli(page, karin.email, PASSWORD, karin_totp_secret)
    page.goto(f"/kansli/moten/{meeting.pk}/")
    turnout = page.get_by_role("region", name="Svar inför mötet")
    assert "1 av 65 partners har svarat att de kommer" in turnout.inner_text()
    assert "Mötet blir inte beslutsfört med de svar som har kommit in" in turnout.inner_text()
    assert_accessible(page, "presence-02-expected-turnout")

    # The day comes: the kansli opens the check-in list.
    happening_now(meeting)
    page.goto(f"/kansli/moten/{meeting.pk}/")
    with page.expect_navigation():
        page.get_by_role("link", name="Öppna närvarolistan").click()
    assert page.get_by_role("heading", level=1, name="Närvarolista").is_visible()
    with page.expect_navigation():
        page.get_by_role("button", name="Öppna incheckningen").click()
    assert page.get_by_role("status").get_by_text("Mötets status är ändrad.").is_visible()
    assert "Vi kommer" in page.locator(f"#p-{first.partner.pk}").inner_text()
    assert_accessible(page, "presence-03-checkin-list")

    # Filtering by name, without JavaScript's help: a GET form.
    search = page.get_by_role("searchbox", name="Sök partner")
    search.fill("Naringsliv")
    search.press("Enter")
    assert "Visar 3 av 65 partners." in page.content()
    page.get_by_role("link", name="Visa alla").click()

    # 33 partners arrive, round-robin over the sectors so that every sector is present.
    by_sector = [[sp for sp in roll_of_65 if sp.partner.sector == s] for s in SECTORS]
    arriving = [sp for sp in itertools.chain(*itertools.zip_longest(*by_sector)) if sp][:33]
    for index, signed in enumerate(arriving):
        row = page.locator(f"#p-{signed.partner.pk}")
        # Wait for the page the POST leads to, not the one already loaded.
        with page.expect_navigation():
            if index == 0:  # by keyboard: Tab from the time field to the button, Enter
                row.get_by_label(f"Tid för {signed.partner.name}").focus()
                page.keyboard.press("Tab")
                page.keyboard.press("Enter")
            else:
                row.get_by_role("button", name=f"Kom nu – {signed.partner.name}").click()
        assert page.locator(f"#p-{signed.partner.pk}").get_by_role("button").inner_text().startswith("Gick nu")
        if index == 31:
            assert "32 av 65" in panel_text(page)
            assert "Inte beslutsfört" in panel_text(page)

    assert "33 av 65 partners på röstlängden närvarande; minst 33 krävs." in panel_text(page)
    assert "Beslutsfört" in panel_text(page) and "Inte beslutsfört" not in panel_text(page)
    assert services.quorum_at(meeting, services.timezone.now())["verdict"].ok
    assert_accessible(page, "presence-04-quorate-sv")

    # The same list in English and on a phone.
    with page.expect_navigation():  # the page the click leads to, not the one loaded
        page.get_by_role("button", name="In English").click()
    assert_accessible(page, "presence-05-quorate-en")
    page.set_viewport_size({"width": 390, "height": 844})
    page.reload()
    width = page.evaluate("() => document.documentElement.scrollWidth")
    assert width <= 390, f"the check-in list is {width} px wide on a 390 px phone"
    assert_accessible(page, "presence-06-quorate-phone")
