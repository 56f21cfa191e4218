import pytest

from tests.conftest import assert_accessible

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_start_page_says_what_swecan_is_and_is_accessible(page):
    page.goto("/")
    assert page.locator("html").get_attribute("lang") == "sv"
    assert page.get_by_role("heading", level=1).inner_text().startswith("SweCan")
    assert page.get_by_role("navigation", name="Huvudmeny").is_visible()
    assert_accessible(page, "start")


def test_skip_link_moves_focus_to_main_content(page):
    page.goto("/")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Hoppa till huvudinnehållet")
    assert skip.evaluate("el => el === document.activeElement")
    page.keyboard.press("Enter")
    assert page.evaluate("location.hash") == "#main"


def test_published_arbetsordning_is_accessible(page, arbetsordning_v1):
    page.goto("/arbetsordning/")
    assert page.get_by_role("heading", name="Arbetsordning för SweCan").is_visible()
    assert_accessible(page, "arbetsordning")
