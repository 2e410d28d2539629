"""Browser fixtures: one headless Chromium for the session, a fresh context (cookies, cache) per test.

Every browser test runs against pytest-django's live_server, so its data must be committed: the tests use
transactional databases with serialized_rollback, which puts back the countries and regional communities
that the reference migration loads (a transactional test empties every table when it ends).
"""

import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

import pytest
from playwright.sync_api import Browser, ConsoleMessage, Page, sync_playwright

from vigie.accounts.models import User
from vigie.conftest import PASSWORD

# Debian's Chromium: there is no internet here, and Playwright must never download a browser of its own.
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
VIEWPORT = {"width": 1280, "height": 800}


@pytest.fixture(scope="session", autouse=True)
def _allow_orm_beside_playwright() -> Iterator[None]:
    # Playwright's sync API keeps an asyncio loop running in this thread, so Django would refuse the ORM
    # calls of fixtures and tests with SynchronousOnlyOperation. Nothing runs concurrently here: the ORM
    # is only called while no Playwright call is in progress.
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        yield


@pytest.fixture(scope="session")
def browser(_allow_orm_beside_playwright) -> Iterator[Browser]:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@dataclass
class Console:
    """What the page reported in the browser console: CSP violations, script errors, failed loads."""

    errors: list[str] = field(default_factory=list)

    def record(self, message: ConsoleMessage) -> None:
        if message.type == "error":
            self.errors.append(message.text)


@pytest.fixture
def console() -> Console:
    return Console()


@pytest.fixture
def page(browser, live_server, console) -> Iterator[Page]:
    # French-speaking officers are the first users; language tests open contexts of their own.
    context = browser.new_context(base_url=live_server.url, locale="fr-FR", viewport=VIEWPORT)
    context.set_default_timeout(10_000)
    page = context.new_page()
    page.on("console", console.record)
    page.on("pageerror", lambda error: console.errors.append(f"uncaught: {error}"))
    yield page
    context.close()


@pytest.fixture
def log_in(page) -> Callable[[User], None]:
    """Log in through the login form, as a person would."""

    def log_in(user: User) -> None:
        page.goto("/accounts/login/")
        page.fill("input[name=username]", user.username)
        page.fill("input[name=password]", PASSWORD)
        with page.expect_navigation():
            page.click("main form button[type=submit]")
        assert "/accounts/login/" not in page.url, "the login was refused"

    return log_in
