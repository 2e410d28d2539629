"""An investigator reads the legal qualification of a case, records the missing means, and sees the finding change.

The case records that an adult woman was recruited for forced labour, but not how: trafficking is only
"possible" until a means of art. 3(a) is known. The page is in French, the officers' first language.
"""

import re

import pytest
from playwright.sync_api import Locator, Page, expect

from vigie.cases.models import Participant
from vigie.cases.services import record_event_in_case, update_participant
from vigie.conftest import make_case, make_participant

pytestmark = pytest.mark.browser

NAME = "Aïssata KOUYATÉ"
# The engine's question when no means at all is known (vigie.legal, ASK_MEANS in French).
ASK_FOR_THE_MEANS = "Établir si la menace, la force, la contrainte, l'enlèvement, la fraude, la tromperie"


@pytest.fixture
def recruited_for_forced_labour(anltp, investigator) -> Participant:
    """An adult of known age, recruited in September 2024 for forced labour; the means are not recorded."""
    case = make_case(anltp, investigator, title="Travail domestique forcé, Tahoua")
    woman = make_participant(case, investigator, role=Participant.Role.PRESUMED_VICTIM, date_of_birth="1998-02-01")
    update_participant(
        actor=investigator, participant=woman, expected_version=woman.version, forms_of_exploitation=["forced_labour"]
    )
    record_event_in_case(
        actor=investigator, case=case, kind="recruitment", date="2024-09", locality="Tahoua", participants=[woman]
    )
    return woman


def qualification_of(page: Page, name: str) -> Locator:
    """The person's part of the "Legal qualification" section of the case page."""
    return page.locator("#qualification article.subject").filter(has=page.get_by_role("heading", name=re.compile(name)))


def trafficking_finding(subject: Locator) -> Locator:
    # The first finding of the article is trafficking under the Protocol; national law's findings come later.
    return subject.locator("span.finding").first


def element_status(subject: Locator, element: str) -> Locator:
    return subject.locator("table.elements tbody tr").filter(has_text=element).get_by_role("cell").nth(1)


def test_an_investigator_records_the_missing_means_and_trafficking_becomes_established(
    page, log_in, console, investigator, recruited_for_forced_labour
):
    case = recruited_for_forced_labour.case
    log_in(investigator)
    page.get_by_role("link", name=case.reference).click()
    expect(page).to_have_url(re.compile(rf"/cases/{case.pk}/$"))

    expect(page.get_by_role("heading", name="Qualification juridique", exact=True)).to_be_visible()
    subject = qualification_of(page, NAME)
    expect(trafficking_finding(subject)).to_have_text("Possible")
    expect(trafficking_finding(subject)).to_have_class(re.compile(r"\bfinding-possible\b"))
    expect(element_status(subject, "Traite — Acte")).to_have_text("réuni")
    expect(element_status(subject, "Traite — Moyens")).to_have_text("inconnu")
    # Her age is known, so she is not to be treated as a child "until it is known".
    expect(subject).not_to_contain_text("traiter comme un enfant")
    missing = subject.locator(".missing")
    # The French catalogue writes some texts with the typographic apostrophe, U+2019.
    expect(missing.get_by_role("heading")).to_have_text("Faits manquants qui décident de l\u2019issue")
    means_question = missing.get_by_role("listitem").filter(has_text=ASK_FOR_THE_MEANS)
    expect(means_question).to_have_count(1)
    expect(means_question).to_contain_text("(traite)")

    # The interview told how she was recruited: promises of a paid job that never existed.
    page.locator("#people tbody tr").filter(has_text=NAME).get_by_role("link", name="Modifier", exact=True).click()
    expect(page.locator("h1")).to_have_text(f"{NAME} — Victime présumée")
    false_promises = page.get_by_label("Fausses promesses / tromperie", exact=True)
    expect(false_promises).not_to_be_checked()
    false_promises.focus()
    page.keyboard.press("Space")
    expect(false_promises).to_be_checked()
    page.locator("main form").get_by_role("button", name="Enregistrer", exact=True).click()

    expect(page).to_have_url(re.compile(rf"/cases/{case.pk}/$"))
    expect(page.get_by_role("status")).to_contain_text("Modifications enregistrées.")
    expect(trafficking_finding(subject)).to_have_text("Établie")
    expect(element_status(subject, "Traite — Moyens")).to_have_text("réuni")
    expect(element_status(subject, "Traite — Moyens").locator("xpath=following-sibling::td")).to_have_text("tromperie")
    expect(subject.locator(".missing")).not_to_contain_text(ASK_FOR_THE_MEANS)

    recruited_for_forced_labour.refresh_from_db()
    assert recruited_for_forced_labour.means_of_control == ["false_promises"]
    assert console.errors == []
