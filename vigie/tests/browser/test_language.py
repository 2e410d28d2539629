"""vigie speaks French unless the officer asks for English, with the switch in the page header."""

import re
from collections.abc import Callable, Iterator

import pytest
from playwright.sync_api import Page, expect

from vigie.tests.browser.support import Console, open_page

pytestmark = pytest.mark.browser


@pytest.fixture
def browser_speaking(browser, live_server) -> Iterator[Callable[[str], tuple[Page, Console]]]:
    """A page in a browser whose preferred language (Accept-Language) is the given one."""
    pages: list[Page] = []

    def open_in(locale: str) -> tuple[Page, Console]:
        console = Console()
        pages.append(open_page(browser, live_server.url, console, locale=locale))
        return pages[-1], console

    yield open_in
    for page in pages:
        page.context.close()


def switch_to(page: Page, language: str) -> None:
    with (
        page.expect_request(lambda r: r.url.endswith("/i18n/setlang/") and r.method == "POST"),
        page.expect_navigation(),
    ):
        page.click(f"header button[name=language][value={language}]")


@pytest.mark.parametrize("locale", ["fr-FR", "ha-NE", "pt-GW"])
def test_the_login_page_is_in_french_unless_english_is_asked_for(browser_speaking, locale):
    page, console = browser_speaking(locale)
    page.goto("/accounts/login/")
    expect(page.locator("html")).to_have_attribute("lang", "fr")
    assert console.errors == []


def test_the_switch_changes_the_language_and_keeps_it(browser_speaking):
    page, console = browser_speaking("fr-FR")
    page.goto("/accounts/login/?next=/cases/")
    expect(page.locator("html")).to_have_attribute("lang", "fr")
    expect(page.locator("header button[name=language][value=fr]")).to_have_count(0)

    switch_to(page, "en")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page).to_have_url(re.compile(r"/accounts/login/\?next=/cases/$"))  # back where the officer was
    page.reload()
    expect(page.locator("html")).to_have_attribute("lang", "en")

    switch_to(page, "fr")
    expect(page.locator("html")).to_have_attribute("lang", "fr")
    assert console.errors == []
