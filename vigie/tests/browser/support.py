"""What the browser tests share besides fixtures: how to start Chromium and open an instrumented page."""

from dataclasses import dataclass, field
from typing import Any

from playwright.sync_api import Browser, ConsoleMessage, Page, ViewportSize

# Debian's Chromium: there is no internet here, and Playwright must never download a browser of its own.
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
VIEWPORT: ViewportSize = {"width": 1280, "height": 800}


@dataclass
class Console:
    """What the page reported in the browser console: CSP violations, script errors, failed loads."""

    errors: list[str] = field(default_factory=list)

    def record(self, message: ConsoleMessage) -> None:
        if message.type == "error":
            self.errors.append(message.text)


def open_page(browser: Browser, base_url: str, console: Console, *, locale: str = "fr-FR", **options: Any) -> Page:
    """A page in a new context: its own cookies and an empty cache, as on a first visit."""
    context = browser.new_context(base_url=base_url, locale=locale, viewport=VIEWPORT, **options)
    context.set_default_timeout(10_000)
    page = context.new_page()
    page.on("console", lambda message: console.record(message))
    page.on("pageerror", lambda error: console.errors.append(f"uncaught: {error}"))
    return page
