"""An analyst trains in English: answers a scenario, reads what was right and why, and finds the attempt again.

Any member may train, analysts too, although they never see a name in the register: the people of the
scenarios are invented.
"""

import re

import pytest
from playwright.sync_api import Page, expect

from vigie.training.catalogue import all_scenarios
from vigie.training.models import Attempt

pytestmark = pytest.mark.browser

SCENARIO = "The uncle and the neighbour"
NEPHEW = "Salif, 19 (the nephew)"
NEIGHBOUR = "Karim, 20 (the neighbour)"


def switch_to_english(page: Page) -> None:
    with page.expect_navigation():
        page.locator("header").get_by_role("button", name="English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")


def test_an_analyst_answers_a_scenario_in_english_and_finds_the_attempt_in_my_scores(page, log_in, console, analyst):
    log_in(analyst)
    switch_to_english(page)
    page.locator("header nav").get_by_role("link", name="Training").click()
    expect(page.locator("h1")).to_have_text("Training: trafficking or smuggling?")
    page.get_by_role("link", name=SCENARIO, exact=True).click()
    expect(page.locator("h1")).to_have_text(SCENARIO)
    expect(page.locator("main")).to_contain_text("The uncle asks for nothing, not even fuel.")

    # Both rode the same motorbike across the border without papers; only the neighbour paid.
    nephew = page.get_by_role("group", name=f"{NEPHEW}:", exact=True)  # Django ends a legend with a colon
    nephew.get_by_label("Smuggling of migrants", exact=True).click()
    neighbour = page.get_by_role("group", name=f"{NEIGHBOUR}:", exact=True)
    neighbour.get_by_label("Trafficking in persons", exact=True).focus()
    page.keyboard.press("ArrowDown")  # the next choice of the group: smuggling of migrants
    expect(neighbour.get_by_label("Smuggling of migrants", exact=True)).to_be_checked()
    page.get_by_role("button", name="Check my answers").click()

    expect(page).to_have_url(re.compile(r"/training/attempts/\d+/$"))
    expect(page.locator("h1")).to_have_text(f"Result: {SCENARIO}")
    expect(page.get_by_role("status")).to_have_text("1 right answer(s) of 2: 50 %.")
    expect(page.locator("main")).to_contain_text("helping a relative for free is not smuggling")

    wrong = page.locator("main section").filter(has=page.get_by_role("heading", name=f"{NEPHEW} — wrong"))
    expect(wrong.locator("dl dt:has-text('Your answer') + dd")).to_have_text("Smuggling of migrants")
    expect(wrong.locator('dl dt:has-text("The engine\'s answer") + dd')).to_have_text("Neither")
    expect(wrong.get_by_role("heading", name="Smuggling of migrants: not established")).to_be_visible()
    expect(
        wrong.get_by_role("listitem").filter(has_text="No financial or other material benefit was sought")
    ).to_be_visible()

    right = page.locator("main section").filter(has=page.get_by_role("heading", name=f"{NEIGHBOUR} — right"))
    expect(right.locator('dl dt:has-text("The engine\'s answer") + dd')).to_have_text("Smuggling of migrants")
    expect(right.get_by_role("heading", name="Smuggling of migrants: established")).to_be_visible()
    expect(
        right.get_by_role("listitem").filter(has_text="A financial or other material benefit was sought.")
    ).to_be_visible()
    result_page = page.url

    page.get_by_role("link", name="Other scenarios").click()
    page.get_by_role("link", name="My scores", exact=True).click()
    expect(page.locator("h1")).to_have_text("My scores")
    expect(page.locator("main")).to_contain_text(f"1 scenario of {len(all_scenarios())} answered.")
    attempt_row = page.locator("main table tbody tr").filter(has_text=SCENARIO)
    expect(attempt_row).to_have_count(1)
    expect(attempt_row.get_by_role("cell").nth(2)).to_have_text("50 %")
    attempt_row.get_by_role("link").click()
    expect(page).to_have_url(result_page)

    attempt = Attempt.objects.get()
    assert (attempt.user, attempt.scenario_id, attempt.score) == (analyst, "uncle-and-neighbour", 50)
    assert console.errors == []
