"""A case worker screens a child for indicators of trafficking, in French, partly with the keyboard alone.

The screening proposes what follows (presumed victim, child protection) and its "yes" answers fill what
the case does not record yet in the legal qualification, marked as taken from the screening.
"""

import re

import pytest
from django.utils import timezone
from playwright.sync_api import Locator, Page, expect

from vigie.cases.models import Participant
from vigie.conftest import make_case, make_participant
from vigie.screening.indicators import Indicator
from vigie.screening.models import Screening

pytestmark = pytest.mark.browser

CHILD = "Hadiza OUMAROU"
# The questions of the form, in French: each is the legend of its radio group.
RECRUITED_BY_DECEPTION = (
    "La personne a-t-elle été recrutée par de fausses promesses (un emploi, l'école, un mariage, un voyage à "
    "l'étranger) qui n'ont pas été tenues ?"
)
JOURNEY_ORGANISED_BY_OTHERS = (
    "Le voyage ou le déplacement a-t-il été organisé ou payé par un tiers, qui décidait où la personne allait ?"
)
BEGGING_FOR_OTHERS = "La personne a-t-elle été contrainte à mendier, l'argent revenant à quelqu'un d'autre ?"


@pytest.fixture
def child(anltp, investigator) -> Participant:
    """A girl of eleven or twelve found begging: nothing is recorded yet of how she came there, or for whom."""
    today = timezone.localdate()
    case = make_case(anltp, investigator, title="Mendicité d'enfants, Maradi", opened_on=today)
    return make_participant(
        case,
        investigator,
        role=Participant.Role.PRESUMED_VICTIM,
        given_names="Hadiza",
        family_name="Oumarou",
        date_of_birth=str(today.year - 12),
    )


def question(page: Page, text: str) -> Locator:
    return page.get_by_role("group", name=text, exact=True)


def described(page: Page, term: str) -> Locator:
    """The description of a term in the proposals of the screening page."""
    return page.locator("section.proposal dl dt").filter(has_text=term).locator("xpath=following-sibling::dd[1]")


def test_a_case_worker_screens_a_child_and_the_answers_feed_the_proposals_and_the_qualification(
    page, log_in, console, case_worker, child
):
    case = child.case
    log_in(case_worker)
    page.get_by_role("link", name=case.reference).click()
    expect(page).to_have_url(re.compile(rf"/cases/{case.pk}/$"))
    qualification = page.locator("#qualification article.subject").filter(has_text=CHILD)
    expect(qualification).to_be_visible()
    expect(qualification).not_to_contain_text("Repris du filtrage des victimes")

    screening_section = page.locator("main section").filter(
        has=page.get_by_role("heading", name="Détection et identification des victimes", exact=True)
    )
    screening_section.get_by_role("row").filter(has_text=CHILD).get_by_role("link", name="Mener un entretien").click()
    expect(page.locator("h1")).to_contain_text(CHILD)
    page.get_by_label("Lieu de l'entretien").fill("Commissariat central de Maradi")
    page.get_by_label("Langue de l'entretien").fill("haoussa")

    # Keyboard only: each question starts at "Inconnu"; the arrows move the choice within the group and Tab
    # goes on to the question's note, then to the next question.
    recruited = question(page, RECRUITED_BY_DECEPTION)
    recruited.get_by_label("Inconnu", exact=True).focus()
    page.keyboard.press("ArrowUp")
    page.keyboard.press("ArrowUp")
    expect(recruited.get_by_label("Oui", exact=True)).to_be_checked()
    page.keyboard.press("Tab")
    page.keyboard.type("Promesse d'une école coranique à Kano.")
    page.keyboard.press("Tab")
    journey = question(page, JOURNEY_ORGANISED_BY_OTHERS)
    expect(journey.get_by_label("Inconnu", exact=True)).to_be_focused()
    page.keyboard.press("ArrowUp")
    expect(journey.get_by_label("Non", exact=True)).to_be_checked()

    question(page, BEGGING_FOR_OTHERS).get_by_label("Oui", exact=True).click()
    page.locator("main form").get_by_role("button", name="Enregistrer", exact=True).click()

    # The screening page: what it proposes, and the answers as given.
    expect(page.get_by_role("status")).to_contain_text("Entretien enregistré.")
    expect(page.locator("h1")).to_contain_text(f"Entretien avec {CHILD}")
    expect(described(page, "Statut proposé")).to_contain_text("Victime présumée de traite")
    expect(described(page, "Orientation proposée")).to_contain_text(
        "Orienter sans délai vers la protection de l'enfance"
    )
    answers = page.locator("main section").filter(has=page.get_by_role("heading", name="Réponses", exact=True))
    recruited_row = answers.get_by_role("row").filter(has_text="Recrutement par de fausses promesses")
    expect(recruited_row.get_by_role("cell").nth(1)).to_have_text("Oui")
    expect(recruited_row.get_by_role("cell").nth(2)).to_have_text("Promesse d'une école coranique à Kano.")
    expect(answers.get_by_role("row").filter(has_text="Voyage organisé").get_by_role("cell").nth(1)).to_have_text("Non")

    # Back on the case page, the qualification takes the "yes" answers as evidence, and says so. The "no" to
    # the organised journey rules nothing out: a child may not know who paid for her journey.
    # (The French catalogue writes these texts with the typographic apostrophe, U+2019.)
    page.locator("p.crumb").get_by_role("link", name=case.reference).click()
    expect(page).to_have_url(re.compile(rf"/cases/{case.pk}/$"))
    expect(qualification.locator("p.notice").filter(has_text="Repris du filtrage")).to_have_text(
        "Repris du filtrage des victimes, pas encore enregistré dans l\u2019affaire : recrutement, tromperie, "
        "mendicité forcée"
    )
    expect(qualification.locator("span.finding").first).to_have_text("Établie")
    expect(qualification).to_contain_text("Enfant : orienter immédiatement vers la protection de l\u2019enfance.")

    screening = Screening.objects.get()
    assert (screening.participant, screening.screened_by) == (child, case_worker)
    given = dict(screening.answers.values_list("indicator", "answer"))
    assert given[Indicator.RECRUITED_BY_DECEPTION] == "yes"
    assert given[Indicator.MOVEMENT_ORGANISED_BY_OTHERS] == "no"
    assert given[Indicator.BEGGING_FOR_OTHERS] == "yes"
    assert given[Indicator.ABDUCTED] == "unknown"
    assert console.errors == []
