"""The busiest pages stay light and load nothing from outside the app: officers work on slow, metered links."""

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Page, Response

from vigie.cases.models import Event, Participant
from vigie.cases.services import record_crossing, record_event_in_case
from vigie.conftest import make_case, make_participant
from vigie.tests.browser.support import Console, open_page

pytestmark = pytest.mark.browser

MAX_BYTES = 200 * 1024
GIVEN = ["Aïssata", "Moussa", "Hadiza", "Ibrahim", "Fatouma", "Abdoulaye", "Mariam", "Souleymane"]
FAMILY = ["Kouyaté", "Traoré", "Oumarou", "Maïga", "Diallo", "Sanogo", "Issoufou", "Coulibaly"]


@pytest.fixture
def busy_case(anltp, investigator):
    """A full page of cases, and one case with twelve people and a long timeline."""
    for number in range(30):
        case = make_case(anltp, investigator, title=f"Mendicité forcée, Zinder ({number + 1})")
        make_participant(case, investigator, given_names=GIVEN[number % 8], family_name=FAMILY[number % 8])
        make_participant(
            case,
            investigator,
            role=Participant.Role.SUSPECT,
            given_names=GIVEN[(number + 3) % 8],
            family_name=FAMILY[(number + 5) % 8],
            sex="male",
        )
    case = make_case(
        anltp,
        investigator,
        title="Réseau de recrutement Zinder-Kano",
        offences=["tip", "som"],
        narrative="Des enfants confiés à un marabout sont envoyés mendier à Kano.\n" * 20,
    )
    people = [
        make_participant(case, investigator, given_names=GIVEN[n % 8], family_name=FAMILY[(n * 3) % 8])
        for n in range(10)
    ]
    suspect = make_participant(
        case, investigator, role=Participant.Role.SUSPECT, given_names="Moussa", family_name="Traoré", sex="male"
    )
    for day, kind in enumerate(Event.Kind.values, start=1):
        record_event_in_case(
            actor=investigator,
            case=case,
            kind=kind,
            date=f"2025-02-{day:02d}",
            country_id="NE",
            locality="Zinder",
            description="Déposition recueillie par l'enquêteur.",
            participants=people[:4],
        )
    record_crossing(
        actor=investigator,
        case=case,
        from_country_id="NE",
        to_country_id="NG",
        date="2025-02-03",
        border_post="Magaria",
        documents="none",
        entry="irregular",
        procured_by=suspect,
        travellers=people,
    )
    return case


@dataclass
class FirstLoad:
    page: Page
    responses: list[Response]
    console: Console


@pytest.fixture
def first_load(browser, page, log_in, live_server, investigator) -> Iterator[Callable[[str], FirstLoad]]:
    """Open a page as the logged-in investigator, with an empty cache, recording everything it fetches."""
    log_in(investigator)
    session = page.context.storage_state()
    opened: list[Page] = []

    def load(path: str) -> FirstLoad:
        console = Console()
        result = FirstLoad(open_page(browser, live_server.url, console, storage_state=session), [], console)
        result.page.on("response", lambda response: result.responses.append(response))
        opened.append(result.page)
        result.page.goto(path)
        result.page.wait_for_load_state("networkidle")
        return result

    yield load
    for each in opened:
        each.context.close()


def check_weight_and_origin(responses: list[Response], origin: str, path: str) -> None:
    document = next(r for r in responses if urlsplit(r.url).path == path)
    assert document.status == 200
    assert len(document.body()) < MAX_BYTES
    assert [r.url for r in responses if not r.url.startswith(origin + "/")] == []
    # Nothing is cached yet, so this is everything the page costs on the wire.
    assert sum(r.request.sizes()["responseBodySize"] for r in responses) < MAX_BYTES
    loaded = {urlsplit(r.url).path: r.status for r in responses}
    assert loaded["/static/css/vigie.css"] == 200
    assert loaded["/static/vendor/htmx/htmx.min.js"] == 200
    assert len(responses) == 3  # the page, its stylesheet and htmx: nothing else


def check_assets_work(page: Page) -> None:
    # The stylesheet applies and htmx runs: a strict CSP would block them if they were inline or foreign.
    assert page.evaluate("typeof htmx") == "object"
    assert page.eval_on_selector("header.top", "e => getComputedStyle(e).backgroundColor") == "rgb(29, 36, 51)"


def test_the_case_list_is_light_self_contained_and_error_free(first_load, live_server, busy_case):
    listed = first_load("/cases/")
    check_weight_and_origin(listed.responses, live_server.url, "/cases/")
    assert listed.page.locator("#results tbody tr").count() == 25
    check_assets_work(listed.page)

    with listed.page.expect_response(lambda r: "q=traore" in r.url):
        listed.page.locator("#id_q").press_sequentially("traore", delay=20)
    listed.page.wait_for_load_state("networkidle")
    assert listed.console.errors == []


def test_the_case_page_is_light_self_contained_and_error_free(first_load, live_server, busy_case):
    path = f"/cases/{busy_case.pk}/"
    shown = first_load(path)
    check_weight_and_origin(shown.responses, live_server.url, path)
    assert shown.page.locator("main #people table.list tbody tr").count() == 11
    assert shown.page.locator("ol.timeline li").count() == len(Event.Kind.values) + 1
    check_assets_work(shown.page)
    assert shown.console.errors == []
