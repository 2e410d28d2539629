import pytest

from vigie.audit.models import AuditEvent
from vigie.concurrency import StaleEditError
from vigie.screening.indicators import Indicator
from vigie.screening.models import Screening
from vigie.screening.services import GivenAnswer, record_screening, stored_answers, update_screening
from vigie.screening.tests.conftest import SCREENED_ON, yes_to

I = Indicator  # noqa: E741


@pytest.fixture
def screening(adult, case_worker) -> Screening:
    return record_screening(
        actor=case_worker, participant=adult, screened_on=SCREENED_ON, answers=yes_to(I.DECEPTION), place="Zinder"
    )


def test_it_changes_the_answers_and_bumps_the_version(screening, investigator):
    answers = stored_answers(screening) | {I.ISOLATION.value: GivenAnswer("yes", "Seule la nuit")}
    update_screening(
        actor=investigator, screening=screening, expected_version=1, screened_on=SCREENED_ON, answers=answers,
        place="Zinder",
    )  # fmt: skip
    screening.refresh_from_db()
    assert screening.version == 2
    assert stored_answers(screening)[I.ISOLATION.value] == GivenAnswer("yes", "Seule la nuit")
    assert stored_answers(screening)[I.DECEPTION.value] == GivenAnswer("yes", "")


def test_its_audit_event_shows_only_what_changed(screening, investigator):
    answers = stored_answers(screening) | {I.ISOLATION.value: GivenAnswer("yes")}
    update_screening(
        actor=investigator, screening=screening, expected_version=1, screened_on=SCREENED_ON, answers=answers,
        place="Maradi",
    )  # fmt: skip
    event = AuditEvent.objects.get(action=AuditEvent.Action.SCREENING_UPDATED)
    assert event.actor == investigator
    assert event.changes == {
        f"answer:{I.ISOLATION.value}": {"old": "unknown", "new": "yes"},
        "place": {"old": "Zinder", "new": "Maradi"},
    }


def test_a_stale_version_is_refused_and_nothing_changes(screening, investigator, case_worker):
    answers = stored_answers(screening)
    update_screening(
        actor=investigator, screening=screening, expected_version=1, screened_on=SCREENED_ON, answers=answers,
        place="Maradi",
    )  # fmt: skip
    stale = Screening.objects.get(pk=screening.pk)
    with pytest.raises(StaleEditError):
        update_screening(
            actor=case_worker, screening=stale, expected_version=1, screened_on=SCREENED_ON,
            answers=answers | {I.ISOLATION.value: GivenAnswer("yes")}, place="Tahoua",
        )  # fmt: skip
    screening.refresh_from_db()
    assert (screening.place, screening.version) == ("Maradi", 2)
    assert stored_answers(screening)[I.ISOLATION.value].answer == "unknown"
    assert AuditEvent.objects.filter(action=AuditEvent.Action.SCREENING_UPDATED).count() == 1
