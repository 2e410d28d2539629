import pytest

from vigie.assistance.demo import generate_assistance_demo
from vigie.assistance.models import (
    AssistanceClosure,
    AssistancePlan,
    FamilyAssessment,
    NeedsAssessment,
    ReflectionPeriod,
    ReintegrationVisit,
    VoluntaryReturn,
)
from vigie.assistance.services import latest_family_assessment
from vigie.cases.demo import generate_demo_dataset

MODELS = (
    NeedsAssessment,
    ReflectionPeriod,
    AssistancePlan,
    FamilyAssessment,
    VoluntaryReturn,
    ReintegrationVisit,
    AssistanceClosure,
)


def fingerprint():
    return [
        list(model.objects.order_by("case_id", "participant_id", "pk").values_list("participant_id", flat=True))
        for model in MODELS
    ]


@pytest.fixture
def register(db):
    generate_demo_dataset(cases=400, seed=5)


def test_it_is_the_same_for_the_same_seed(register):
    first = generate_assistance_demo(seed=5)
    before = fingerprint()
    for model in MODELS:
        model.objects.all().delete()
    assert generate_assistance_demo(seed=5) == first
    assert fingerprint() == before
    assert first["assessments"] > first["plans"] > 0 and first["returns"] > 0


def test_a_second_run_adds_nothing_to_cases_already_done(register):
    generate_assistance_demo(seed=5)
    assert set(generate_assistance_demo(seed=5).values()) == {0}


def test_children_return_only_after_a_favourable_family_assessment(register):
    generate_assistance_demo(seed=5)
    for voluntary_return in VoluntaryReturn.objects.select_related("participant__person"):
        age = voluntary_return.participant.person.age_on(voluntary_return.planned_on)
        if age is None or age < 18:
            family = latest_family_assessment(voluntary_return.participant)
            assert family is not None and family.outcome == "favourable"
        assert voluntary_return.consent_given and voluntary_return.from_country_id != voluntary_return.to_country_id


def test_it_assists_victims_and_migrants_only(register):
    generate_assistance_demo(seed=5)
    roles = set(NeedsAssessment.objects.values_list("participant__role", flat=True))
    assert roles <= {"victim", "presumed_victim", "smuggled_migrant"}
