"""Forms work with the keyboard alone, and their errors are shown, and announced, next to the faulty field."""

import re

import pytest
from playwright.sync_api import Page, expect

from vigie.conftest import PASSWORD

pytestmark = pytest.mark.browser


FOCUSED = """() => {
    const e = document.activeElement;
    return e.tagName.toLowerCase() + (e.id ? "#" + e.id : "") + (e.name ? "[" + e.name + "]" : "")
        + (!e.id && e.className ? "." + e.className : "");
}"""


def focused(page: Page) -> str:
    """The focused element, as tag#id[name] or tag[name].class."""
    return str(page.evaluate(FOCUSED))


def tab_to(page: Page, target: str, *, at_most: int = 10) -> list[str]:
    """Press Tab until the target has the focus; returns what got the focus on the way."""
    path = []
    for _ in range(at_most):
        page.keyboard.press("Tab")
        path.append(focused(page))
        if path[-1] == target:
            return path
    raise AssertionError(f"{target} never got the focus: {path}")


def test_an_officer_logs_in_with_the_keyboard_only(page, console, investigator):
    page.goto("/accounts/login/")
    # The user name field has the focus on arrival, so the officer types straight away.
    assert focused(page) == "input#id_username[username]"
    page.keyboard.type(investigator.username)
    page.keyboard.press("Tab")
    assert focused(page) == "input#id_password[password]"
    page.keyboard.type(PASSWORD)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/cases/$"))
    expect(page.locator("header .who")).to_have_text(investigator.username)
    assert console.errors == []


def test_the_login_form_is_reached_by_tabbing_in_order(page):
    page.goto("/accounts/login/")
    page.locator("a.skip").focus()
    header_stops = tab_to(page, "input#id_username[username]")[:-1]
    assert header_stops == ["a.brand", "button[language].link"]  # the home link, the language switch
    page.keyboard.press("Tab")
    assert focused(page) == "input#id_password[password]"
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.type") == "submit"
    assert page.evaluate("document.activeElement.closest('main') !== null")


def test_the_skip_link_moves_the_focus_to_the_content(page, log_in, investigator):
    log_in(investigator)
    page.goto("/cases/")
    page.keyboard.press("Tab")
    assert focused(page) == "a.skip"  # the first stop lets keyboard users jump over the header
    expect(page.locator("a.skip")).to_be_in_viewport()
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"#main$"))
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.closest('main') !== null")


def test_a_refused_login_is_announced(page, investigator):
    page.goto("/accounts/login/")
    page.fill("input[name=username]", investigator.username)
    page.fill("input[name=password]", "wrong password")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page.locator("main [role=alert]")).to_be_visible()
    expect(page.locator("input[name=username]")).to_have_value(investigator.username)


def test_a_case_without_an_offence_is_refused_with_the_error_in_the_offences_group(page, log_in, console, investigator):
    log_in(investigator)
    page.goto("/cases/new/")
    page.fill("#id_title", "Mendicité forcée, Zinder")
    with page.expect_navigation():
        page.click("main form button[type=submit]")

    expect(page).to_have_url(re.compile(r"/cases/new/$"))
    group = page.locator("fieldset:has(input[name=offences])")
    error = group.locator("#id_offences_error")
    expect(error).to_be_visible()
    expect(group).to_have_attribute("aria-describedby", re.compile(r"\bid_offences_error\b"))
    expect(page.locator(".field.has-error")).to_have_count(1)
    expect(page.locator("#id_title")).to_have_value("Mendicité forcée, Zinder")  # nothing typed is lost
    assert console.errors == []


def test_a_wrong_value_is_marked_invalid_and_described_by_its_error(page, log_in, console, investigator, case):
    log_in(investigator)
    page.goto(f"/cases/{case.pk}/people/new/")
    page.fill("#id_person-given_names", "Aïssata")
    page.fill("#id_person-estimated_age", "200")
    with page.expect_navigation():
        page.click("main form button[type=submit]")

    age = page.locator("#id_person-estimated_age")
    expect(age).to_have_attribute("aria-invalid", "true")
    expect(age).to_have_attribute("aria-describedby", re.compile(r"\bid_person-estimated_age_error\b"))
    field = page.locator(".field.has-error", has=age)
    expect(field.locator("#id_person-estimated_age_error")).to_be_visible()
    expect(page.locator("#id_person-given_names")).to_have_value("Aïssata")
    assert console.errors == []
