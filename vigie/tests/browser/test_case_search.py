"""An investigator opens a case, adds a victim and a suspect, then finds the case again by searching names."""

import re

import pytest
from playwright.sync_api import Page, expect

from vigie.cases.models import Case
from vigie.conftest import make_case, make_participant

pytestmark = pytest.mark.browser


def add_person(page: Page, case_id: int, *, given_names: str, family_name: str, sex: str, role: str, part: str = ""):
    page.click(f"a[href='/cases/{case_id}/people/new/']")
    page.fill("#id_person-given_names", given_names)
    page.fill("#id_person-family_name", family_name)
    page.select_option("#id_person-sex", sex)
    page.select_option("#id_role-role", role)
    if part:
        page.select_option("#id_role-suspect_role", part)
    with page.expect_navigation():
        page.click("main form button[type=submit]")
    expect(page).to_have_url(re.compile(rf"/cases/{case_id}/$"))


def search(page: Page, text: str) -> None:
    """Type in the search box without submitting: htmx replaces the results while the officer types."""
    page.fill("#id_q", "")
    page.evaluate("window.typedOnThisPage = true")  # gone if the whole page were reloaded
    with page.expect_response(
        lambda r: "/cases/?" in r.url and f"q={text}" in r.url and r.request.headers.get("hx-request") == "true"
    ) as answer:
        page.locator("#id_q").press_sequentially(text, delay=20)
    assert answer.value.status == 200
    page.wait_for_load_state("networkidle")
    assert page.evaluate("window.typedOnThisPage") is True


def test_an_investigator_opens_a_case_and_finds_it_by_a_name_typed_without_accents(
    page, log_in, console, anltp, investigator
):
    unrelated = make_case(anltp, investigator, title="Travail forcé, Agadez")
    make_participant(unrelated, investigator, given_names="Fatima", family_name="Diallo")

    log_in(investigator)
    expect(page).to_have_url(re.compile(r"/cases/$"))
    page.click("a[href='/cases/new/']")

    # Investigators of one agency open cases in that agency: the choice is not even shown.
    expect(page.locator("input[name=agency]")).to_have_attribute("type", "hidden")
    page.check("input[name=offences][value=tip]")
    page.fill("#id_title", "Recrutement de filles pour la mendicité, Maradi")
    page.fill("#id_reported_on", "2025-06-02")
    page.fill("#id_opened_on", "2025-06-03")
    with page.expect_navigation():
        page.click("main form button[type=submit]")

    case = Case.objects.exclude(pk=unrelated.pk).get()
    expect(page).to_have_url(re.compile(rf"/cases/{case.pk}/$"))
    expect(page.locator("h1")).to_contain_text(case.reference)
    assert case.agency == anltp
    assert list(case.offences.values_list("offence", flat=True)) == ["tip"]

    add_person(page, case.pk, given_names="Aïssata", family_name="Kouyaté", sex="female", role="presumed_victim")
    add_person(page, case.pk, given_names="Moussa", family_name="Traoré", sex="male", role="suspect", part="recruiter")
    people = page.locator("main #people table.list tbody")
    expect(people).to_contain_text("Aïssata KOUYATÉ")
    expect(people).to_contain_text("Moussa TRAORÉ")

    page.click("header nav a[href='/cases/']")
    results = page.locator("#results")
    expect(results).to_contain_text(unrelated.reference)

    search(page, "KOUYATE")
    expect(results).to_contain_text(case.reference)
    expect(results).not_to_contain_text(unrelated.reference)
    expect(page).to_have_url(re.compile(r"q=KOUYATE"))  # the search can be bookmarked and shared

    search(page, "traore")
    expect(results).to_contain_text(case.reference)
    expect(results).to_contain_text("Moussa TRAORÉ")
    expect(results).not_to_contain_text(unrelated.reference)

    assert console.errors == []
