"""Long unbroken words (a 200-character title or name) wrap: no page grows wider than the screen.

Only a deliberate horizontally scrolling table wrapper (.table-scroll) may be wider inside;
the page itself never is, on a 390 px phone nor on a 1280 px laptop.
"""

import pytest

from partnership.models import Representative
from swecan.demo_accounts import ensure_totp
from tests.browser.helpers import eager_tasks_and_locmem_mail, log_in, log_in_kansli, log_out
from tests.conftest import SCREENSHOTS
from tests.meetings.factories import add_document, add_item, plan, send_notice
from tests.partnership.factories import PASSWORD, make_kansli, make_representative, signed_partner

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# One "word" of 200 letters, as a pasted title or a compound with no space can be.
LONG = ("Cancerrehabiliteringsutvecklingssamordningsansvarig" * 4)[:200]
PHONE = {"width": 390, "height": 844}
LAPTOP = {"width": 1280, "height": 800}


@pytest.fixture(autouse=True)
def _eager_tasks_and_locmem_mail(settings):
    yield from eager_tasks_and_locmem_mail(settings)


def widths(page) -> dict:
    return page.evaluate("""() => ({
        page: document.scrollingElement.scrollWidth, viewport: window.innerWidth,
        culprits: [...document.querySelectorAll("body *")]
            .filter(e => e.getBoundingClientRect().right > document.documentElement.clientWidth + 1
                         && !e.closest('.table-scroll, .table-wrap'))
            .slice(0, 6).map(e => e.tagName + '.' + e.className + ': ' + e.textContent.slice(0, 40)),
    })""")


def assert_fits(page, path: str, name: str) -> None:
    for size in (PHONE, LAPTOP):
        page.set_viewport_size(size)
        page.goto(path)
        w = widths(page)
        page.screenshot(path=str(SCREENSHOTS / f"long-{name}-{size['width']}.png"), full_page=True)
        assert w["page"] <= w["viewport"], f"{path} at {size['width']} px: {w}"
        assert LONG[:40] in page.content(), f"{path} does not show the long text"


def test_a_200_character_word_wraps_on_every_page_it_appears(page):
    karin = make_kansli()
    secret = ensure_totp(karin)
    signed = signed_partner(signer_title=LONG, email="alice@region-norr.example")
    Representative.objects.filter(pk=signed.representative.pk).update(title=LONG)  # history: test data
    make_representative(signed.partner, email="dora@region-norr.example", name=LONG,
                        role=Representative.Role.DEPUTY)
    meeting = plan(by=karin, days_ahead=45, title=LONG)
    add_item(meeting, by=karin, title=LONG, kind="decision")
    add_document(meeting, by=karin, title=LONG)
    send_notice(meeting, by=karin)
    plan(by=karin, days_ahead=60, title=LONG[:190] + " höstmöte")  # on the dashboard: to notice

    assert_fits(page, "/sammantraden/", "public-meetings")

    log_in(page, signed.user.email, PASSWORD)
    assert_fits(page, "/mitt-partnerskap/", "rep-my-partner")
    assert_fits(page, f"/moten/{meeting.pk}/", "rep-meeting")
    log_out(page)

    page.set_viewport_size(LAPTOP)
    log_in_kansli(page, karin.email, PASSWORD, secret)
    assert_fits(page, f"/kansli/moten/?ar={meeting.starts_at.year}", "kansli-year")
    assert_fits(page, f"/kansli/moten/{meeting.pk}/", "kansli-meeting")
    assert_fits(page, f"/kansli/partner/{signed.partner.pk}/", "kansli-partner")
    assert_fits(page, "/mina-sidor/", "kansli-dashboard")


def test_the_kansli_header_stays_on_one_line_on_a_laptop(page):
    karin = make_kansli()
    secret = ensure_totp(karin)
    page.set_viewport_size(LAPTOP)
    log_in_kansli(page, karin.email, PASSWORD, secret)
    page.goto("/kansli/moten/")
    tops = page.evaluate(
        "() => [...document.querySelectorAll('.main-nav li')].map(li => Math.round(li.getBoundingClientRect().top))")
    assert len(set(tops)) == 1, f"the kansli's menu wraps onto {len(set(tops))} lines at 1280 px: {tops}"
    page.screenshot(path=str(SCREENSHOTS / "long-kansli-header-1280.png"))
