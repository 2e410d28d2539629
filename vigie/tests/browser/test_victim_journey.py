"""A victim's journey through vigie, page by page: identification, referral to a shelter, a hearing, a verdict.

Four people of two agencies take part, each in a browser of their own: an investigator and a case worker
of Niger's anti-trafficking agency (ANLTP), a case worker of an NGO that runs a shelter, and a prosecutor
of ANLTP. Each sees only what they need to know.
"""

import datetime
import re
from collections.abc import Callable, Iterator

import pytest
from django.utils import timezone
from playwright.sync_api import Locator, Page, expect

from vigie.accounts.models import Agency, Membership, User
from vigie.cases.models import Case
from vigie.conftest import PASSWORD, make_member
from vigie.referrals.models import ServiceProvider
from vigie.referrals.services import add_provider
from vigie.tests.browser.support import open_page

pytestmark = pytest.mark.browser

SHELTER = "Maison d'accueil Kandé"


@pytest.fixture
def ngo(db) -> Agency:
    return Agency.objects.create(
        code="KANDE",
        name="ONG Kandé, aide aux victimes de la traite",
        country_id="NE",
        kind=Agency.Kind.NGO,
    )


@pytest.fixture
def ngo_case_worker(ngo) -> User:
    return make_member(ngo, Membership.Role.CASE_WORKER, username="case_worker-kande")


@pytest.fixture
def shelter(ngo, ngo_case_worker) -> ServiceProvider:
    """The NGO's shelter in the directory of service providers: referrals to it reach the NGO's case workers."""
    return add_provider(
        actor=ngo_case_worker,
        maintained_by=ngo,
        name=SHELTER,
        kinds=["shelter", "psychosocial"],
        country_id="NE",
        admin_area="Niamey",
        locality="Niamey",
        people_served=["women", "children"],
        capacity=24,
        languages="haoussa, zarma, français",
        run_by=ngo,
    )


@pytest.fixture
def browser_of(browser, live_server, console) -> Iterator[Callable[[User], Page]]:
    """A browser of their own for each user, in English, logged in through the login form."""
    pages: list[Page] = []

    def log_in(user: User) -> Page:
        page = open_page(browser, live_server.url, console, locale="en-GB")
        pages.append(page)
        page.goto("/accounts/login/")
        page.fill("input[name=username]", user.username)
        page.fill("input[name=password]", PASSWORD)
        page.get_by_role("button", name="Log in").click()
        expect(page).to_have_url(re.compile(r"/cases/$"))
        expect(page.locator("html")).to_have_attribute("lang", "en")
        return page

    yield log_in
    for page in pages:
        page.context.close()


def save(page: Page, button: str = "Save") -> None:
    page.locator("main form").get_by_role("button", name=button, exact=True).click()


def field(page: Page, label: str) -> Locator:
    """A form field by its label, which Django ends with a colon."""
    return page.get_by_label(f"{label}:", exact=True)


def section(page: Page, heading: str) -> Locator:
    """The section of the page under this heading."""
    return page.locator("main section").filter(has=page.get_by_role("heading", name=heading, exact=True))


def person_row(page: Page, name: str) -> Locator:
    """The row of a person in the table of the people in the case, on the case page."""
    return section(page, "People in the case").locator("tbody tr").filter(has_text=name)


def status_of(page: Page, path: str) -> int:
    response = page.goto(path)
    assert response is not None
    return response.status


def add_person(page: Page, *, given_names: str, family_name: str, sex: str, born: str, role: str, part: str = ""):
    page.get_by_role("link", name="Add a new person").click()
    field(page, "Given names").fill(given_names)
    field(page, "Family name").fill(family_name)
    field(page, "Sex").select_option(sex)
    field(page, "Date of birth").fill(born)
    field(page, "Role in the case").select_option(role)
    if part:
        field(page, "Part played (suspects)").select_option(part)
    save(page)
    expect(page).to_have_url(re.compile(r"/cases/\d+/$"))


def test_a_victim_is_identified_sheltered_and_sees_her_trafficker_convicted(
    browser_of, console, anltp, investigator, case_worker, prosecutor, ngo_case_worker, shelter
):
    today = timezone.localdate()

    # 1. The investigator opens the case and records the young woman found and her recruiter.
    investigation = browser_of(investigator)
    investigation.get_by_role("link", name="Open a case").click()
    investigation.get_by_label("Trafficking in persons", exact=True).check()
    field(investigation, "Short title").fill("Recrutement de jeunes femmes pour le travail domestique, Tahoua")
    field(investigation, "Reported on").fill((today - datetime.timedelta(days=10)).isoformat())
    field(investigation, "Opened on").fill((today - datetime.timedelta(days=9)).isoformat())
    save(investigation)
    expect(investigation).to_have_url(re.compile(r"/cases/\d+/$"))
    case = Case.objects.get()
    case_page = f"/cases/{case.pk}/"
    assert case.agency == anltp
    expect(investigation.locator("h1")).to_contain_text(case.reference)

    add_person(
        investigation,
        given_names="Aïssata",
        family_name="Kouyaté",
        sex="female",
        born="2004-02",
        role="presumed_victim",
    )
    add_person(
        investigation,
        given_names="Moussa",
        family_name="Traoré",
        sex="male",
        born="1981",
        role="suspect",
        part="recruiter",
    )
    victim_row = person_row(investigation, "Aïssata KOUYATÉ")
    suspect_row = person_row(investigation, "Moussa TRAORÉ")
    expect(victim_row.get_by_role("cell").nth(1)).to_have_text("Presumed victim")
    expect(suspect_row.get_by_role("cell").nth(1)).to_have_text("Suspect (recruiter)")

    # 2. The investigator proposes her formal identification as a victim; a case worker confirms it.
    victim_row.get_by_role("link", name="Propose identification").click()
    expect(investigation.locator("h1")).to_contain_text("Aïssata KOUYATÉ")
    field(investigation, "Identified on").fill((today - datetime.timedelta(days=8)).isoformat())
    field(investigation, "Grounds").fill(
        "Entretien : recrutée à Tahoua avec promesse d'emploi, passeport confisqué, salaire jamais versé."
    )
    save(investigation)
    expect(investigation).to_have_url(re.compile(rf"{case_page}$"))
    waiting = investigation.locator("section.decisions")
    expect(waiting).to_contain_text("Formal identification of a victim: Aïssata KOUYATÉ")
    # Whoever proposed does not confirm: no button for them, only the withdrawal of the proposal.
    expect(waiting.get_by_role("button", name="Confirm")).to_have_count(0)
    expect(waiting.get_by_role("button", name="Withdraw")).to_be_visible()
    expect(victim_row.get_by_role("link", name="Propose identification")).to_have_count(0)

    assistance = browser_of(case_worker)
    assistance.get_by_role("link", name=case.reference).click()
    expect(assistance).to_have_url(re.compile(rf"{case_page}$"))
    assistance.locator("section.decisions").get_by_role("button", name="Confirm").click()
    expect(assistance.get_by_text("Decision confirmed: Formal identification of a victim.")).to_be_visible()
    expect(assistance.locator("section.decisions")).to_have_count(0)
    victim_row = person_row(assistance, "Aïssata KOUYATÉ")
    expect(victim_row.get_by_role("cell").nth(1)).to_have_text("Victim")
    # A case worker works on the victims' assistance, not on the investigation and the courts.
    expect(assistance.get_by_role("heading", name="Referrals and services")).to_be_visible()
    expect(assistance.get_by_role("heading", name="Prosecution and courts")).to_have_count(0)

    # 3. Her consent to a referral, recorded on her page.
    victim_row.get_by_role("link", name="Aïssata KOUYATÉ").click()
    expect(assistance.locator("h1")).to_have_text("Aïssata KOUYATÉ")
    expect(assistance.locator("main")).to_contain_text(f"{case.reference} — Victim")
    assistance.get_by_role("link", name="Record a consent").click()
    field(assistance, "Purpose").select_option("referral")
    field(assistance, "Given on").fill(today.isoformat())
    field(assistance, "How it was given").select_option("oral_witnessed")
    field(assistance, "Note").fill("Expliqué en haoussa, en présence d'une assistante sociale.")
    save(assistance)
    consents = section(assistance, "Consent")
    expect(consents).to_contain_text("Referral to a service provider")
    expect(consents).to_contain_text("orally, before a witness")

    # 4. The case worker refers her to the NGO's shelter.
    assistance.get_by_role("link", name=case.reference).click()
    assistance.locator("main").get_by_role("link", name="Referrals and services").click()
    expect(assistance).to_have_url(re.compile(rf"/cases/{case.pk}/referrals/$"))
    assistance.get_by_role("link", name="Refer a person").click()
    field(assistance, "Person referred").select_option(label="Aïssata KOUYATÉ — Victim")
    field(assistance, "To a service provider").select_option(label=SHELTER)
    assistance.get_by_label("Shelter", exact=True).check()
    assistance.get_by_label("Psychosocial support", exact=True).check()
    field(assistance, "Urgency").select_option("urgent")
    field(assistance, "Notes for the receiver").fill("Parle haoussa. Besoin d'un hébergement sûr à Niamey.")
    save(assistance)
    expect(assistance.locator("h1")).to_have_text("Referral — Proposed")
    expect(assistance.locator("main dl")).to_contain_text(SHELTER)

    # The NGO's case worker answers. The case is not shared with the NGO: it is not in their list, and
    # before accepting they learn what they need to say yes (sex, age, services), not her name.
    shelter_side = browser_of(ngo_case_worker)
    expect(shelter_side.locator("main")).not_to_contain_text(case.reference)
    shelter_side.locator("header nav").get_by_role("link", name="Service providers").click()
    shelter_side.get_by_role("link", name="Referrals received").click()
    to_answer = section(shelter_side, "To answer")
    received = to_answer.get_by_role("row").filter(has_text=case.reference)
    expect(received).to_contain_text(anltp.name)
    expect(received).to_contain_text("Psychosocial support, Shelter")
    received.get_by_role("link", name="Open").click()
    expect(shelter_side.locator("h1")).to_have_text("Referral — Proposed")
    expect(shelter_side.locator("main")).to_contain_text("The name is shown once the referral is accepted.")
    expect(shelter_side.locator("main")).not_to_contain_text("KOUYATÉ")
    expect(shelter_side.locator("main dl")).to_contain_text("Female")

    shelter_side.get_by_role("link", name="Accept", exact=True).click()
    save(shelter_side, "Accept the referral")
    expect(shelter_side.locator("h1")).to_have_text("Referral — Accepted")
    expect(shelter_side.locator("main dl")).to_contain_text("Aïssata KOUYATÉ")
    shelter_side.get_by_role("link", name="Service started").click()
    save(shelter_side, "The service has started")
    expect(shelter_side.locator("h1")).to_have_text("Referral — In progress")
    shelter_side.get_by_role("link", name="Referrals received").click()
    ongoing = section(shelter_side, "Accepted or in progress")
    expect(ongoing).to_contain_text(case.reference)
    expect(to_answer).to_contain_text("Nothing here.")

    # The referring side sees the stay begin.
    assistance.goto(f"/cases/{case.pk}/referrals/")
    referral_row = section(assistance, "Referrals").locator("tbody tr").filter(has_text=SHELTER)
    expect(referral_row).to_contain_text("Aïssata KOUYATÉ")
    expect(referral_row).to_contain_text("In progress")
    assistance.goto(case_page)
    expect(assistance.locator("main")).to_contain_text("accepted or in progress: 1")

    # 5. The prosecutor takes the recruiter to court.
    court = browser_of(prosecutor)
    court.get_by_role("link", name=case.reference).click()
    court.locator("main").get_by_role("link", name="Proceedings", exact=True).click()
    expect(court).to_have_url(re.compile(rf"/cases/{case.pk}/proceedings/$"))
    expect(court.locator("main")).to_contain_text("No proceedings recorded yet.")

    court.get_by_role("link", name="Open a round before a court").click()
    field(court, "Court").fill("Tribunal de grande instance hors classe de Niamey")
    field(court, "Level").select_option("first_instance")
    field(court, "Court reference").fill("RP 2025/0412")
    save(court)
    expect(court).to_have_url(re.compile(rf"/cases/{case.pk}/proceedings/$"))
    expect(court.locator("article.round h3")).to_contain_text("First instance — Tribunal de grande instance")

    court.get_by_role("link", name="Bring a charge").click()
    field(court, "Person charged").select_option(label="Moussa TRAORÉ — Suspect")
    field(court, "Offence").select_option("tip")
    field(court, "Law").select_option("NE-tip-2010")
    field(court, "Article or provision").fill("art. 10 et 11")
    save(court)
    charge_row = court.locator("article.round table.list tbody tr").filter(has_text="Moussa TRAORÉ")
    expect(charge_row).to_contain_text("Trafficking in persons")
    expect(charge_row).to_contain_text("No decision yet")

    court.get_by_role("link", name="Record a hearing").click()
    field(court, "Date").fill(today.isoformat())
    field(court, "Time").fill("09:30")
    field(court, "Purpose").select_option("victim_testimony")
    field(court, "Outcome").select_option("held")
    court.get_by_label("Testimony by video link", exact=True).check()
    court.get_by_label("Aïssata KOUYATÉ — Victim", exact=True).check()
    field(court, "Notes").fill("Audition depuis le centre d'accueil, hors de la présence du prévenu.")
    save(court)
    hearings = court.locator("article.round ul").filter(has_text="Testimony of the victims")
    expect(hearings).to_contain_text("Testimony of the victims: Held")
    expect(hearings).to_contain_text("Protective measures: Testimony by video link (Aïssata KOUYATÉ)")

    charge_row.get_by_role("link", name="Record a decision").click()
    expect(court.locator("h1")).to_contain_text("Record the decision on")
    field(court, "Outcome").select_option("convicted")
    save(court)
    expect(charge_row.get_by_role("cell").nth(4)).to_contain_text("Convicted (first instance")

    decisions = court.locator("article.round ul").filter(has_text="Moussa TRAORÉ — Trafficking in persons")
    decisions.get_by_role("link", name="Sentence").click()
    field(court, "Prison term (months)").fill("84")
    field(court, "Fine").fill("2000000")
    field(court, "Currency of the fine").select_option("XOF")
    field(court, "Compensation ordered to Aïssata KOUYATÉ").fill("5000000")
    field(court, "Currency of the compensation").select_option("XOF")
    save(court)
    expect(court).to_have_url(re.compile(rf"/cases/{case.pk}/proceedings/$"))
    verdict = decisions.locator("li").first
    expect(verdict).to_contain_text("Moussa TRAORÉ — Trafficking in persons: Convicted")
    expect(verdict).to_contain_text("84 months in prison")
    expect(verdict).to_contain_text("compensation to Aïssata KOUYATÉ")
    final_text = court.inner_text("main")
    assert "Convicted" in final_text and "84 months in prison" in final_text

    court.get_by_role("link", name=case.reference).first.click()
    courts = court.locator("section.justice-summary")
    expect(courts).to_contain_text("Moussa TRAORÉ: Trafficking in persons — convicted")

    assert console.errors == []

    # 6. Need to know: each sees their part and nothing more (refused pages log their status in the console).
    assert status_of(court, f"/cases/{case.pk}/referrals/") == 403  # the prosecution does not follow assistance
    assert status_of(assistance, f"/cases/{case.pk}/proceedings/") == 403  # assistance does not see the courts
    # The case is not shared with the NGO: it does not even learn that the case exists.
    for path in (case_page, f"/cases/{case.pk}/proceedings/", f"/cases/{case.pk}/referrals/"):
        assert status_of(shelter_side, path) == 404, path
    assert status_of(shelter_side, f"/referrals/{case.referrals.get().pk}/") == 200
    expect(shelter_side.locator("main")).not_to_contain_text("Convicted")
    expect(shelter_side.locator("main")).not_to_contain_text(case.reference)
