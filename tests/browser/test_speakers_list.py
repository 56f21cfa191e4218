"""The speakers' list in real browsers (issue 10): Alice, present at the meeting, asks for the floor
from her own browser; the kansli sees her and then another speaker arrive in the room without a
reload, gives Alice the floor, and Alice's page says so by itself (htmx polling every 5 s). Both
pages are checked with axe, the representative's on a phone."""

import pytest

from decisions import speakers
from meetings import services
from meetings.models import Meeting
from tests.browser.helpers import eager_tasks_and_locmem_mail, log_in, log_in_kansli
from tests.conftest import assert_accessible
from tests.meetings.factories import add_item, happening_now, plan, send_notice
from tests.partnership.factories import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
ITEM = "Nationell plan för screening"


@pytest.fixture(autouse=True)
def _eager_tasks_and_locmem_mail(settings):
    yield from eager_tasks_and_locmem_mail(settings)


@pytest.fixture
def kansli_page(open_window):
    """A second browser window for the kansli."""
    return open_window()


def test_a_representative_asks_for_the_floor_and_the_kansli_gives_it(
        page, kansli_page, karin, karin_totp_secret, roll, arbetsordning_v1):
    meeting = plan(by=karin, days_ahead=40)
    item = add_item(meeting, by=karin, title=ITEM, kind="discussion")
    send_notice(meeting, by=karin)
    meeting = happening_now(meeting)
    services.meeting_set_state(by=karin, meeting=meeting, state=Meeting.State.OPEN)
    for signed in (roll[0], roll[2]):
        services.attendance_register(by=karin, meeting=meeting, partner=signed.partner,
                                     arrived_at=meeting.starts_at)

    # Alice, on her phone, at the meeting page.
    page.set_viewport_size(PHONE)
    log_in(page, roll[0].user.email, PASSWORD)
    page.goto(f"/moten/{meeting.pk}/")
    block = page.locator(f"#ordet-{item.pk}")
    with page.expect_navigation():
        block.get_by_role("button", name="Begär ordet").click()
    assert "Du står som nummer 1 på talarlistan." in page.locator(f"#ordet-{item.pk}").inner_text()
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert_accessible(page, "talarlista-representant")

    # The kansli runs the room.
    log_in_kansli(kansli_page, karin.email, PASSWORD, karin_totp_secret)
    kansli_page.goto(f"/kansli/moten/{meeting.pk}/sammantradet/")
    panel = f"#talarlista-{item.pk}"
    assert roll[0].partner.name in kansli_page.locator(panel).inner_text()
    assert_accessible(kansli_page, "talarlista-ordforande")

    # Another speaker asks from elsewhere: the room shows it without a reload.
    speakers.floor_request(by=roll[2].user, item=item, partner=roll[2].partner)
    kansli_page.wait_for_function(
        f"() => document.querySelector('{panel}').innerText.includes({roll[2].partner.name!r})", timeout=15_000)

    with kansli_page.expect_navigation():
        kansli_page.locator(panel).get_by_role("button", name="Ge ordet").first.click()
    assert "Har ordet:" in kansli_page.locator(panel).inner_text()

    # Alice's page follows by itself.
    page.wait_for_function(
        f"() => document.querySelector('#ordet-{item.pk}').innerText.includes('Du har ordet.')", timeout=15_000)
