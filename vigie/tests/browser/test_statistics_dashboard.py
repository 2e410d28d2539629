"""The statistics dashboard in the browser: an analyst sees every chart drawn, offline (nothing asked of any
other server), in French or English, a table view for each chart and its figures as CSV, protected."""

import datetime
import os
from pathlib import Path

import pytest
from playwright.sync_api import Page, Route, expect

from vigie.cases.models import Participant
from vigie.cases.services import record_event_in_case
from vigie.conftest import make_case, make_participant
from vigie.reference.models import Country

pytestmark = pytest.mark.browser

SCREENSHOT = Path(__file__).resolve().parents[3] / "docs" / "screenshots" / "dashboard.png"
# (victims, year, citizenship, sex, date of birth, forms): detected in Niger by ANLTP.
REGISTER = [
    (9, 2023, "NE", "female", "1996-03-01", ["sexual"]),
    (12, 2024, "NE", "female", "2011-05-01", ["forced_begging"]),
    (8, 2024, "ML", "male", "2010-01-01", ["forced_begging"]),
    (6, 2024, "NG", "female", "1999-01-01", ["sexual", "forced_labour"]),
    (5, 2025, "BF", "male", "1990-01-01", ["forced_labour"]),
    (2, 2025, "TD", "male", "1985-01-01", ["forced_labour"]),
]


@pytest.fixture
def register(anltp, investigator):
    for n, year, citizenship, sex, born, forms in REGISTER:
        case = make_case(anltp, investigator, opened_on=datetime.date(year, 1, 15), country_id="NE")
        nationalities = list(Country.objects.filter(pk=citizenship))
        victims = []
        for _ in range(n):
            victim = make_participant(case, investigator, sex=sex, date_of_birth=born, nationalities=nationalities)
            Participant.objects.filter(pk=victim.pk).update(
                identified_on=datetime.date(year, 6, 1), forms_of_exploitation=forms
            )
            victims.append(victim)
        if citizenship == "NG":  # through Benin: the flows have a transit country, the map a route of two lines
            record_event_in_case(
                actor=investigator,
                case=case,
                kind="transport",
                date=f"{year}-03-01",
                country_id="BJ",
                participants=victims,
            )


@pytest.fixture
def offline(page: Page, live_server) -> list[str]:
    """Every request for another origin is aborted and recorded: the dashboard must make none."""
    elsewhere: list[str] = []

    def only_vigie(route: Route) -> None:
        if route.request.url.startswith(live_server.url + "/"):
            route.continue_()
        else:
            elsewhere.append(route.request.url)
            route.abort()

    page.context.route("**/*", only_vigie)
    return elsewhere


def open_dashboard(page: Page) -> None:
    page.goto("/statistics/")
    expect(page.locator("body[data-charts-ready=true]")).to_have_count(1)


def assert_every_chart_is_drawn(page: Page, charts: int) -> None:
    areas = page.locator("div.chart")
    assert areas.count() == charts
    for index in range(areas.count()):
        expect(areas.nth(index).locator("canvas").first).to_be_visible()


def test_an_analyst_sees_every_chart_drawn_offline_with_tables_and_csv(
    page, log_in, analyst, register, offline, console, live_server
):
    log_in(analyst)
    if os.environ.get("VIGIE_SCREENSHOTS"):  # for the README: VIGIE_SCREENSHOTS=1 pytest -m browser -k analyst
        page.set_viewport_size({"width": 1280, "height": 1400})
    open_dashboard(page)
    if os.environ.get("VIGIE_SCREENSHOTS"):
        page.wait_for_timeout(2000)  # the charts grow into place: take the picture once they stand still
        page.screenshot(path=str(SCREENSHOT))

    assert_every_chart_is_drawn(page, 11)  # eleven panels with a chart (the flows twice), SDG 16.2.2 none yet
    expect(page.locator("#panel-sdg_16_2_2 .note")).to_contain_text("Choisissez un pays")
    expect(page.locator("#panel-dead_and_missing .counts")).to_contain_text("Projet Migrants disparus de l'OIM")
    expect(page.locator("#panel-flows table")).to_contain_text("Bénin (transit 1)")
    expect(page.locator("h2", has_text="Victimes détectées par année")).to_be_visible()
    expect(page.locator("#panel-victims_by_country .counts")).to_contain_text("personnes distinctes")

    table = page.locator("#panel-victims_by_year table")
    expect(table).to_be_hidden()
    page.locator("#panel-victims_by_year summary").click()
    expect(table).to_be_visible()
    expect(table.locator("tbody tr", has_text="2025").locator("td")).to_have_text("7")

    # Chad's two victims are a small count: "<5" in the table, and a second count hidden with them.
    citizenship = page.locator("#panel-victims_by_citizenship table tbody")
    expect(citizenship.locator("tr", has_text="Tchad").locator("td")).to_have_text("<5")
    assert "x" in citizenship.locator("td").all_text_contents()
    with page.expect_download() as download:
        page.locator("#panel-victims_by_citizenship a.download").click()
    rows = Path(download.value.path()).read_text(encoding="utf-8").splitlines()
    assert rows[0] == "Nationalité,Victimes"
    assert "Tchad,<5" in rows

    assert offline == []
    assert console.errors == []


def test_the_dashboard_speaks_english_when_asked_and_saves_a_chart_as_png(
    page, log_in, investigator, register, offline, console
):
    log_in(investigator)
    page.goto("/statistics/")
    with page.expect_navigation():
        page.click("header button[name=language][value=en]")
    expect(page.locator("body[data-charts-ready=true]")).to_have_count(1)
    expect(page.locator("h2", has_text="Victims detected by year")).to_be_visible()
    citizenship = page.locator("#panel-victims_by_citizenship table tbody")
    expect(citizenship.locator("tr", has_text="Chad").locator("td")).to_have_text("2")

    # The toolbox's "save as image" button, at the chart's top right corner.
    chart = page.locator('[data-panel="victims_by_year"]')
    box = chart.bounding_box()
    assert box is not None
    with page.expect_download() as download:
        page.mouse.click(box["x"] + box["width"] - 50, box["y"] + 15)
    assert download.value.suggested_filename.endswith(".png")
    assert offline == []
    assert console.errors == []


def test_with_a_country_chosen_sdg_16_2_2_is_drawn_and_the_downloads_follow_the_filters(
    page, log_in, analyst, register, offline, console
):
    log_in(analyst)
    page.goto("/statistics/?country=NE&year_from=2023&year_to=2024")
    expect(page.locator("body[data-charts-ready=true]")).to_have_count(1)

    assert_every_chart_is_drawn(page, 12)
    expect(page.locator("#panel-sdg_16_2_2 .counts")).to_contain_text("pour 100 000 habitants")
    expect(page.locator("#report_country")).to_have_value("NE")
    expect(page.locator("#report_year")).to_have_value("2024")
    expect(page.locator("#report_lang")).to_have_value("fr")
    expect(page.locator("#report_source")).to_have_value("register")
    workbook = page.locator("#glotip-workbook")
    expect(workbook).to_have_attribute("href", "/statistics/glotip.xlsx?country=NE&from=2023&to=2024")
    with page.expect_download() as download:
        page.locator("#downloads button[type=submit]").click()
    assert download.value.suggested_filename == "vigie-NE-2024-fr.pdf"
    assert offline == []
    assert console.errors == []


# Twelve countries of origin, 5 to 16 victims each, all detected in Niger.
MANY_ORIGINS = ["NG", "ML", "BF", "TD", "CM", "BJ", "TG", "GH", "SN", "GN", "CI", "LR"]


@pytest.fixture
def many_origins(anltp, investigator):
    case = make_case(anltp, investigator, opened_on=datetime.date(2024, 1, 15), country_id="NE")
    for n, code in enumerate(MANY_ORIGINS):
        nationalities = list(Country.objects.filter(pk=code))
        for _ in range(16 - n):
            make_participant(case, investigator, nationalities=nationalities)


def test_the_sankey_groups_the_smaller_origins_and_the_table_keeps_them(page, log_in, analyst, many_origins, console):
    log_in(analyst)
    open_dashboard(page)

    names = page.evaluate(
        """() => echarts.getInstanceByDom(document.querySelector('[data-panel="flows"]'))
                .getOption().series[0].data.map((node) => node.name)"""
    )
    origins = [name for name in names if name.startswith("origin:")]
    assert len(origins) == 9  # the eight largest, and the group
    assert "origin:other" in origins and "origin:LR" not in origins
    expect(page.locator("#panel-flows .note")).to_contain_text("regroupe les autres sous « Autres pays »")
    table = page.locator("#panel-flows table tbody")
    expect(table.locator("tr")).to_have_count(len(MANY_ORIGINS) + 1)  # and the totals
    expect(table.locator("tr", has_text="Libéria")).to_have_count(1)
    assert console.errors == []
