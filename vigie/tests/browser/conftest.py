"""Browser fixtures: one headless Chromium for the session, a fresh context (cookies, cache) per test.

The browser talks to pytest-django's live_server, so the data a test creates must be committed: every
browser test runs on a transactional database, emptied when the test ends.
"""

import importlib
from collections.abc import Callable, Iterator

import pytest
from django.apps import apps
from playwright.sync_api import Browser, Page, sync_playwright

from vigie.accounts.models import User
from vigie.conftest import PASSWORD
from vigie.reference.models import Country
from vigie.tests.browser.support import CHROMIUM, CHROMIUM_ARGS, Console, open_page


@pytest.fixture(scope="session", autouse=True)
def _allow_orm_beside_playwright() -> Iterator[None]:
    # Playwright's sync API keeps an asyncio loop running in this thread, so Django would refuse the ORM
    # calls of fixtures and tests with SynchronousOnlyOperation. Nothing runs concurrently here: the ORM
    # is only called between Playwright calls.
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        yield


@pytest.fixture(scope="session")
def browser(_allow_orm_beside_playwright) -> Iterator[Browser]:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture(autouse=True)
def reference_data(transactional_db) -> None:
    """The countries and regional communities, which a transactional test deletes with everything else.

    serialized_rollback cannot put them back here: once Playwright runs an event loop in this thread,
    Django hands out a different connection object, without the serialized copy of the database.
    """
    if not Country.objects.exists():
        importlib.import_module("vigie.reference.migrations.0002_load_reference_data").load(apps, None)


@pytest.fixture
def console() -> Console:
    return Console()


@pytest.fixture
def page(browser, live_server, console) -> Iterator[Page]:
    # French-speaking officers are the first users; the language tests open contexts of their own.
    page = open_page(browser, live_server.url, console)
    yield page
    page.context.close()


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
