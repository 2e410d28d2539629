"""An analyst works on aggregates: no page they can open shows the name of a person."""

import io
import re
from urllib.parse import urljoin, urlsplit

import openpyxl
import pypdfium2
import pytest

from vigie.accounts.models import Membership
from vigie.cases.models import Participant
from vigie.conftest import make_case, make_member, make_participant
from vigie.people.models import Alias, Person
from vigie.people.names import search_key

pytestmark = pytest.mark.browser

Role = Participant.Role


@pytest.fixture
def named_people(anltp, naptip, investigator):
    """Cases of the analyst's agency and of another agency, with named victims, suspects and aliases."""
    begging = make_case(anltp, investigator, title="Mendicité forcée, Zinder")
    make_participant(begging, investigator, given_names="Aïssata", family_name="Kouyaté")
    make_participant(
        begging,
        investigator,
        role=Role.SUSPECT,
        given_names="Moussa",
        family_name="Traoré",
        sex="male",
        aliases=["Baba Sangaré"],
    )
    gold_mine = make_case(anltp, investigator, title="Travail forcé, site aurifère", offences=["tip", "som"])
    make_participant(gold_mine, investigator, given_names="Hadiza", family_name="Oumarou")
    make_participant(gold_mine, investigator, role=Role.WITNESS, given_names="Mariam", family_name="Sanogo")
    naptip_officer = make_member(naptip, Membership.Role.INVESTIGATOR)
    lagos = make_case(naptip, naptip_officer, title="Exploitation sexuelle, Lagos")
    make_participant(lagos, naptip_officer, given_names="Chiamaka", family_name="Okafor")
    return {"cases": [begging, gold_mine, lagos], "names": names_in_register()}


def names_in_register() -> list[str]:
    """Every given name, family name and alias word of every person, whatever the case."""
    full_names = [f"{p.given_names} {p.family_name}" for p in Person.objects.all()]
    full_names += list(Alias.objects.values_list("name", flat=True))
    return sorted({word for name in full_names for word in name.split()})


def names_shown(text: str, names: list[str]) -> list[str]:
    """The names found in the text or markup, however written: "KOUYATE", "Kouyaté" and "kouyate" all count."""
    plain = search_key(text)
    return [name for name in names if re.search(rf"\b{re.escape(search_key(name))}\b", plain)]


def test_names_are_recognised_however_written():
    names = ["Aïssata", "Kouyaté", "Traoré"]
    assert names_shown("<td>Aïssata KOUYATE</td><td>traore, suspect</td>", names) == names
    assert names_shown("<p>Kouyatéssa Traorés</p>", names) == []


# Static files, and the training scenarios: invented stories shipped with vigie, which never read the
# register (their characters may share a first name with someone in it, as "Hadiza" does here).
NOT_REGISTER_PAGES = ("/static/", "/training/scenarios/")
# Links that download a file (the dashboard's CSV, the PDF report, the GLOTIP workbook): fetched with the
# analyst's session and their text read, since a browser does not show them as a page.
DOWNLOADS = (".csv", ".pdf", ".xlsx")


def downloaded_text(body: bytes, path: str) -> str:
    if path.endswith(".xlsx"):
        workbook = openpyxl.load_workbook(io.BytesIO(body), read_only=True)
        return " ".join(str(v) for sheet in workbook for row in sheet.iter_rows(values_only=True) for v in row if v)
    if path.endswith(".pdf"):
        document = pypdfium2.PdfDocument(body)
        return " ".join(document[i].get_textpage().get_text_range() for i in range(len(document)))
    return body.decode()


def test_no_page_an_analyst_can_reach_shows_a_name(page, log_in, console, live_server, analyst, named_people):
    names = named_people["names"]
    assert {"Aïssata", "Kouyaté", "Sangaré", "Okafor"} <= set(names)
    log_in(analyst)
    assert urlsplit(page.url).path == "/statistics/"

    # Every page reachable by following links from the landing page, the navigation included.
    origin = live_server.url
    to_visit, seen, statuses = [page.url], set[str](), dict[str, int]()
    while to_visit and len(seen) < 50:
        url = to_visit.pop()
        path = urlsplit(url)._replace(fragment="").geturl()
        if path in seen:
            continue
        seen.add(path)
        if urlsplit(path).path.endswith(DOWNLOADS):
            download = page.request.get(path)
            statuses[urlsplit(path).path] = download.status
            assert names_shown(downloaded_text(download.body(), urlsplit(path).path), names) == [], path
            continue
        response = page.goto(path)
        assert response is not None
        statuses[urlsplit(path).path] = response.status
        assert names_shown(page.inner_text("body"), names) == [], path
        assert names_shown(page.content(), names) == [], path
        for href in page.eval_on_selector_all("a[href]", "links => links.map(a => a.getAttribute('href'))"):
            target = urljoin(page.url, href)
            if target.startswith(origin) and not urlsplit(target).path.startswith(NOT_REGISTER_PAGES):
                to_visit.append(target)

    assert "/statistics/" in statuses
    # The PDF report is asked for with a form, not a link: its own tests check what it shows.
    assert {"/statistics/glotip.xlsx", "/statistics/figures/victims_by_year.csv"} <= set(statuses)
    assert {path: status for path, status in statuses.items() if status != 200} == {}
    assert console.errors == []


def test_the_register_is_closed_to_an_analyst(page, log_in, analyst, named_people):
    names = named_people["names"]
    ours = named_people["cases"][0]
    theirs = named_people["cases"][2]
    victim = ours.participants.select_related("person").get(role=Role.VICTIM)
    register_urls = [
        "/cases/",
        "/cases/?q=kouyate",
        "/cases/new/",
        f"/cases/{ours.pk}/",
        f"/cases/{ours.pk}/edit/",
        f"/cases/{ours.pk}/people/link/?q=traore",
        f"/cases/{theirs.pk}/",
        f"/participants/{victim.pk}/edit/",
        f"/people/{victim.person_id}/",
        f"/people/{victim.person_id}/edit/",
        "/audit/",
        # The API answers to the same session.
        "/api/v1/cases/",
        f"/api/v1/cases/{ours.pk}/participants/",
        "/api/v1/persons/?q=kouyate",
        f"/api/v1/persons/{victim.person_id}/",
    ]
    log_in(analyst)
    for url in register_urls:
        response = page.goto(url)
        assert response is not None
        assert response.status in (403, 404), url
        assert names_shown(page.content(), names) == [], url
