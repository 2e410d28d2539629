"""Fixtures of the assistance app: victims of each age, and one of each assistance record."""

import datetime

import pytest
from django.utils import translation

from vigie.assistance import services
from vigie.cases.models import Participant
from vigie.conftest import make_participant

DAY = datetime.date(2025, 4, 1)


@pytest.fixture(autouse=True)
def in_english():
    """The messages these tests read are the English ones; French is the default language of vigie."""
    with translation.override("en"):
        yield


@pytest.fixture
def adult_victim(case, investigator) -> Participant:
    return make_participant(case, investigator, date_of_birth="1998-02-03")


@pytest.fixture
def child_victim(case, investigator) -> Participant:
    return make_participant(case, investigator, given_names="Fati", date_of_birth="2011-06")


@pytest.fixture
def unknown_age_victim(case, investigator) -> Participant:
    return make_participant(case, investigator, given_names="Mariama")


@pytest.fixture
def assessment(case, adult_victim, case_worker):
    return services.record_needs_assessment(
        actor=case_worker, case=case, participant=adult_victim, assessed_on=DAY, medical="urgent", shelter="high"
    )


@pytest.fixture
def reflection(case, adult_victim, case_worker):
    return services.record_reflection_period(
        actor=case_worker,
        case=case,
        participant=adult_victim,
        started_on=DAY,
        ends_on=DAY + datetime.timedelta(days=30),
        granted_by="Procureur de la République, Niamey",
    )


@pytest.fixture
def plan(case, adult_victim, case_worker):
    return services.record_assistance_plan(
        actor=case_worker, case=case, participant=adult_victim, agreed_on=DAY, goals="Santé : bilan médical"
    )


@pytest.fixture
def voluntary_return(case, adult_victim, case_worker):
    return services.plan_voluntary_return(
        actor=case_worker,
        case=case,
        participant=adult_victim,
        from_country_id="NE",
        to_country_id="NG",
        consent_given=True,
        consent_on=DAY,
        planned_on=DAY + datetime.timedelta(days=20),
    )


@pytest.fixture
def family_assessment(case, child_victim, case_worker):
    return services.record_family_assessment(
        actor=case_worker,
        case=case,
        participant=child_victim,
        assessed_on=DAY,
        assessed_by="Service social, Maradi",
        outcome="favourable",
    )


@pytest.fixture
def visit(case, adult_victim, case_worker):
    return services.record_reintegration_visit(
        actor=case_worker,
        case=case,
        participant=adult_victim,
        visited_on=DAY,
        visited_by="Assistante sociale",
        situation="well",
        next_visit_on=DAY + datetime.timedelta(days=90),
    )


@pytest.fixture
def closure(case, adult_victim, case_worker):
    return services.close_assistance(
        actor=case_worker, case=case, participant=adult_victim, closed_on=DAY, reason="goals_reached"
    )
